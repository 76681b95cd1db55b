package org.mlengine.server;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The entries of a tar stream (ustar, with PAX and GNU long names), for the image tests: each
 * entry's name, mode and size, and the bytes of those a filter keeps.
 */
final class TarEntries {
  /** One entry: its mode bits, its size, and its bytes when they were kept (else null). */
  record Entry(int mode, long size, byte[] bytes) {}

  private TarEntries() {}

  static Map<String, Entry> read(InputStream in, Predicate<String> keep) throws IOException {
    Map<String, Entry> entries = new LinkedHashMap<>();
    String longName = null;
    while (true) {
      byte[] header = in.readNBytes(512);
      if (header.length < 512 || header[0] == 0) {
        return entries;
      }
      long size = octal(header, 124, 12);
      char type = (char) header[156];
      byte[] content = null;
      String name = longName != null ? longName : name(header);
      boolean meta = type == 'x' || type == 'L';
      if (meta || keep.test(name)) {
        content = in.readNBytes((int) size);
      } else {
        in.skipNBytes(size);
      }
      in.skipNBytes((512 - size % 512) % 512);
      if (type == 'x') {
        longName = paxPath(content);
      } else if (type == 'L') {
        longName = new String(content, UTF_8).replace("\0", "");
      } else {
        entries.put(name, new Entry((int) octal(header, 100, 8), size, content));
        longName = null;
      }
    }
  }

  private static String name(byte[] header) {
    String name = field(header, 0, 100);
    if (field(header, 257, 6).startsWith("ustar")) {
      String prefix = field(header, 345, 155);
      return prefix.isEmpty() ? name : prefix + "/" + name;
    }
    return name;
  }

  private static String paxPath(byte[] records) {
    for (String record : new String(records, UTF_8).split("\n")) {
      int equals = record.indexOf('=');
      if (equals > 0 && record.substring(record.indexOf(' ') + 1, equals).equals("path")) {
        return record.substring(equals + 1);
      }
    }
    return null;
  }

  private static String field(byte[] header, int offset, int length) {
    int end = offset;
    while (end < offset + length && header[end] != 0) {
      end++;
    }
    return new String(header, offset, end - offset, UTF_8);
  }

  private static long octal(byte[] header, int offset, int length) {
    String digits = field(header, offset, length).trim();
    return digits.isEmpty() ? 0 : Long.parseLong(digits, 8);
  }
}
