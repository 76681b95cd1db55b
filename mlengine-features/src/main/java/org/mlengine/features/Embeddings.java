package org.mlengine.features;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import com.google.common.collect.ImmutableSortedMap;
import com.google.common.collect.ImmutableSortedSet;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.mlengine.core.Augmentation;
import org.mlengine.core.Augmenter;
import org.mlengine.core.ColumnType;
import org.mlengine.core.Extractor;
import org.mlengine.core.FitContext;
import org.mlengine.core.FittedTransform;
import org.mlengine.core.InvalidInputException;
import org.mlengine.core.Partition;
import org.mlengine.core.Schema;
import org.mlengine.core.Table;
import org.mlengine.features.Features.Tokenizer;
import org.mlengine.features.kernel.BagOfWordsTransform;
import org.mlengine.features.kernel.CalendarTransform;
import org.mlengine.features.kernel.ClipTransform;
import org.mlengine.features.kernel.EmbeddingTransform;
import org.mlengine.features.kernel.FrequencyEncodingTransform;
import org.mlengine.features.kernel.GroupRareTransform;
import org.mlengine.features.kernel.HashingTransform;
import org.mlengine.features.kernel.ImputeTransform;
import org.mlengine.features.kernel.LdaTransform;
import org.mlengine.features.kernel.Log1pTransform;
import org.mlengine.features.kernel.LsaTransform;
import org.mlengine.features.kernel.MeanEncodingTransform;
import org.mlengine.features.kernel.OneHotTransform;
import org.mlengine.features.kernel.QuantileBinsTransform;
import org.mlengine.features.kernel.ScaleTransform;
import org.mlengine.features.kernel.SineCosineTransform;
import org.mlengine.features.kernel.StandardizeTransform;
import org.mlengine.features.kernel.TextAnalyzer;
import org.mlengine.features.kernel.TokenizerSettings;
import org.mlengine.features.kernel.WeightOfEvidenceTransform;

/**
 * The word embeddings step; see {@link Features#embeddings(String)}.
 *
 * <pre>{@code
 * Embeddings glove = Features.embeddings("review").vectors(Path.of("glove.6B.50d.txt"));
 * Table features = glove.fit(context).apply(testPart);    // review dropped, review_emb0 .. 49 added
 * }</pre>
 *
 * <p>The file is read once, at fit time: UTF-8, one word per line followed by its values,
 * separated by spaces (GloVe's format), with word2vec's optional first line {@code count
 * dimensions}; blank lines are skipped. A malformed file (a line with another number of values,
 * a value that is not a finite number, a word given twice that the training rows use, a header
 * that does not match) is refused with the line number. Tokens are looked up exactly as the
 * {@link #tokenizer(Tokenizer)} yields them, lowercased by default: give {@code
 * Features.tokenizer().lowercase(false)} for cased vectors such as word2vec's GoogleNews. A
 * document's vector is the mean over its token occurrences that have a vector; tokens that do
 * not occur in the training rows are unknown later, even when the file has them, because only
 * the training rows' vectors are kept (with the file's name and SHA-256, for provenance).
 */
public final class Embeddings implements Extractor {
  private final ImmutableList<String> columns;
  private final Tokenizer tokenizer;
  private final java.nio.file.Path vectors;

  Embeddings(ImmutableList<String> columns, Tokenizer tokenizer, java.nio.file.Path vectors) {
    this.columns = columns;
    this.tokenizer = tokenizer;
    this.vectors = vectors;
  }

  /** The word vectors file, in GloVe or word2vec text format (UTF-8). Required. */
  public Embeddings vectors(java.nio.file.Path file) {
    if (file == null) {
      throw new IllegalArgumentException("vectors(null): give the path of a word vectors file in GloVe or word2vec"
          + " text format, e.g. vectors(Path.of(\"glove.6B.50d.txt\"))");
    }
    return new Embeddings(columns, tokenizer, file);
  }

  /** Tokenize words with this tokenizer (default {@link Features#tokenizer()}). */
  public Embeddings tokenizer(Tokenizer tokenizer) {
    if (tokenizer == null) {
      throw new IllegalArgumentException("tokenizer(null): give a tokenizer, e.g. Features.tokenizer().lowercase(false)");
    }
    return new Embeddings(columns, tokenizer, vectors);
  }

  private TextAnalyzer analyzer() {
    return new TextAnalyzer(tokenizer.settings(), TextAnalyzer.Kind.WORD, 1, 1);
  }

  @Override
  public String name() {
    return EmbeddingTransform.TAG;
  }

  @Override
  public List<String> columns() {
    return columns;
  }

  @Override
  public void check(Schema schema, List<String> problems) {
    Steps.checkColumns(name(), columns, schema, EnumSet.of(ColumnType.TEXT), problems);
    analyzer().check(name(), problems);
    if (vectors == null) {
      problems.add(name() + " needs a word vectors file: add .vectors(Path.of(\"glove.6B.50d.txt\")) with a file in"
          + " GloVe or word2vec text format.");
    } else if (!java.nio.file.Files.isRegularFile(vectors) || !java.nio.file.Files.isReadable(vectors)) {
      problems.add(name() + " reads word vectors file '" + vectors + "', which "
          + (java.nio.file.Files.exists(vectors) ? "is not a readable file" : "does not exist")
          + ". Check the path.");
    }
  }

  @Override
  public FittedTransform fit(FitContext context) {
    Steps.checkFit(this, context);
    return TopicFits.embeddings(columns.get(0), tokenizer.settings(), vectors, context.table());
  }

  @Override
  public Map<String, Object> spec() {
    Map<String, Object> spec = new LinkedHashMap<>();
    spec.put("columns", columns);
    if (vectors != null) {
      spec.put("vectors", vectors.toString());
    }
    spec.putAll(analyzer().spec());
    return ImmutableMap.copyOf(spec);
  }

  @Override
  public String toString() {
    return name() + spec();
  }
}
