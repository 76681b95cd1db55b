package org.mlengine.features;

import com.google.common.collect.ImmutableMap;
import java.util.EnumSet;
import java.util.List;
import org.mlengine.runtime.ColumnType;
import org.mlengine.core.spi.FitContext;
import org.mlengine.runtime.spi.FittedTransform;
import org.mlengine.runtime.Schema;
import org.mlengine.runtime.Table;
import org.mlengine.runtime.internal.steps.LsaTransform;

/**
 * The latent semantic analysis step; see {@link Features#lsa(String)}.
 *
 * <pre>{@code
 * Lsa topics = Features.lsa("review").topics(50);
 * Table features = topics.fit(context).apply(testPart);   // review dropped, review_topic0 .. 49 added
 * }</pre>
 *
 * <p>Fitting learns the bag of words (TF-IDF by default, L2-normalized rows), then the top
 * {@code k} right singular vectors of the training rows' term matrix by randomized SVD with
 * power iterations (scikit-learn's {@code randomized_svd}: 10 extra dimensions, 7 iterations;
 * the dense steps run in ND4J, in double precision), seeded with the pipeline seed. On a small
 * training part (fewer than {@code k + 10} rows or terms) the result is exact, equal to
 * {@code TruncatedSVD(algorithm='arpack')} up to sign; on larger ones it is the randomized
 * approximation, as scikit-learn's default: the leading topics match the exact ones closely,
 * trailing topics whose singular values are close together less so (on a 2,000 × 8,909 TF-IDF
 * matrix with k = 20, every singular value within 1.3% of ARPACK's). Signs are fixed as scikit-learn's
 * {@code svd_flip(u_based_decision=False)}: each topic's weight of largest magnitude is
 * positive. Topic {@code j} of a document is the dot product of its term vector with singular
 * vector {@code j} (no centering, as scikit-learn). A missing text is an empty document (zeros).
 *
 * <p>{@code k} may be at most the number of terms and the number of training rows; fitting says
 * which limit was hit. The state holds {@code k} weights per term: with 100 topics and 20,000
 * terms that is 2 million numbers in the bundle, so bound the vocabulary ({@code maxFeatures},
 * {@code minDf}) for large corpora.
 */
public final class Lsa extends Step {
  static final int DEFAULT_TOPICS = 100;
  static final int MAX_TOPICS = 1000;

  final BagOfWords terms;
  final int topics;

  Lsa(BagOfWords terms, int topics) {
    super(LsaTransform.TAG, terms.columns, EnumSet.of(ColumnType.TEXT));
    this.terms = terms;
    this.topics = topics;
  }

  /** The number of topics, i.e. output columns (default 100, at most 1000). */
  public Lsa topics(int k) {
    if (k < 1 || k > MAX_TOPICS) {
      throw new IllegalArgumentException("topics(" + k + ") must be between 1 and " + MAX_TOPICS + "; each topic"
          + " is one output column. scikit-learn advises 100 for LSA, e.g. topics(100)");
    }
    return new Lsa(terms, k);
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
    return TopicFits.lsa(terms, topics, context.table(), context.seed());
  }

  @Override
  void options(ImmutableMap.Builder<String, Object> spec) {
    spec.put("topics", topics);
    spec.put("terms", terms.spec());
  }
}
