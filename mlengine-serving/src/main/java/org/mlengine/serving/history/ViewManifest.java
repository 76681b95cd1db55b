package org.mlengine.serving.history;

import java.io.IOException;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The disk online store's {@code VIEWS} file: the format version and every view the directory
 * holds, in id order (the id its log entries name it by). Text, one view a line, each field
 * URL-encoded, the layout as the Redis store records it:
 * <pre>{@code
 * mlengine-online 2
 * view 0 trips 2%009f3a...%00%3Drider%00PT48H%00trips_count_7d%3ANUMERIC
 * }</pre>
 * Rewritten atomically (a temporary file, forced, then renamed over it) when a view is declared.
 */
final class ViewManifest {
  static final String FILE = "VIEWS";
  static final String MAGIC = "mlengine-online";
  static final int VERSION = 2;   // 2: each row frames its expiry

  private ViewManifest() {}

  static List<ViewSlot> read(Path file) throws IOException {
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    String first = lines.isEmpty() ? "" : lines.get(0);
    if (!first.equals(MAGIC + " " + VERSION)) {
      throw new IOException(file + " is not an online store's view list of this version (its first line is '" + first
          + "', expected '" + MAGIC + " " + VERSION + "'); open the directory with the mlengine version that wrote it, or give"
          + " the store a directory of its own");
    }
    List<ViewSlot> views = new ArrayList<>();
    for (int i = 1; i < lines.size(); i++) {
      String line = lines.get(i);
      if (line.isBlank()) {
        continue;
      }
      String[] parts = line.split(" ");
      try {
        if (parts.length != 4 || !parts[0].equals("view") || Integer.parseInt(parts[1]) != views.size()) {
          throw new IllegalArgumentException("expected 'view " + views.size() + " <name> <layout>'");
        }
        views.add(ViewSlot.parse(decode(parts[2]), decode(parts[3])));
      } catch (RuntimeException e) {
        throw new IOException(file + " line " + (i + 1) + " is not a view of this format (" + e.getMessage() + "): '" + line
            + "'; the file was changed by hand or damaged", e);
      }
    }
    return views;
  }

  static void write(Path dir, List<ViewSlot> views) throws IOException {
    StringBuilder s = new StringBuilder(MAGIC).append(' ').append(VERSION).append('\n');
    for (int id = 0; id < views.size(); id++) {
      s.append("view ").append(id).append(' ').append(encode(views.get(id).name())).append(' ')
          .append(encode(views.get(id).descriptor())).append('\n');
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
