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
 * needs those values as written, which are not kept: the file is read again with that column
 * started as categories (its final type, CATEGORICAL or TEXT, is decided as before). A column
 * that looks numeric to its end, the common case, costs nothing extra.
 */
final class CsvFile {
  static final int MIN_CHUNK_BYTES = 1 << 20;
  private static final int MAX_CHUNKS = 8;
  private static final int SEARCH_BYTES = 1 << 20;

  private CsvFile() {}

  static Table read(Path path, CsvOptions options) throws IOException {
    return read(path, options, Math.min(MAX_CHUNKS, Runtime.getRuntime().availableProcessors()), MIN_CHUNK_BYTES);
  }

  /** With at most {@code chunks} chunks of at least {@code minChunkBytes} (tests use tiny ones). */
  static Table read(Path path, CsvOptions options, int chunks, long minChunkBytes) throws IOException {
    Set<String> asStrings = new HashSet<>();
    while (true) {
      try {
        long size = Files.size(path);
        return readOnce(path, options, asStrings, (int) Math.min(chunks, size / minChunkBytes));
      } catch (CsvColumn.Restart r) {
        asStrings.add(r.column);
      }
    }
  }

  private static Table readOnce(Path path, CsvOptions options, Set<String> asStrings, int n) throws IOException {
    long size = Files.size(path);
    if (n > 1 && lineFeedIsAByte(options.charset())) {
      Table t = parallel(path, options, asStrings, size, n);
      if (t != null) {
        return t;
      }
    }
    CsvReader.Records records = new CsvReader.Records(path.toString(), options, false, asStrings);
    try (InputStream in = Files.newInputStream(path)) {
      CsvReader.readAll(CsvInput.decoding(in, options.charset(), path.toString()), records);
    }
    return records.toTable();
  }

  private static boolean lineFeedIsAByte(Charset charset) {
    return charset.equals(StandardCharsets.UTF_8) || charset.equals(StandardCharsets.US_ASCII)
        || charset.equals(StandardCharsets.ISO_8859_1);
  }

  /** The table read in chunks, or null when the file must be read sequentially. */
  private static Table parallel(Path path, CsvOptions options, Set<String> asStrings, long size, int n)
      throws IOException {
    String source = path.toString();
    try (FileChannel channel = FileChannel.open(path)) {
      long[] cuts = cuts(channel, size, n);
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
        // exceptions (a restart, an error) are about the file; a chunk after a failed one may
        // have started inside a quoted field and read nonsense.
        for (FutureTask<CsvReader.Records> task : rest) {
          CsvReader.Records part = join(task);
          if (part == null) {
            return null;
          }
          parts.add(part);
        }
      } finally {
        // Whatever ended this read early (a problem, a restart) ends the other chunks too.
        stop.set(true);
      }
      for (CsvReader.Records part : parts) {
        for (int c = 0; c < first.columns.length; c++) {
          first.columns[c].append(part.columns[c]);
          part.columns[c] = null;
        }
      }
      return first.toTable();
    }
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
      if (e.getCause() instanceof CsvColumn.Restart r) {
        throw r;
      }
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
