package org.mlengine.features;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableSortedMap;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.mlengine.core.Augmentation;
import org.mlengine.core.spi.Augmenter;
import org.mlengine.core.spi.Extractor;
import org.mlengine.runtime.InvalidInputException;
import org.mlengine.runtime.Table;
import org.mlengine.runtime.internal.steps.BagOfWordsTransform;
import org.mlengine.runtime.internal.steps.TextAnalyzer;
import org.mlengine.runtime.internal.steps.TokenizerSettings;

/**
 * The feature extractors: one-hot encoding, imputation, standardization and mean (target)
 * encoding, each an {@link Extractor} that learns from the training part only.
 *
 * <pre>{@code
 * var pipeline = Pipeline.builder()
 *     .target("Status")
 *     .add(Features.impute("Income").median().withIndicator())
 *     .add(Features.standardize("Income", "Amount"))
 *     .add(Features.oneHot("Home").onUnknown(Features.Unknown.ERROR))
 *     .add(Features.meanEncoding("Job").smoothing(10).folds(5))
 *     .trainer(Trainers.logisticRegression())
 *     .build();
 * }</pre>
 *
 * <p>Each factory returns an immutable step; its option methods return a changed copy and leave
 * the step they are called on untouched, so a step can be shared and derived from freely. The
 * step is the {@link Extractor} itself: there is no {@code build()}. The semantics follow
 * scikit-learn's {@code OneHotEncoder}, {@code SimpleImputer}, {@code StandardScaler} and
 * {@code TargetEncoder}; each step's documentation says where and why it differs.
 *
 * <p>Categorical, cyclical and numeric steps: rare-category grouping ({@link #groupRare},
 * {@link OneHot#minFrequency(int)}), weight of evidence for a binary target
 * ({@link #weightOfEvidence}, cross-fitted like mean encoding), frequency encoding
 * ({@link #frequencyEncoding}), sine/cosine with an explicit period ({@link #sineCosine}),
 * calendar parts in an explicit time zone ({@link #calendar}), and {@link #minMax},
 * {@link #robustScale}, {@link #log1p}, {@link #clip} and {@link #quantileBins}.
 *
 * <p>Time windows: {@link #window} computes statistics over each row's past rows (a
 * {@link Window}, an {@link org.mlengine.core.spi.EventExtractor} that comes before the other steps
 * and reads a {@link org.mlengine.runtime.History} at predict time).
 * <p>Relational aggregates: {@link #aggregate} computes per-entity statistics of a related
 * table's rows before each row's cutoff time, the same offline and at predict time (from a
 * {@link org.mlengine.runtime.History}).
 *
 * <p>Augmentation: {@link #augmentText} makes extra training rows from the training rows (synonym
 * replacement, random swaps, random deletion), for {@code Pipeline.Builder.augment(...)}; it is
 * an {@link Augmenter}, not a step, and never touches validation, test or prediction rows.
 */
public final class Features {
  private Features() {}

  /**
   * One-hot encoding of CATEGORICAL columns: each column is replaced by one NUMERIC column
   * {@code Column=category} per category seen in training (sorted), 1.0 where the row has that
   * category and 0.0 elsewhere. A missing value encodes as all zeros; so does an unknown
   * category, unless {@link OneHot#onUnknown(Unknown)} says {@link Unknown#ERROR}. With
   * {@link OneHot#minFrequency(int)}, rare categories share one column {@code Column=other}.
   * A column with more than {@value OneHot#SPARSE_ABOVE} one-hot columns (its categories, plus
   * {@code Column=other} when rare ones are grouped: 100 kept categories and {@code other} are
   * 101) is written instead as one sparse VECTOR column of the same name whose dimensions are
   * those features, in memory for its non-zeros only; {@link OneHot#dense()} and
   * {@link OneHot#sparse()} choose one form for all.
   *
   * <p><b>Changed in 0.2.0, for existing pipelines:</b> such a wide column, when the pipeline is
   * fitted again, becomes one sparse VECTOR column instead of NUMERIC columns. XGBoost reads an
   * absent entry of a sparse column as missing rather than 0, so a refitted XGBoost model may
   * learn other splits (linear models, CART trees and random forests predict the same);
   * {@code .dense()} restores the old form. Bundles saved before load and score unchanged.
   *
   * <pre>{@code
   * Features.oneHot("Home", "Purpose")                  // Home=owner, Home=rent, Purpose=car, ...
   * Features.oneHot("Home").onUnknown(Features.Unknown.ERROR)
   * Features.oneHot("Job").minFrequency(10)             // Job=clerk, ..., Job=other
   * Features.oneHot("Zip").sparse()                     // one VECTOR column Zip: Zip=01001, Zip=01002, ...
   * }</pre>
   */
  public static OneHot oneHot(String... columns) {
    return new OneHot(Steps.columnList("oneHot", "Home", columns), Unknown.IGNORE);
  }

  /**
   * Imputation of missing values, learned from the training rows: by default the mean of a
   * NUMERIC column and the most frequent value of a CATEGORICAL column.
   *
   * <pre>{@code
   * Features.impute("Income", "Home")                   // mean for Income, most frequent for Home
   * Features.impute("Income").median().withIndicator()  // adds Income_missing (1.0 / 0.0)
   * }</pre>
   */
  public static Impute impute(String... columns) {
    return new Impute(Steps.columnList("impute", "Income", columns), Impute.Strategy.DEFAULT, Double.NaN, null, false);
  }

  /**
   * Standardization of NUMERIC columns to {@code (x - mean) / sd} with the training mean and
   * population standard deviation.
   *
   * <pre>{@code
   * Features.standardize("Income", "Amount")
   * }</pre>
   */
  public static Standardize standardize(String... columns) {
    return new Standardize(Steps.columnList("standardize", "Income", columns));
  }

  /**
   * Mean (target) encoding of CATEGORICAL columns: each category becomes the smoothed mean of
   * the target over the training rows that have it; training rows themselves get out-of-fold
   * values. Default: automatic (empirical-Bayes) smoothing and 5 folds.
   *
   * <pre>{@code
   * Features.meanEncoding("Job", "Home").smoothing(10).folds(5)
   * Features.meanEncoding("Job").autoSmoothing()
   * }</pre>
   */
  public static MeanEncoding meanEncoding(String... columns) {
    return new MeanEncoding(Steps.columnList("meanEncoding", "Job", columns), TargetStatistics.AUTO, 5);
  }

  /**
   * What an encoder does with a category it did not see in training.
   *
   * <pre>{@code
   * Features.oneHot("Home").onUnknown(Features.Unknown.ERROR)
   * }</pre>
   */
  public enum Unknown {
    /** Refuse the row with an {@link InvalidInputException} naming the column and the value. */
    ERROR,
    /** Encode it as all zeros, like a missing value (scikit-learn's {@code handle_unknown='ignore'}). */
    IGNORE
  }

  // ---- text ----

  /**
   * A tokenizer for the text steps, with scikit-learn's defaults: lowercase the text, take each
   * run of two or more letters, digits or underscores as a token, keep every token.
   *
   * <pre>{@code
   * Features.tokenizer().tokenize("The cat's 2 toys")            // [the, cat, toys]
   * Features.tokenizer().lowercase(false).minLength(3).stopWords(Features.englishStopWords())
   * }</pre>
   */
  public static Tokenizer tokenizer() {
    return Tokenizer.DEFAULT;
  }

  /**
   * scikit-learn's English stop word list ({@code ENGLISH_STOP_WORDS}, 318 words, which
   * scikit-learn took from the Glasgow Information Retrieval Group), copied as data from
   * scikit-learn 1.2.1 (BSD-3-Clause). scikit-learn's own documentation warns that the list has
   * known issues (it holds words such as "system", "fire", "bill" and "empty"); look at it
   * before relying on it. Sorted and immutable.
   *
   * <pre>{@code
   * Features.tokenizer().stopWords(Features.englishStopWords())
   * }</pre>
   */
  public static Set<String> englishStopWords() {
    return TextAnalyzer.englishStopWords();
  }

  /**
   * Bag of words on TEXT columns, as scikit-learn's {@code CountVectorizer}: each column is
   * replaced by a sparse VECTOR column of the same name with one dimension (one model feature)
   * {@code column:term} per term of the vocabulary learned from the training rows, holding how
   * often the term occurs in the row's text. Default: word unigrams with {@link #tokenizer()},
   * all terms ({@code minDf(1)}, {@code maxDf(1.0)}), raw counts, no normalization.
   *
   * <pre>{@code
   * Features.bagOfWords("review")                                   // features review:cat, review:the, ...
   * Features.bagOfWords("review").ngramRange(1, 2).minDf(2).binary()
   * Features.bagOfWords("review").tfidf().sublinearTf().maxFeatures(5000)
   * }</pre>
   */
  public static BagOfWords bagOfWords(String... textColumns) {
    return new BagOfWords(Steps.columnList("bagOfWords", "review", textColumns), Tokenizer.DEFAULT,
        TextAnalyzer.Kind.WORD, 1, 1, BagOfWordsTransform.Weighting.COUNTS, false, null,
        TextFits.Df.count(1), TextFits.Df.share(1.0), 0);
  }

  /**
   * TF-IDF on TEXT columns, as scikit-learn's {@code TfidfVectorizer}: the same as {@code
   * bagOfWords(columns).tfidf()}, so each term's count is weighted by its smoothed inverse
   * document frequency and each row has unit L2 norm.
   *
   * <pre>{@code
   * Features.tfidf("review").ngramRange(1, 2).minDf(2)
   * }</pre>
   */
  public static BagOfWords tfidf(String... textColumns) {
    return new BagOfWords(Steps.columnList("tfidf", "review", textColumns), Tokenizer.DEFAULT,
        TextAnalyzer.Kind.WORD, 1, 1, BagOfWordsTransform.Weighting.TFIDF, false, null,
        TextFits.Df.count(1), TextFits.Df.share(1.0), 0);
  }

  /**
   * The hashing trick on TEXT columns, as scikit-learn's {@code HashingVectorizer}: each term is
   * counted in one of {@link Hashing#buckets(int)} buckets chosen by its murmur3 hash, with a sign
   * from the hash, and each row has unit L2 norm. Learns nothing, so it needs no vocabulary and
   * cannot leak; each column is replaced by a sparse VECTOR column of the same name with
   * dimensions {@code column#0 .. column#(buckets-1)}. Default: word unigrams, 65536 buckets.
   *
   * <pre>{@code
   * Features.hashing("review").buckets(1 << 14).ngramRange(1, 2)
   * }</pre>
   */
  public static Hashing hashing(String... textColumns) {
    return new Hashing(Steps.columnList("hashing", "review", textColumns), Tokenizer.DEFAULT,
        TextAnalyzer.Kind.WORD, 1, 1, Hashing.DEFAULT_BUCKETS, true, Norm.L2);
  }

  /**
   * How the text steps scale each row's term vector: not at all, to unit L1 norm (the absolute
   * values add up to 1) or to unit L2 (Euclidean) norm. A row with no known term stays all zeros.
   *
   * <pre>{@code
   * Features.bagOfWords("review").norm(Features.Norm.L1)   // term frequencies that add up to 1
   * }</pre>
   */
  public enum Norm {
    /** Leave the weights as they are. */
    NONE,
    /** Divide by the sum of absolute values. */
    L1,
    /** Divide by the square root of the sum of squares. */
    L2
  }

  // ---------------------------------------------------------------------------------------------

  /**
   * How the text steps split a text into tokens; see {@link Features#tokenizer()}. Immutable:
   * each option method returns a changed copy.
   *
   * <pre>{@code
   * Tokenizer t = Features.tokenizer().minLength(3).stopWords(Set.of("the", "and"));
   * t.tokenize("The cat and the hat")                            // [cat, hat]
   * }</pre>
   *
   * <p>As scikit-learn's {@code 'word'} analyzer: the text is lowercased (Java's {@code
   * toLowerCase(Locale.ROOT)}), tokens are the matches of the token pattern, and tokens that are
   * stop words or shorter than {@link #minLength(int)} code points are dropped, before word
   * n-grams are formed. The default pattern is scikit-learn's {@code (?u)\b\w\w+\b} with
   * Python's meaning of {@code \w} (a letter, any Unicode number, or {@code _}), written for
   * Java as {@link #DEFAULT_PATTERN}; a pattern given with {@link #tokenPattern(String)} is a
   * Java regular expression compiled with {@code UNICODE_CHARACTER_CLASS}, whose {@code \w} also
   * takes combining marks. Stop words are compared after lowercasing. A pattern with one
   * capturing group makes the group the token, as in scikit-learn.
   */
  public static final class Tokenizer {
    /**
     * scikit-learn's default token pattern {@code (?u)\b\w\w+\b} in Java syntax: a run of two or
     * more letters, numbers or underscores that has none of them on either side.
     */
    public static final String DEFAULT_PATTERN = TokenizerSettings.DEFAULT_PATTERN;

    static final Tokenizer DEFAULT = new Tokenizer(TokenizerSettings.DEFAULT);

    private final TokenizerSettings settings;

    private Tokenizer(TokenizerSettings settings) {
      this.settings = settings;
    }

    /** Whether to lowercase the text before tokenizing (default true). */
    public Tokenizer lowercase(boolean lowercase) {
      return new Tokenizer(settings.withLowercase(lowercase));
    }

    /**
     * The regular expression a token matches (Java syntax, {@code UNICODE_CHARACTER_CLASS});
     * default {@link #DEFAULT_PATTERN}. With one capturing group, the group is the token.
     */
    public Tokenizer tokenPattern(String regex) {
      return new Tokenizer(settings.withTokenPattern(regex));
    }

    /** Drops tokens shorter than this many characters (code points); default 1, which keeps every token. */
    public Tokenizer minLength(int characters) {
      return new Tokenizer(settings.withMinLength(characters));
    }

    /**
     * Drops these tokens (compared after lowercasing) before n-grams are formed; replaces any
     * earlier stop words. Default: none; {@link Features#englishStopWords()} is scikit-learn's list.
     */
    public Tokenizer stopWords(Set<String> words) {
      return new Tokenizer(settings.withStopWords(words));
    }

    /** The tokens of a text, in order; none for {@code null}. */
    public List<String> tokenize(String text) {
      return settings.tokenize(text);
    }

    /** The settings the text kernels read. */
    TokenizerSettings settings() {
      return settings;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Tokenizer t && t.settings.equals(settings);
    }

    @Override
    public int hashCode() {
      return settings.hashCode();
    }

    @Override
    public String toString() {
      return settings.toString();
    }
  }

  // ---- topics and embeddings ----

  /**
   * Latent semantic analysis (LSA) of a TEXT column, as scikit-learn's {@code TruncatedSVD} on the
   * output of {@code TfidfVectorizer}: the column's TF-IDF vectors ({@link #tfidf(String...)}) are
   * projected onto their top {@link Lsa#topics(int)} singular vectors, learned from the training
   * rows, and the column is replaced by NUMERIC columns {@code column_topic0 ..
   * column_topic(k-1)}. Default: 100 topics, scikit-learn's advice for LSA.
   *
   * <pre>{@code
   * Features.lsa("review").topics(50)                       // review_topic0 .. review_topic49
   * }</pre>
   *
   * <p>Fitting needs ND4J on the class path: add {@code org.nd4j:nd4j-native:1.0.0-M2.1}, an
   * optional dependency of mlengine-features, which brings the native backend of the platform it
   * is resolved on. Applying the fitted step, and loading and scoring a bundle, do not need it.
   */
  public static Lsa lsa(String textColumn) {
    ImmutableList<String> column = Steps.columnList("lsa", "review", textColumn);
    return new Lsa(tfidf(column.get(0)), Lsa.DEFAULT_TOPICS);
  }

  /**
   * LSA over a bag of words configured for it, of one text column: e.g. TF-IDF of words and word
   * pairs, without the rare ones. See {@link #lsa(String)}.
   *
   * <pre>{@code
   * Features.lsa(Features.tfidf("review").ngramRange(1, 2).minDf(2).sublinearTf()).topics(100)
   * }</pre>
   */
  public static Lsa lsa(BagOfWords terms) {
    return new Lsa(oneColumn("lsa", terms), Lsa.DEFAULT_TOPICS);
  }

  /**
   * Latent Dirichlet allocation (LDA) topics of a TEXT column, as scikit-learn's {@code
   * LatentDirichletAllocation(learning_method='batch')} on {@code CountVectorizer} output: topics
   * are learned from the word counts of the training rows ({@link #bagOfWords(String...)}), and
   * the column is replaced by NUMERIC columns {@code column_lda0 .. column_lda(k-1)} holding each
   * document's topic mixture, which sums to 1. Default: 10 topics, 10 iterations, priors
   * {@code alpha = beta = 1/topics}, 100 inference steps per document. Plain Java; the pipeline
   * seed decides the starting point, and a document always gets the same mixture.
   *
   * <pre>{@code
   * Features.lda("review").topics(20).iterations(30)         // review_lda0 .. review_lda19
   * }</pre>
   */
  public static Lda lda(String textColumn) {
    ImmutableList<String> column = Steps.columnList("lda", "review", textColumn);
    return new Lda(bagOfWords(column.get(0)), Lda.DEFAULT_TOPICS, Lda.DEFAULT_ITERATIONS, Double.NaN, Double.NaN,
        Lda.DEFAULT_STEPS);
  }

  /**
   * LDA over word counts configured for it, of one text column: e.g. without stop words and rare
   * words. The bag of words must keep raw counts (no {@code tfidf()}, {@code binary()}, {@code
   * sublinearTf()} or norm). See {@link #lda(String)}.
   *
   * <pre>{@code
   * Features.lda(Features.bagOfWords("review").minDf(5).maxDf(0.5)
   *         .tokenizer(Features.tokenizer().stopWords(Features.englishStopWords())))
   *     .topics(20)
   * }</pre>
   */
  public static Lda lda(BagOfWords counts) {
    BagOfWords terms = oneColumn("lda", counts);
    List<String> wrong = new java.util.ArrayList<>();
    if (terms.weighting != BagOfWordsTransform.Weighting.COUNTS) {
      wrong.add("weights terms by " + terms.weighting.label);
    }
    if (terms.sublinearTf) {
      wrong.add("uses sublinear tf");
    }
    if (terms.resolvedNorm() != Norm.NONE) {
      wrong.add("normalizes rows to " + terms.resolvedNorm().name());
    }
    if (!wrong.isEmpty()) {
      throw new IllegalArgumentException("Features.lda(...) models raw word counts, but this bag of words "
          + String.join(" and ", wrong) + "; give Features.bagOfWords(\"" + terms.columns.get(0) + "\") with its"
          + " default counts and no norm (its vocabulary options are fine).");
    }
    return new Lda(terms, Lda.DEFAULT_TOPICS, Lda.DEFAULT_ITERATIONS, Double.NaN, Double.NaN, Lda.DEFAULT_STEPS);
  }

  /**
   * Pretrained word embeddings of a TEXT column: each document becomes the mean of the vectors of
   * its tokens ({@link #tokenizer()}) found in a word vectors file in GloVe or word2vec text
   * format ({@link Embeddings#vectors(java.nio.file.Path)}), and the column is replaced by NUMERIC
   * columns {@code column_emb0 .. column_emb(d-1)}. Only the vectors of tokens that occur in the
   * training rows are kept, so the bundle does not carry the whole file. A missing or empty text,
   * or one with no known token, gives zeros.
   *
   * <pre>{@code
   * Features.embeddings("review").vectors(Path.of("glove.6B.100d.txt"))   // review_emb0 .. review_emb99
   * }</pre>
   */
  public static Embeddings embeddings(String textColumn) {
    return new Embeddings(Steps.columnList("embeddings", "review", textColumn), Tokenizer.DEFAULT, null);
  }

  /** The bag of words a topic step was given, which must read exactly one column. */
  private static BagOfWords oneColumn(String factory, BagOfWords terms) {
    if (terms == null) {
      throw new IllegalArgumentException("Features." + factory + "(null): give the bag of words of one text column,"
          + " e.g. Features." + factory + "(Features." + (factory.equals("lda") ? "bagOfWords" : "tfidf")
          + "(\"review\").minDf(2))");
    }
    if (terms.columns.size() != 1) {
      throw new IllegalArgumentException("Features." + factory + "(...) reads one text column, but the bag of words"
          + " reads " + terms.columns.size() + ": " + terms.columns + "; add one " + factory + " step per column.");
    }
    return terms;
  }

  // ---- categorical, cyclical, numeric ----

  /**
   * Rare-category grouping of CATEGORICAL columns: each category seen in fewer training rows
   * than {@link GroupRare#minFrequency(int)} says becomes {@code "other"}; the column stays
   * CATEGORICAL, for an encoder after it. The threshold is required.
   *
   * <pre>{@code
   * Features.groupRare("Job").minFrequency(10)          // fewer than 10 training rows: "other"
   * Features.groupRare("Job", "City").minFrequency(0.01) // under 1% of the training rows
   * }</pre>
   */
  public static GroupRare groupRare(String... columns) {
    return new GroupRare(Steps.columnList("groupRare", "Job", columns), null);
  }

  /**
   * Weight of evidence (log-odds) encoding of CATEGORICAL columns for a binary target: each
   * category becomes {@code ln[((pos + r)/(P + 2r)) / ((neg + r)/(N + 2r))]}; training rows get
   * out-of-fold values. Default: regularization 1 and 5 folds.
   *
   * <pre>{@code
   * Features.weightOfEvidence("Job", "Home")
   * Features.weightOfEvidence("Job").regularization(0.5).folds(10)
   * }</pre>
   */
  public static WeightOfEvidence weightOfEvidence(String... columns) {
    return new WeightOfEvidence(Steps.columnList("weightOfEvidence", "Job", columns), 1.0, 5);
  }

  /**
   * Frequency encoding of CATEGORICAL columns: each category becomes its share of the training
   * rows (or, with {@link FrequencyEncoding#counts()}, its count); an unseen or missing category
   * becomes 0.
   *
   * <pre>{@code
   * Features.frequencyEncoding("City")            // share of training rows, 0..1
   * Features.frequencyEncoding("City").counts()   // number of training rows
   * }</pre>
   */
  public static FrequencyEncoding frequencyEncoding(String... columns) {
    return new FrequencyEncoding(Steps.columnList("frequencyEncoding", "City", columns), true);
  }

  /**
   * Cyclical encoding of a NUMERIC column with an explicit period: the column is replaced by
   * {@code column_sin = sin(2πx / period)} and {@code column_cos = cos(2πx / period)}, so that the
   * end of a cycle sits next to its start.
   *
   * <pre>{@code
   * Features.sineCosine("DayOfWeek", 7)   // days 0..6: day 6 lies between day 5 and day 0
   * Features.sineCosine("Hour", 24)
   * }</pre>
   *
   * @param period the length of one cycle in the column's units, finite and &gt; 0; it is never
   *     learned from data
   */
  public static SineCosine sineCosine(String column, double period) {
    ImmutableList<String> columns = Steps.columnList("sineCosine", "DayOfWeek", column);
    if (!(period > 0) || Double.isInfinite(period)) {
      throw new IllegalArgumentException(
          "Features.sineCosine(\"" + column + "\", " + period + ") needs the period, a finite number > 0: the"
              + " length of one cycle in the column's units, e.g. 7 for days of the week numbered 0-6 or 24 for hours"
              + " 0-23. It is not learned from data, where the largest value seen would put the last step of a cycle"
              + " on the first.");
    }
    return new SineCosine(columns.get(0), period);
  }

  /**
   * Calendar features of TIMESTAMP columns, read in the given time zone: for each part, the part
   * as a number, and for the cyclical parts its sine and cosine over the true period (24 hours,
   * 7 days, the length of that month, 12 months, the length of that year). The zone is
   * required: an instant's hour and day depend on it.
   *
   * <pre>{@code
   * Features.calendar(ZoneId.of("Europe/Paris"), "OrderTime")
   * Features.calendar(ZoneOffset.UTC, "OrderTime").parts(Features.CalendarPart.HOUR, Features.CalendarPart.DAY_OF_WEEK)
   * }</pre>
   */
  public static Calendar calendar(ZoneId zone, String... columns) {
    if (zone == null) {
      throw new IllegalArgumentException(
          "Features.calendar(zone, ...) got no time zone; give the zone the hours and days are read in, e.g."
              + " Features.calendar(ZoneOffset.UTC, \"OrderTime\") or Features.calendar(ZoneId.of(\"Europe/Paris\"),"
              + " \"OrderTime\")");
    }
    if (columns == null || columns.length == 0) {
      throw new IllegalArgumentException(
          "Features.calendar(zone) needs at least one column, e.g. Features.calendar(ZoneOffset.UTC, \"OrderTime\")");
    }
    return new Calendar(zone, Steps.columnList("calendar", "OrderTime", columns), ImmutableList.copyOf(CalendarPart.values()));
  }

  /**
   * Min-max scaling of NUMERIC columns to {@code (x - min) / (max - min)} with the training
   * minimum and maximum; a later value outside the training range maps outside [0, 1].
   *
   * <pre>{@code
   * Features.minMax("Age", "Income")
   * }</pre>
   */
  public static Rescale minMax(String... columns) {
    return new Rescale(Rescale.Kind.MIN_MAX, Steps.columnList("minMax", "Income", columns));
  }

  /**
   * Robust scaling of NUMERIC columns to {@code (x - median) / IQR} with the training median and
   * interquartile range (25th to 75th percentile).
   *
   * <pre>{@code
   * Features.robustScale("Income")
   * }</pre>
   */
  public static Rescale robustScale(String... columns) {
    return new Rescale(Rescale.Kind.ROBUST_SCALE, Steps.columnList("robustScale", "Income", columns));
  }

  /**
   * {@code log(1 + x)} of NUMERIC columns; a value of -1 or less is refused.
   *
   * <pre>{@code
   * Features.log1p("Income", "Amount")
   * }</pre>
   */
  public static Rescale log1p(String... columns) {
    return new Rescale(Rescale.Kind.LOG1P, Steps.columnList("log1p", "Income", columns));
  }

  /**
   * Clipping of NUMERIC columns to fixed bounds or to quantiles learned from the training rows;
   * one of the two is required.
   *
   * <pre>{@code
   * Features.clip("Age").between(18, 99)
   * Features.clip("Income", "Amount").quantiles(0.01, 0.99)
   * }</pre>
   */
  public static Clip clip(String... columns) {
    return new Clip(Steps.columnList("clip", "Income", columns), Clip.Mode.UNSET, Double.NaN, Double.NaN);
  }

  /**
   * Quantile binning of NUMERIC columns: each value becomes its bin number 0..k-1, the bins cut
   * at the training quantiles. Default: 5 bins.
   *
   * <pre>{@code
   * Features.quantileBins("Income").bins(10)   // deciles of the training incomes
   * }</pre>
   */
  public static QuantileBins quantileBins(String... columns) {
    return new QuantileBins(Steps.columnList("quantileBins", "Income", columns), 5);
  }

  /**
   * Statistics of a NUMERIC column over a window of each row's past (per entity, in time
   * order, strictly before the row's time minus a gap): count, sum, mean, median, std, min, max,
   * growth, slope, outlier count and lags, with the same values offline and at predict time
   * (from a {@link org.mlengine.runtime.History}); see {@link Window}. Add it before the other steps.
   *
   * <pre>{@code
   * Features.window("ridership").orderedBy("date").over(Duration.ofDays(7)).mean().std()
   * Features.window("Sales").by("Store").orderedBy("Date").last(28).median().max().lag(7)
   * }</pre>
   */
  public static Window window(String valueColumn) {
    return Window.of(valueColumn);
  }

  /**
   * A part of a date and time that {@link #calendar(ZoneId, String...)} writes: the part as a
   * number, and for every part but {@link #YEAR} its sine and cosine. The angle starts at the
   * first value of the part ({@code 2π(value - first) / period}).
   *
   * <pre>{@code
   * Features.calendar(ZoneOffset.UTC, "OrderTime").parts(Features.CalendarPart.HOUR)
   * }</pre>
   */
  public enum CalendarPart {
    /** The year, e.g. 2024: {@code column_year} only, since it does not cycle. */
    YEAR,
    /** The month 1-12: {@code column_month}, {@code _sin}, {@code _cos} over 12 months. */
    MONTH,
    /** The day of the month 1-31: {@code column_dayOfMonth} and its sine and cosine over that month's length. */
    DAY_OF_MONTH,
    /** The ISO day of the week, 1 = Monday to 7 = Sunday: {@code column_dayOfWeek} and its sine and cosine over 7. */
    DAY_OF_WEEK,
    /** The day of the year 1-366: {@code column_dayOfYear} and its sine and cosine over 365 or 366 days. */
    DAY_OF_YEAR,
    /** The hour of the day 0-23: {@code column_hour} and its sine and cosine over 24 hours. */
    HOUR
  }

  // ---- relational aggregates ----

  /**
   * Relational aggregates: per parent row, statistics of a related table's rows with the same key
   * that happened strictly before the row's cutoff time (count, sum, mean, std, min, max,
   * distinct count, mode, latest value, time since latest), optionally within a look-back. The
   * related table is data, not fitted state: a bundle keeps only the definition, and at predict
   * time the rows come from a {@link org.mlengine.runtime.History} under source {@code name}. See
   * {@link Aggregate} for the cutoff rule, the output names and the statistics' conventions.
   *
   * <pre>{@code
   * Features.aggregate("calls", calls)      // the related table's name (its History source) and rows
   *     .on("Customer")                      // key column, same name in both tables
   *     .timedBy("At")                       // when each call happened
   *     .asOf("Snapshot")                    // each customer row's cutoff
   *     .count().mean("Minutes").std("Minutes").mode("Kind").timeSinceLatest(Duration.ofDays(1))
   *     .lookBack(Duration.ofDays(90))       // calls_90d_count, calls_90d_mean_Minutes, ...
   * }</pre>
   */
  public static Aggregate aggregate(String name, Table rows) {
    return Aggregate.of(name, rows);
  }

  // ---- feature views ----

  /**
   * Defines a named, versioned {@link org.mlengine.runtime.FeatureView}: windows and aggregates
   * over one source of events, with an entity key (or none), a time column, a gap and a time to
   * live; register it in a {@link FeatureStore} so several models use one definition. See {@link
   * FeatureViewBuilder}.
   *
   * <pre>{@code
   * FeatureView sales = Features.featureView("sales_history").entity("Store").time("Date")
   *     .ttl(Duration.ofDays(14))
   *     .add(Features.window("Sales").over(Duration.ofDays(28)).mean().max())
   *     .add(Features.window("Sales").lag(1))
   *     .build();
   * }</pre>
   */
  public static FeatureViewBuilder featureView(String name) {
    return FeatureViewBuilder.of(name);
  }

  /**
   * A pipeline step computing the latest version of a view registered in {@code store}, for each
   * row as of its time (see {@link ViewStep}); {@code .from(events)} reads a separate events
   * table instead of the rows themselves.
   *
   * <pre>{@code
   * Pipeline.builder().target("ridership").add(Features.view(store, "ridership_history"))
   * }</pre>
   */
  public static ViewStep view(FeatureStore store, String name) {
    Objects.requireNonNull(store, "Features.view(store, name) got a null store; e.g. FeatureStore.open(Path.of(\"features\"))");
    return ViewStep.of(store.view(name));
  }

  /** As {@link #view(FeatureStore, String)}, pinned to one version of the view. */
  public static ViewStep view(FeatureStore store, String name, int version) {
    Objects.requireNonNull(store, "Features.view(store, name, version) got a null store; e.g. FeatureStore.open(Path.of(\"features\"))");
    return ViewStep.of(store.view(name, version));
  }

  // ---- augmentation ----

  /**
   * Text augmentation for the training rows of a TEXT column, for {@link
   * org.mlengine.core.Pipeline.Builder#augment(Augmenter...)}: each training row with a text
   * gets {@link TextAugmentation#copies(int)} extra rows whose text has words replaced by
   * synonyms from a map you give, words swapped, and words deleted, all at random but seeded by
   * the pipeline's seed. Validation rows, test rows and prediction requests are never augmented.
   * At least one operation must be set.
   *
   * <pre>{@code
   * Features.augmentText("review")
   *     .synonyms(Map.of("good", List.of("fine", "great"), "movie", List.of("film")))
   *     .synonymRate(0.5)        // each word that has synonyms: replaced with probability 0.5
   *     .randomSwaps(1)          // then two random words trade places, once
   *     .randomDeletion(0.1)     // then each word is dropped with probability 0.1 (never all)
   *     .copies(2)               // two augmented rows per training row
   * }</pre>
   */
  public static TextAugmentation augmentText(String textColumn) {
    return new TextAugmentation(Steps.columnList("augmentText", "review", textColumn), ImmutableSortedMap.of(), 0.5, 0,
        0.0, 1);
  }

}
