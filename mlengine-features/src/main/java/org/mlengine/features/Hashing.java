package org.mlengine.features;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import org.mlengine.runtime.ColumnType;
import org.mlengine.core.spi.FitContext;
import org.mlengine.runtime.spi.FittedTransform;
import org.mlengine.runtime.Table;
import org.mlengine.features.Features.Norm;
import org.mlengine.features.Features.Tokenizer;
import org.mlengine.runtime.internal.steps.HashingTransform;
import org.mlengine.runtime.internal.steps.TextAnalyzer;

/**
 * The text hashing step; see {@link Features#hashing(String...)}.
 *
 * <pre>{@code
 * Hashing hashed = Features.hashing("review").buckets(1 << 14).ngramRange(1, 2);
 * Table features = hashed.fit(context).apply(testPart);   // review is now a VECTOR: review#0 .. review#16383
 * }</pre>
 *
 * <p>As scikit-learn's {@code HashingVectorizer(alternate_sign=True, norm='l2')}: term {@code
 * t} goes to bucket {@code |h| mod buckets} where {@code h} is the signed 32-bit murmur3 hash
 * (seed 0) of its UTF-8 bytes, and adds +1 when {@code h >= 0} and −1 otherwise; the signs let
 * colliding terms cancel out on average. Then each row is scaled to unit L2 norm. The terms are
 * the same as {@link BagOfWords}'s (tokenizer, word or character n-grams). Nothing is learned
 * from the training rows. Unlike scikit-learn's default of 2^20 buckets, the default here is
 * 2^16 and the most is 2^18, because every bucket is a named feature of the model and its
 * name is listed in the bundle's manifest.
 */
public final class Hashing extends Step {
  static final int DEFAULT_BUCKETS = 1 << 16;

  private final Tokenizer tokenizer;
  private final TextAnalyzer.Kind kind;
  private final int minN;
  private final int maxN;
  private final int buckets;
  private final boolean alternateSign;
  private final Norm norm;

  Hashing(ImmutableList<String> columns, Tokenizer tokenizer, TextAnalyzer.Kind kind, int minN, int maxN,
      int buckets, boolean alternateSign, Norm norm) {
    super(HashingTransform.TAG, columns, EnumSet.of(ColumnType.TEXT));
    this.tokenizer = tokenizer;
    this.kind = kind;
    this.minN = minN;
    this.maxN = maxN;
    this.buckets = buckets;
    this.alternateSign = alternateSign;
    this.norm = norm;
  }

  /** Tokenize words with this tokenizer (default {@link Features#tokenizer()}). */
  public Hashing tokenizer(Tokenizer tokenizer) {
    if (tokenizer == null) {
      throw new IllegalArgumentException("tokenizer(null): give a tokenizer, e.g. Features.tokenizer().minLength(3)");
    }
    return new Hashing(columns, tokenizer, kind, minN, maxN, buckets, alternateSign, norm);
  }

  /** Word n-grams from {@code min} to {@code max} words (default 1, 1). */
  public Hashing ngramRange(int min, int max) {
    Steps.checkTextRange("ngramRange", min, max, "ngramRange(1, 2) for single words and pairs of words");
    return new Hashing(columns, tokenizer, TextAnalyzer.Kind.WORD, min, max, buckets, alternateSign, norm);
  }

  /** Character n-grams inside words instead of words (scikit-learn's {@code analyzer='char_wb'}). */
  public Hashing charNgrams(int min, int max) {
    Steps.checkTextRange("charNgrams", min, max, "charNgrams(2, 4)");
    return new Hashing(columns, tokenizer, TextAnalyzer.Kind.CHAR_WB, min, max, buckets, alternateSign, norm);
  }

  /** The number of buckets, i.e. dimensions per text column (default 65536, at most 262144). */
  public Hashing buckets(int buckets) {
    if (buckets < 1 || buckets > HashingTransform.MAX_BUCKETS) {
      throw new IllegalArgumentException("buckets(" + buckets + ") must be between 1 and " + HashingTransform.MAX_BUCKETS
          + ": every bucket is a named model feature listed in the bundle; the default is " + DEFAULT_BUCKETS);
    }
    return new Hashing(columns, tokenizer, kind, minN, maxN, buckets, alternateSign, norm);
  }

  /** Whether a term adds −1 instead of +1 when its hash is negative (default true, as scikit-learn). */
  public Hashing alternateSign(boolean alternate) {
    return new Hashing(columns, tokenizer, kind, minN, maxN, buckets, alternate, norm);
  }

  /** Scale each row to this norm (default L2). */
  public Hashing norm(Norm norm) {
    if (norm == null) {
      throw new IllegalArgumentException("norm(null): give Features.Norm.NONE, Features.Norm.L1 or Features.Norm.L2");
    }
    return new Hashing(columns, tokenizer, kind, minN, maxN, buckets, alternateSign, norm);
  }

  private TextAnalyzer analyzer() {
    return new TextAnalyzer(tokenizer.settings(), kind, minN, maxN);
  }

  @Override
  void checkOptions(List<String> problems) {
    analyzer().check(name(), problems);
  }

  @Override
  FittedTransform fitChecked(FitContext context) {
    return new HashingTransform(analyzer(), buckets, alternateSign, KernelValues.norm(norm), columns);
  }

  @Override
  void options(ImmutableMap.Builder<String, Object> spec) {
    spec.putAll(analyzer().spec());
    spec.put("buckets", buckets);
    spec.put("alternateSign", alternateSign);
    spec.put("norm", norm.name().toLowerCase(Locale.ROOT));
  }
}
