package org.mlengine.features;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.mlengine.runtime.internal.steps.TextAnalyzer;

/**
 * Reads a word vectors file in the text format of GloVe and word2vec: one word per line, then
 * its values, separated by spaces or tabs, in UTF-8; word2vec's optional first line {@code count
 * dimensions} (two whole numbers) is recognized and checked. Blank lines are skipped. The file is
 * streamed once: every line is checked for its number of values, and only the vectors of the
 * wanted words are parsed and kept, so a file of millions of words costs memory only for the
 * words a corpus uses. Every problem names the file and the line.
 */
final class EmbeddingFile {
  private EmbeddingFile() {}

  /**
   * What was read.
   *
   * @param dimensions the number of values per word
   * @param vectors the wanted words found, in code-point order, with their vectors
   * @param words the number of vectors in the file
   * @param sha256 the SHA-256 of the file's bytes, in hex
   */
  record Vectors(int dimensions, TreeMap<String, double[]> vectors, long words, String sha256) {}

  /**
   * Reads the file, keeping the vectors of {@code wanted}.
   *
   * @param step the step, for messages
   * @throws IllegalArgumentException naming the line when the file is malformed
   * @throws UncheckedIOException when the file cannot be read
   */
  static Vectors read(String step, Path path, Set<String> wanted) {
    MessageDigest sha;
    try {
      sha = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("this Java runtime has no SHA-256", e);
    }
    Reading reading = new Reading(step, "word vectors file '" + path + "'", wanted);
    try (InputStream raw = Files.newInputStream(path); DigestInputStream in = new DigestInputStream(raw, sha)) {
      Lines reader = new Lines(in);
      while (true) {
        String line;
        try {
          line = reader.next();
        } catch (CharacterCodingException e) {
          throw new IllegalArgumentException(step + ": line " + (reading.lineNumber + 1) + " of " + reading.file
              + " is not valid UTF-8. Save the file as UTF-8.", e);
        }
        if (line == null) {
          break;
        }
        reading.accept(line);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(step + " cannot read " + reading.file + ": " + e.getMessage(), e);
    }
    return reading.finish(HexFormat.of().formatHex(sha.digest()));
  }

  /** The state of one pass over a file: what the lines so far declared, counted and kept. */
  private static final class Reading {
    private final String step;
    private final String file;
    private final Set<String> wanted;
    private final TreeMap<String, double[]> kept = new TreeMap<>(TextAnalyzer.CODE_POINT_ORDER);
    private final Map<String, Integer> keptAt = new HashMap<>();
    private int dimensions = -1;
    private int dimensionsLine;
    private boolean header;
    private long declared = -1;
    private long words;
    private int lineNumber;
    private boolean first = true;

    Reading(String step, String file, Set<String> wanted) {
      this.step = step;
      this.file = file;
      this.wanted = wanted;
    }

    void accept(String text) {
      lineNumber++;
      String line = lineNumber == 1 && text.startsWith("\uFEFF") ? text.substring(1) : text;
      int count = count(line);
      if (count == 0) {
        return;
      }
      if (first) {
        first = false;
        List<String> fields = fields(line);
        if (count == 2 && isWhole(fields.get(0)) && isWhole(fields.get(1))) {
          readHeader(fields);
          return;
        }
      }
      String word = firstField(line);
      int values = count - 1;
      if (values == 0) {
        throw new IllegalArgumentException(step + ": line " + lineNumber + " of " + file + " has the word '" + word
            + "' but no values; each line must be a word followed by its values, separated by spaces.");
      }
      if (dimensions < 0) {
        dimensions = values;
        dimensionsLine = lineNumber;
      } else if (values != dimensions) {
        throw new IllegalArgumentException(step + ": line " + lineNumber + " of " + file + " has " + values
            + " values for the word '" + word + "', but " + (header ? "the header on line " + dimensionsLine
            + " says" : "line " + dimensionsLine + " has") + " " + dimensions + "; every word needs the same"
            + " number of values (a word with a space in it is not supported).");
      }
      words++;
      if (wanted.contains(word)) {
        keep(word, line, values);
      }
    }

    private void readHeader(List<String> fields) {
      header = true;
      declared = parseWhole(fields.get(0), step, file, lineNumber);
      dimensions = (int) Math.min(Integer.MAX_VALUE, parseWhole(fields.get(1), step, file, lineNumber));
      dimensionsLine = lineNumber;
      if (dimensions < 1) {
        throw new IllegalArgumentException(step + ": the header on line " + lineNumber + " of " + file
            + " says the vectors have " + dimensions + " values; they need at least 1.");
      }
    }

    private void keep(String word, String line, int values) {
      Integer earlier = keptAt.putIfAbsent(word, lineNumber);
      if (earlier != null) {
        throw new IllegalArgumentException(step + ": line " + lineNumber + " of " + file + " repeats the word '"
            + word + "' of line " + earlier + "; each word needs exactly one vector.");
      }
      List<String> fields = fields(line);
      double[] vector = new double[values];
      for (int i = 0; i < values; i++) {
        vector[i] = value(fields.get(i + 1), i, word, step, file, lineNumber);
      }
      kept.put(word, vector);
    }

    Vectors finish(String sha256) {
      if (words == 0) {
        throw new IllegalArgumentException(step + ": " + file + " holds no vectors; expected one line per word: the"
            + " word, then its values separated by spaces (the text format of GloVe and word2vec).");
      }
      if (declared >= 0 && declared != words) {
        throw new IllegalArgumentException(step + ": the header on line " + dimensionsLine + " of " + file
            + " announces " + declared + " vectors, but the file has " + words + ". Fix the header or the file.");
      }
      return new Vectors(dimensions, kept, words, sha256);
    }
  }

  /**
   * The lines of a stream, decoded one by one as strict UTF-8, so a decoding error is reported
   * on its own line (a {@code BufferedReader} decodes ahead, line numbers unknown).
   */
  private static final class Lines {
    private final InputStream in;
    private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT);
    private final byte[] chunk = new byte[1 << 16];
    private int position;
    private int limit;
    private byte[] line = new byte[1 << 12];

    Lines(InputStream in) {
      this.in = in;
    }

    /** The next line without its {@code \n}, or {@code null} at the end of the stream. */
    String next() throws IOException {
      int length = 0;
      boolean any = false;
      while (true) {
        if (position == limit) {
          limit = in.read(chunk);
          position = 0;
          if (limit <= 0) {
            limit = 0;
            if (!any) {
              return null;
            }
            break;
          }
        }
        any = true;
        byte b = chunk[position++];
        if (b == '\n') {
          break;
        }
        if (length == line.length) {
          line = Arrays.copyOf(line, length * 2);
        }
        line[length++] = b;
      }
      return decoder.decode(ByteBuffer.wrap(line, 0, length)).toString();
    }
  }

  /** The fields of a line, split on runs of spaces and tabs (a trailing separator, as word2vec writes, is fine). */
  static List<String> fields(String line) {
    List<String> out = new ArrayList<>();
    int i = 0;
    int n = line.length();
    while (i < n) {
      while (i < n && isSeparator(line.charAt(i))) {
        i++;
      }
      int start = i;
      while (i < n && !isSeparator(line.charAt(i))) {
        i++;
      }
      if (i > start) {
        out.add(line.substring(start, i));
      }
    }
    return out;
  }

  /** The number of fields of a line, without splitting it. */
  static int count(String line) {
    int count = 0;
    boolean inField = false;
    for (int i = 0; i < line.length(); i++) {
      boolean separator = isSeparator(line.charAt(i));
      if (!separator && !inField) {
        count++;
      }
      inField = !separator;
    }
    return count;
  }

  /** The first field of a line that has one. */
  private static String firstField(String line) {
    int start = 0;
    while (isSeparator(line.charAt(start))) {
      start++;
    }
    int end = start;
    while (end < line.length() && !isSeparator(line.charAt(end))) {
      end++;
    }
    return line.substring(start, end);
  }

  private static boolean isSeparator(char c) {
    return c == ' ' || c == '\t' || c == '\r';
  }

  private static boolean isWhole(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) < '0' || s.charAt(i) > '9') {
        return false;
      }
    }
    return !s.isEmpty();
  }

  private static long parseWhole(String s, String step, String file, int line) {
    try {
      return Long.parseLong(s);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(step + ": the header on line " + line + " of " + file + " has the number '"
          + s + "', which is too large.", e);
    }
  }

  private static double value(String s, int i, String word, String step, String file, int line) {
    double v;
    try {
      v = Double.parseDouble(s);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(step + ": line " + line + " of " + file + " has '" + s + "' as value "
          + (i + 1) + " of the word '" + word + "', which is not a number.", e);
    }
    if (!Double.isFinite(v)) {
      throw new IllegalArgumentException(step + ": line " + line + " of " + file + " has '" + s + "' as value "
          + (i + 1) + " of the word '" + word + "'; values must be finite numbers.");
    }
    return v;
  }
}
