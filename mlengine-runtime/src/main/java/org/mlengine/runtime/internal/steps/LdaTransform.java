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
 * Fitted latent Dirichlet allocation: the word counts of one text column and the variational
 * topic-word parameters λ (k × terms; topic {@code j}'s word distribution is row {@code j}
 * divided by its sum), with the priors α (document-topic) and β (topic-word) and the number of
 * inference steps. The text column is dropped and NUMERIC columns {@code column_lda0 ..
 * column_lda(k-1)} are appended: the document's topic mixture, which sums to 1.
 *
 * <p>A document's mixture comes from a fixed number of steps of the variational E-step of
 * scikit-learn's {@code LatentDirichletAllocation.transform} (Hoffman, Blei and Bach 2010):
 * start from γ = 1, then repeat {@code steps} times
 *
 * <pre>
 *   φnorm_w = Σ_j exp(E[log θ_j]) exp(E[log β_jw]) + ε
 *   γ_j     = α + exp(E[log θ_j]) Σ_w n_w exp(E[log β_jw]) / φnorm_w
 * </pre>
 *
 * <p>with {@code E[log θ_j] = ψ(γ_j) − ψ(Σγ)}, {@code E[log β_jw] = ψ(λ_jw) − ψ(Σ_w λ_jw)}, ψ
 * the digamma function, {@code n_w} the count of term {@code w} and ε the double-precision
 * machine epsilon; the mixture is {@code γ / Σγ}. Unlike scikit-learn, there is no early stop on
 * a tolerance and no random start: the result is a fixed function of the document and the state,
 * so a document gets the same mixture every time, in any batch and in any order, with no seed
 * at all. A missing text, or one with no known term, gets the uniform mixture {@code 1/k}.
 */
public final class LdaTransform implements FittedTransform {
  public static final String TAG = "lda";

  /** The output columns are {@code column_lda0 ..}. */
  static final String PREFIX = "lda";

  /** The most inference steps a state may ask for. */
  public static final int MAX_STEPS = 10_000;

  /** numpy's {@code np.finfo(float).eps}, which scikit-learn adds to φnorm. */
  public static final double EPS = Math.ulp(1.0);

  private final TopicTerms terms;
  private final double alpha;
  private final double beta;
  private final int steps;
  private final double[][] components;
  /** {@code exp(E[log β])} by term: {@code [term][topic]}. */
  private final double[][] expElogBetaByTerm;
  private final List<String> outputs;

  /**
   * @param terms the fitted word counts of one text column (counts weighting, no norm)
   * @param alpha the document-topic prior
   * @param beta the topic-word prior
   * @param steps the fixed number of inference steps per document
   * @param components λ: k rows of one positive parameter per term
   */
  public LdaTransform(BagOfWordsTransform terms, double alpha, double beta, int steps, double[][] components) {
    this.terms = new TopicTerms(terms);
    checkArgument(
        terms.weighting() == BagOfWordsTransform.Weighting.COUNTS && terms.norm() == VectorNorm.NONE
            && !terms.sublinearTf(),
        "lda models word counts, but the terms are weighted '%s' with norm %s%s", terms.weighting().label,
        terms.norm(), terms.sublinearTf() ? " and sublinear tf" : "");
    checkArgument(Double.isFinite(alpha) && alpha > 0, "alpha is %s; it must be a finite number > 0", alpha);
    checkArgument(Double.isFinite(beta) && beta > 0, "beta is %s; it must be a finite number > 0", beta);
    checkArgument(steps >= 1 && steps <= MAX_STEPS, "steps is %s; it must be between 1 and %s", steps, MAX_STEPS);
    int k = components.length;
    int size = this.terms.size();
    checkArgument(k >= 1, "lda needs at least one topic");
    this.alpha = alpha;
    this.beta = beta;
    this.steps = steps;
    this.components = new double[k][];
    for (int j = 0; j < k; j++) {
      checkArgument(
          components[j].length == size, "topic %s of column '%s' has %s parameters, but the column has %s terms",
          j, this.terms.column(), components[j].length, size);
      for (int i = 0; i < size; i++) {
        double x = components[j][i];
        if (!(Double.isFinite(x) && x > 0)) {
          throw new IllegalArgumentException("parameter " + i + " of topic " + j + " is " + x + "; it must be a finite number > 0");
        }
      }
      this.components[j] = components[j].clone();
    }
    this.expElogBetaByTerm = expElogBetaByTerm(this.components);
    this.outputs = TopicColumns.names(this.terms.column(), PREFIX, k);
  }

  // ---- the arithmetic, shared with LdaFit ----

  /** {@code exp(ψ(λ_jw) − ψ(Σ_w λ_jw))}, laid out by term: {@code [w][j]}. */
  public static double[][] expElogBetaByTerm(double[][] lambda) {
    int k = lambda.length;
    int size = lambda[0].length;
    double[][] out = new double[size][k];
    for (int j = 0; j < k; j++) {
      double total = 0;
      for (double x : lambda[j]) {
        total += x;
      }
      double psiTotal = digamma(total);
      for (int w = 0; w < size; w++) {
        out[w][j] = Math.exp(digamma(lambda[j][w]) - psiTotal);
      }
    }
    return out;
  }

  /**
   * The E-step for one document given as term indices and counts: returns γ (prior included)
   * and leaves {@code exp(E[log θ])} for the final γ in {@code expTheta}. Runs {@code steps}
   * steps, or stops earlier once the mean absolute change of γ is below {@code tolerance}
   * (scikit-learn's {@code mean_change_tol}); a tolerance of 0 runs every step.
   */
  public static double[] infer(
      int[] ids, double[] counts, double[][] expElogBetaByTerm, double alpha, int steps, double tolerance,
      double[] expTheta) {
    int k = expTheta.length;
    double[] gamma = new double[k];
    if (ids.length == 0) {
      Arrays.fill(gamma, alpha);
      expDirichlet(gamma, expTheta);
      return gamma;
    }
    Arrays.fill(gamma, 1.0);
    expDirichlet(gamma, expTheta);
    double[] sum = new double[k];
    for (int s = 0; s < steps; s++) {
      Arrays.fill(sum, 0.0);
      for (int m = 0; m < ids.length; m++) {
        double[] eb = expElogBetaByTerm[ids[m]];
        double norm = 0;
        for (int j = 0; j < k; j++) {
          norm += expTheta[j] * eb[j];
        }
        double ratio = counts[m] / (norm + EPS);
        for (int j = 0; j < k; j++) {
          sum[j] += ratio * eb[j];
        }
      }
      double change = 0;
      for (int j = 0; j < k; j++) {
        double next = expTheta[j] * sum[j] + alpha;
        change += Math.abs(next - gamma[j]);
        gamma[j] = next;
      }
      expDirichlet(gamma, expTheta);
      if (change / k < tolerance) {
        break;
      }
    }
    return gamma;
  }

  /** {@code out_j = exp(ψ(γ_j) − ψ(Σγ))}. */
  static void expDirichlet(double[] gamma, double[] out) {
    double total = 0;
    for (double g : gamma) {
      total += g;
    }
    double psiTotal = digamma(total);
    for (int j = 0; j < gamma.length; j++) {
      out[j] = Math.exp(digamma(gamma[j]) - psiTotal);
    }
  }

  /**
   * The digamma function ψ(x) for x &gt; 0: the recurrence {@code ψ(x) = ψ(x + 1) − 1/x} up to
   * x ≥ 10, then the asymptotic series to the x⁻¹⁰ term (absolute error about 1e-14, from rounding).
   */
  static double digamma(double x) {
    double result = 0;
    while (x < 10) {
      result -= 1 / x;
      x += 1;
    }
    double f = 1 / (x * x);
    double tail = f * (1.0 / 12 - f * (1.0 / 120 - f * (1.0 / 252 - f * (1.0 / 240 - f * (1.0 / 132)))));
    return result + Math.log(x) - 0.5 / x - tail;
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
    return TopicColumns.apply(TAG, table, terms.column(), outputs, this::mixture);
  }

  /** The row form: the same columns and values as {@link #apply(Table)}. */
  @Override
  public Optional<RowKernel> compile(Slots slots) {
    return TopicColumns.compile(slots, terms.column(), outputs, this::mixture);
  }

  /** The topic mixture of one document, {@code γ / Σγ}. */
  double[] mixture(String doc) {
    TextVectors.Entries e = terms.vector(doc);
    double[] gamma = infer(e.indices(), e.values(), expElogBetaByTerm, alpha, steps, 0, new double[components.length]);
    double total = 0;
    for (double g : gamma) {
      total += g;
    }
    for (int j = 0; j < gamma.length; j++) {
      gamma[j] /= total;
    }
    return gamma;
  }

  // ---- state ----

  BagOfWordsTransform terms() {
    return terms.transform();
  }

  double alpha() {
    return alpha;
  }

  double beta() {
    return beta;
  }

  int steps() {
    return steps;
  }

  /** A copy of λ, k rows of one parameter per term. */
  double[][] components() {
    double[][] copy = new double[components.length][];
    for (int j = 0; j < components.length; j++) {
      copy[j] = components[j].clone();
    }
    return copy;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof LdaTransform t
        && t.terms.equals(terms)
        && Double.compare(t.alpha, alpha) == 0
        && Double.compare(t.beta, beta) == 0
        && t.steps == steps
        && Arrays.deepEquals(t.components, components);
  }

  @Override
  public int hashCode() {
    return Objects.hash(terms, alpha, beta, steps, Arrays.deepHashCode(components));
  }

  @Override
  public String toString() {
    return TAG + "{column=" + terms.column() + ", topics=" + components.length + ", terms=" + terms.size()
        + ", alpha=" + alpha + ", beta=" + beta + ", steps=" + steps + "}";
  }
}
