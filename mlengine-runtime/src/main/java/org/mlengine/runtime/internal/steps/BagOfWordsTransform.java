package org.mlengine.runtime.internal.steps;

import static org.mlengine.runtime.internal.Checks.checkArgument;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.mlengine.runtime.spi.FittedTransform;
import org.mlengine.runtime.spi.RowKernel;
import org.mlengine.runtime.spi.Slots;
import org.mlengine.runtime.Table;
import java.util.LinkedHashMap;
import java.util.stream.Collectors;
import org.mlengine.runtime.DoubleArray;

/**
 * Fitted bag of words: per text column, the sorted vocabulary learned from the training rows
 * (and, for TF-IDF, each term's inverse document frequency). Each text column is replaced, in
 * place, by a VECTOR column of the same name with one dimension {@code column:term} per
 * vocabulary term, holding the term's weight in the row's text; a missing text and a text with
 * no known term give an empty (all-zero) vector.
 *
 * <pre>{@code
 * TextAnalyzer words = new TextAnalyzer(TokenizerSettings.DEFAULT, TextAnalyzer.Kind.WORD, 1, 1);
 * var vocab = List.of(new BagOfWordsTransform.Vocabulary("Review", List.of("bad", "good"), DoubleArray.of()));
 * var bow = new BagOfWordsTransform(words, BagOfWordsTransform.Weighting.COUNTS, false, VectorNorm.NONE, vocab);
 * Table out = bow.apply(reviews);   // Review becomes a VECTOR column: Review:bad, Review:good
 * }</pre>
 */
public final class BagOfWordsTransform implements FittedTransform {
  public static final String TAG = "bag_of_words";

  /** How a term's count in a document becomes its weight before normalization. */
  public enum Weighting {
    COUNTS("counts"),
    BINARY("binary"),
    TFIDF("tfidf");

    public final String label;

    Weighting(String label) {
      this.label = label;
    }
  }

  /**
   * The vocabulary of one text column.
   *
   * @param column the text column
   * @param terms the terms in code-point order; term {@code i} writes column {@code column:terms[i]}
   * @param idf each term's inverse document frequency (TF-IDF only, else empty)
   */
  public record Vocabulary(String column, List<String> terms, DoubleArray idf) {
    public Vocabulary {
      Objects.requireNonNull(column, "column");
      terms = List.copyOf(terms);
      Objects.requireNonNull(idf, "idf");
      checkArgument(!terms.isEmpty(), "column '%s' has an empty vocabulary; bag_of_words needs at least one term", column);
      for (int i = 1; i < terms.size(); i++) {
        checkArgument(
            TextAnalyzer.CODE_POINT_ORDER.compare(terms.get(i - 1), terms.get(i)) < 0,
            "the terms of column '%s' must be distinct and sorted by code point, but '%s' comes before '%s'",
            column,
            terms.get(i - 1),
            terms.get(i));
      }
      for (int i = 0; i < idf.length(); i++) {
        double v = idf.get(i);
        checkArgument(
            Double.isFinite(v) && v > 0,
            "the idf of term '%s' in column '%s' is %s; it must be a finite number > 0",
            terms.get(i),
            column,
            v);
      }
    }

    /** The dimension (feature) names, {@code column:term}, in vocabulary order, made when asked for. */
    List<String> dimensions() {
      return DimensionNames.of(column + ":", terms);
    }
  }

  private final TextAnalyzer analyzer;
  private final Weighting weighting;
  private final boolean sublinearTf;
  private final VectorNorm norm;
  private final List<Vocabulary> vocabularies;
  /** Per column, the term lookup where {@link #pairIndexes} has none; else null. */
  private final List<Map<String, Integer>> indexes;
  /** Per column, the string-free lookup when the analyzer allows it (word 1-2-grams, default tokens); else null. */
  private final List<WordPairIndex> pairIndexes;
  private final List<List<String>> outputs;

public   BagOfWordsTransform(
      TextAnalyzer analyzer, Weighting weighting, boolean sublinearTf, VectorNorm norm, List<Vocabulary> vocabularies) {
    this.analyzer = Objects.requireNonNull(analyzer, "analyzer");
    this.weighting = Objects.requireNonNull(weighting, "weighting");
    this.sublinearTf = sublinearTf;
    this.norm = Objects.requireNonNull(norm, "norm");
    this.vocabularies = List.copyOf(vocabularies);
    checkArgument(!this.vocabularies.isEmpty(), "bag_of_words needs at least one column");
    Set<String> seen = new HashSet<>();
    List<Map<String, Integer>> indexes = new ArrayList<>();
    List<List<String>> outputs = new ArrayList<>();
    for (Vocabulary v : this.vocabularies) {
      checkArgument(seen.add(v.column()), "column '%s' has two vocabularies; give each column once", v.column());
      int expected = weighting == Weighting.TFIDF ? v.terms().size() : 0;
      checkArgument(
          v.idf().length() == expected,
          "column '%s' has %s terms and %s idf values; %s weighting needs %s",
          v.column(),
          v.terms().size(),
          v.idf().length(),
          weighting.label,
          weighting == Weighting.TFIDF ? "one idf value per term" : "none");
      outputs.add(v.dimensions());
    }
    this.outputs = List.copyOf(outputs);
    boolean pairs = analyzer.kind == TextAnalyzer.Kind.WORD && analyzer.maxN <= 2
        && analyzer.tokenizer.tokenPattern.equals(TokenizerSettings.DEFAULT_PATTERN);
    List<WordPairIndex> pairIndexes = new ArrayList<>();
    for (Vocabulary v : this.vocabularies) {
      WordPairIndex pairIndex = pairs ? WordPairIndex.of(v.terms()) : null;
      pairIndexes.add(pairIndex);
      // the term map is the lookup only where the pair index is not: a million terms would cost it twice
      indexes.add(pairIndex != null ? null : termIndex(v.terms()));
    }
    this.pairIndexes = Collections.unmodifiableList(pairIndexes);
    this.indexes = Collections.unmodifiableList(indexes);
  }

  private static Map<String, Integer> termIndex(List<String> terms) {
    Map<String, Integer> index = new HashMap<>(terms.size() * 2);
    for (int i = 0; i < terms.size(); i++) {
      index.put(terms.get(i), i);
    }
    return index;
  }

  // ---- applying ----

  @Override
  public String tag() {
    return TAG;
  }

  @Override
  public List<String> inputColumns() {
    return vocabularies.stream().map(Vocabulary::column).collect(Collectors.toUnmodifiableList());
  }

  /** The dimension names of the VECTOR column that replaces text column {@code c}: {@code column:term}. */
  List<String> dimensions(int c) {
    return outputs.get(c);
  }

  @Override
  public Table apply(Table table) {
    Table out = table;
    for (int c = 0; c < vocabularies.size(); c++) {
      Vocabulary v = vocabularies.get(c);
      String[] docs = TextAnalyzer.texts(TAG, table, v.column());
      TextVectors vectors = new TextVectors(docs.length);
      for (int r = 0; r < docs.length; r++) {
        TextVectors.Entries e = vector(c, docs[r]);
        vectors.set(r, e.indices(), e.values());
      }
      out = vectors.write(out, v.column(), outputs.get(c));
    }
    return out;
  }

  /**
   * The row form: each text column's string slot is read and the column is rebound, in place, to
   * a vector slot with the same dimensions as {@link #apply(Table)} writes. Empty (the table path)
   * when a column is not TEXT at this step, so that path reports it.
   */
  @Override
  public Optional<RowKernel> compile(Slots slots) {
    int n = vocabularies.size();
    int[] in = new int[n];
    int[] out = new int[n];
    for (int c = 0; c < n; c++) {
      String column = vocabularies.get(c).column();
      if (!TextVectors.isText(slots, column)) {
        return Optional.empty();
      }
      in[c] = slots.string(column);
    }
    for (int c = 0; c < n; c++) {
      out[c] = slots.newVector(vocabularies.get(c).column(), outputs.get(c));
    }
    return Optional.of(row -> {
      for (int c = 0; c < n; c++) {
        TextVectors.Entries e = vector(c, row.string(in[c]));
        TextVectors.write(row, out[c], e);
      }
    });
  }

  /** The weighted, normalized term vector of one document in text column {@code c} (empty for a missing one). */
  private TextVectors.Entries vector(int c, String doc) {
    Vocabulary v = vocabularies.get(c);
    Map<String, Integer> index = indexes.get(c);
    // The vocabulary ids of the document's terms, with repeats; terms outside it are skipped
    // without being counted, then equal ids are counted after one sort.
    int[][] ids = {new int[64]};
    int[] size = {0};
    java.util.function.IntConsumer add = i -> {
      if (size[0] == ids[0].length) {
        ids[0] = Arrays.copyOf(ids[0], size[0] * 2);
      }
      ids[0][size[0]++] = i;
    };
    WordPairIndex pairs = pairIndexes.get(c);
    if (doc != null && pairs != null) {
      pairs.forEachTerm(analyzer.tokenizer.tokenize(doc), analyzer.minN, analyzer.maxN, add);
    } else if (doc != null) {
      analyzer.forEachTerm(doc, term -> {
        Integer i = index.get(term);
        if (i != null) {
          add.accept(i);
        }
      });
    }
    int[] found = ids[0];
    Arrays.sort(found, 0, size[0]);
    int k = 0;
    long[] packed = new long[size[0]];
    for (int j = 0; j < size[0]; ) {
      int id = found[j];
      int run = 0;
      while (j < size[0] && found[j] == id) {
        run++;
        j++;
      }
      packed[k++] = ((long) id << 32) | run;
    }
    int[] indices = new int[k];
    double[] values = new double[k];
    for (int j = 0; j < k; j++) {
      int i = (int) (packed[j] >>> 32);
      double tf = weighting == Weighting.BINARY ? 1 : (int) packed[j];
      if (sublinearTf) {
        tf = Math.log(tf) + 1;
      }
      indices[j] = i;
      values[j] = weighting == Weighting.TFIDF ? tf * v.idf().get(i) : tf;
    }
    TextVectors.normalize(values, norm);
    return new TextVectors.Entries(indices, values);
  }

  // ---- state ----

  TextAnalyzer analyzer() {
    return analyzer;
  }

  Weighting weighting() {
    return weighting;
  }

  boolean sublinearTf() {
    return sublinearTf;
  }

  VectorNorm norm() {
    return norm;
  }

  public List<Vocabulary> vocabularies() {
    return vocabularies;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof BagOfWordsTransform t
        && t.analyzer.equals(analyzer)
        && t.weighting == weighting
        && t.sublinearTf == sublinearTf
        && t.norm == norm
        && t.vocabularies.equals(vocabularies);
  }

  @Override
  public int hashCode() {
    return Objects.hash(analyzer, weighting, sublinearTf, norm, vocabularies);
  }

  @Override
  public String toString() {
    Map<String, Integer> sizes = new java.util.LinkedHashMap<>();
    vocabularies.forEach(v -> sizes.put(v.column(), v.terms().size()));
    Map<String, Object> shown = new java.util.LinkedHashMap<>();
    shown.put("weighting", weighting.label);
    shown.put("norm", norm.name());
    shown.put("terms", sizes);
    return TAG + shown;
  }
}
