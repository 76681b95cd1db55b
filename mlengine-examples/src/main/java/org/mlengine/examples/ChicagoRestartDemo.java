package org.mlengine.examples;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.mlengine.core.Pipeline;
import org.mlengine.core.PipelineResult;
import org.mlengine.core.Split;
import org.mlengine.core.Trainers;
import org.mlengine.eval.Metrics;
import org.mlengine.features.FeatureStore;
import org.mlengine.features.Features;
import org.mlengine.features.TrainingSet;
import org.mlengine.runtime.ColumnType;
import org.mlengine.runtime.EventSource;
import org.mlengine.runtime.FeatureView;
import org.mlengine.runtime.Table;

/**
 * Chicago's ridership forecast served out of process from a durable history, through a crash:
 * the ridership windows are one feature view, registered in a {@link FeatureStore} and used by
 * name by two models (a CART tree and a linear model); the store's point-in-time training set is
 * checked to be exactly what both were fitted on; each model is served by its own {@code
 * mlengine-server} child process with {@code --history} on a directory ({@code --fsync always});
 * the held-out days are replayed (each day's forecast requested, then the day appended once it is
 * over), both servers are killed with SIGKILL half way and started again on the same
 * directories, the replay goes on, and every forecast served must equal the offline forecast of
 * the pipeline's own test outcomes, bit for bit.
 *
 * <pre>{@code
 * ChicagoRestartDemo.Outcome o = ChicagoRestartDemo.run(ChicagoExample.ridershipData(), Path.of("demo"), 0,
 *     System.getProperty("java.class.path"), System.out);
 * }</pre>
 */
public final class ChicagoRestartDemo {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(10)).build();

  private ChicagoRestartDemo() {}

  /**
   * What one model served over the replay.
   *
   * <pre>{@code
   * for (ChicagoRestartDemo.Served s : outcome.models()) System.out.println(s.model() + " " + s.equal() + "/" + s.days());
   * }</pre>
   *
   * @param model the model's name (and its server's)
   * @param days how many held-out days were forecast
   * @param equal how many forecasts equal the offline ones bit for bit
   * @param heldOutMae the model's held-out mean absolute error, from the fit
   */
  public record Served(String model, int days, int equal, double heldOutMae) {}

  /**
   * The replay's outcome.
   *
   * <pre>{@code
   * boolean exact = outcome.models().stream().allMatch(s -> s.equal() == s.days());
   * }</pre>
   *
   * @param models each model's forecasts
   * @param killedAfter the last day appended before both servers were killed
   * @param restartMillis from the kill until both servers answered again
   */
  public record Outcome(List<Served> models, Instant killedAfter, long restartMillis) {
    /** Copies the list. */
    public Outcome {
      models = List.copyOf(models);
    }
  }

  /** The feature view's name, and (by default) the source its events are appended under. */
  static final String VIEW = "ridership_history";

  /**
   * The ridership windows both models read, as one registered feature view: means, spread and
   * median over 7, 28 and 91 days before each day, and the ridership 1, 7, 14, 21 and 28 days
   * before it; values expire when the latest day before the cutoff is more than 7 days old.
   */
  static FeatureView ridershipView() {
    String t = ChicagoExample.TARGET;
    return Features.featureView(VIEW).time(ChicagoExample.TIME).ttl(Duration.ofDays(7))
        .add(Features.window(t).over(Duration.ofDays(7)).mean().std())
        .add(Features.window(t).over(Duration.ofDays(28)).mean().median())
        .add(Features.window(t).over(Duration.ofDays(91)).mean())
        .add(Features.window(t).last(28).lag(1).lag(7).lag(14).lag(21).lag(28))
        .build();
  }

  /** The CART forecaster of {@link ChicagoExample}, on the view's columns by name. */
  static Pipeline tree(FeatureStore store) {
    String[] viewColumns = store.view(VIEW).outputColumns().toArray(String[]::new);
    return Pipeline.builder().target(ChicagoExample.TARGET)
        .split(Split.timeOrdered(ChicagoExample.TIME, 0.8).gap(Duration.ofDays(7)))
        .add(Features.view(store, VIEW))
        .add(Features.calendar(ZoneOffset.UTC, ChicagoExample.TIME)
            .parts(Features.CalendarPart.DAY_OF_WEEK, Features.CalendarPart.DAY_OF_YEAR))
        .add(Features.impute(viewColumns).median())
        .trainer(Trainers.cart().maxDepth(8))
        .metrics(Metrics.mae())
        .seed(42)
        .build();
  }

  /** A linear model on the same view and the calendar only (the other columns dropped), standardized. */
  static Pipeline linear(Table days, FeatureStore store) {
    String[] viewColumns = store.view(VIEW).outputColumns().toArray(String[]::new);
    List<String> others = new ArrayList<>(days.schema().names());
    others.removeAll(List.of(ChicagoExample.TARGET, ChicagoExample.TIME));
    return Pipeline.builder().target(ChicagoExample.TARGET)
        .split(Split.timeOrdered(ChicagoExample.TIME, 0.8).gap(Duration.ofDays(7)))
        .drop(others.toArray(String[]::new))
        .add(Features.view(store, VIEW))
        .add(Features.calendar(ZoneOffset.UTC, ChicagoExample.TIME)
            .parts(Features.CalendarPart.DAY_OF_WEEK, Features.CalendarPart.DAY_OF_YEAR))
        .add(Features.impute(viewColumns).median())
        .add(Features.standardize(viewColumns))
        .trainer(Trainers.linearSgd().epochs(20).seed(42))
        .metrics(Metrics.mae())
        .seed(42)
        .build();
  }

  /**
   * The point-in-time training set from the store: every view column for every day, as of that
   * day (its events strictly before it), from the days as the view's events.
   */
  static TrainingSet trainingSet(FeatureStore store, Table days) {
    FeatureView view = store.view(VIEW);
    return store.trainingSet(days, ChicagoExample.TIME,
        Map.of(view.source(), days.select(ChicagoExample.TIME, ChicagoExample.TARGET)), VIEW);
  }

  /**
   * Checks that a fitted pipeline's view step computes, over the days, exactly the training set's
   * values (what the model was fitted on is what the store gives), and that the store holds the
   * view version the bundle was trained with; returns how many values were compared.
   *
   * @throws IllegalStateException naming the column and the day when one differs
   */
  static long requireTrainingSet(String model, PipelineResult result, TrainingSet training, Table days, FeatureStore store) {
    store.requireSameViews(result.bundle());
    Table computed = result.bundle().pipeline().eventTransforms().get(0).apply(days);
    long compared = 0;
    for (String column : training.featureColumns()) {
      double[] expected = training.table().numericColumn(column);
      double[] actual = computed.numericColumn(column);
      for (int r = 0; r < expected.length; r++) {
        if (Double.doubleToLongBits(expected[r]) != Double.doubleToLongBits(actual[r])) {
          throw new IllegalStateException(model + " computed " + column + " = " + actual[r] + " for "
              + days.value(ChicagoExample.TIME, r) + ", but the point-in-time training set has " + expected[r]);
        }
      }
      compared += expected.length;
    }
    return compared;
  }

  /**
   * Fits both models, serves them from child processes with a history each under {@code dir},
   * replays the last {@code replayDays} held-out days (0: all of them) with a kill and a restart
   * half way, and prints what happened.
   *
   * @param classPath the class path of the servers' JVMs (this JVM's, usually)
   * @throws IllegalStateException naming the day, the model and both values when a served
   *     forecast differs from the offline one
   */
  public static Outcome run(Table days, Path dir, int replayDays, String classPath, PrintStream print) throws IOException {
    FeatureStore store = FeatureStore.open(dir.resolve("features"));
    FeatureView view = store.register(ridershipView());
    print.printf("%s, registered in %s%n", view, store);
    TrainingSet training = trainingSet(store, days);
    print.printf("point-in-time training set: %d days x %d view columns, each as of its day (events strictly before it);"
        + " expired (ttl %d days): %s%n", training.table().rowCount(), training.featureColumns().size(),
        view.ttl().orElseThrow().toDays(), training.expiredRows());
    List<Model> models = List.of(new Model("chicago-tree", tree(store).fit(days)),
        new Model("chicago-linear", linear(days, store).fit(days)));
    for (Model m : models) {
      long values = requireTrainingSet(m.name, m.result, training, days, store);
      print.printf("%s (held-out mae %.4f) was fitted on exactly the training set's %d view values, %s v%d%n", m.name, m.mae(),
          values, VIEW, view.version());
    }
    int[] test = models.get(0).result.partition().test().toArray();
    int from = replayDays <= 0 || replayDays >= test.length ? 0 : test.length - replayDays;
    for (Model m : models) {
      m.bundle = dir.resolve(m.name + ".mlb");
      m.history = dir.resolve(m.name + "-history");
      m.result.bundle().save(m.bundle);
    }
    long firstReplayed = days.timestamp(ChicagoExample.TIME, test[from]);
    List<Integer> past = new ArrayList<>();
    for (int r = 0; r < days.rowCount() && days.timestamp(ChicagoExample.TIME, r) < firstReplayed; r++) {
      past.add(r);
    }
    Restart restart = replay(days, models, test, from, past, classPath, print);
    List<Served> served = new ArrayList<>();
    for (Model m : models) {
      served.add(new Served(m.name, test.length - from, m.equal, m.mae()));
      print.printf("%s: %d of %d served forecasts equal the offline ones bit for bit%n", m.name, m.equal, test.length - from);
    }
    return new Outcome(served, restart.after(), restart.millis());
  }

  /** How long the servers may take to listen, from their start. */
  private static final Duration START_LIMIT = Duration.ofMinutes(2);

  /** When both servers were killed (after appending which day) and how long until both answered again. */
  private record Restart(Instant after, long millis) {}

  /**
   * Starts the servers, appends the past, then forecasts and appends test days {@code from} on,
   * killing and restarting both servers half way; stops them at the end.
   */
  private static Restart replay(Table days, List<Model> models, int[] test, int from, List<Integer> past, String classPath,
      PrintStream print) throws IOException {
    int killAt = from + (test.length - from) / 2;
    Restart restart = null;
    try {
      startAll(models, classPath);
      print.printf("serving both from child processes (mlengine-server --history DIR --fsync always), pids %d and %d%n",
          models.get(0).server.pid(), models.get(1).server.pid());
      for (Model m : models) {
        m.append(days, past);
      }
      for (int i = from; i < test.length; i++) {
        int r = test[i];
        for (Model m : models) {
          m.check(days, r, m.result.testOutcomes().predictedValues()[i]);
        }
        for (Model m : models) {
          m.append(days, List.of(r));   // the day is over: its ridership is known
        }
        if (i == killAt) {
          restart = killAndRestart(models, classPath, Instant.ofEpochMilli(days.timestamp(ChicagoExample.TIME, r)), i - from + 1,
              print);
        }
      }
    } finally {
      for (Model m : models) {
        if (m.server != null) {
          m.server.stop();
        }
      }
    }
    return restart;
  }

  private static Restart killAndRestart(List<Model> models, String classPath, Instant after, int replayed, PrintStream print)
      throws IOException {
    long start = System.nanoTime();
    for (Model m : models) {
      m.server.kill();
      m.server = null;
    }
    print.printf("killed both servers (SIGKILL) after appending %s, %d days into the replay%n", after.toString().substring(0, 10),
        replayed);
    startAll(models, classPath);
    long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    print.printf("started them again on the same history directories in %.1f s; replaying on%n", millis / 1000.0);
    return new Restart(after, millis);
  }

  private static void startAll(List<Model> models, String classPath) throws IOException {
    List<ServerProcess> servers = startServers(models.stream().map(m -> m.bundle).toList(),
        models.stream().map(m -> m.history).toList(), classPath, START_LIMIT);
    for (int i = 0; i < models.size(); i++) {
      models.get(i).server = servers.get(i);
    }
  }

  /**
   * Starts a server for each bundle, on the history directory of the same index, and waits until
   * all of them listen. When one fails to start, or they have not all listened within {@code
   * limit}, every one started is killed (and waited for) before this throws: no child process
   * outlives a failed start.
   *
   * @throws IllegalStateException naming the bundle and the server's log when a server exits before listening
   * @throws IOException when the servers did not all listen within {@code limit}
   */
  static List<ServerProcess> startServers(List<Path> bundles, List<Path> histories, String classPath, Duration limit)
      throws IOException {
    long deadline = System.nanoTime() + limit.toNanos();
    List<ServerProcess> started = new ArrayList<>();
    try {
      for (int i = 0; i < bundles.size(); i++) {
        started.add(ServerProcess.start(classPath, bundles.get(i), histories.get(i)));
      }
      for (ServerProcess s : started) {
        s.awaitListening(deadline, limit);
      }
      return started;
    } catch (IOException | RuntimeException | Error e) {
      for (ServerProcess s : started) {
        s.kill();
      }
      throw e;
    }
  }

  /** One model: its fit, its bundle and history, its server, and how many forecasts matched. */
  private static final class Model {
    final String name;
    final PipelineResult result;
    final EventSource source;
    Path bundle;
    Path history;
    ServerProcess server;
    int equal;

    Model(String name, PipelineResult result) {
      this.name = name;
      this.result = result;
      this.source = result.bundle().pipeline().eventSources().get(0);
    }

    double mae() {
      return result.metrics().get("mae");
    }

    /** Asks the server for row {@code r}'s forecast (the row without its ridership) and compares. */
    void check(Table days, int r, double offline) throws IOException {
      Map<String, Object> request = values(days, r, days.schema().names());
      request.remove(ChicagoExample.TARGET);
      double value = JSON.readTree(server.post("/predict", JSON.writeValueAsString(request))).get("value").doubleValue();
      requireExact(name, days.value(ChicagoExample.TIME, r), value, offline);
      equal++;
    }

    /** Appends rows {@code rows} as events of the model's source, in one request. */
    void append(Table days, List<Integer> rows) throws IOException {
      List<Map<String, Object>> events = new ArrayList<>();
      for (int r : rows) {
        events.add(values(days, r, source.columns()));
      }
      server.post("/v2/models/" + name + "/events/" + source.name(), JSON.writeValueAsString(events));
    }
  }

  /**
   * Fails loudly unless a served forecast is the offline one, bit for bit.
   *
   * @throws IllegalStateException naming the model, the day and both values
   */
  static void requireExact(String model, Object day, double served, double offline) {
    if (Double.doubleToLongBits(served) != Double.doubleToLongBits(offline)) {
      throw new IllegalStateException(model + " served " + served + " for " + day + ", but the offline forecast is " + offline
          + " (a difference of " + (served - offline) + "): the served value is not the trained pipeline's");
    }
  }

  /** Row {@code r}'s values of these columns as JSON values: numbers (NaN as null), times as ISO-8601, text as text. */
  static Map<String, Object> values(Table days, int r, List<String> columns) {
    Map<String, Object> out = new LinkedHashMap<>();
    for (String c : columns) {
      ColumnType type = days.type(c);
      out.put(c, days.isMissing(c, r) ? null : type == ColumnType.NUMERIC ? (Object) days.numeric(c, r)
          : type == ColumnType.TIMESTAMP ? Instant.ofEpochMilli(days.timestamp(c, r)).toString() : days.string(c, r));
    }
    return out;
  }

  /**
   * An {@code mlengine-server} child process serving one bundle from a history directory: held
   * from the moment it is started, so that whoever started it can always stop it.
   */
  static final class ServerProcess {
    private static final String LISTENING = "mlengine-server listening on ";
    private final Process process;
    private final Path bundle;
    /** The URL the server prints once it listens; fails with the server's log when it exits first. */
    private final CompletableFuture<String> listening;
    private volatile String url;

    private ServerProcess(Process process, Path bundle, Path log) {
      this.process = process;
      this.bundle = bundle;
      this.listening = CompletableFuture.supplyAsync(() -> {
        try {
          String line = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8)).readLine();
          if (line == null || !line.startsWith(LISTENING)) {
            throw new IllegalStateException("the server for " + bundle.getFileName() + " did not start: "
                + Files.readString(log).strip());
          }
          return line.substring(LISTENING.length());
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
    }

    static ServerProcess start(String classPath, Path bundle, Path history) throws IOException {
      String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
      Path log = history.resolveSibling(history.getFileName() + ".log");
      Process p = new ProcessBuilder(java, "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-cp", classPath,
          "org.mlengine.server.ModelServer", bundle.toString(), "--history", history.toString(), "--fsync", "always",
          "--port", "0").redirectError(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
      return new ServerProcess(p, bundle, log);
    }

    /** Waits (until {@code deadline}, in {@link System#nanoTime()}) for the server to listen; the caller stops it on failure. */
    void awaitListening(long deadline, Duration limit) throws IOException {
      try {
        url = listening.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      } catch (ExecutionException e) {
        if (e.getCause() instanceof RuntimeException r) {
          throw r;
        }
        throw new IOException(e.getCause());
      } catch (TimeoutException e) {
        throw new IOException("the server for " + bundle.getFileName() + " did not listen within " + limit.toMillis()
            + " ms of its start; its log is beside its history directory", e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while the server for " + bundle.getFileName() + " started", e);
      }
    }

    long pid() {
      return process.pid();
    }

    String post(String path, String body) throws IOException {
      try {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(url + path)).timeout(Duration.ofSeconds(60))
            .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
            HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
          throw new IllegalStateException("POST " + path + " answered " + response.statusCode() + ": " + response.body());
        }
        return response.body();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while POST " + path, e);
      }
    }

    /** SIGKILL: no shutdown hook runs, nothing is flushed or closed. */
    void kill() {
      process.destroyForcibly();
      waitFor();
    }

    /** SIGTERM: the server drains and closes its history. */
    void stop() {
      process.destroy();
      waitFor();
    }

    private void waitFor() {
      try {
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
          process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** Runs the demo on the shipped data in a temporary directory, replaying every held-out day; deletes the directory after. */
  public static void main(String[] args) throws IOException {
    Path dir = Files.createTempDirectory("chicago-restart");
    try {
      run(ChicagoExample.ridershipData(), dir, 0, System.getProperty("java.class.path"), System.out);
    } finally {
      try (Stream<Path> files = Files.walk(dir)) {
        for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
          Files.delete(p);
        }
      }
    }
  }
}
