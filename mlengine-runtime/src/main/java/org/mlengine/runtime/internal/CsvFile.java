package org.mlengine.runtime.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.mlengine.runtime.CsvOptions;
import org.mlengine.runtime.Table;

/**
 * Reads a CSV file (rather than a caller's Reader): in parallel chunks when the file is large, and
 * without keeping any value as written, since a file can be read again.
 *
 * <pre>{@code
 * Table t = CsvFile.read(Path.of("loans.csv"), CsvOptions.defaults());
 * }</pre>
 *
 * <p><b>Chunks.</b> A file of at least {@value #MIN_CHUNK_BYTES} bytes a processor, in UTF-8,
 * US-ASCII or ISO-8859-1 (where a LF byte is always a line feed), is cut after a LF near each
 * 1/n of its bytes. The first chunk is read from the start of the file on this thread, each
 * other one on its own thread as if a record started there. That guess is checked, not assumed:
 * a chunk read from a true record start knows whether its last LF is inside a quoted field (it
 * then ends with an unclosed quote), and the first chunk's start is true, so each check
 * vouches for the next chunk's start. The chunks' columns are then joined in file order with
 * the sequential reader's rules ({@link CsvColumn#append}), so types, values and category order
 * are the same. Any problem in any chunk, including a quoted line break across a cut, sends the
 * whole file through the sequential reader, which reports the first problem in file order with
 * its own line.
 *
 * <p><b>Restarts.</b> A column whose guessed type breaks after rows of numbers or timestamps
 * (codes such as {@code 001} then {@code A1}, a last row of text) needs those values as written,
 * which are not kept: the column is marked broken and ignored for the rest of the read, and, when
 * any column broke, the whole file is read a second time with every broken column started as
 * categories (their final type, CATEGORICAL or TEXT, is decided as before). So one or thirty
 * such columns cost one extra full read, never more: the second read cannot break again, since a
 * column started as categories never breaks and every other column reads the same values in the
 * same chunks as the first time. Breaks found by the chunks read before one that failed are
 * kept for the sequential read that follows; a chunk after a failed one may have started inside
 * a quoted field, so its breaks are not believed. A column that looks numeric to its end, the
 * common case, costs nothing extra.
 */
final class CsvFile {
  static final int MIN_CHUNK_BYTES = 1 << 20;
  /** Read passes' listener that does nothing. */
  private static final Consumer<Pass> NO_PASSES = p -> {};
  private static final int MAX_CHUNKS = 8;
  private static final int SEARCH_BYTES = 1 << 20;

  private CsvFile() {}

  static Table read(Path path, CsvOptions options) throws IOException {
    return read(path, options, Math.min(MAX_CHUNKS, Runtime.getRuntime().availableProcessors()), MIN_CHUNK_BYTES);
  }

  /** With at most {@code chunks} chunks of at least {@code minChunkBytes} (tests use tiny ones). */
  static Table read(Path path, CsvOptions options, int chunks, long minChunkBytes) throws IOException {
    return read(path, options, chunks, minChunkBytes, NO_PASSES);
  }

  /** One read of the file: in chunks or sequentially, with these columns started as categories. */
  record Pass(boolean chunked, Set<String> asStrings) {
    Pass {
      asStrings = Set.copyOf(asStrings);
    }
  }

  /** As {@link #read(Path, CsvOptions, int, long)}, telling {@code passes} of each read of the file. */
  static Table read(Path path, CsvOptions options, int chunks, long minChunkBytes, Consumer<Pass> passes)
      throws IOException {
    int n = (int) Math.min(chunks, Files.size(path) / minChunkBytes);
    Read first = readOnce(path, options, Set.of(), n, passes);
    Set<String> broken = broken(first.records);
    if (broken.isEmpty()) {
      return first.records.toTable();
    }
    broken.addAll(first.records.asStrings);
    // A failed chunked read fails the same way again: go straight to the sequential reader.
    Read second = readOnce(path, options, broken, first.chunked ? n : 1, passes);
    Set<String> again = broken(second.records);
    if (!again.isEmpty()) {
      throw new IllegalStateException(
          path + ": columns " + again + " broke their guessed type on the second read, after " + broken
              + " were started as categories; a second read cannot break. This is a bug in mlengine's CSV"
              + " reader: please report it with the file.");
    }
    return second.records.toTable();
  }

  /** The records of one read, and whether they were read in chunks. */
  private record Read(CsvReader.Records records, boolean chunked) {}

  private static Read readOnce(Path path, CsvOptions options, Set<String> asStrings, int n, Consumer<Pass> passes)
      throws IOException {
    Set<String> sequential = asStrings;
    if (n > 1 && lineFeedIsAByte(options.charset())) {
      passes.accept(new Pass(true, asStrings));
      Set<String> learned = new HashSet<>(asStrings);
      CsvReader.Records records = parallel(path, options, asStrings, n, learned);
      if (records != null) {
        return new Read(records, true);
      }
      sequential = learned;
    }
    passes.accept(new Pass(false, sequential));
    CsvReader.Records records = new CsvReader.Records(path.toString(), options, false, sequential);
    try (InputStream in = Files.newInputStream(path)) {
      CsvReader.readAll(CsvInput.decoding(in, options.charset(), path.toString()), records);
    }
    return new Read(records, false);
  }

  /** The names of the columns that broke (a new, modifiable set). */
  private static Set<String> broken(CsvReader.Records records) {
    Set<String> out = new HashSet<>();
    for (CsvColumn c : records.columns) {
      if (c.broken()) {
        out.add(c.name());
      }
    }
    return out;
  }

  private static boolean lineFeedIsAByte(Charset charset) {
    return charset.equals(StandardCharsets.UTF_8) || charset.equals(StandardCharsets.US_ASCII)
        || charset.equals(StandardCharsets.ISO_8859_1);
  }

  /**
   * The records read in chunks and joined, or null when the file must be read sequentially; then
   * {@code learned} gets the columns that broke in the chunks read whole before the first that
   * failed (each of them started on a true record).
   */
  private static CsvReader.Records parallel(
      Path path, CsvOptions options, Set<String> asStrings, int n, Set<String> learned) throws IOException {
    String source = path.toString();
    try (FileChannel channel = FileChannel.open(path)) {
      long[] cuts = cuts(channel, channel.size(), n);
      if (cuts.length < 3) {
        return null;
      }
      CsvReader.Records first = new CsvReader.Records(source, options, false, asStrings);
      CsvScanner scanner =
          new CsvScanner(CsvInput.decoding(new Range(channel, 0, cuts[1]), options.charset(), source),
              options.separator());
      if (!readHeader(first, scanner)) {
        return null;
      }
      AtomicBoolean stop = new AtomicBoolean();
      List<FutureTask<CsvReader.Records>> rest = new ArrayList<>();
      for (int k = 1; k < cuts.length - 1; k++) {
        Range range = new Range(channel, cuts[k], cuts[k + 1]);
        CsvReader.Records records = first.withHeader();
        FutureTask<CsvReader.Records> task = new FutureTask<>(() -> chunk(range, records, stop));
        Thread thread = new Thread(task, "mlengine-csv-chunk-" + k);
        thread.setDaemon(true);
        thread.start();
        rest.add(task);
      }
      List<CsvReader.Records> parts = new ArrayList<>();
      try {
        if (!chunk(scanner, first, stop)) {
          return null;
        }
        // In order, stopping at the first chunk that could not be read: only a chunk whose
        // predecessors all ended on a record boundary starts on a true record, so only its
        // exceptions and broken columns are about the file; a chunk after a failed one may
        // have started inside a quoted field and read nonsense.
        parts.add(first);
        for (FutureTask<CsvReader.Records> task : rest) {
          CsvReader.Records part = join(task);
          if (part == null) {
            for (CsvReader.Records whole : parts) {
              learned.addAll(broken(whole));
            }
            return null;
          }
          parts.add(part);
        }
      } finally {
        // Whatever ended this read early (a problem) ends the other chunks too.
        stop.set(true);
      }
      return joined(parts);
    }
  }

  /** The first chunk's records with every later chunk's columns appended, in file order. */
  private static CsvReader.Records joined(List<CsvReader.Records> parts) {
    CsvReader.Records first = parts.get(0);
    for (CsvReader.Records part : parts.subList(1, parts.size())) {
      for (int c = 0; c < first.columns.length; c++) {
        first.columns[c].append(part.columns[c]);
        part.columns[c] = null;
      }
    }
    return first;
  }

  /** Reads up to the header; false when the first chunk ends before the header does. */
  private static boolean readHeader(CsvReader.Records first, CsvScanner scanner) {
    try {
      while (first.header == null) {
        if (!scanner.next()) {
          return false;
        }
        CsvReader.addRecord(first, scanner);
      }
      return !scanner.endedAtEnd();
    } catch (IOException | CsvScanner.Malformed e) {
      return false;
    }
  }

  /** A chunk after the first: its records, or null when it must be read sequentially. */
  private static CsvReader.Records chunk(Range range, CsvReader.Records records, AtomicBoolean stop) {
    CsvScanner scanner =
        new CsvScanner(CsvInput.decodingFromLine(range, records.options.charset(), records.source),
            records.options.separator());
    return chunk(scanner, records, stop) ? records : null;
  }

  /** Reads the scanner's records to its end; false on any problem, left to the sequential reader. */
  private static boolean chunk(CsvScanner scanner, CsvReader.Records records, AtomicBoolean stop) {
    try {
      while (scanner.next()) {
        if (stop.get()) {
          return false;
        }
        CsvReader.addRecord(records, scanner);
      }
      return true;
    } catch (IOException | CsvScanner.Malformed e) {
      return false;
    }
  }

  private static CsvReader.Records join(FutureTask<CsvReader.Records> task) throws IOException {
    try {
      return task.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new java.io.InterruptedIOException("interrupted while reading a CSV file in chunks");
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      if (e.getCause() instanceof Error r) {
        throw r;
      }
      return null;
    }
  }

  /** 0, the byte after a LF near each k/n of the file, and the size; fewer when none is found. */
  private static long[] cuts(FileChannel channel, long size, int n) throws IOException {
    List<Long> cuts = new ArrayList<>();
    cuts.add(0L);
    ByteBuffer buf = ByteBuffer.allocate(1 << 16);
    for (int k = 1; k < n; k++) {
      long from = Math.max(size * k / n, cuts.get(cuts.size() - 1));
      long cut = -1;
      for (long at = from; cut < 0 && at < Math.min(size, from + SEARCH_BYTES); ) {
        buf.clear();
        int got = channel.read(buf, at);
        if (got <= 0) {
          break;
        }
        for (int i = 0; i < got; i++) {
          if (buf.get(i) == '\n') {
            cut = at + i + 1;
            break;
          }
        }
        at += got;
      }
      if (cut > 0 && cut < size) {
        cuts.add(cut);
      }
    }
    cuts.add(size);
    return cuts.stream().mapToLong(Long::longValue).toArray();
  }

  /** The bytes {@code [from, to)} of a file; reads at its own positions, so ranges share a channel. */
  private static final class Range extends InputStream {
    private final FileChannel channel;
    private long at;
    private final long to;

    Range(FileChannel channel, long from, long to) {
      this.channel = channel;
      this.at = from;
      this.to = to;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (at >= to) {
        return -1;
      }
      int n = channel.read(ByteBuffer.wrap(b, off, (int) Math.min(len, to - at)), at);
      if (n < 0) {
        return -1;
      }
      at += n;
      return n;
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
    }
  }
}
