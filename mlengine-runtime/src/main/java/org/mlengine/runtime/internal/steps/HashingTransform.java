package org.mlengine.runtime.internal.steps;

import static org.mlengine.runtime.internal.Checks.checkArgument;

import java.util.Arrays;
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
import java.util.ArrayList;

/**
 * The hashing trick on text, as scikit-learn's {@code HashingVectorizer}: each term goes to
 * bucket {@code |murmur3_32(utf8(term), seed 0)| mod buckets} with sign + for a non-negative
 * hash and − otherwise (when signs alternate), the signed counts of a bucket add up, and the row
 * is normalized. Nothing is learned: the state is the options. Each text column is replaced, in
 * place, by a VECTOR column of the same name with dimensions {@code column#0 ..
 * column#(buckets-1)}.
 *
 * <pre>{@code
 * TextAnalyzer words = new TextAnalyzer(TokenizerSettings.DEFAULT, TextAnalyzer.Kind.WORD, 1, 2);
 * HashingTransform hashing = new HashingTransform(words, 1024, true, VectorNorm.L2, List.of("Review"));
 * Table out = hashing.apply(reviews);   // Review becomes a VECTOR column Review#0 .. Review#1023
 * }</pre>
 */
public final class HashingTransform implements FittedTransform {
  public static final String TAG = "text_hashing";

  /**
   * The most buckets per text column: each is a named feature in the bundle's manifest, whose
   * size is capped (16 MB by default); 2^18 names take about 4 MB.
   */
  public static final int MAX_BUCKETS = 1 << 18;

  private final TextAnalyzer analyzer;
  private final int buckets;
  private final boolean alternateSign;
  private final VectorNorm norm;
  private final List<String> columns;
  private final List<List<String>> dimensions;

  /**
   * @param analyzer how a text becomes terms
   * @param buckets the number of buckets (dimensions) per text column
   * @param alternateSign whether a term's sign comes from its hash
   * @param norm the row normalization
   * @param columns the text columns
   */
public   HashingTransform(TextAnalyzer analyzer, int buckets, boolean alternateSign, VectorNorm norm, List<String> columns) {
    this.analyzer = Objects.requireNonNull(analyzer, "analyzer");
    this.norm = Objects.requireNonNull(norm, "norm");
    checkArgument(
        buckets >= 1 && buckets <= MAX_BUCKETS, "buckets is %s; it must be between 1 and %s", buckets, MAX_BUCKETS);
    this.buckets = buckets;
    this.alternateSign = alternateSign;
    this.columns = List.copyOf(columns);
    checkArgument(!this.columns.isEmpty(), "text_hashing needs at least one column");
    Set<String> seen = new HashSet<>();
    List<List<String>> dims = new ArrayList<>();
    for (String c : this.columns) {
      checkArgument(seen.add(c), "column '%s' is hashed twice; give each column once", c);
      dims.add(DimensionNames.numbered(c + "#", buckets));
    }
    this.dimensions = List.copyOf(dims);
  }

  /** scikit-learn's bucket of a term: {@code abs(h) % buckets}, with {@code abs(-2^31)} taken as {@code 2^31}. */
  static int bucket(int hash, int buckets) {
    if (hash == Integer.MIN_VALUE) {
      return (int) ((1L << 31) % buckets);
    }
    return Math.abs(hash) % buckets;
  }

  /** The signed 32-bit murmur3 hash (seed 0) of the term's UTF-8 bytes, as scikit-learn's {@code murmurhash3_32}. */
  static int hash(String term) {
    return Murmur3.hash(term);
  }

  @Override
  public String tag() {
    return TAG;
  }

  @Override
  public List<String> inputColumns() {
    return columns;
  }

  /** The dimension names of the VECTOR column that replaces text column {@code c}: {@code column#bucket}. */
  List<String> dimensions(int c) {
    return dimensions.get(c);
  }

  @Override
  public Table apply(Table table) {
    Table out = table;
    for (int c = 0; c < columns.size(); c++) {
      String column = columns.get(c);
      String[] docs = TextAnalyzer.texts(TAG, table, column);
      TextVectors vectors = new TextVectors(docs.length);
      for (int r = 0; r < docs.length; r++) {
        TextVectors.Entries e = vector(docs[r]);
        vectors.set(r, e.indices(), e.values());
      }
      out = vectors.write(out, column, dimensions.get(c));
    }
    return out;
  }

  /** The row form, as {@link BagOfWordsTransform#compile(Slots)}. */
  @Override
  public Optional<RowKernel> compile(Slots slots) {
    int n = columns.size();
    int[] in = new int[n];
    int[] out = new int[n];
    for (int c = 0; c < n; c++) {
      if (!TextVectors.isText(slots, columns.get(c))) {
        return Optional.empty();
      }
      in[c] = slots.string(columns.get(c));
    }
    for (int c = 0; c < n; c++) {
      out[c] = slots.newVector(columns.get(c), dimensions.get(c));
    }
    return Optional.of(row -> {
      for (int c = 0; c < n; c++) {
        TextVectors.write(row, out[c], vector(row.string(in[c])));
      }
    });
  }

  /** The hashed, signed, normalized vector of one document (empty for a missing one). */
  private TextVectors.Entries vector(String doc) {
    Map<String, Integer> counts = analyzer.counts(doc);
    // (bucket, value) sorted by bucket; terms that share a bucket add up
    long[] keyed = new long[counts.size()];
    double[] value = new double[counts.size()];
    int k = 0;
    for (Map.Entry<String, Integer> e : counts.entrySet()) {
      int h = hash(e.getKey());
      keyed[k] = ((long) bucket(h, buckets) << 32) | k;
      value[k] = alternateSign && h < 0 ? -e.getValue() : e.getValue();
      k++;
    }
    Arrays.sort(keyed);
    int[] indices = new int[k];
    double[] values = new double[k];
    int m = -1;
    for (long key : keyed) {
      int b = (int) (key >>> 32);
      double v = value[(int) key];
      if (m >= 0 && indices[m] == b) {
        values[m] += v;
      } else {
        m++;
        indices[m] = b;
        values[m] = v;
      }
    }
    indices = Arrays.copyOf(indices, m + 1);
    values = Arrays.copyOf(values, m + 1);
    TextVectors.normalize(values, norm);
    return new TextVectors.Entries(indices, values);
  }

  // ---- state ----

  TextAnalyzer analyzer() {
    return analyzer;
  }

  int buckets() {
    return buckets;
  }

  boolean alternateSign() {
    return alternateSign;
  }

  VectorNorm norm() {
    return norm;
  }

  List<String> columns() {
    return columns;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof HashingTransform t
        && t.analyzer.equals(analyzer)
        && t.buckets == buckets
        && t.alternateSign == alternateSign
        && t.norm == norm
        && t.columns.equals(columns);
  }

  @Override
  public int hashCode() {
    return Objects.hash(analyzer, buckets, alternateSign, norm, columns);
  }

  @Override
  public String toString() {
    return TAG + "{columns=" + columns + ", buckets=" + buckets + ", alternateSign=" + alternateSign + ", norm=" + norm
        + ", analyzer=" + analyzer + "}";
  }
}
