package org.mlengine.features;

import com.google.common.collect.ImmutableList;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.mlengine.runtime.DoubleArray;
import org.mlengine.runtime.InvalidInputException;
import org.mlengine.runtime.Table;
import org.mlengine.runtime.internal.steps.BagOfWordsTransform;
import org.mlengine.runtime.internal.steps.TextAnalyzer;
import org.mlengine.runtime.internal.steps.TokenizerSettings;

/** What the bag-of-words step learns from the training rows: each column's vocabulary and idf. */
final class TextFits {
  private static final String TAG = BagOfWordsTransform.TAG;

  private TextFits() {}

  /**
   * A document-frequency bound, scikit-learn's {@code min_df}/{@code max_df}: a whole number of
   * documents, or a fraction of the training documents.
   *
   * @param fraction whether {@code value} is a fraction in [0, 1] rather than a count
   * @param value the count or the fraction
   */
  record Df(boolean fraction, double value) {
    static Df count(int documents) {
      return new Df(false, documents);
    }

    static Df share(double fraction) {
      return new Df(true, fraction);
    }

    /** The bound in documents for {@code n} training documents (scikit-learn: {@code max_df * n_doc}). */
    double documents(int n) {
      return fraction ? value * n : value;
    }

    /** The value as the user gave it: an Integer for a count, a Double for a fraction. */
    Object asGiven() {
      return fraction ? (Object) value : (Object) (int) value;
    }

    String show() {
      return fraction ? Double.toString(value) : Integer.toString((int) value);
    }
  }

  /** Learns each column's vocabulary (and idf) from the training rows, as scikit-learn's {@code fit}. */
  static BagOfWordsTransform bagOfWords(BagOfWords step, Table train) {
    int n = train.rowCount();
    double low = step.minDf.documents(n);
    double high = step.maxDf.documents(n);
    if (high < low && step.maxDf.equals(Df.share(1.0))) {
      throw new IllegalArgumentException(
          TAG + ": minDf(" + step.minDf.show() + ") keeps terms in at least " + number(low) + " of the training"
              + " documents, but the training part has only " + n + " rows. Lower minDf or train on more rows.");
    }
    if (high < low) {
      throw new IllegalArgumentException(
          TAG + ": minDf(" + step.minDf.show() + ") is more than maxDf(" + step.maxDf.show() + ") on " + n
              + " training rows: a term would have to be in at least " + number(low) + " and at most "
              + number(high) + " documents. Lower minDf or raise maxDf.");
    }
    TextAnalyzer analyzer = step.analyzer();
    ImmutableList.Builder<BagOfWordsTransform.Vocabulary> vocabularies = ImmutableList.builder();
    for (String column : step.columns()) {
      vocabularies.add(vocabulary(step, analyzer, column, train.stringColumn(column), low, high));
    }
    return new BagOfWordsTransform(
        analyzer, step.weighting, step.sublinearTf, KernelValues.norm(step.resolvedNorm()), vocabularies.build());
  }

  private static BagOfWordsTransform.Vocabulary vocabulary(
      BagOfWords step, TextAnalyzer analyzer, String column, String[] docs, double low, double high) {
    int n = docs.length;
    // Per term: {documents it is in, occurrences in all documents}; binary counts each document once,
    // as scikit-learn binarizes the counts before max_features ranks them.
    Map<String, long[]> stats = new HashMap<>();
    int missing = 0;
    for (String doc : docs) {
      if (doc == null) {
        missing++;
        continue;
      }
      analyzer.counts(doc).forEach((term, count) -> {
        long[] s = stats.computeIfAbsent(term, t -> new long[2]);
        s[0]++;
        s[1] += step.weighting == BagOfWordsTransform.Weighting.BINARY ? 1 : count;
      });
    }
    if (stats.isEmpty()) {
      throw new InvalidInputException(column, noTerms(step, analyzer, column, n, missing));
    }
    List<String> kept = withinDf(step, column, n, stats, low, high);
    if (step.maxFeatures > 0 && kept.size() > step.maxFeatures) {
      // The most frequent terms over the training documents; ties go to the earlier term.
      kept.sort((a, b) -> {
        int byCount = Long.compare(stats.get(b)[1], stats.get(a)[1]);
        return byCount != 0 ? byCount : TextAnalyzer.CODE_POINT_ORDER.compare(a, b);
      });
      kept = new ArrayList<>(kept.subList(0, step.maxFeatures));
    }
    kept.sort(TextAnalyzer.CODE_POINT_ORDER);
    DoubleArray idf = DoubleArray.of();
    if (step.weighting == BagOfWordsTransform.Weighting.TFIDF) {
      // scikit-learn's smooth_idf=True: ln((1 + n) / (1 + df)) + 1, as if one more document held every term.
      double[] b = new double[kept.size()];
      for (int i = 0; i < b.length; i++) {
        b[i] = Math.log((double) (n + 1) / (double) (stats.get(kept.get(i))[0] + 1)) + 1;
      }
      idf = DoubleArray.copyOf(b);
    }
    return new BagOfWordsTransform.Vocabulary(column, kept, idf);
  }

  /** The terms whose document frequency is in {@code [low, high]}; refuses to keep none. */
  private static List<String> withinDf(
      BagOfWords step, String column, int n, Map<String, long[]> stats, double low, double high) {
    List<String> kept = new ArrayList<>();
    int belowMin = 0;
    int aboveMax = 0;
    for (Map.Entry<String, long[]> e : stats.entrySet()) {
      long df = e.getValue()[0];
      boolean rare = df < low;
      boolean common = df > high;
      belowMin += rare ? 1 : 0;
      aboveMax += common ? 1 : 0;
      if (!rare && !common) {
        kept.add(e.getKey());
      }
    }
    if (kept.isEmpty()) {
      List<String> causes = new ArrayList<>();
      if (belowMin > 0) {
        causes.add("minDf(" + step.minDf.show() + ") removes " + belowMin + " (in fewer than " + number(low)
            + " documents)");
      }
      if (aboveMax > 0) {
        causes.add("maxDf(" + step.maxDf.show() + ") removes " + aboveMax + " (in more than " + number(high)
            + " documents)");
      }
      throw new InvalidInputException(column, TAG + " keeps no term of column '" + column
          + "': of the " + stats.size() + " terms in its " + n + " training rows, " + String.join(" and ", causes)
          + ". Lower minDf or raise maxDf.");
    }
    return kept;
  }

  private static String noTerms(BagOfWords step, TextAnalyzer analyzer, String column, int n, int missing) {
    if (n == 0) {
      return TAG + " cannot learn a vocabulary for column '" + column + "': the training part has no rows.";
    }
    if (missing == n) {
      return TAG + " cannot learn a vocabulary for column '" + column + "': every training row is missing."
          + " Drop the column, or fill it.";
    }
    return TAG + " finds no terms in the " + (n - missing) + " training texts of column '" + column + "' with "
        + describe(analyzer) + ". Loosen the tokenizer (a shorter minLength, fewer stop words, another"
        + " tokenPattern) or check the column's content.";
  }

  private static String describe(TextAnalyzer analyzer) {
    if (analyzer.kind() == TextAnalyzer.Kind.CHAR_WB) {
      return "charNgrams(" + analyzer.minN() + ", " + analyzer.maxN() + ")";
    }
    TokenizerSettings t = analyzer.tokenizer();
    return "tokenizer(lowercase " + t.lowercase() + ", tokenPattern \"" + t.tokenPattern() + "\", minLength "
        + t.minLength() + ", " + t.stopWords().size() + " stop words)";
  }

  /** A document count as a message shows it: at most four decimals, no trailing zeros (2.7, not 2.7000000000000002). */
  static String number(double documents) {
    String fixed = String.format(Locale.ROOT, "%.4f", documents);
    return fixed.replaceAll("\\.?0+$", "");
  }
}
