package org.mlengine.features;

import java.util.Random;
import org.mlengine.runtime.Table;
import org.mlengine.runtime.internal.steps.BagOfWordsTransform;
import org.mlengine.runtime.internal.steps.LdaTransform;
import org.mlengine.runtime.internal.steps.TextVectors;
import org.mlengine.runtime.internal.steps.TopicTerms;

/**
 * Fits {@code lda} by batch variational Bayes (Blei, Ng and Jordan 2003; the batch form of
 * Hoffman, Blei and Bach 2010), as scikit-learn's {@code
 * LatentDirichletAllocation(learning_method='batch')}, in plain Java:
 *
 * <ol>
 *   <li>λ starts as independent Gamma(100, 1/100) draws, scikit-learn's initialization, from
 *       {@code java.util.Random(seed)} (Marsaglia and Tsang's method), so the pipeline seed
 *       decides it;
 *   <li>each iteration runs the E-step of {@link LdaTransform#infer} on every training document
 *       (from γ = 1, where scikit-learn starts training documents at random; stopping early,
 *       as scikit-learn, once γ changes by less than {@link #TOLERANCE} on average), collects the
 *       sufficient statistics {@code s_jw += exp(E[log θ_j]) n_w / φnorm_w}, and sets {@code
 *       λ_jw = β + s_jw exp(E[log β_jw])}.
 * </ol>
 *
 * <p>The same training rows, options and seed give the same λ bit for bit: nothing here depends
 * on threads, time or row order beyond the order of the rows themselves.
 */
final class LdaFit {
  /**
   * A training document's update stops once the mean absolute change of γ is below this
   * (scikit-learn's {@code mean_change_tol}); the mixtures the step outputs run every step.
   */
  static final double TOLERANCE = 1e-3;

  private LdaFit() {}

  /** Learns the counts, then λ by {@code iterations} passes of batch variational Bayes. */
  static LdaTransform fit(
      BagOfWords vectorizer, int k, double alpha, double beta, int iterations, int steps, Table train, long seed) {
    BagOfWordsTransform bagOfWords = TextFits.bagOfWords(vectorizer, train);
    TopicTerms terms = new TopicTerms(bagOfWords);
    double[][] init = initialLambda(k, terms.size(), seed);
    double[][] lambda = run(terms, train.stringColumn(terms.column()), init, alpha, beta, iterations, steps, TOLERANCE);
    return new LdaTransform(bagOfWords, alpha, beta, steps, lambda);
  }

  /** Independent Gamma(100, 1/100) draws, topic by topic and term by term. */
  static double[][] initialLambda(int k, int size, long seed) {
    Random random = new Random(seed);
    double[][] lambda = new double[k][size];
    for (double[] row : lambda) {
      for (int w = 0; w < size; w++) {
        row[w] = gamma(random, 100.0) / 100.0;
      }
    }
    return lambda;
  }

  /** The EM passes from a given λ (for tests that start where a reference starts). */
  static double[][] run(
      TopicTerms terms, String[] docs, double[][] init, double alpha, double beta, int iterations, int steps,
      double tolerance) {
    int k = init.length;
    int size = terms.size();
    int[][] ids = new int[docs.length][];
    double[][] counts = new double[docs.length][];
    for (int r = 0; r < docs.length; r++) {
      TextVectors.Entries e = terms.vector(docs[r]);
      ids[r] = e.indices();
      counts[r] = e.values();
    }
    double[][] lambda = new double[k][];
    for (int j = 0; j < k; j++) {
      lambda[j] = init[j].clone();
    }
    double[] expTheta = new double[k];
    for (int it = 0; it < iterations; it++) {
      double[][] eb = LdaTransform.expElogBetaByTerm(lambda);
      double[][] stats = new double[size][k];
      for (int r = 0; r < docs.length; r++) {
        if (ids[r].length == 0) {
          continue;
        }
        LdaTransform.infer(ids[r], counts[r], eb, alpha, steps, tolerance, expTheta);
        for (int m = 0; m < ids[r].length; m++) {
          double[] e = eb[ids[r][m]];
          double norm = 0;
          for (int j = 0; j < k; j++) {
            norm += expTheta[j] * e[j];
          }
          double ratio = counts[r][m] / (norm + LdaTransform.EPS);
          double[] s = stats[ids[r][m]];
          for (int j = 0; j < k; j++) {
            s[j] += expTheta[j] * ratio;
          }
        }
      }
      for (int j = 0; j < k; j++) {
        for (int w = 0; w < size; w++) {
          lambda[j][w] = beta + stats[w][j] * eb[w][j];
        }
      }
    }
    return lambda;
  }

  /** A Gamma(shape, 1) draw for shape ≥ 1 (Marsaglia and Tsang 2000). */
  static double gamma(Random random, double shape) {
    double d = shape - 1.0 / 3;
    double c = 1 / Math.sqrt(9 * d);
    while (true) {
      double x = random.nextGaussian();
      double v = 1 + c * x;
      if (v <= 0) {
        continue;
      }
      v = v * v * v;
      double u = random.nextDouble();
      if (u < 1 - 0.0331 * x * x * x * x || Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) {
        return d * v;
      }
    }
  }
}
