package org.mlengine.serving;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mlengine.serving.DeployFixtures.binary;
import static org.mlengine.serving.DeployFixtures.predictor;
import static org.mlengine.serving.DeployFixtures.request;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mlengine.runtime.InvalidInputException;

class PredictionLogTest {
  private static final String SALT = "a-test-salt-of-32-characters-xyz";

  @TempDir
  Path dir;

  @Test
  void log_writesEveryAnswerShadowAndRefusal_andReadsThemBack() throws Exception {
    List<String> skipped = new ArrayList<>();
    Map<String, Prediction> answers = new java.util.HashMap<>();
    try (PredictionLog log = PredictionLog.builder(dir).build();
        Deployment d = Deployment.shadow(predictor(1), predictor(2))) {
      d.observe(log);
      for (int i = 0; i < 20; i++) {
        answers.put("r-" + i, d.predict("r-" + i, request(i / 10.0, -i / 20.0)));
      }
      Map<String, Object> bad = request(0.5, 0.5);
      bad.put("x1", "not a number");
      assertThrows(InvalidInputException.class, () -> d.predict("r-bad", bad));
      awaitWritten(log, 41);   // 20 champion answers, 20 shadow answers, 1 refusal
    }
    List<LoggedPrediction> records = read(dir, skipped);
    assertEquals(List.of(), skipped);
    assertEquals(41, records.size());
    for (LoggedPrediction r : records) {
      if (r.failure().isPresent()) {
        assertEquals("r-bad", r.requestId());
        assertEquals(Optional.empty(), r.bundleId());
        assertEquals("not a number", r.inputs().get("x1"));
        assertTrue(r.failure().get().contains("x1"), r.failure().get());
        continue;
      }
      int i = Integer.parseInt(r.requestId().substring(2));
      Prediction p = answers.get(r.requestId());
      assertEquals(Map.of("x1", i / 10.0, "x2", -i / 20.0), r.inputs());
      assertEquals(r.shadow() ? "shadow" : "champion", r.model());
      assertEquals((r.shadow() ? binary(2) : binary(1)).id(), r.bundleId().orElseThrow());
      assertTrue(r.latencyNanos() > 0 || r.latencyNanos() == -1, "timed, or not timed: " + r.latencyNanos());
      assertTrue(r.modelAnswered());
      if (!r.shadow()) {
        assertEquals(p.label(), r.label());
        assertEquals(p.probabilities(), r.probabilities());
        assertEquals(p.answer(), r.answer().orElseThrow());
      }
    }
  }

  @Test
  void log_onlyMonitorsAndLogsWatching_timesOneRequestIn128_andAnObserverOfYoursMakesItTimeEach() throws Exception {
    List<String> skipped = new ArrayList<>();
    try (Deployment d = Deployment.single(predictor(1))) {
      try (PredictionLog log = PredictionLog.builder(dir.resolve("sampled")).build()) {
        d.observe(log);
        for (int i = 0; i < 256; i++) {
          d.predict(request(i / 100.0, 0.5));   // ids the deployment makes: the 1st and the 129th are timed
        }
        awaitWritten(log, 256);
        d.unobserve(log);
      }
      List<LoggedPrediction> records = read(dir.resolve("sampled"), skipped);
      assertEquals(List.of(2L, 254L), List.of(records.stream().filter(r -> r.latencyNanos() > 0).count(),
          records.stream().filter(r -> r.latencyNanos() == -1).count()), "timed, not timed");
      try (Stream<String> lines = Files.lines(files(dir.resolve("sampled")).get(0))) {
        assertEquals(254, lines.filter(line -> !line.contains("\"latency_ns\"")).count(), "a record not timed has no latency");
      }
      try (PredictionLog log = PredictionLog.builder(dir.resolve("every")).build()) {
        d.observe(log);
        d.observe(served -> assertTrue(served.latencyNanos() > 0, served.toString()));
        for (int i = 0; i < 10; i++) {
          d.predict(request(i / 100.0, 0.5));
        }
        awaitWritten(log, 10);
      }
      assertTrue(read(dir.resolve("every"), skipped).stream().allMatch(r -> r.latencyNanos() > 0), "every request timed");
      assertEquals(0, d.observerFailures());
    }
    assertEquals(List.of(), skipped);
  }

  @Test
  void log_redactsAndHashesNamedInputs_andWithholdsErrorsThatNameThem() throws Exception {
    try (PredictionLog log = PredictionLog.builder(dir).redact("x1").hash(SALT, "x2").build();
        Deployment d = Deployment.single(predictor(1))) {
      d.observe(log);
      d.predict("r-1", request(0.25, 3));
      Map<String, Object> bad = request(0.5, 0.5);
      bad.put("x2", "secret text");
      assertThrows(InvalidInputException.class, () -> d.predict("r-2", bad));
    }
    List<LoggedPrediction> records = read(dir, new ArrayList<>());
    assertEquals(LoggedPrediction.REDACTED, records.get(0).inputs().get("x1"));
    assertEquals("sha256:" + sha256(SALT + "\0" + "3.0"), records.get(0).inputs().get("x2"));
    assertEquals("invalid input in column 'x2' (message withheld: the column is redacted or hashed)",
        records.get(1).failure().orElseThrow());
    for (Path f : files(dir)) {
      String text = Files.readString(f);
      assertFalse(text.contains("secret text") || text.contains("0.25"), text);
    }
  }

  @Test
  void log_samplesByRequestIdHash_theSameRequestsUnderEveryModel() throws Exception {
    try (PredictionLog log = PredictionLog.builder(dir).sample(0.3).build();
        Deployment d = Deployment.shadow(predictor(1), predictor(2))) {
      d.observe(log);
      for (int i = 0; i < 400; i++) {
        d.predict("s-" + i, request(0.1, 0.2));
      }
      long expected = Stream.iterate(0, i -> i + 1).limit(400).filter(i -> Buckets.logging("s-" + i) < 0.3).count();
      awaitWritten(log, 2 * expected);
    }
    Map<String, Long> perId = read(dir, new ArrayList<>()).stream()
        .collect(Collectors.groupingBy(LoggedPrediction::requestId, Collectors.counting()));
    for (int i = 0; i < 400; i++) {
      String id = "s-" + i;
      assertEquals(Buckets.logging(id) < 0.3 ? 2L : null, perId.get(id), id);
    }
    assertTrue(perId.size() > 80 && perId.size() < 160, "about 30% of 400: " + perId.size());
  }

  @Test
  void log_besideACanary_keepsCanaryAndChampionRecordsInProportionToTheirTraffic() throws Exception {
    int served = 8_000;
    try (PredictionLog log = PredictionLog.builder(dir).sample(1.0 / 16).sampleAbove(Long.MAX_VALUE).build();
        Deployment d = Deployment.canary(predictor(1), predictor(2), 0.1)) {
      d.observe(log);
      for (int i = 0; i < served; i++) {
        d.predict("c-" + i, request(0.1, 0.2));
      }
      awaitWritten(log, Stream.iterate(0, i -> i + 1).limit(served).filter(i -> Buckets.logging("c-" + i) < 1.0 / 16).count());
    }
    List<LoggedPrediction> records = read(dir, new ArrayList<>());
    long canary = records.stream().filter(r -> r.model().equals("canary")).count();
    // about 500 records, 10% of them the canary's: 4 standard deviations either side (sampled on the routing hash, all were)
    assertTrue(records.size() > 400 && records.size() < 600, "about 1/16 of " + served + ": " + records.size());
    assertTrue(canary > 0.046 * records.size() && canary < 0.154 * records.size(), canary + " canary records of " + records.size());
  }

  @Test
  void logSample_atAnyStride_isIndependentOfTheCanaryRouting() {
    for (int stride : new int[] {16, 256, 4096}) {
      long kept = 0;
      long canary = 0;
      for (int i = 0; i < 2_000_000; i++) {
        String id = "req-" + i;
        if (Buckets.logging(id) < 0.5 / stride) {   // a log sampling half the requests, past its rate at this stride
          kept++;
          canary += Buckets.routing(id) < 0.1 ? 1 : 0;
        }
      }
      double sd = Math.sqrt(kept * 0.1 * 0.9);
      assertTrue(Math.abs(kept - 1_000_000.0 / stride) < 4 * Math.sqrt(1_000_000.0 / stride), "stride " + stride + ": kept " + kept);
      assertTrue(Math.abs(canary - 0.1 * kept) < 4 * sd, "stride " + stride + ": " + canary + " canary requests of " + kept + " kept");
    }
  }

  @Test
  void log_pastItsRate_samplesByRequestIdHash_countsTheRest_andPublishesTheCounts() throws Exception {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    long served = 0;
    PredictionLog log = PredictionLog.builder(dir).sampleAbove(1_000).meters(registry).build();
    try (Deployment d = Deployment.single(predictor(1))) {
      d.observe(log);
      long until = System.nanoTime() + 30_000_000_000L;
      while ((log.sampledOut() == 0 || served < 5_000) && System.nanoTime() < until) {
        d.predict("q-" + served++, request(0.1, 0.2));   // far past 1,000 a second
      }
      d.unobserve(log);
    }
    long until = System.nanoTime() + 10_000_000_000L;
    while (log.written() + log.dropped() < served - log.sampledOut() && System.nanoTime() < until) {
      Thread.sleep(5);
    }
    assertTrue(log.sampledOut() > 0, log.toString());
    assertEquals(served, log.written() + log.dropped() + log.sampledOut(), log.toString());
    String tag = dir.toString();
    assertEquals(List.of((double) log.written(), (double) log.dropped(), 0.0, (double) log.sampledOut()),
        Stream.of("written", "dropped", "lost", "sampled_out")
            .map(c -> registry.get("mlengine.log." + c).tag("log", tag).functionCounter().count()).toList());
    log.close();
    assertEquals(List.of(), registry.getMeters(), "close() takes the counters off the registry");
    assertEquals(log.written(), read(dir, new ArrayList<>()).size());
  }

  @Test
  void meters_ofADirectoryWhoseEarlierLogIsOpen_areRefused_andTheEarlierLogKeepsItsCounters() throws Exception {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    try (PredictionLog first = PredictionLog.builder(dir).meters(registry).build()) {
      first.served(served("m-1", request(0.1, 0.2)));
      awaitWritten(first, 1);
      var e = assertThrows(IllegalStateException.class, () -> PredictionLog.builder(dir).meters(registry).build());
      assertEquals("the meter registry already has the counters of a prediction log of " + dir + " (mlengine.log.written"
          + " tagged log=" + dir + "); close the earlier log of that directory first (its close() takes its counters off),"
          + " or publish this one to another registry", e.getMessage());
      assertEquals(1.0, registry.get("mlengine.log.written").tag("log", dir.toString()).functionCounter().count());
      assertEquals(2, logThreads().size(), "the earlier log's writer and syncer only: " + logThreads());
    }
    try (PredictionLog again = PredictionLog.builder(dir).meters(registry).build()) {
      assertEquals(4, registry.getMeters().size(), "closed, the earlier log's counters leave room: " + again);
    }
  }

  @Test
  void meters_whoseRegistrationFails_closeTheLog_andTakeOffWhatWasRegistered() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    registry.config().meterFilter(new MeterFilter() {
      @Override
      public Meter.Id map(Meter.Id id) {
        if (id.getName().equals("mlengine.log.lost")) {
          throw new IllegalStateException("the registry refuses " + id.getName());
        }
        return id;
      }
    });
    var e = assertThrows(IllegalStateException.class, () -> PredictionLog.builder(dir).meters(registry).build());
    assertEquals("the registry refuses mlengine.log.lost", e.getMessage());
    assertEquals(List.of(), registry.getMeters(), "written and dropped, registered before, are taken off");
    assertEquals(List.of(), logThreads(), "the log's writer and syncer are stopped");
  }

  /** The live threads of a log of {@code dir}: its writer and its syncer. */
  private List<String> logThreads() {
    return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
        .filter(n -> n.startsWith("mlengine-prediction-log-" + dir.getFileName())).toList();
  }

  @Test
  void log_rotatesBySize_andReadsAcrossTheFilesInOrder() throws Exception {
    try (PredictionLog log = PredictionLog.builder(dir).fileName("p-{seq}.log").rotateAt(2_000).build()) {
      for (int i = 0; i < 100; i++) {
        log.served(served("r-" + i, request(i, i)));
      }
    }
    List<Path> files = files(dir);
    assertTrue(files.size() > 5, files.toString());
    assertEquals("p-000001.log", files.get(0).getFileName().toString());
    for (Path f : files) {
      long lastLine = Files.readAllLines(f).stream().mapToLong(String::length).max().orElseThrow() + 1;
      assertTrue(Files.size(f) < 2_000 + lastLine, f + " has " + Files.size(f) + " bytes");
    }
    List<String> skipped = new ArrayList<>();
    try (Stream<LoggedPrediction> records = PredictionLog.read(dir, "p-{seq}.log", skipped::add)) {
      assertEquals(Stream.iterate(0, i -> i + 1).limit(100).map(i -> "r-" + i).toList(),
          records.map(LoggedPrediction::requestId).toList());
    }
    assertEquals(List.of(), skipped);
  }

  @Test
  void log_rotatesByAge() throws Exception {
    AtomicLong nanos = new AtomicLong();
    try (PredictionLog log = PredictionLog.builder(dir).rotateEvery(Duration.ofMillis(50)).clock(nanos::get).build()) {
      log.served(served("r-1", request(1, 1)));
      log.served(served("r-2", request(2, 2)));
      awaitWritten(log, 2);
      nanos.addAndGet(Duration.ofMillis(50).toNanos());
      log.served(served("r-3", request(3, 3)));
      awaitWritten(log, 3);
      log.served(served("r-4", request(4, 4)));
    }
    assertEquals(2, files(dir).size());
    assertEquals(List.of(List.of("r-1", "r-2"), List.of("r-3", "r-4")), idsByFile());
  }

  @Test
  void log_stampsARequestWithItsOwnTime_whileTheWriterIsBlockedInASync() throws Exception {
    CountDownLatch inSync = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    AtomicBoolean armed = new AtomicBoolean(true);
    LongSupplier clock = () -> {   // blocks the writer once, inside its first sync to disk
      if (armed.get() && StackWalker.getInstance().walk(frames -> frames.anyMatch(f -> f.getMethodName().equals("sync")
          && f.getClassName().endsWith("PredictionLog$Writer")))) {
        armed.set(false);
        inSync.countDown();
        try {
          release.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      return System.nanoTime();
    };
    long before;
    long after;
    try (PredictionLog log = PredictionLog.builder(dir).flushEvery(Duration.ofMillis(1)).clock(clock).build();
        Deployment d = Deployment.single(predictor(1))) {
      d.observe(log);
      d.predict("r-1", request(1, 1));
      assertTrue(inSync.await(10, TimeUnit.SECONDS), "the writer never synced the first record");
      Thread.sleep(300);   // the writer's last reading of the clock is now 300 ms old
      before = System.currentTimeMillis();
      d.predict("r-2", request(2, 2));
      after = System.currentTimeMillis();
      release.countDown();
      awaitWritten(log, 2);
    } finally {
      release.countDown();
    }
    List<String> skipped = new ArrayList<>();
    LoggedPrediction r2 = read(dir, skipped).stream().filter(r -> r.requestId().equals("r-2")).findFirst().orElseThrow();
    assertEquals(List.of(), skipped);
    assertTrue(r2.epochMillis() >= before && r2.epochMillis() <= after, "r-2 was stamped " + r2.epochMillis()
        + ", answered between " + before + " and " + after + ": the stamp lagged while the writer was blocked");
  }

  @Test
  void log_aRecordThatCannotBeWritten_isCountedLost_andTheWriterGoesOn() throws Exception {
    Object unprintable = new Object() {
      @Override
      public String toString() {
        throw new IllegalStateException("no text for this value");
      }
    };
    Map<String, Object> nullName = new java.util.HashMap<>();
    nullName.put(null, 1.0);
    try (PredictionLog log = PredictionLog.builder(dir).build()) {
      log.served(servedWith("r-1", Map.of("x1", 1.0)));
      log.served(servedWith("r-2", Map.of("x1", unprintable)));
      log.served(servedWith("r-3", nullName));
      log.served(servedWith("r-4", Map.of("x1", 4.0)));
      awaitWritten(log, 2);
      close(log);
      assertEquals(2, log.lost(), log.toString());
      assertEquals("the record of request 'r-3' could not be written (java.lang.NullPointerException); it is"
          + " counted lost and the log goes on", log.lastError().orElseThrow().getMessage());
    }
    List<String> skipped = new ArrayList<>();
    assertEquals(List.of("r-1", "r-4"), read(dir, skipped).stream().map(LoggedPrediction::requestId).toList());
    assertEquals(List.of(), skipped, "nothing of the failed records reached the file");
  }

  @Test
  void log_writesBigNumbersExactly() throws Exception {
    try (PredictionLog log = PredictionLog.builder(dir).build()) {
      log.served(servedWith("r-1", Map.of("d", new BigDecimal("12345678901234567890.125"),
          "i", new BigInteger("123456789012345678901234567890"))));
    }
    String text = Files.readString(files(dir).get(0));
    assertTrue(text.contains("\"d\":12345678901234567890.125") && text.contains("\"i\":123456789012345678901234567890"),
        text);
  }

  @Test
  void log_fileNames_haveLatinDigits_whateverTheDefaultLocale() {
    Locale before = Locale.getDefault();
    try {
      Locale.setDefault(Locale.forLanguageTag("th-TH-u-nu-thai"));
      assertEquals("predictions-000012.jsonl",
          new LogFiles(dir, PredictionLog.DEFAULT_FILE_NAME).file(12).getFileName().toString());
    } finally {
      Locale.setDefault(before);
    }
  }

  @Test
  void log_withholdsARefusalReasonThatNamesAMaskedColumn() throws Exception {
    try (PredictionLog log = PredictionLog.builder(dir).redact("x1").build();
        Deployment d = Deployment.single(predictor(1))) {
      d.limit(Limits.builder().maxOutsideRange(0).build(), Fallback.abstain());
      d.observe(log);
      Prediction p = d.predict("r-1", request(987654.5, 0.5));
      assertTrue(p.answer().reason().orElseThrow().contains("987654.5"), p.answer().toString());
    }
    LoggedPrediction r = read(dir, new ArrayList<>()).get(0);
    assertEquals(Optional.of(LogJson.WITHHELD), r.answer().orElseThrow().reason());
    assertFalse(Files.readString(files(dir).get(0)).contains("987654"));
  }

  /** Closes the log (again: close is idempotent) so that its counts are final. */
  private static void close(PredictionLog log) {
    log.close();
  }

  /** A champion's answer to an ordinary request, logged with {@code inputs} instead. */
  private static Served servedWith(String id, Map<String, Object> inputs) {
    Prediction p = model().predict(request(1, 1)).answered(id, new Answer(Answer.Kind.MODEL, "champion",
        Optional.empty()));
    return new Served(id, null, "champion", false, inputs, p, null, 1_000, System.currentTimeMillis());
  }

  private List<List<String>> idsByFile() throws IOException {
    List<List<String>> out = new ArrayList<>();
    for (Path f : files(dir)) {
      out.add(Files.readAllLines(f).stream().map(line -> line.replaceAll("^.*?\"id\":\"([^\"]+)\".*$", "$1")).toList());
    }
    return out;
  }

  @Test
  void log_aNewLogStartsTheNextFile_neverAppendingToOneACrashMayHaveTorn() throws Exception {
    try (PredictionLog log = PredictionLog.builder(dir).build()) {
      log.served(served("a", request(1, 1)));
    }
    try (PredictionLog log = PredictionLog.builder(dir).build()) {
      log.served(served("b", request(1, 1)));
    }
    assertEquals(List.of("predictions-000001.jsonl", "predictions-000002.jsonl"),
        files(dir).stream().map(p -> p.getFileName().toString()).toList());
    assertEquals(List.of("a", "b"), read(dir, new ArrayList<>()).stream().map(LoggedPrediction::requestId).toList());
  }

  @Test
  void read_skipsATornLastLineAndADamagedOne_andSaysSo() throws Exception {
    try (PredictionLog log = PredictionLog.builder(dir).build()) {
      log.served(served("a", request(1, 1)));
      log.served(served("b", request(1, 1)));
    }
    Path file = dir.resolve("predictions-000001.jsonl");
    List<String> lines = Files.readAllLines(file);
    Files.writeString(file, lines.get(0) + "\n{\"v\":1,\"id\":\"broken\n" + lines.get(1) + "\n" + lines.get(1).substring(0, 30));
    List<String> skipped = new ArrayList<>();
    assertEquals(List.of("a", "b"), read(dir, skipped).stream().map(LoggedPrediction::requestId).toList());
    assertEquals(2, skipped.size(), skipped.toString());
    assertTrue(skipped.get(0).startsWith("predictions-000001.jsonl line 2: not a prediction record ("), skipped.get(0));
    assertEquals("predictions-000001.jsonl line 4: the last line has no end (the writer stopped mid-record, as in a"
        + " crash); skipped", skipped.get(1));
  }

  @Test
  void close_writesEverythingQueued() throws Exception {
    int n = 5_000;
    PredictionLog log = PredictionLog.builder(dir).blockWhenFull(Duration.ofSeconds(5)).sampleAbove(Long.MAX_VALUE).build();
    Map<String, Object> request = request(1, 2);
    for (int i = 0; i < n; i++) {
      log.served(served("r-" + i, request));
    }
    log.close();
    assertEquals(n, log.written());
    assertEquals(0, log.dropped());
    assertEquals(n, read(dir, new ArrayList<>()).size());
    log.served(served("late", request));
    assertEquals(1, log.dropped(), "a request after close is counted as dropped");
  }

  @Test
  void served_whenTheQueueIsFull_dropsTheNewRecordAndCountsIt() throws Exception {
    int n = 20_000;
    PredictionLog log = PredictionLog.builder(dir).queue(4).sampleAbove(Long.MAX_VALUE).build();
    Map<String, Object> request = request(1, 2);
    for (int i = 0; i < n; i++) {
      log.served(served("r-" + i, request));
    }
    log.close();
    assertEquals(n, log.written() + log.dropped(), log.toString());
    assertEquals(log.written(), read(dir, new ArrayList<>()).size());
  }

  @Test
  void builder_badSettings_sayWhatToDo() {
    PredictionLog.Builder b = PredictionLog.builder(dir);
    assertEquals("the file name pattern 'predictions.jsonl' must hold {seq} exactly once, where each rotated file's"
        + " sequence number goes; e.g. 'predictions-{seq}.jsonl'",
        assertThrows(IllegalArgumentException.class, () -> b.fileName("predictions.jsonl")).getMessage());
    assertEquals("the file name pattern 'logs/p-{seq}.jsonl' names a path; give a file name alone, and the directory to"
        + " PredictionLog.builder(directory)",
        assertThrows(IllegalArgumentException.class, () -> b.fileName("logs/p-{seq}.jsonl")).getMessage());
    assertEquals("the sampled share is 0.0; it must be in (0, 1], e.g. 0.1 to log a tenth of the requests",
        assertThrows(IllegalArgumentException.class, () -> b.sample(0)).getMessage());
    assertEquals("the salt has 4 characters; use 16 or more random characters, or short values such as postcodes can"
        + " be guessed back from their hashes",
        assertThrows(IllegalArgumentException.class, () -> b.hash("salt", "x1")).getMessage());
    assertEquals("flushEvery is PT0S; it must be positive, e.g. Duration.ofSeconds(1)",
        assertThrows(IllegalArgumentException.class, () -> b.flushEvery(Duration.ZERO)).getMessage());
    assertEquals("the queue capacity is 0; it must be 1 to 16777216, e.g. 8192",
        assertThrows(IllegalArgumentException.class, () -> b.queue(0)).getMessage());
    assertEquals("sampleAbove is 0 records a second; expected at least 1 (Long.MAX_VALUE: never sample past a rate)",
        assertThrows(IllegalArgumentException.class, () -> b.sampleAbove(0)).getMessage());
    assertEquals("columns [x1] are both redacted and hashed; choose one for each",
        assertThrows(IllegalArgumentException.class, () -> b.redact("x1", "x2").hash(SALT, "x1").build()).getMessage());
  }

  // ---- helpers ----

  /** A request as a deployment would hand it to an observer, answered by binary(1). */
  static Served served(String id, Map<String, Object> request) {
    Prediction p = model().predict(request).answered(id, new Answer(Answer.Kind.MODEL, "champion",
        Optional.empty()));
    return new Served(id, null, "champion", false, request, p, null, 1_000, System.currentTimeMillis());
  }

  private static Predictor model;

  private static synchronized Predictor model() {
    if (model == null) {
      model = Predictor.of(binary(1));
    }
    return model;
  }

  static void awaitWritten(PredictionLog log, long count) throws InterruptedException {
    long until = System.nanoTime() + 10_000_000_000L;
    while (log.written() < count && System.nanoTime() < until) {
      Thread.sleep(5);
    }
    assertEquals(count, log.written(), log.toString());
  }

  static List<LoggedPrediction> read(Path dir, List<String> skipped) throws IOException {
    try (Stream<LoggedPrediction> records = PredictionLog.read(dir, skipped::add)) {
      return records.toList();
    }
  }

  static List<Path> files(Path dir) throws IOException {
    try (Stream<Path> list = Files.list(dir)) {
      return list.sorted().toList();
    }
  }

  static String sha256(String text) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
  }
}
