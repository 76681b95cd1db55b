package org.mlengine.features;

import com.google.common.collect.ImmutableList;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import org.mlengine.runtime.InvalidInputException;
import org.mlengine.runtime.Table;
import org.mlengine.runtime.internal.steps.BagOfWordsTransform;
import org.mlengine.runtime.internal.steps.EmbeddingTransform;
import org.mlengine.runtime.internal.steps.LsaTransform;
import org.mlengine.runtime.internal.steps.TextAnalyzer;
import org.mlengine.runtime.internal.steps.TextVectors;
import org.mlengine.runtime.internal.steps.TokenizerSettings;
import org.mlengine.runtime.internal.steps.TopicTerms;

/** What the topic and embedding steps learn from the training rows, as kernel states. */
final class TopicFits {
  private static final String LSA = LsaTransform.TAG;
  private static final String EMBEDDINGS = EmbeddingTransform.TAG;

  private TopicFits() {}

  /** Learns the vocabulary, then the top {@code k} singular vectors of the training term matrix. */
  static LsaTransform lsa(BagOfWords vectorizer, int k, Table train, long seed) {
    Svd.requireNd4j(LSA);
    BagOfWordsTransform bagOfWords = TextFits.bagOfWords(vectorizer, train);
    TopicTerms terms = new TopicTerms(bagOfWords);
    String column = terms.column();
    if (k > terms.size()) {
      throw new IllegalArgumentException(LSA + ": topics(" + k + ") is more than the " + count(terms.size(), "term")
          + " learned from column '" + column + "'; a truncated SVD finds at most one topic per term. Lower topics"
          + " to at most " + terms.size() + ", or keep more terms (a lower minDf, a higher maxDf or maxFeatures).");
    }
    String[] docs = train.stringColumn(column);
    if (k > docs.length) {
      throw new IllegalArgumentException(LSA + ": topics(" + k + ") is more than the " + count(docs.length, "training row")
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
    Svd.Result svd = Svd.truncated(LSA, indices, values, terms.size(), k, seed);
    return new LsaTransform(bagOfWords, svd.components(), svd.singularValues());
  }

  static String count(int n, String noun) {
    return n + " " + noun + (n == 1 ? "" : "s");
  }

  /**
   * Collects the training tokens, then reads the file and keeps their vectors.
   *
   * @throws InvalidInputException when the training rows have no token, or none with a vector
   */
  static EmbeddingTransform embeddings(String column, TokenizerSettings tokenizer, Path file, Table train) {
    TextAnalyzer analyzer = new TextAnalyzer(tokenizer, TextAnalyzer.Kind.WORD, 1, 1);
    String[] docs = train.stringColumn(column);
    Set<String> tokens = new LinkedHashSet<>();
    int missing = 0;
    for (String doc : docs) {
      if (doc == null) {
        missing++;
      } else {
        analyzer.forEachTerm(doc, tokens::add);
      }
    }
    if (tokens.isEmpty()) {
      String why = docs.length == 0 ? "the training part has no rows."
          : missing == docs.length ? "every training row is missing. Drop the column, or fill it."
          : "its " + (docs.length - missing) + " training texts have no tokens with " + analyzer.tokenizer()
              + ". Loosen the tokenizer or check the column's content.";
      throw new InvalidInputException(column, EMBEDDINGS + " cannot learn from column '" + column + "': " + why);
    }
    EmbeddingFile.Vectors read = EmbeddingFile.read(EMBEDDINGS, file, tokens);
    if (read.vectors().isEmpty()) {
      List<String> sample = ImmutableList.copyOf(tokens).subList(0, Math.min(5, tokens.size()));
      throw new InvalidInputException(column, EMBEDDINGS + " finds none of the " + tokens.size() + " distinct tokens of"
          + " column '" + column + "' (e.g. " + sample + ") among the " + read.words() + " words of word vectors file '"
          + file + "'. Check that the tokenizer matches the file's words (lowercase(false) for cased vectors) and"
          + " that the file is for this language.");
    }
    TreeMap<String, double[]> kept = read.vectors();
    Path name = file.getFileName();
    return new EmbeddingTransform(column, analyzer, read.dimensions(), ImmutableList.copyOf(kept.keySet()),
        kept.values().toArray(new double[0][]), name == null ? file.toString() : name.toString(), read.sha256());
  }
}
