package org.mlengine.features;

import com.google.common.collect.ImmutableMap;
import java.util.EnumSet;
import java.util.List;
import org.mlengine.runtime.ColumnType;
import org.mlengine.core.spi.FitContext;
import org.mlengine.runtime.spi.FittedTransform;
import org.mlengine.runtime.Schema;
import org.mlengine.runtime.Table;
import org.mlengine.runtime.internal.steps.LdaTransform;

/**
 * The latent Dirichlet allocation step; see {@link Features#lda(String)}.
 *
 * <pre>{@code
 * Lda topics = Features.lda("review").topics(20).iterations(30).alpha(0.1);
 * Table features = topics.fit(context).apply(testPart);   // review dropped, review_lda0 .. 19 added
 * }</pre>
 *
 * <p>Fitting learns the word counts, then the topics by batch variational Bayes (Blei, Ng and
 * Jordan 2003; Hoffman, Blei and Bach 2010), as scikit-learn's {@code learning_method='batch'}:
 * the topic-word parameters start from Gamma(100, 1/100) draws seeded with the pipeline seed,
 * and each of {@link #iterations(int)} passes runs the document update on every training row
 * (at most {@link #inferenceSteps(int)} steps, stopping once the mean change is below 0.001, as
 * scikit-learn's) and re-estimates them. The mixture the step outputs is exactly {@link
 * #inferenceSteps(int)} steps of scikit-learn's variational document update from a fixed
 * start, with no early stop and no randomness: the same document gets the same mixture in
 * training, in a batch and alone, whatever the order. A missing text, or one with no known
 * term, gets the uniform mixture {@code 1/topics}.
 *
 * <p>Differs from scikit-learn in two deliberate ways: every document update starts from the
 * same fixed point (scikit-learn starts training documents at random), and the output mixture
 * always runs all its steps (scikit-learn's {@code transform} stops at the tolerance, so its
 * result depends on where it stopped).
 */
public final class Lda extends Step {
  static final int DEFAULT_TOPICS = 10;
  static final int DEFAULT_ITERATIONS = 10;
  static final int DEFAULT_STEPS = 100;
  static final int MAX_TOPICS = 1000;
  static final int MAX_ITERATIONS = 10_000;

  final BagOfWords terms;
  final int topics;
  final int iterations;
  final double alpha;
  final double beta;
  final int steps;

  Lda(BagOfWords terms, int topics, int iterations, double alpha, double beta, int steps) {
    super(LdaTransform.TAG, terms.columns, EnumSet.of(ColumnType.TEXT));
    this.terms = terms;
    this.topics = topics;
    this.iterations = iterations;
    this.alpha = alpha;
    this.beta = beta;
    this.steps = steps;
  }

  /** The number of topics, i.e. output columns (default 10, at most 1000). */
  public Lda topics(int k) {
    if (k < 1 || k > MAX_TOPICS) {
      throw new IllegalArgumentException("topics(" + k + ") must be between 1 and " + MAX_TOPICS
          + "; each topic is one output column, e.g. topics(20)");
    }
    return new Lda(terms, k, iterations, alpha, beta, steps);
  }

  /** Passes over the training rows (scikit-learn's {@code max_iter}; default 10, at most 10000). */
  public Lda iterations(int n) {
    if (n < 1 || n > MAX_ITERATIONS) {
      throw new IllegalArgumentException("iterations(" + n + ") must be between 1 and " + MAX_ITERATIONS
          + "; each is one pass over the training rows, e.g. iterations(20)");
    }
    return new Lda(terms, topics, n, alpha, beta, steps);
  }

  /** The document-topic prior (scikit-learn's {@code doc_topic_prior}; default {@code 1/topics}). */
  public Lda alpha(double prior) {
    return new Lda(terms, topics, iterations, prior("alpha", prior), beta, steps);
  }

  /** The topic-word prior (scikit-learn's {@code topic_word_prior}, η; default {@code 1/topics}). */
  public Lda beta(double prior) {
    return new Lda(terms, topics, iterations, alpha, prior("beta", prior), steps);
  }

  /**
   * The fixed number of variational steps that give a document its mixture (scikit-learn's
   * {@code max_doc_update_iter}; default 100, at most 10000).
   */
  public Lda inferenceSteps(int n) {
    if (n < 1 || n > LdaTransform.MAX_STEPS) {
      throw new IllegalArgumentException("inferenceSteps(" + n + ") must be between 1 and " + LdaTransform.MAX_STEPS
          + "; more steps bring a document's mixture closer to convergence, e.g. inferenceSteps(100)");
    }
    return new Lda(terms, topics, iterations, alpha, beta, n);
  }

  private static double prior(String option, double value) {
    if (!(Double.isFinite(value) && value > 0)) {
      throw new IllegalArgumentException(option + "(" + value + ") must be a finite number > 0; smaller values"
          + " make sparser mixtures, e.g. " + option + "(0.1)");
    }
    return value;
  }

  double resolvedAlpha() {
    return Double.isNaN(alpha) ? 1.0 / topics : alpha;
  }

  double resolvedBeta() {
    return Double.isNaN(beta) ? 1.0 / topics : beta;
  }

  @Override
  public void check(Schema schema, List<String> problems) {
    int before = problems.size();
    super.check(schema, problems);
    if (problems.size() == before) {
      terms.check(schema, problems);
    }
  }

  @Override
  FittedTransform fitChecked(FitContext context) {
    return LdaFit.fit(terms, topics, resolvedAlpha(), resolvedBeta(), iterations, steps, context.table(),
        context.seed());
  }

  @Override
  void options(ImmutableMap.Builder<String, Object> spec) {
    spec.put("topics", topics);
    spec.put("iterations", iterations);
    spec.put("alpha", resolvedAlpha());
    spec.put("beta", resolvedBeta());
    spec.put("inferenceSteps", steps);
    spec.put("terms", terms.spec());
  }
}
