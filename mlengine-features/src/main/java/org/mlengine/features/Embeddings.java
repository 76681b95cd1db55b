package org.mlengine.features;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import java.util.EnumSet;
import java.util.List;
import org.mlengine.runtime.ColumnType;
import org.mlengine.core.spi.FitContext;
import org.mlengine.runtime.spi.FittedTransform;
import org.mlengine.runtime.Table;
import org.mlengine.features.Features.Tokenizer;
import org.mlengine.runtime.internal.steps.EmbeddingTransform;
import org.mlengine.runtime.internal.steps.TextAnalyzer;

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
public final class Embeddings extends Step {
  private final Tokenizer tokenizer;
  private final java.nio.file.Path vectors;

  Embeddings(ImmutableList<String> columns, Tokenizer tokenizer, java.nio.file.Path vectors) {
    super(EmbeddingTransform.TAG, columns, EnumSet.of(ColumnType.TEXT));
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
  void checkOptions(List<String> problems) {
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
  FittedTransform fitChecked(FitContext context) {
    return TopicFits.embeddings(columns.get(0), tokenizer.settings(), vectors, context.table());
  }

  @Override
  void options(ImmutableMap.Builder<String, Object> spec) {
    if (vectors != null) {
      spec.put("vectors", vectors.toString());
    }
    spec.putAll(analyzer().spec());
  }
}
