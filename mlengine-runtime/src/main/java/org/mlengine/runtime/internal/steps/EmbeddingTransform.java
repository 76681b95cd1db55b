package org.mlengine.runtime.internal.steps;

import static org.mlengine.runtime.internal.Checks.checkArgument;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.mlengine.runtime.spi.FittedTransform;
import org.mlengine.runtime.spi.RowKernel;
import org.mlengine.runtime.spi.Slots;
import org.mlengine.runtime.Table;

/**
 * Fitted word embeddings of one text column: the vectors, read from a word vectors file, of the
 * tokens the training rows use, and nothing else of the file. A document's vector is the mean of
 * the vectors of its tokens that have one, each occurrence counted (a word said twice weighs
 * twice); a missing text, an empty one or one with no such token gives zeros. The text column is
 * dropped and NUMERIC columns {@code column_emb0 .. column_emb(d-1)} are appended.
 *
 * <pre>{@code
 * TextAnalyzer words = new TextAnalyzer(TokenizerSettings.DEFAULT, TextAnalyzer.Kind.WORD, 1, 1);
 * EmbeddingTransform embeddings = new EmbeddingTransform("Review", words, 2, List.of("bad", "good"),
 *     new double[][] {{-1, 0}, {1, 0}}, "vectors.txt", sha256Hex);
 * Table out = embeddings.apply(reviews);   // Review_emb0, Review_emb1
 * }</pre>
 *
 * <p>A token that has a vector in the file but does not occur in the training rows is not kept,
 * so it counts as unknown when it appears later: the bundle carries the vectors of the training
 * vocabulary only (plus the file's name and SHA-256, for provenance).
 */
public final class EmbeddingTransform implements FittedTransform {
  public static final String TAG = "embeddings";

  /** The output columns are {@code column_emb0 ..}. */
  static final String PREFIX = "emb";

  private final String column;
  private final TextAnalyzer analyzer;
  private final int dimensions;
  private final List<String> words;
  private final double[][] vectors;
  private final String sourceFile;
  private final String sourceSha256;
  private final Map<String, double[]> lookup;
  private final List<String> outputs;

  /**
   * @param column the text column
   * @param analyzer the word tokenizer (word unigrams)
   * @param dimensions the number of values per word
   * @param words the words kept, distinct and in code-point order
   * @param vectors one vector per word
   * @param sourceFile the name of the file the vectors came from
   * @param sourceSha256 the SHA-256 of that file, in hex
   */
  public EmbeddingTransform(String column, TextAnalyzer analyzer, int dimensions, List<String> words, double[][] vectors,
      String sourceFile, String sourceSha256) {
    this.column = Objects.requireNonNull(column, "column");
    this.analyzer = Objects.requireNonNull(analyzer, "analyzer");
    checkArgument(
        analyzer.kind == TextAnalyzer.Kind.WORD && analyzer.minN == 1 && analyzer.maxN == 1,
        "embeddings looks up single words, but the analyzer is %s", analyzer);
    checkArgument(dimensions >= 1, "the vectors have %s values; they need at least 1", dimensions);
    this.dimensions = dimensions;
    this.words = List.copyOf(words);
    checkArgument(!this.words.isEmpty(), "column '%s' has no word vectors; embeddings needs at least one", column);
    checkArgument(
        vectors.length == this.words.size(), "there are %s words but %s vectors; give one vector per word",
        this.words.size(), vectors.length);
    this.vectors = new double[vectors.length][];
    this.lookup = new HashMap<>(vectors.length * 2);
    for (int i = 0; i < vectors.length; i++) {
      String word = this.words.get(i);
      checkArgument(!word.isEmpty(), "word %s is empty", i);
      if (i > 0) {
        checkArgument(
            TextAnalyzer.CODE_POINT_ORDER.compare(this.words.get(i - 1), word) < 0,
            "the words must be distinct and sorted by code point, but '%s' comes before '%s'", this.words.get(i - 1),
            word);
      }
      checkArgument(
          vectors[i].length == dimensions, "the vector of '%s' has %s values; the vectors have %s", word,
          vectors[i].length, dimensions);
      for (double x : vectors[i]) {
        if (!Double.isFinite(x)) {
          throw new IllegalArgumentException("the vector of '" + word + "' holds " + x + "; values must be finite numbers");
        }
      }
      this.vectors[i] = vectors[i].clone();
      lookup.put(word, this.vectors[i]);
    }
    this.sourceFile = Objects.requireNonNull(sourceFile, "sourceFile");
    this.sourceSha256 = Objects.requireNonNull(sourceSha256, "sourceSha256");
    this.outputs = TopicColumns.names(column, PREFIX, dimensions);
  }

  // ---- applying ----

  @Override
  public String tag() {
    return TAG;
  }

  @Override
  public List<String> inputColumns() {
    return List.of(column);
  }

  /** The names of the appended columns, in order. */
  List<String> outputColumns() {
    return outputs;
  }

  @Override
  public Table apply(Table table) {
    return TopicColumns.apply(TAG, table, column, outputs, this::embed);
  }

  /** The row form: the same columns and values as {@link #apply(Table)}. */
  @Override
  public Optional<RowKernel> compile(Slots slots) {
    return TopicColumns.compile(slots, column, outputs, this::embed);
  }

  /** The mean vector of the document's known tokens, in token order; zeros when it has none. */
  double[] embed(String doc) {
    double[] sum = new double[dimensions];
    if (doc == null) {
      return sum;
    }
    int[] found = new int[1];
    analyzer.forEachTerm(doc, token -> {
      double[] v = lookup.get(token);
      if (v != null) {
        for (int j = 0; j < dimensions; j++) {
          sum[j] += v[j];
        }
        found[0]++;
      }
    });
    if (found[0] > 1) {
      for (int j = 0; j < dimensions; j++) {
        sum[j] /= found[0];
      }
    }
    return sum;
  }

  // ---- state ----

  String column() {
    return column;
  }

  TextAnalyzer analyzer() {
    return analyzer;
  }

  public int dimensions() {
    return dimensions;
  }

  public List<String> words() {
    return words;
  }

  /** The vector of word {@code i} (a copy). */
  public double[] vector(int i) {
    return vectors[i].clone();
  }

  public String sourceFile() {
    return sourceFile;
  }

  String sourceSha256() {
    return sourceSha256;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof EmbeddingTransform t
        && t.column.equals(column)
        && t.analyzer.equals(analyzer)
        && t.dimensions == dimensions
        && t.words.equals(words)
        && Arrays.deepEquals(t.vectors, vectors)
        && t.sourceFile.equals(sourceFile)
        && t.sourceSha256.equals(sourceSha256);
  }

  @Override
  public int hashCode() {
    return Objects.hash(column, analyzer, dimensions, words, Arrays.deepHashCode(vectors), sourceFile, sourceSha256);
  }

  @Override
  public String toString() {
    return TAG + "{column=" + column + ", dimensions=" + dimensions + ", words=" + words.size() + ", source="
        + sourceFile + "}";
  }
}
