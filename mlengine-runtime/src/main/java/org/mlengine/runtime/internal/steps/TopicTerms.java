package org.mlengine.runtime.internal.steps;

import static org.mlengine.runtime.internal.Checks.checkArgument;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The fitted bag of words under a topic step ({@code lsa}, {@code lda}): one text column's
 * vocabulary and weighting, and the term vector of one document, computed per document with
 * the same arithmetic in the same order as {@link BagOfWordsTransform} writes its VECTOR column
 * (the property {@code TopicFeaturesProperties} holds the two equal), so a topic step reads the
 * exact values its vectorizer would have produced.
 *
 * <pre>{@code
 * TopicTerms terms = new TopicTerms(bagOfWords);   // bagOfWords: a fitted BagOfWordsTransform
 * TextVectors.Entries doc = terms.vector("good food");
 * int vocabularySize = terms.size();
 * }</pre>
 */
public final class TopicTerms {
  private final BagOfWordsTransform terms;
  private final BagOfWordsTransform.Vocabulary vocabulary;
  private final Map<String, Integer> index;

  public TopicTerms(BagOfWordsTransform terms) {
    this.terms = Objects.requireNonNull(terms, "terms");
    checkArgument(
        terms.vocabularies().size() == 1, "a topic step reads one text column, but the terms have %s",
        terms.vocabularies().size());
    this.vocabulary = terms.vocabularies().get(0);
    this.index = new HashMap<>(vocabulary.terms().size() * 2);
    for (int i = 0; i < vocabulary.terms().size(); i++) {
      index.put(vocabulary.terms().get(i), i);
    }
  }

  /** The fitted bag of words (one column). */
  BagOfWordsTransform transform() {
    return terms;
  }

  /** The text column. */
  public String column() {
    return vocabulary.column();
  }

  /** The number of terms. */
  public int size() {
    return vocabulary.terms().size();
  }

  /** The weighted, normalized term vector of one document; empty for a missing one. */
  public TextVectors.Entries vector(String doc) {
    Map<String, Integer> counts = terms.analyzer().counts(doc);
    long[] packed = new long[counts.size()];
    int k = 0;
    for (Map.Entry<String, Integer> e : counts.entrySet()) {
      Integer i = index.get(e.getKey());
      if (i != null) {
        packed[k++] = ((long) i << 32) | e.getValue();
      }
    }
    Arrays.sort(packed, 0, k);
    int[] indices = new int[k];
    double[] values = new double[k];
    BagOfWordsTransform.Weighting weighting = terms.weighting();
    for (int j = 0; j < k; j++) {
      int i = (int) (packed[j] >>> 32);
      double tf = weighting == BagOfWordsTransform.Weighting.BINARY ? 1 : (int) packed[j];
      if (terms.sublinearTf()) {
        tf = Math.log(tf) + 1;
      }
      indices[j] = i;
      values[j] = weighting == BagOfWordsTransform.Weighting.TFIDF ? tf * vocabulary.idf().get(i) : tf;
    }
    TextVectors.normalize(values, terms.norm());
    return new TextVectors.Entries(indices, values);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TopicTerms t && t.terms.equals(terms);
  }

  @Override
  public int hashCode() {
    return terms.hashCode();
  }
}
