package org.mlengine.serving;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.NoSuchElementException;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * A prediction log's files in its directory: the names a file-name pattern with {@value #SEQ}
 * gives (the sequence number zero-padded to six digits), the next free number, and the
 * records read back in order across the files, a line that is not a whole record skipped and
 * reported.
 */
final class LogFiles {
  static final String SEQ = "{seq}";

  private final Path dir;
  private final String pattern;
  private final Pattern names;

  LogFiles(Path dir, String pattern) {
    this.dir = dir;
    this.pattern = pattern;
    int at = pattern.indexOf(SEQ);
    this.names = Pattern.compile(Pattern.quote(pattern.substring(0, at)) + "(\\d+)"
        + Pattern.quote(pattern.substring(at + SEQ.length())));
  }

  /** Why {@code pattern} cannot name a log's files, or null when it can. */
  static String patternProblem(String pattern) {
    int at = pattern.indexOf(SEQ);
    if (at < 0 || pattern.indexOf(SEQ, at + 1) >= 0) {
      return "the file name pattern '" + pattern + "' must hold " + SEQ + " exactly once, where each rotated file's"
          + " sequence number goes; e.g. 'predictions-" + SEQ + ".jsonl'";
    }
    if (pattern.contains("/") || pattern.contains("\\")) {
      return "the file name pattern '" + pattern + "' names a path; give a file name alone, and the directory to"
          + " PredictionLog.builder(directory)";
    }
    return null;
  }

  /** The file numbered {@code seq}. */
  Path file(long seq) {
    return dir.resolve(pattern.replace(SEQ, String.format(Locale.ROOT, "%06d", seq)));
  }

  /** The log's files, oldest (lowest number) first. */
  List<Path> files() throws IOException {
    List<Path> out = new ArrayList<>();
    if (!Files.isDirectory(dir)) {
      return out;
    }
    try (Stream<Path> listed = Files.list(dir)) {
      listed.filter(p -> names.matcher(p.getFileName().toString()).matches()).forEach(out::add);
    }
    out.sort(Comparator.comparingLong(this::seq));
    return out;
  }

  /** The number after the highest one in the directory: a new run never appends to a file a crash may have torn. */
  long nextSeq() throws IOException {
    List<Path> files = files();
    return files.isEmpty() ? 1 : seq(files.get(files.size() - 1)) + 1;
  }

  private long seq(Path file) {
    Matcher m = names.matcher(file.getFileName().toString());
    if (!m.matches()) {
      throw new IllegalStateException(file + " is not a log file");
    }
    return Long.parseLong(m.group(1));
  }

  /** The records of every file, in order, lazily; each line that is not a whole record goes to {@code skipped}, with why. */
  Stream<LoggedPrediction> read(Consumer<String> skipped) throws IOException {
    List<Path> files = files();
    Lines lines = new Lines(files, skipped);
    return StreamSupport.stream(Spliterators.spliteratorUnknownSize(lines, Spliterator.ORDERED | Spliterator.NONNULL),
        false).onClose(lines::close);
  }

  /** Reads the files one after the other, one record ahead. */
  private static final class Lines implements Iterator<LoggedPrediction> {
    private final Iterator<Path> files;
    private final Consumer<String> skipped;
    private BufferedReader reader;
    private Path file;
    private long lineNumber;
    private LoggedPrediction next;

    Lines(List<Path> files, Consumer<String> skipped) {
      this.files = files.iterator();
      this.skipped = skipped;
    }

    @Override
    public boolean hasNext() {
      try {
        while (next == null) {
          if (reader == null) {
            if (!files.hasNext()) {
              return false;
            }
            file = files.next();
            reader = Files.newBufferedReader(file, StandardCharsets.UTF_8);
            lineNumber = 0;
          }
          String line = readLine();
          if (line == null) {
            close();
            continue;
          }
          next = parse(line);
        }
        return true;
      } catch (IOException e) {
        close();
        throw new UncheckedIOException("could not read the prediction log file " + file + ": " + e.getMessage(), e);
      }
    }

    /** The next line, or null at the end of the file; a last line without its newline is torn and skipped. */
    private String readLine() throws IOException {
      StringBuilder line = new StringBuilder(256);
      int c;
      while ((c = reader.read()) >= 0) {
        if (c == '\n') {
          lineNumber++;
          return line.toString();
        }
        line.append((char) c);
      }
      if (line.length() > 0) {
        lineNumber++;
        skipped.accept(file.getFileName() + " line " + lineNumber + ": the last line has no end (the writer stopped"
            + " mid-record, as in a crash); skipped");
      }
      return null;
    }

    private LoggedPrediction parse(String line) {
      if (line.isBlank()) {
        return null;
      }
      try {
        return LogJson.parse(line);
      } catch (IOException | RuntimeException e) {
        skipped.accept(file.getFileName() + " line " + lineNumber + ": not a prediction record (" + e.getMessage()
            + "); skipped");
        return null;
      }
    }

    @Override
    public LoggedPrediction next() {
      if (!hasNext()) {
        throw new NoSuchElementException("no more records in the prediction log");
      }
      LoggedPrediction out = next;
      next = null;
      return out;
    }

    void close() {
      if (reader != null) {
        try {
          reader.close();
        } catch (IOException e) {
          // Reading is done; a failure to close a read-only file loses nothing.
        }
        reader = null;
      }
    }
  }
}
