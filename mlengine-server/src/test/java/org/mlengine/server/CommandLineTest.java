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
}
