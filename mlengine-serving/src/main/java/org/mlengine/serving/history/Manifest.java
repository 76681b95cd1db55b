package org.mlengine.serving.history;

import java.io.IOException;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.mlengine.runtime.ColumnType;
import org.mlengine.runtime.Schema;

/**
 * The disk history's {@code MANIFEST}: the format version and every stream the directory has ever
 * kept, with the id its log entries name it by. Text, one stream a line, each name URL-encoded:
 * <pre>{@code
 * mlengine-history 1
 * stream 0 calls =Customer At Minutes:NUMERIC Kind:CATEGORICAL
 * stream 1 rows ! Date ridership:NUMERIC
 * }</pre>
 * ({@code =name} for a key column, {@code !} for none). Rewritten atomically (a temporary file,
 * forced, then renamed over it) when an opening adds streams.
 */
final class Manifest {
  static final String FILE = "MANIFEST";
  static final String MAGIC = "mlengine-history";
  static final int VERSION = 1;

  private Manifest() {}

  /** The streams a manifest lists, by id; an IOException naming the file for another format or version. */
  static List<Stream> read(Path file) throws IOException {
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    String first = lines.isEmpty() ? "" : lines.get(0);
    if (!first.startsWith(MAGIC + " ")) {
      throw new IOException(file + " is not a history manifest (its first line is '" + first + "', expected '" + MAGIC + " "
          + VERSION + "'); the directory " + file.getParent() + " holds something else: give the history a directory of its own");
    }
    String version = first.substring(MAGIC.length() + 1).trim();
    if (!version.equals(Integer.toString(VERSION))) {
      throw new IOException("the history in " + file.getParent() + " has format version " + version + "; this library reads"
          + " version " + VERSION + ". Open it with the mlengine version that wrote it, or start a new directory");
    }
    List<Stream> streams = new ArrayList<>();
    for (int i = 1; i < lines.size(); i++) {
      if (!lines.get(i).isBlank()) {
        streams.add(parse(file, i + 1, lines.get(i), streams.size()));
      }
    }
    return streams;
  }

  private static Stream parse(Path file, int lineNumber, String line, int expectedId) throws IOException {
    String[] parts = line.split(" ");
    try {
      if (parts.length < 5 || !parts[0].equals("stream") || Integer.parseInt(parts[1]) != expectedId) {
        throw new IllegalArgumentException("expected 'stream " + expectedId + " <source> <=key|!> <time> [<column>:<TYPE>...]'");
      }
      Optional<String> key = parts[3].equals("!") ? Optional.empty() : Optional.of(decode(parts[3].substring(1)));
      List<Schema.Field> values = new ArrayList<>();
      for (int p = 5; p < parts.length; p++) {
        int colon = parts[p].lastIndexOf(':');
        values.add(new Schema.Field(decode(parts[p].substring(0, colon)), ColumnType.valueOf(parts[p].substring(colon + 1)), List.of()));
      }
      return new Stream(expectedId, decode(parts[2]), key, decode(parts[4]), values);
    } catch (RuntimeException e) {
      throw new IOException(file + " line " + lineNumber + " is not a stream of this format (" + e.getMessage() + "): '" + line
          + "'; the manifest was changed by hand or damaged", e);
    }
  }

  /** Writes the manifest atomically: a temporary file, forced, renamed over the old one, and the directory forced. */
  static void write(Path dir, List<Stream> streams) throws IOException {
    StringBuilder s = new StringBuilder(MAGIC).append(' ').append(VERSION).append('\n');
    for (Stream st : streams) {
      s.append("stream ").append(st.id).append(' ').append(encode(st.name)).append(' ')
          .append(st.key.map(k -> "=" + encode(k)).orElse("!")).append(' ').append(encode(st.time));
      st.values.forEach(f -> s.append(' ').append(encode(f.name())).append(':').append(f.type()));
      s.append('\n');
    }
    Files2.writeAtomically(dir, FILE, s.toString().getBytes(StandardCharsets.UTF_8));
  }

  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  private static String decode(String s) {
    return URLDecoder.decode(s, StandardCharsets.UTF_8);
  }
}
