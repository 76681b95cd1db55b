package org.mlengine.server;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import org.junit.jupiter.api.Test;

/** ModelServer.run's usage errors (exit 2) and start failures (exit 1), each with its message. */
class CommandLineTest {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int run(String... args) {
    return ModelServer.run(new PrintStream(out, true, UTF_8), new PrintStream(err, true, UTF_8), args);
  }

  private String firstErrorLine() {
    return err.toString(UTF_8).lines().findFirst().orElse("");
  }

  @Test
  void run_noModel_isAUsageError() {
    assertEquals(2, run());
    assertEquals("mlengine-server: no model to serve; give a bundle file (BUNDLE.mlb) or --registry DIR --model NAME.",
        firstErrorLine());
    assertEquals(ServerArguments.USAGE, err.toString(UTF_8).lines().skip(1).collect(java.util.stream.Collectors.joining(
        System.lineSeparator())));
  }

  @Test
  void run_badPort_isAUsageErrorNamingTheRange() {
    assertEquals(2, run("credit.mlb", "--port", "http"));
    assertEquals("mlengine-server: --port is 'http'; expected a whole number from 0 to 65535.", firstErrorLine());
  }

  @Test
  void run_registryWithoutModel_isAUsageError() {
    assertEquals(2, run("--registry", "registry"));
    assertEquals("mlengine-server: --registry needs --model NAME, the registered model to serve.", firstErrorLine());
  }

  @Test
  void run_bundleAndRegistry_isAUsageError() {
    assertEquals(2, run("credit.mlb", "--registry", "registry", "--model", "credit"));
    assertEquals("mlengine-server: give either a bundle file or --registry DIR --model NAME, not both.", firstErrorLine());
  }

  @Test
  void run_missingBundleFile_failsToStart() {
    assertEquals(1, run("no-such.mlb", "--port", "0"));
    assertEquals("mlengine-server: cannot start: bundle file no-such.mlb does not exist or is not a file; pass a .mlb file"
        + " written by ModelBundle.save (./mlengine quickstart writes credit.mlb).", firstErrorLine());
  }

  @Test
  void reason_forAFileSystemError_saysWhatWentWrongAndWhatToDo() {
    assertEquals("permission denied reading /registry/models/credit/versions/1/bundle.mlb; make it readable by the user the"
        + " server runs as (a bundle saved by ModelBundle.save is readable by its owner only: chmod -R a+rX on the registry or"
        + " file), or run the server as its owner.",
        ModelServer.reason(new java.nio.file.AccessDeniedException("/registry/models/credit/versions/1/bundle.mlb")));
    assertEquals("no such file /registry/models/credit/aliases.json; check the path (a registry's versions live under"
        + " DIR/models/NAME).", ModelServer.reason(new java.nio.file.NoSuchFileException("/registry/models/credit/aliases.json")));
    assertEquals("IllegalStateException", ModelServer.reason(new IllegalStateException()));
  }

  @Test
  void run_help_printsTheUsage() {
    assertEquals(0, run("--help"));
    assertEquals(ServerArguments.USAGE + System.lineSeparator(), out.toString(UTF_8));
  }

  @Test
  void parse_history_isADirectoryForcedAlways_unlessToldAnInterval_orARedisServer() {
    assertEquals(new ServedHistory.Disk(java.nio.file.Path.of("hist"), org.mlengine.serving.history.FsyncPolicy.always()),
        ServerArguments.parse("chicago.mlb", "--history", "hist").history());
    assertEquals(new ServedHistory.Disk(java.nio.file.Path.of("hist"),
        org.mlengine.serving.history.FsyncPolicy.interval(java.time.Duration.ofMillis(100))),
        ServerArguments.parse("chicago.mlb", "--fsync", "interval:100", "--history", "hist").history());
    assertEquals(new ServedHistory.Redis("redis://127.0.0.1:6379"),
        ServerArguments.parse("chicago.mlb", "--history", "redis://127.0.0.1:6379").history());
    assertEquals(null, ServerArguments.parse("chicago.mlb").history());
  }

  @Test
  void run_historyOptionsThatDoNotFit_areUsageErrors() {
    assertEquals(2, run("chicago.mlb", "--fsync", "always"));
    assertEquals("mlengine-server: --fsync needs --history DIR, the directory whose appends it forces.", firstErrorLine());
    err.reset();
    assertEquals(2, run("chicago.mlb", "--history", "hist", "--fsync", "sometimes"));
    assertEquals("mlengine-server: --fsync is 'sometimes'; expected always (force each append before answering) or interval:MS"
        + " with MS from 1 to 999999999, e.g. interval:100.", firstErrorLine());
    err.reset();
    assertEquals(2, run("chicago.mlb", "--history", "hist", "--fsync", "interval:0"));
    assertEquals("mlengine-server: --fsync is 'interval:0'; expected always (force each append before answering) or interval:MS"
        + " with MS from 1 to 999999999, e.g. interval:100.", firstErrorLine());
    err.reset();
    assertEquals(2, run("chicago.mlb", "--history", "redis://localhost:6379", "--fsync", "always"));
    assertEquals("mlengine-server: --fsync is for a history directory; a Redis history is as durable as the Redis server's"
        + " persistence setting (appendfsync). Leave --fsync out.", firstErrorLine());
    err.reset();
    assertEquals(2, run("chicago.mlb", "--history", "http://localhost:6379"));
    assertEquals("mlengine-server: --history is 'http://localhost:6379'; give a directory, or a Redis server as redis://HOST:PORT"
        + " (rediss:// for TLS).", firstErrorLine());
    err.reset();
    assertEquals(2, run("--registry", "registry", "--model", "sales", "--history", "hist"));
    assertEquals("mlengine-server: --history serves a bundle file, not --registry: a version the alias moves to may read other"
        + " events than the history keeps. Serve the version's bundle file with --history.", firstErrorLine());
  }
}
