package org.mlengine.serving;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteFeature;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.stream.Stream;

/**
 * A deployment's prediction log: every request it serves or refuses (or a deterministic sample
 * of them) written as one JSON line (request id, time, bundle id, model, shadow flag, inputs
 * with named fields redacted or hashed, the answer, latency, the failure of a refused request)
 * to rotated files in a directory, by one background thread. The request's thread only copies
 * the inputs and queues the record.
 *
 * <pre>{@code
 * PredictionLog log = PredictionLog.builder(Path.of("logs/credit"))
 *     .redact("Name")
 *     .hash("sha-salt-from-the-vault", "Email")
 *     .sample(0.25)
 *     .rotateAt(64L << 20).rotateEvery(Duration.ofHours(1))
 *     .build();
 * deployment.observe(log);
 * ...
 * log.close();                                          // writes and syncs everything queued
 * try (Stream<LoggedPrediction> records = PredictionLog.read(Path.of("logs/credit"), System.err::println)) {
 *   records.filter(r -> r.failure().isPresent()).forEach(r -> System.out.println(r.requestId()));
 * }
 * }</pre>
 *
 * <p><b>Durability.</b> The writer hands what it wrote to the operating system every {@link
 * Builder#flushEvery flush interval} (default 1 s) and a second thread of the log then syncs it
 * to disk, so that a slow sync (hundreds of milliseconds on a busy shared disk) never holds the
 * writer back; {@link #close()} writes and syncs everything queued. A crash of the process loses
 * at most the records of the last flush interval and those still queued; a crash of the machine
 * also those whose sync was still under way. Either may leave the last line of the last file
 * torn: {@link #read} skips such a line and says so. A sync that fails ({@link #lastError()}
 * says so, and the writer goes on in a new file) leaves the file's records counted {@linkplain
 * #written() written}, not {@linkplain #lost() lost}: the operating system had them, and whether
 * they reached the disk is unknown. A new file's directory entry is synced
 * before any of its bytes, so a crash of the machine does not lose a rotated file whole. A new log never appends to an
 * existing file: it starts the file after the highest one in the directory. One log writes to
 * a directory at a time.
 *
 * <p><b>Overflow.</b> The request threads hand records over in four lanes, by thread id, each
 * holding {@link Builder#queue(int) 8,192} records by default in preallocated slots (a record's
 * facts, and its inputs copied into the slot's own arrays, numbers unboxed: the request's thread
 * allocates nothing). When its lane is full the default is to drop the new record and count it
 * ({@link #dropped()}): a log must never slow or stall the serving it watches. Once a lane was
 * found full, up to 16 records after it in that lane are dropped without looking again, even if
 * the writer has made room meanwhile (so that a dropped record costs no read of the writer's
 * memory); with {@code blockWhenFull} every wait looks again. {@link
 * Builder#blockWhenFull(Duration)} makes the request's thread wait up to a bound for room
 * instead (and drop after it), for logs where every record counts more than latency.
 *
 * <p><b>Time and latency.</b> No clock is read for a record on the request's thread: a
 * deployment's record is stamped with the time the writer's thread last read (at most about a
 * millisecond old while the writer keeps up; while it hands its buffer to the system, opens or
 * closes a file, which may take long, the request's thread reads the clock itself), and a
 * deployment times one request in 128 when only monitors and logs observe it: the others'
 * records have no {@code latency_ns} ({@link LoggedPrediction#latencyNanos()} -1). With an observer of yours attached every request is
 * timed.
 *
 * <p><b>Sampling</b> is by the request id's hash, so a request is either logged under every
 * model that answered it (champion and shadow) or under none, and feedback for a logged request
 * finds it; the hash is seeded apart from the one a deployment routes by, so a sampled log holds
 * a canary's and a shadow's requests in their share of the traffic: a fixed share ({@link Builder#sample(double)}), and past {@link Builder#sampleAbove
 * 20,000 records a second} by default a sparser one, so that the writer's thread takes a bounded
 * share of a core and the request threads copy few records however fast they come; those left
 * out are counted ({@link #sampledOut()}). Feedback read back from the files ({@code
 * Feedback.load}) counts a label for a request left out as {@linkplain Feedback#unmatched()
 * unmatched}. {@code sampleAbove(Long.MAX_VALUE)} logs every request (past the writer's speed
 * they are dropped instead, in bursts).
 *
 * <p><b>Meters.</b> {@link Builder#meters} publishes {@link #written()}, {@link #dropped()},
 * {@link #lost()} and {@link #sampledOut()} as Micrometer counters {@code mlengine.log.written},
 * {@code .dropped}, {@code .lost} and {@code .sampled_out}, tagged {@code log=<directory>}: one
 * open log of a directory per registry (close the earlier one first).
 */
public final class PredictionLog extends Observers.Direct implements AutoCloseable {
  /** The default file name: {@code predictions-000001.jsonl}, {@code predictions-000002.jsonl}, ... */
  public static final String DEFAULT_FILE_NAME = "predictions-" + LogFiles.SEQ + ".jsonl";

  /** The default rate, in records a second, past which a deployment's requests are sampled (see {@link Builder#sampleAbove(long)}). */
  public static final long DEFAULT_SAMPLE_ABOVE = 20_000;

  /** The largest queue a log may have. */
  public static final int MAX_QUEUE = 1 << 24;

  /** How long the writer, closing, waits for request threads in the middle of handing a record over. */
  static final int CLOSE_WAIT_SECONDS = 10;
  /** How long a request thread told to block when full waits before it looks for room again. */
  static final long BLOCKED_PARK_NANOS = 50_000;
  /**
   * The writer's sleep once it has written all that waited: a millisecond, so that at a modest
   * rate it wakes a thousand times a second to write a few records at once, not once per record.
   */
  static final long PARK_NANOS = 1_000_000;

  private final Settings settings;
  private final LogFiles files;
  private final LogJson.Masking masking;
  private final LogQueue queue;
  private final LogSyncer syncer;
  private final LongAdder dropped = new LongAdder();
  private final LongAdder written = new LongAdder();
  private final LongAdder lost = new LongAdder();
  private final LogSample sample;
  private volatile LogMeters meters;
  private final Thread writer;
  private volatile boolean closing;
  private volatile IOException lastError;
  /**
   * The wall clock as the writer last read it, each time it looks for records (at least every
   * {@link #PARK_NANOS} ns plus the scheduler's delay), or the request's own reading while the
   * writer hands its buffer to the system, opens or closes a file: a deployment's records are
   * stamped with it.
   */
  private final StampClock clock = new StampClock();

  /** The builder's checked settings. */
  private record Settings(Path dir, String fileName, long rotateBytes, Duration rotateAge, double share, long sampleAbove,
      Set<String> redacted, Set<String> hashed, byte[] salt, int capacity, Duration blockFor, Duration flushEvery,
      LongSupplier clock) {}

  private PredictionLog(Settings s) throws IOException {
    this.settings = s;
    Files.createDirectories(s.dir());
    this.files = new LogFiles(s.dir(), s.fileName());
    this.masking = new LogJson.Masking(s.redacted(), s.hashed(), s.salt());
    this.queue = new LogQueue(s.capacity());
    this.sample = new LogSample(s.share(), s.sampleAbove(), () -> written() + dropped() + lost(), clock.now());
    Writer w = new Writer(files.nextSeq());
    String name = "mlengine-prediction-log-" + s.dir().getFileName();
    this.syncer = new LogSyncer(s.dir(), name + "-sync", e -> lastError = e);
    this.writer = new Thread(w, name);
    writer.setDaemon(true);
    writer.start();
  }

  /**
   * Starts a log writing to files in {@code directory} (made if absent).
   *
   * @throws NullPointerException when {@code directory} is null
   */
  public static Builder builder(Path directory) {
    return new Builder(Objects.requireNonNull(directory,
        "the log directory is null; pass the directory the log's files go to, e.g. Path.of(\"logs/credit\")"));
  }

  /**
   * Reads back the records of the log with the default file names in {@code directory}, oldest
   * file first, lazily; close the stream. A line that is not a whole record (the torn last line
   * of a crashed writer, or a damaged one) is skipped, and {@code skipped} gets the file, the line
   * and why.
   *
   * @throws IOException when the directory cannot be listed
   */
  public static Stream<LoggedPrediction> read(Path directory, Consumer<String> skipped) throws IOException {
    return read(directory, DEFAULT_FILE_NAME, skipped);
  }

  /**
   * Reads back the records of the log whose files are named by {@code fileName} (as given to
   * {@link Builder#fileName(String)}) in {@code directory}; see {@link #read(Path, Consumer)}.
   *
   * @throws IOException when the directory cannot be listed
   * @throws IllegalArgumentException when {@code fileName} is not a file-name pattern
   */
  public static Stream<LoggedPrediction> read(Path directory, String fileName, Consumer<String> skipped)
      throws IOException {
    Objects.requireNonNull(directory, "the log directory is null; pass the directory the log's files are in");
    Objects.requireNonNull(skipped, "skipped is null; pass what should hear of lines skipped, e.g. System.err::println");
    String problem = LogFiles.patternProblem(Objects.requireNonNull(fileName, "the file name pattern is null"));
    if (problem != null) {
      throw new IllegalArgumentException(problem);
    }
    return new LogFiles(directory, fileName).read(skipped);
  }

  /**
   * Queues the request's record, if it is sampled; never throws (inputs that cannot be copied, a
   * map another thread changes meanwhile, count the record {@linkplain #lost() lost}), never waits
   * unless told to block when full.
   */
  @Override
  public void served(Served served) {
    enqueue(served.requestId(), served.key().orElse(null), served.model(), served.shadow(), served.rawInput(),
        served.prediction().orElse(null), served.failure().orElse(null), served.latencyNanos(), served.epochMillis());
  }

  /**
   * What a deployment tells it directly: the same as {@link #served(Served)}, with no {@code
   * Served} made, stamped with the writer's clock (see {@link #clock}).
   */
  @Override
  void told(String requestId, String key, String model, boolean shadow, Object input, Prediction prediction,
      RuntimeException failure, long latencyNanos) {
    enqueue(requestId, key, model, shadow, input, prediction, failure, latencyNanos, clock.now());
  }

  private void enqueue(String requestId, String key, String model, boolean shadow, Object input, Prediction prediction,
      RuntimeException failure, long latencyNanos, long epochMillis) {
    if (!sample.keeps(requestId)) {
      return;
    }
    if (closing) {
      dropped.increment();
      return;
    }
    LogQueue.Offer o;
    boolean blocking = settings.blockFor() != null;
    try {
      o = queue.offer(requestId, key, model, shadow, input, prediction, failure, latencyNanos, epochMillis, blocking);
      if (o == LogQueue.Offer.FULL && blocking) {
        long deadline = System.nanoTime() + settings.blockFor().toNanos();
        while (o == LogQueue.Offer.FULL && !closing && System.nanoTime() < deadline) {
          LockSupport.parkNanos(this, BLOCKED_PARK_NANOS);
          o = queue.offer(requestId, key, model, shadow, input, prediction, failure, latencyNanos, epochMillis, true);
        }
      }
    } catch (RuntimeException | Error e) {
      lost.increment();   // copying the inputs threw; the queue handed the slot over void
      lastError = new IOException("the inputs of request '" + requestId + "' could not be copied (" + e
          + "): the caller's map changed while it was read (another thread writing it?) or a key's toString() threw;"
          + " the record is counted lost and the log goes on", e);
      if (e instanceof Error error) {
        throw error;
      }
      return;
    }
    if (o != LogQueue.Offer.QUEUED) {
      dropped.increment();
    }
  }

  /** How many records were written to the files. */
  public long written() {
    return written.sum();
  }

  /** How many sampled records were dropped: the queue was full (past the bound, when blocking) or the log closed. */
  public long dropped() {
    return dropped.sum();
  }

  /**
   * How many records the log left out past its rate ({@link Builder#sampleAbove(long)}): neither
   * written nor dropped. Requests outside the fixed {@linkplain Builder#sample(double) share} are
   * not counted.
   */
  public long sampledOut() {
    return sample.sampledOut();
  }

  /**
   * How many records were lost to an error writing the files (those in the writer's buffer then,
   * which no longer count as {@linkplain #written() written}), to one serializing a record (an
   * input whose {@code toString()} throws) or to one copying a request's inputs on its thread (a
   * map another thread changed while it was read, a key whose {@code toString()} throws); {@link
   * #lastError()} says which. Records handed to the operating system whose file then failed to sync
   * are not counted here: they stay {@linkplain #written() written} (see the durability paragraph
   * above).
   */
  public long lost() {
    return lost.sum();
  }

  /** The last error writing the files, a record or copying a record's inputs, if any; the log goes on (with a new file after a file's error). */
  public Optional<IOException> lastError() {
    return Optional.ofNullable(lastError);
  }

  /** The directory the files go to. */
  public Path directory() {
    return settings.dir();
  }

  /**
   * Writes every queued record, syncs the file to disk and stops the writer; later requests are
   * counted as dropped. Safe to call twice. Stop the deployment from observing first
   * ({@link Deployment#unobserve}) or close it, so that nothing is dropped. A request thread in the
   * middle of handing a record over is waited for up to {@value #CLOSE_WAIT_SECONDS} s with nothing
   * else to write (a thread stalled while it copies the inputs, say); past that its record and those
   * queued behind it in its lane are counted {@linkplain #dropped() dropped}, {@link #lastError()}
   * says how many, and the log closes. Waits for the disk as long as writing and syncing takes.
   * Removes the log's meters from the registry.
   */
  @Override
  public void close() {
    queue.close();   // before closing: a writer that sees closing then finds every later offer refused
    closing = true;
    LockSupport.unpark(writer);
    LogSyncer.join(writer);   // the queued records must reach the disk
    sample.stop();
    LogMeters m = meters;
    if (m != null) {
      m.remove();
    }
  }

  @Override
  public String toString() {
    return "PredictionLog[" + settings.dir() + ", written " + written() + ", dropped " + dropped() + ", lost " + lost()
        + ", sampled out " + sampledOut() + "]";
  }

  // ---- the writer ----

  /**
   * The background thread: drains the queue into the current file, hands the file's buffer to
   * the operating system and syncs it to disk on time, rotates.
   */
  private final class Writer implements Runnable {
    private static final JsonFactory JSON = JsonFactory.builder()
        .disable(StreamWriteFeature.FLUSH_PASSED_TO_STREAM)
        .disable(StreamWriteFeature.AUTO_CLOSE_TARGET)
        .enable(StreamWriteFeature.USE_FAST_DOUBLE_WRITER)   // Schubfach: the probabilities are most of a line's numbers
        .build();
    private static final int BUFFER_BYTES = 1 << 16;
    private static final long NOT_STUCK = Long.MIN_VALUE;

    private final LogJson.RecordBytes record = new LogJson.RecordBytes();
    private final LogQueue.Taken taken = new LogQueue.Taken();
    /** The file's bytes not yet handed to the operating system, and how many records they hold. */
    private final ByteBuffer buffer = ByteBuffer.allocate(BUFFER_BYTES);
    private int buffered;
    private long seq;
    private JsonGenerator json;
    private FileChannel channel;
    private long fileBytes;
    private long openedNanos;
    private long flushedNanos;
    private boolean unsynced;
    /** Closing with nothing ready but places not handed over: since when (the clock's), or NOT_STUCK. */
    private long stuckSince = NOT_STUCK;

    Writer(long firstSeq) {
      this.seq = firstSeq;
    }

    @Override
    public void run() {
      try {
        while (true) {
          sample.resample(clock.tick());
          if (!queue.poll(taken)) {
            if (closing && (queue.drained() || waitedTooLong())) {
              break;
            }
            onTime();
            LockSupport.parkNanos(this, PARK_NANOS);
            continue;
          }
          stuckSince = NOT_STUCK;
          write(taken);
          taken.served = null;
          onTime();
        }
      } finally {
        try {
          closeFile();
        } finally {
          syncer.stop();
        }
      }
    }

    /**
     * Closing, nothing ready, yet places claimed and not handed over: true once that has lasted
     * {@value PredictionLog#CLOSE_WAIT_SECONDS} s, after counting those places dropped.
     */
    private boolean waitedTooLong() {
      long now = settings.clock().getAsLong();
      if (stuckSince == NOT_STUCK) {
        stuckSince = now;
        return false;
      }
      if (now - stuckSince < CLOSE_WAIT_SECONDS * 1_000_000_000L) {
        return false;
      }
      long stranded = queue.stranded();
      dropped.add(stranded);
      lastError = new IOException(stranded + " records were not handed over to the log's writer within "
          + CLOSE_WAIT_SECONDS + " s of close() (a request thread stalled while copying its inputs, and those queued"
          + " behind it in its lane); they are counted dropped");
      return true;
    }

    private void write(LogQueue.Taken p) {
      if (!serialize(p)) {
        return;
      }
      try {
        if (channel != null && (tooOld() || syncer.broke(channel))) {
          closeFile();   // before the write: a record never goes to a file past its age, or after a failed sync
        }
        if (channel == null) {
          open();
        }
        append(record.bytes(), record.size());
        written.increment();
        unsynced = true;
        if (fileBytes >= settings.rotateBytes()) {
          closeFile();
        }
      } catch (IOException e) {
        lost.increment();
        failed(e);
      }
    }

    /**
     * Writes the record into {@link #record}; false when it could not be (a null input name, an
     * input whose {@code toString()} throws): it is counted lost and the generator, left in the
     * middle of an object, is replaced. Nothing of it reaches the file.
     */
    private boolean serialize(LogQueue.Taken p) {
      record.reset();
      try {
        if (json == null) {
          json = JSON.createGenerator(record);
          json.setRootValueSeparator(null);
        }
        LogJson.write(json, p.served, p.names, p.values, p.count, masking);
        json.writeRaw('\n');
        json.flush();   // into record: FLUSH_PASSED_TO_STREAM is off
        return true;
      } catch (IOException | RuntimeException e) {
        lost.increment();
        json = null;   // abandoned mid-record; its bytes went only to record
        lastError = new IOException("the record of request '" + p.served.requestId() + "' could not be written ("
            + e.getClass().getName() + "); it is counted lost and the log goes on", e);
        return false;
      }
    }

    private boolean tooOld() {
      return settings.rotateAge() != null
          && settings.clock().getAsLong() - openedNanos >= settings.rotateAge().toNanos();
    }

    private void append(byte[] bytes, int length) throws IOException {
      if (length > buffer.remaining()) {
        clock.slow();   // a write to the operating system: once a buffer, and it may wait for the disk
        try {
          toSystem();
          if (length > buffer.capacity()) {
            writeFully(ByteBuffer.wrap(bytes, 0, length));
          }
        } finally {
          clock.tick();
        }
      }
      if (length <= buffer.capacity()) {
        buffer.put(bytes, 0, length);
        buffered++;
      }
      fileBytes += length;
    }

    /**
     * Hands the interval's records to the operating system once the flush interval has passed,
     * and the syncer syncs them to disk; rotates a file past its age or whose sync failed.
     */
    private void onTime() {
      if (channel == null) {
        return;
      }
      if (tooOld() || syncer.broke(channel)) {
        closeFile();
      } else if (unsynced && settings.clock().getAsLong() - flushedNanos >= settings.flushEvery().toNanos()) {
        clock.slow();
        try {
          sync();
        } catch (IOException e) {
          failed(e);
        } finally {
          clock.tick();
        }
      }
    }

    private void open() throws IOException {
      Path file = files.file(seq++);
      clock.slow();
      try {
        channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        syncer.directory();   // before any sync of the file's bytes: the syncer keeps the order
      } finally {
        clock.tick();
      }
      fileBytes = 0;
      openedNanos = settings.clock().getAsLong();
      flushedNanos = openedNanos;
    }

    /** The buffer to the operating system: a crash of the process no longer loses it. */
    private void toSystem() throws IOException {
      buffer.flip();
      try {
        writeFully(buffer);
      } finally {
        buffer.clear();   // on a failure failed() counts what was in it; a part may be in the file, a torn line
      }
      buffered = 0;
    }

    private void writeFully(ByteBuffer bytes) throws IOException {
      while (bytes.hasRemaining()) {
        channel.write(bytes);
      }
    }

    /**
     * To the operating system here (what a crash of the process would lose), then to the disk on
     * the syncer's thread (what a crash of the machine would): a slow disk holds back neither the
     * first nor the next records.
     */
    private void sync() throws IOException {
      toSystem();
      flushedNanos = settings.clock().getAsLong();
      syncer.sync(channel);
      unsynced = false;
    }

    private void closeFile() {
      if (channel == null) {
        return;
      }
      clock.slow();
      try {
        toSystem();
        syncer.close(channel);   // synced, then closed, on the syncer's thread
        channel = null;
      } catch (IOException e) {
        failed(e);
      } finally {
        clock.tick();
      }
    }

    /**
     * Remembers the error, counts the records still in the buffer as lost (they no longer count
     * as written), and starts a new file with the next record.
     */
    private void failed(IOException e) {
      lastError = e;
      lost.add(buffered);
      written.add(-buffered);
      buffered = 0;
      buffer.clear();
      if (channel != null) {
        try {
          channel.close();
        } catch (IOException again) {
          // The file is already broken; the next record goes to a new one.
        }
        channel = null;
      }
    }
  }

  // ---- the builder ----

  /**
   * How a {@link PredictionLog} writes: file names, rotation, sampling, masking, the queue and
   * its overflow, the flush interval. Each setter checks its own argument; {@link #build()}
   * checks the rest and reports every problem at once.
   *
   * <pre>{@code
   * PredictionLog log = PredictionLog.builder(dir).queue(10_000).blockWhenFull(Duration.ofMillis(2)).build();
   * }</pre>
   */
  public static final class Builder {
    private final Path dir;
    private String fileName = DEFAULT_FILE_NAME;
    private long rotateBytes = 64L << 20;
    private Duration rotateAge;
    private double share = 1.0;
    private long sampleAbove = DEFAULT_SAMPLE_ABOVE;
    private MeterRegistry meters;
    private final Set<String> redacted = new LinkedHashSet<>();
    private final Set<String> hashed = new LinkedHashSet<>();
    private byte[] salt;
    private int capacity = 1 << 13;
    private Duration blockFor;
    private Duration flushEvery = Duration.ofSeconds(1);
    private LongSupplier clock = System::nanoTime;

    private Builder(Path dir) {
      this.dir = dir;
    }

    /**
     * The files' names: a pattern holding {@code {seq}} once, where each file's six-digit
     * sequence number goes. Default {@value PredictionLog#DEFAULT_FILE_NAME}.
     */
    public Builder fileName(String pattern) {
      Objects.requireNonNull(pattern, "the file name pattern is null; pass e.g. \"predictions-{seq}.jsonl\"");
      String problem = LogFiles.patternProblem(pattern);
      if (problem != null) {
        throw new IllegalArgumentException(problem);
      }
      this.fileName = pattern;
      return this;
    }

    /** Starts a new file once the current one holds {@code bytes} bytes (default 64 MiB). */
    public Builder rotateAt(long bytes) {
      if (bytes < 1) {
        throw new IllegalArgumentException("rotateAt is " + bytes + " bytes; a file's size limit is 1 byte or more,"
            + " e.g. 64L << 20 for 64 MiB");
      }
      this.rotateBytes = bytes;
      return this;
    }

    /** Also starts a new file once the current one is {@code age} old (default: by size only). */
    public Builder rotateEvery(Duration age) {
      this.rotateAge = positive("rotateEvery", age, "Duration.ofHours(1)");
      return this;
    }

    /**
     * Logs the share of requests whose id hashes below {@code share} (default 1, every one): the
     * same request under every model that answered it, and none of the others.
     */
    public Builder sample(double share) {
      if (!(share > 0 && share <= 1)) {
        throw new IllegalArgumentException("the sampled share is " + share + "; it must be in (0, 1], e.g. 0.1 to log"
            + " a tenth of the requests");
      }
      this.share = share;
      return this;
    }

    /**
     * Past this many records a second (default {@value PredictionLog#DEFAULT_SAMPLE_ABOVE}) the
     * log samples further: its writer measures the rate every 100 ms (a 100 ms with no request keeps
     * the sample as it was) and logs one request in the
     * smallest power of two that brings it under this, chosen by the request id's hash (champion
     * and shadow records of a request stay together, but for a request answered just as the
     * sample changes), the others counted in {@link PredictionLog#sampledOut()}. The rate is of
     * the records in the {@linkplain #sample(double) fixed share}. A label for a request left out
     * finds no record when feedback is loaded from the files: it counts as unmatched. {@code
     * Long.MAX_VALUE} logs every request (past the writer's speed they are dropped instead).
     */
    public Builder sampleAbove(long recordsPerSecond) {
      if (recordsPerSecond < 1) {
        throw new IllegalArgumentException("sampleAbove is " + recordsPerSecond + " records a second; expected at"
            + " least 1 (Long.MAX_VALUE: never sample past a rate)");
      }
      this.sampleAbove = recordsPerSecond;
      return this;
    }

    /** Publishes the log's counts on {@code registry} as counters tagged {@code log=<directory>} (see the class comment). */
    public Builder meters(MeterRegistry registry) {
      this.meters = Objects.requireNonNull(registry, "the meter registry is null; pass the registry to publish to");
      return this;
    }

    /**
     * Writes {@value LoggedPrediction#REDACTED} instead of these inputs' values, and withholds
     * error messages and refusal reasons that name them (they may quote the value).
     */
    public Builder redact(String... columns) {
      addColumns("redact", columns, redacted);
      return this;
    }

    /**
     * Writes {@code sha256:} and the hex SHA-256 of {@code salt} and the value instead of these
     * inputs' values: equal values stay equal (to count and join on), and without the salt a
     * value cannot be guessed back from its hash. Keep the salt secret and the same across runs.
     */
    public Builder hash(String salt, String... columns) {
      Objects.requireNonNull(salt, "the salt is null; pass a secret string kept with the deployment's settings");
      if (salt.length() < 16) {
        throw new IllegalArgumentException("the salt has " + salt.length() + " characters; use 16 or more random"
            + " characters, or short values such as postcodes can be guessed back from their hashes");
      }
      this.salt = salt.getBytes(StandardCharsets.UTF_8);
      addColumns("hash", columns, hashed);
      return this;
    }

    private static void addColumns(String what, String[] columns, Set<String> into) {
      Objects.requireNonNull(columns, what + " columns are null; pass the input columns' names");
      if (columns.length == 0) {
        throw new IllegalArgumentException(what + " names no column; pass the input columns' names");
      }
      for (String c : columns) {
        Objects.requireNonNull(c, "a column to " + what + " is null; pass the input columns' names");
        into.add(c);
      }
    }

    /** How many records may wait for the writer in each of the four lanes (default 8,192; see the class comment). */
    public Builder queue(int capacity) {
      if (capacity < 1 || capacity > MAX_QUEUE) {
        throw new IllegalArgumentException("the queue capacity is " + capacity + "; it must be 1 to " + MAX_QUEUE
            + ", e.g. 8192");
      }
      this.capacity = capacity;
      return this;
    }

    /** When the queue is full, drop the new record and count it (the default): the request never waits. */
    public Builder dropWhenFull() {
      this.blockFor = null;
      return this;
    }

    /** When the queue is full, the request's thread waits for room up to {@code bound}, then drops the record and counts it. */
    public Builder blockWhenFull(Duration bound) {
      this.blockFor = positive("blockWhenFull", bound, "Duration.ofMillis(5)");
      return this;
    }

    /** How often the writer hands its buffer to the operating system and syncs it to disk (default 1 s). */
    public Builder flushEvery(Duration interval) {
      this.flushEvery = positive("flushEvery", interval, "Duration.ofSeconds(1)");
      return this;
    }

    /** The writer's clock for rotation by age and the flush interval, in nanoseconds (default System::nanoTime); for tests. */
    Builder clock(LongSupplier nanos) {
      this.clock = Objects.requireNonNull(nanos, "the clock is null; pass System::nanoTime");
      return this;
    }

    private static Duration positive(String what, Duration d, String example) {
      Objects.requireNonNull(d, what + " is null; pass a positive duration, e.g. " + example);
      if (d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException(what + " is " + d + "; it must be positive, e.g. " + example);
      }
      return d;
    }

    /**
     * Makes the directory if absent and starts the writer.
     *
     * @throws IllegalArgumentException when a column is both redacted and hashed
     * @throws IllegalStateException when the {@link #meters meter registry} already has the
     *     counters of an open log of this directory (close that log first)
     * @throws UncheckedIOException when the directory cannot be made or listed
     */
    public PredictionLog build() {
      List<String> problems = new ArrayList<>();
      Set<String> both = new LinkedHashSet<>(redacted);
      both.retainAll(hashed);
      if (!both.isEmpty()) {
        problems.add("columns " + both + " are both redacted and hashed; choose one for each");
      }
      if (!problems.isEmpty()) {
        throw new IllegalArgumentException(String.join("; ", problems));
      }
      if (meters != null) {
        LogMeters.requireFree(meters, dir);   // before any thread starts
      }
      try {
        PredictionLog log = new PredictionLog(new Settings(dir, fileName, rotateBytes, rotateAge, share, sampleAbove,
            redacted, hashed, salt == null ? new byte[0] : salt, capacity, blockFor, flushEvery, clock));
        if (meters != null) {
          try {
            log.meters = LogMeters.register(log, meters);
          } catch (RuntimeException | Error e) {
            log.close();   // stops its threads and releases the directory
            throw e;
          }
        }
        return log;
      } catch (IOException e) {
        throw new UncheckedIOException("could not start the prediction log in " + dir + ": " + e.getMessage(), e);
      }
    }
  }
}
