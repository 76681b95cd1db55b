package org.mlengine.runtime.internal.steps;

import static org.mlengine.runtime.internal.Checks.checkArgument;

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
 * <pre>{@code
 * LsaTransform lsa = new LsaTransform(bagOfWords, components, singularValues);   // as Features.lsa("Review") fits it
 * Table out = lsa.apply(reviews);   // Review_topic0 .. Review_topic(k-1)
 * double[][] projection = lsa.components();   // k rows, one value per term
 * }</pre>
 *
 * <p>Fitting needs ND4J (through the fit side's {@code Svd}); this class and its codec do not, so
 * a bundle holding it loads and scores without ND4J.
 */
public final class LsaTransform implements FittedTransform {
  public static final String TAG = "lsa";

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
  public LsaTransform(BagOfWordsTransform terms, double[][] components, double[] singularValues) {
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

  // ---- applying ----

  @Override
  public String tag() {
    return TAG;
  }

  @Override
  public List<String> inputColumns() {
    return List.of(terms.column());
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

  public BagOfWordsTransform terms() {
    return terms.transform();
  }

  /** A copy of the components, k rows of one weight per term. */
  public double[][] components() {
    double[][] copy = new double[components.length][];
    for (int j = 0; j < components.length; j++) {
      copy[j] = components[j].clone();
    }
    return copy;
  }

  public double[] singularValues() {
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
