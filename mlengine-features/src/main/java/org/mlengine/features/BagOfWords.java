package org.mlengine.features;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import org.mlengine.runtime.ColumnType;
import org.mlengine.core.spi.FitContext;
import org.mlengine.runtime.spi.FittedTransform;
import org.mlengine.runtime.Table;
import org.mlengine.features.Features.Norm;
import org.mlengine.features.Features.Tokenizer;
import org.mlengine.runtime.internal.steps.BagOfWordsTransform;
import org.mlengine.runtime.internal.steps.TextAnalyzer;

/**
 * The bag-of-words step; see {@link Features#bagOfWords(String...)} and {@link
 * Features#tfidf(String...)}.
 *
 * <pre>{@code
 * BagOfWords words = Features.tfidf("review").ngramRange(1, 2).minDf(2).maxFeatures(20000);
 * Table features = words.fit(context).apply(testPart);   // review is now a VECTOR: review:good, review:not good, ...
 * }</pre>
 *
 * <p>As scikit-learn's {@code CountVectorizer} and {@code TfidfVectorizer}, learned from the
 * training rows only:
 *
 * <ul>
 *   <li>Terms: word n-grams joined by one space ({@link #ngramRange(int, int)}, analyzer
 *       {@code 'word'}), or character n-grams inside words, each word padded with one space on
 *       either side ({@link #charNgrams(int, int)}, analyzer {@code 'char_wb'}; only the
 *       tokenizer's lowercase option applies).
 *   <li>Vocabulary: the terms whose document frequency df (training rows that hold the term)
 *       satisfies {@code minDf <= df <= maxDf}. A whole number is a count of documents and a
 *       fraction in [0, 1] a share of the training rows: {@code minDf(1)} is one document but
 *       {@code minDf(1.0)} is all of them, as in scikit-learn. Then {@link #maxFeatures(int)}
 *       keeps the terms most frequent over all training rows (ties to the earlier term; numpy's
 *       unstable sort may break large ties differently). Sorted by code point, as Python sorts.
 *   <li>Weights: {@link #counts()} (the default), {@link #binary()} (1 where present) or
 *       {@link #tfidf()}: {@code tf · idf} with {@code idf = ln((1 + n) / (1 + df)) + 1} for
 *       {@code n} training rows ({@code smooth_idf=True}); {@link #sublinearTf()} uses {@code 1
 *       + ln(tf)}. Then each row is scaled by {@link #norm(Norm)}: L2 for TF-IDF, none
 *       otherwise, unless set.
 * </ul>
 *
 * <p>Output: each text column is replaced, in place, by a VECTOR column of the same name whose
 * dimensions, in vocabulary order, are named {@code column:term} (e.g. {@code review:not
 * good}); each dimension is one model feature of that name. The vector is sparse: it stores
 * only the terms a row's text holds, so memory grows with the text, not with the vocabulary. A
 * missing text (null) is an empty document: it counts as a training row for the fractions and
 * the idf and encodes as an empty vector (all zeros), as does a text with no known term.
 */
public final class BagOfWords extends Step {
  final Tokenizer tokenizer;
  final TextAnalyzer.Kind kind;
  final int minN;
  final int maxN;
  final BagOfWordsTransform.Weighting weighting;
  final boolean sublinearTf;
  final Norm norm;
  final TextFits.Df minDf;
  final TextFits.Df maxDf;
  final int maxFeatures;

  BagOfWords(ImmutableList<String> columns, Tokenizer tokenizer, TextAnalyzer.Kind kind, int minN, int maxN,
      BagOfWordsTransform.Weighting weighting, boolean sublinearTf, Norm norm, TextFits.Df minDf,
      TextFits.Df maxDf, int maxFeatures) {
    super(BagOfWordsTransform.TAG, columns, EnumSet.of(ColumnType.TEXT));
    this.tokenizer = tokenizer;
    this.kind = kind;
    this.minN = minN;
    this.maxN = maxN;
    this.weighting = weighting;
    this.sublinearTf = sublinearTf;
    this.norm = norm;
    this.minDf = minDf;
    this.maxDf = maxDf;
    this.maxFeatures = maxFeatures;
  }

  /** Tokenize words with this tokenizer (default {@link Features#tokenizer()}). */
  public BagOfWords tokenizer(Tokenizer tokenizer) {
    if (tokenizer == null) {
      throw new IllegalArgumentException("tokenizer(null): give a tokenizer, e.g. Features.tokenizer().minLength(3)");
    }
    return new BagOfWords(columns, tokenizer, kind, minN, maxN, weighting, sublinearTf, norm, minDf, maxDf, maxFeatures);
  }

  /** Word n-grams from {@code min} to {@code max} words (default 1, 1); {@code (1, 2)} adds word pairs. */
  public BagOfWords ngramRange(int min, int max) {
    Steps.checkTextRange("ngramRange", min, max, "ngramRange(1, 2) for single words and pairs of words");
    return new BagOfWords(columns, tokenizer, TextAnalyzer.Kind.WORD, min, max, weighting, sublinearTf, norm, minDf,
        maxDf, maxFeatures);
  }

  /**
   * Character n-grams from {@code min} to {@code max} characters inside words, instead of
   * words (scikit-learn's {@code analyzer='char_wb'}).
   */
  public BagOfWords charNgrams(int min, int max) {
    Steps.checkTextRange("charNgrams", min, max, "charNgrams(2, 4)");
    return new BagOfWords(columns, tokenizer, TextAnalyzer.Kind.CHAR_WB, min, max, weighting, sublinearTf, norm,
        minDf, maxDf, maxFeatures);
  }

  /** Weight each term by its count in the text (the default of {@code bagOfWords}). */
  public BagOfWords counts() {
    return new BagOfWords(columns, tokenizer, kind, minN, maxN, BagOfWordsTransform.Weighting.COUNTS, sublinearTf,
        norm, minDf, maxDf, maxFeatures);
  }

  /** Weight each term 1 where it occurs and 0 elsewhere. */
  public BagOfWords binary() {
    return new BagOfWords(columns, tokenizer, kind, minN, maxN, BagOfWordsTransform.Weighting.BINARY, sublinearTf,
        norm, minDf, maxDf, maxFeatures);
  }

  /** Weight each term by count times smoothed idf, and normalize rows to unit L2 norm unless {@link #norm(Norm)} says otherwise. */
  public BagOfWords tfidf() {
    return new BagOfWords(columns, tokenizer, kind, minN, maxN, BagOfWordsTransform.Weighting.TFIDF, sublinearTf,
        norm, minDf, maxDf, maxFeatures);
  }

  /** Use {@code 1 + ln(count)} instead of the count (scikit-learn's {@code sublinear_tf}); no effect with {@link #binary()}. */
  public BagOfWords sublinearTf() {
    return new BagOfWords(columns, tokenizer, kind, minN, maxN, weighting, true, norm, minDf, maxDf, maxFeatures);
  }

  /** Scale each row to this norm (default L2 for TF-IDF, NONE for counts and binary). */
  public BagOfWords norm(Norm norm) {
    if (norm == null) {
      throw new IllegalArgumentException("norm(null): give Features.Norm.NONE, Features.Norm.L1 or Features.Norm.L2");
    }
    return new BagOfWords(columns, tokenizer, kind, minN, maxN, weighting, sublinearTf, norm, minDf, maxDf, maxFeatures);
  }

  /** Keep terms in at least this many training documents (default 1). */
  public BagOfWords minDf(int documents) {
    return new BagOfWords(columns, tokenizer, kind, minN, maxN, weighting, sublinearTf, norm,
        dfCount("minDf", documents), maxDf, maxFeatures);
  }

  /** Keep terms in at least this share (0.0 to 1.0) of the training documents. */
  public BagOfWords minDf(double fraction) {
    return new BagOfWords(columns, tokenizer, kind, minN, maxN, weighting, sublinearTf, norm,
        dfShare("minDf", fraction), maxDf, maxFeatures);
  }

  /** Keep terms in at most this many training documents. */
  public BagOfWords maxDf(int documents) {
    return new BagOfWords(columns, tokenizer, kind, minN, maxN, weighting, sublinearTf, norm, minDf,
        dfCount("maxDf", documents), maxFeatures);
  }

  /** Keep terms in at most this share (0.0 to 1.0) of the training documents (default 1.0, all). */
  public BagOfWords maxDf(double fraction) {
    return new BagOfWords(columns, tokenizer, kind, minN, maxN, weighting, sublinearTf, norm, minDf,
        dfShare("maxDf", fraction), maxFeatures);
  }

  /** Keep at most this many terms per column, the most frequent over the training rows (default: all). */
  public BagOfWords maxFeatures(int terms) {
    if (terms < 1) {
      throw new IllegalArgumentException("maxFeatures(" + terms + ") must be at least 1; it keeps the n terms most"
          + " frequent in the training rows, e.g. maxFeatures(20000)");
    }
    return new BagOfWords(columns, tokenizer, kind, minN, maxN, weighting, sublinearTf, norm, minDf, maxDf, terms);
  }

  private static TextFits.Df dfCount(String option, int documents) {
    if (documents < 1) {
      throw new IllegalArgumentException(option + "(" + documents + ") must be at least 1 document; give a count"
          + " like " + option + "(2) or a share of the training documents like " + option + "(0.5)");
    }
    return TextFits.Df.count(documents);
  }

  private static TextFits.Df dfShare(String option, double fraction) {
    if (!(fraction >= 0 && fraction <= 1)) {
      throw new IllegalArgumentException(option + "(" + fraction + ") as a share of the training documents must be"
          + " between 0.0 and 1.0; for a number of documents give a whole number, like " + option + "(2)");
    }
    return TextFits.Df.share(fraction);
  }

  /** The norm rows get: the one set, or L2 for TF-IDF and NONE otherwise. */
  Norm resolvedNorm() {
    if (norm != null) {
      return norm;
    }
    return weighting == BagOfWordsTransform.Weighting.TFIDF ? Norm.L2 : Norm.NONE;
  }

  TextAnalyzer analyzer() {
    return new TextAnalyzer(tokenizer.settings(), kind, minN, maxN);
  }

  @Override
  void checkOptions(List<String> problems) {
    analyzer().check(name(), problems);
    if (minDf.fraction() == maxDf.fraction() && minDf.value() > maxDf.value()) {
      problems.add(name() + ": minDf(" + minDf.show() + ") is more than maxDf(" + maxDf.show() + "): a term would"
          + " have to be in at least " + minDf.show() + " and at most " + maxDf.show()
          + (minDf.fraction() ? " of the training documents" : " documents") + ". Lower minDf or raise maxDf.");
    }
  }

  @Override
  FittedTransform fitChecked(FitContext context) {
    return TextFits.bagOfWords(this, context.table());
  }

  @Override
  void options(ImmutableMap.Builder<String, Object> spec) {
    spec.putAll(analyzer().spec());
    spec.put("weighting", weighting.label);
    spec.put("sublinearTf", sublinearTf);
    spec.put("norm", resolvedNorm().name().toLowerCase(Locale.ROOT));
    spec.put("minDf", minDf.asGiven());
    spec.put("maxDf", maxDf.asGiven());
    if (maxFeatures > 0) {
      spec.put("maxFeatures", maxFeatures);
    }
  }
}
