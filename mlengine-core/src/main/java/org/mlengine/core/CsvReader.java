package org.mlengine.core;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Path;

/** Reads CSV through Jackson's CSV module into a {@link Table}. */
final class CsvReader {
  private CsvReader() {}

  static Table read(Path path, CsvOptions options) throws IOException {
    try (Reader reader = java.nio.file.Files.newBufferedReader(path)) {
      return read(reader, path.toString(), options);
    }
  }

  static Table read(Reader reader, String source, CsvOptions options) throws IOException {
    throw new IOException("CSV reading is being written");
  }
}
