package org.mlengine.features;

import static com.google.common.base.Preconditions.checkArgument;

import com.google.common.collect.ImmutableList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.mlengine.runtime.spi.FittedTransform;
import org.mlengine.runtime.spi.RowKernel;
import org.mlengine.runtime.spi.Slots;
import org.mlengine.runtime.Table;

/**
 * Fitted latent semantic analysis: the bag of words of one text column (TF-IDF by default) and
 * the k × terms projection onto its top k right singular vectors, learned from the training
 * rows. Applying it is plain arithmetic: topic {@code j} of a document is the dot product of its
 * term vector with component {@code j} (scikit-learn's {@code TruncatedSVD.transform}, which does
 * not center). The text column is dropped and NUMERIC columns {@code column_topic0 ..
 * column_topic(k-1)} are appended; a missing text, or one with no known term, gives zeros.
 *
 * <p>Fitting needs ND4J (through {@link Svd}); this class and its codec do not, so a bundle
 * holding it loads and scores without ND4J.
 */
final class LsaTransform implements FittedTransform {
  static final String TAG = "lsa";

  /** The output columns are {@code column_topic0 ..}. */
  static final String PREFIX = "topic";

  private final TopicTerms terms;
  private final double[][] components;
  private final double[] singularValues;
  /** The components by term: {@code byTerm[i][j] = components[j][i]}, for applying. */
  private final double[][] byTerm;
  private final List<String> outputs;

  /**
   * @param terms the fitted bag of words of one text column
   * @param components k rows of one weight per term
   * @param singularValues the k singular values, for inspection
   */
  LsaTransform(BagOfWordsTransform terms, double[][] components, double[] singularValues) {
    this.terms = new TopicTerms(terms);
    int k = components.length;
    int size = this.terms.size();
    checkArgument(k >= 1, "lsa needs at least one component");
    checkArgument(
        singularValues.length == k, "lsa has %s components but %s singular values; give one per component", k,
        singularValues.length);
    this.components = new double[k][];
    this.byTerm = new double[size][k];
    for (int j = 0; j < k; j++) {
      checkArgument(
          components[j].length == size, "component %s of column '%s' has %s weights, but the column has %s terms",
          j, this.terms.column(), components[j].length, size);
      this.components[j] = components[j].clone();
      for (int i = 0; i < size; i++) {
        double w = components[j][i];
        if (!Double.isFinite(w)) {
          throw new IllegalArgumentException("weight " + i + " of component " + j + " is " + w + "; it must be a finite number");
        }
        byTerm[i][j] = w;
      }
      double s = singularValues[j];
      if (!(Double.isFinite(s) && s >= 0)) {
        throw new IllegalArgumentException("singular value " + j + " is " + s + "; it must be a finite number >= 0");
      }
    }
    this.singularValues = singularValues.clone();
    this.outputs = TopicColumns.names(this.terms.column(), PREFIX, k);
  }

  // ---- fitting ----

  /** Learns the vocabulary, then the top {@code k} singular vectors of the training term matrix. */
  static LsaTransform fit(Features.BagOfWords vectorizer, int k, Table train, long seed) {
    Svd.requireNd4j(TAG);
    BagOfWordsTransform bagOfWords = BagOfWordsTransform.fit(vectorizer, train);
    TopicTerms terms = new TopicTerms(bagOfWords);
    String column = terms.column();
    if (k > terms.size()) {
      throw new IllegalArgumentException(TAG + ": topics(" + k + ") is more than the " + count(terms.size(), "term")
          + " learned from column '" + column + "'; a truncated SVD finds at most one topic per term. Lower topics"
          + " to at most " + terms.size() + ", or keep more terms (a lower minDf, a higher maxDf or maxFeatures).");
    }
    String[] docs = train.stringColumn(column);
    if (k > docs.length) {
      throw new IllegalArgumentException(TAG + ": topics(" + k + ") is more than the " + count(docs.length, "training row")
          + "; a truncated SVD finds at most one topic per training row. Lower topics to at most " + docs.length
          + ", or train on more rows.");
    }
    int[][] indices = new int[docs.length][];
    double[][] values = new double[docs.length][];
    for (int r = 0; r < docs.length; r++) {
      TextVectors.Entries e = terms.vector(docs[r]);
      indices[r] = e.indices();
      values[r] = e.values();
    }
    Svd.Result svd = Svd.truncated(TAG, indices, values, terms.size(), k, seed);
    return new LsaTransform(bagOfWords, svd.components(), svd.singularValues());
  }

  static String count(int n, String noun) {
    return n + " " + noun + (n == 1 ? "" : "s");
  }

  // ---- applying ----

  @Override
  public String tag() {
    return TAG;
  }

  @Override
  public List<String> inputColumns() {
    return ImmutableList.of(terms.column());
  }

  /** The names of the appended columns, in order. */
  List<String> outputColumns() {
    return outputs;
  }

  @Override
  public Table apply(Table table) {
    return TopicColumns.apply(TAG, table, terms.column(), outputs, this::topics);
  }

  /** The row form: the same columns and values as {@link #apply(Table)}. */
  @Override
  public Optional<RowKernel> compile(Slots slots) {
    return TopicColumns.compile(slots, terms.column(), outputs, this::topics);
  }

  /** The k topic values of one document (zeros for a missing one). */
  double[] topics(String doc) {
    TextVectors.Entries e = terms.vector(doc);
    double[] out = new double[components.length];
    for (int m = 0; m < e.indices().length; m++) {
      double x = e.values()[m];
      double[] w = byTerm[e.indices()[m]];
      for (int j = 0; j < out.length; j++) {
        out[j] += x * w[j];
      }
    }
    return out;
  }

  // ---- state ----

  BagOfWordsTransform terms() {
    return terms.transform();
  }

  /** A copy of the components, k rows of one weight per term. */
  double[][] components() {
    double[][] copy = new double[components.length][];
    for (int j = 0; j < components.length; j++) {
      copy[j] = components[j].clone();
    }
    return copy;
  }

  double[] singularValues() {
    return singularValues.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof LsaTransform t
        && t.terms.equals(terms)
        && Arrays.deepEquals(t.components, components)
        && Arrays.equals(t.singularValues, singularValues);
  }

  @Override
  public int hashCode() {
    return Objects.hash(terms, Arrays.deepHashCode(components), Arrays.hashCode(singularValues));
  }

  @Override
  public String toString() {
    return TAG + "{column=" + terms.column() + ", topics=" + components.length + ", terms=" + terms.size()
        + ", singularValues=" + Arrays.toString(singularValues) + "}";
  }
}
