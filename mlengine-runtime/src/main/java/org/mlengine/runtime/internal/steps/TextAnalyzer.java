package org.mlengine.runtime.internal.steps;

import static org.mlengine.runtime.internal.Checks.checkArgument;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import org.mlengine.runtime.ColumnType;
import org.mlengine.runtime.Table;
import java.util.SortedSet;
import org.mlengine.runtime.internal.Immutables;

/**
 * How a document becomes terms, as scikit-learn's analyzers do it: {@code 'word'} (lowercase,
 * tokenize, drop stop words, join word n-grams with one space) or {@code 'char_wb'} (character
 * n-grams inside words, each word padded with one space on either side). Immutable.
 *
 * <pre>{@code
 * TextAnalyzer words = new TextAnalyzer(TokenizerSettings.DEFAULT, TextAnalyzer.Kind.WORD, 1, 2);
 * Map<String, Integer> counts = words.counts("Good food, good prices");   // good=2, good food=1, ...
 * }</pre>
 */
public final class TextAnalyzer {

  /** Which analyzer. */
  public enum Kind {
    WORD("word"),
    CHAR_WB("char_wb");

    final String label;

    Kind(String label) {
      this.label = label;
    }

    static Kind of(String label, String tag) {
      for (Kind k : values()) {
        if (k.label.equals(label)) {
          return k;
        }
      }
      throw new IllegalArgumentException(
          tag + " state field 'analyzer.kind' is '" + label + "'; expected 'word' or 'char_wb'");
    }
  }

  /**
   * Orders strings by Unicode code point, as Python sorts {@code str}; {@link String#compareTo}
   * compares UTF-16 units and puts characters above U+FFFF before U+E000..U+FFFF.
   */
  public static final Comparator<String> CODE_POINT_ORDER = (a, b) -> {
    int i = 0;
    int j = 0;
    while (i < a.length() && j < b.length()) {
      int ca = a.codePointAt(i);
      int cb = b.codePointAt(j);
      if (ca != cb) {
        return Integer.compare(ca, cb);
      }
      i += Character.charCount(ca);
      j += Character.charCount(cb);
    }
    return Integer.compare(a.length() - i, b.length() - j);
  };

  private static final SortedSet<String> ENGLISH = readStopWords("english_stop_words.txt");

  final TokenizerSettings tokenizer;
  final Kind kind;
  final int minN;
  final int maxN;

  public TextAnalyzer(TokenizerSettings tokenizer, Kind kind, int minN, int maxN) {
    this.tokenizer = Objects.requireNonNull(tokenizer, "tokenizer");
    this.kind = Objects.requireNonNull(kind, "kind");
    checkArgument(minN >= 1 && minN <= maxN, "the n-gram range (%s, %s) needs 1 <= min <= max", minN, maxN);
    this.minN = minN;
    this.maxN = maxN;
  }

  /** The tokenizer the word analyzer uses (only its lowercase option for {@code char_wb}). */
  public TokenizerSettings tokenizer() {
    return tokenizer;
  }

  /** Which analyzer. */
  public Kind kind() {
    return kind;
  }

  /** The shortest n-gram. */
  public int minN() {
    return minN;
  }

  /** The longest n-gram. */
  public int maxN() {
    return maxN;
  }

  /** scikit-learn's {@code ENGLISH_STOP_WORDS}, read once from the copy shipped as data. */
  public static SortedSet<String> englishStopWords() {
    return ENGLISH;
  }

  // ---- analysis ----

  /** Hands every term of the document to {@code sink}, in order and with repeats. */
  public void forEachTerm(String text, Consumer<String> sink) {
    if (kind == Kind.CHAR_WB) {
      charWbNgrams(tokenizer.preprocess(text), sink);
      return;
    }
    List<String> tokens = tokenizer.tokenize(text);
    int count = tokens.size();
    for (int n = minN; n <= maxN; n++) {
      if (n == 1) {
        tokens.forEach(sink);
        continue;
      }
      for (int i = 0; i + n <= count; i++) {
        sink.accept(n == 2 ? tokens.get(i) + " " + tokens.get(i + 1) : String.join(" ", tokens.subList(i, i + n)));
      }
    }
  }

  /** How often each term occurs in the document; an empty map for a missing one. */
  public Map<String, Integer> counts(String text) {
    Map<String, Integer> out = new HashMap<>();
    if (text != null) {
      forEachTerm(text, term -> out.merge(term, 1, Integer::sum));
    }
    return out;
  }

  /**
   * scikit-learn's {@code _char_wb_ngrams}: split on whitespace (Python's {@code str.split()}),
   * pad each word with one space on either side and take its character n-grams; a word shorter
   * than n gives the whole padded word once. Lengths count code points, as Python does.
   */
  private void charWbNgrams(String text, Consumer<String> sink) {
    int[] cps = text.codePoints().toArray();
    int at = 0;
    while (at < cps.length) {
      while (at < cps.length && isPythonSpace(cps[at])) {
        at++;
      }
      int start = at;
      while (at < cps.length && !isPythonSpace(cps[at])) {
        at++;
      }
      if (at == start) {
        break;
      }
      int[] word = new int[at - start + 2];
      word[0] = ' ';
      System.arraycopy(cps, start, word, 1, at - start);
      word[word.length - 1] = ' ';
      int length = word.length;
      for (int n = minN; n <= maxN; n++) {
        int offset = 0;
        sink.accept(new String(word, 0, Math.min(n, length)));
        while (offset + n < length) {
          offset++;
          sink.accept(new String(word, offset, n));
        }
        if (offset == 0) {
          break; // a word no longer than n is counted once
        }
      }
    }
  }

  /** Python's {@code str.isspace()}: the characters {@code str.split()} splits on. */
  static boolean isPythonSpace(int cp) {
    return (cp >= 0x09 && cp <= 0x0D) || (cp >= 0x1C && cp <= 0x20) || cp == 0x85 || cp == 0xA0 || cp == 0x1680
        || (cp >= 0x2000 && cp <= 0x200A) || cp == 0x2028 || cp == 0x2029 || cp == 0x202F || cp == 0x205F
        || cp == 0x3000;
  }

  // ---- checks shared by the text steps ----

  /**
   * Adds the problems of this analyzer that the step's check reports: tokenizer options a
   * character analyzer would ignore, and stop words that can never match lowercased text.
   */
  public void check(String step, List<String> problems) {
    if (kind == Kind.CHAR_WB) {
      TokenizerSettings plain = TokenizerSettings.DEFAULT.withLowercase(tokenizer.lowercase);
      if (!tokenizer.equals(plain)) {
        problems.add(step + " with charNgrams(" + minN + ", " + maxN + ") cuts words into characters, so the"
            + " tokenizer's pattern, minimum length and stop words are not used (only lowercase is); remove them"
            + " from the tokenizer, or use ngramRange(...) for word n-grams.");
      }
      return;
    }
    if (tokenizer.lowercase) {
      List<String> upper = new ArrayList<>();
      for (String w : tokenizer.stopWords) {
        if (!w.equals(w.toLowerCase(java.util.Locale.ROOT))) {
          upper.add(w);
        }
      }
      if (!upper.isEmpty()) {
        problems.add(step + " has stop words with upper-case letters " + (upper.size() > 5 ? upper.subList(0, 5)
            + " and " + (upper.size() - 5) + " more" : upper) + ", but the tokenizer lowercases text, so they never"
            + " match; give stop words in lower case, or use Features.tokenizer().lowercase(false).");
      }
    }
  }

  /**
   * The documents of a TEXT input column at apply time ({@code null} for missing); a column whose
   * values are all missing is accepted whatever its type, because a request holding only missing
   * values cannot show its type.
   */
  static String[] texts(String step, Table table, String column) {
    Inputs.requirePresent(step, table, column);
    ColumnType type = table.type(column);
    if (type == ColumnType.TEXT) {
      return table.stringColumn(column);
    }
    for (int r = 0; r < table.rowCount(); r++) {
      if (!table.isMissing(column, r)) {
        throw Inputs.wrongTypeAtApply(step, column, type, ColumnType.TEXT);
      }
    }
    return new String[table.rowCount()];
  }

  // ---- spec and state ----

  /** The analyzer's options as JSON-ready values, for the pipeline spec. */
  public Map<String, Object> spec() {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("analyzer", kind.label);
    out.put("ngramRange", List.of(minN, maxN));
    out.put("lowercase", tokenizer.lowercase);
    if (kind == Kind.WORD) {
      out.put("tokenPattern", tokenizer.tokenPattern);
      out.put("minLength", tokenizer.minLength);
      out.put("stopWords", List.copyOf(tokenizer.stopWords));
    }
    return out;
  }

  /** The analyzer as a state object; every field is written, whatever the kind. */
  ObjectNode write() {
    ObjectNode node = JsonNodeFactory.instance.objectNode();
    node.put("kind", kind.label);
    node.put("ngramMin", minN);
    node.put("ngramMax", maxN);
    node.put("lowercase", tokenizer.lowercase);
    node.put("tokenPattern", tokenizer.tokenPattern);
    node.put("minLength", tokenizer.minLength);
    node.set("stopWords", StateJson.texts(List.copyOf(tokenizer.stopWords)));
    return node;
  }

  /** Reads what {@link #write()} wrote, from field {@code analyzer} of a state. */
  static TextAnalyzer read(JsonNode state, String tag) {
    JsonNode node = StateJson.objectField(state, "analyzer", "", tag);
    Kind kind = Kind.of(StateJson.text(node, "kind", "analyzer", tag), tag);
    int minN = whole(node, "ngramMin", tag);
    int maxN = whole(node, "ngramMax", tag);
    boolean lowercase = StateJson.bool(node, "lowercase", "analyzer", tag);
    String pattern = StateJson.text(node, "tokenPattern", "analyzer", tag);
    int minLength = whole(node, "minLength", tag);
    List<String> stopWords = StateJson.texts(node, "stopWords", "analyzer", tag);
    return StateJson.build(tag, () -> new TextAnalyzer(
        TokenizerSettings.DEFAULT
            .withLowercase(lowercase)
            .withTokenPattern(pattern)
            .withMinLength(minLength)
            .withStopWords(Immutables.sortedSet(stopWords)),
        kind,
        minN,
        maxN));
  }

  /** A whole-number field of the analyzer object. */
  static int whole(JsonNode node, String field, String tag) {
    JsonNode value = StateJson.field(node, field, "analyzer", tag);
    if (!value.canConvertToInt() || !value.isIntegralNumber()) {
      throw new IllegalArgumentException(
          tag + " state field 'analyzer." + field + "' must be a whole number, found " + value.getNodeType() + " "
              + value);
    }
    return value.intValue();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TextAnalyzer a
        && a.tokenizer.equals(tokenizer) && a.kind == kind && a.minN == minN && a.maxN == maxN;
  }

  @Override
  public int hashCode() {
    return Objects.hash(tokenizer, kind, minN, maxN);
  }

  @Override
  public String toString() {
    return spec().toString();
  }

  private static SortedSet<String> readStopWords(String resource) {
    try (InputStream in = TextAnalyzer.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("the stop word list " + resource + " is missing from mlengine-features");
      }
      BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      List<String> words = new ArrayList<>();
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        String word = line.strip();
        if (!word.isEmpty() && !word.startsWith("#")) {
          words.add(word);
        }
      }
      return Immutables.sortedSet(words);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the stop word list " + resource, e);
    }
  }
}
