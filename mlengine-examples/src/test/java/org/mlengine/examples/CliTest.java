package org.mlengine.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command line in process, with its output streams captured: the exact help texts, the
 * unknown-command suggestion, the exit codes (0 ok, 1 failure, 2 usage) and the quickstart's
 * progress lines when standard error is not a terminal.
 */
class CliTest {
  static final String EXIT_CODES = """

      Exit codes:
        0  ok
        1  failure: the command ran and failed (a missing file, data it cannot use)
        2  usage: an unknown command or wrong arguments
      Output goes to stdout; errors and progress go to stderr.
      """;

  static final String HELP = """
      Usage: mlengine [-h] COMMAND
      The machine-learning engineering life cycle on real data: train, evaluate, save
      and serve a model.
        -h, --help   Show this help and exit.

      Commands:
        quickstart   Train, evaluate, save and serve the credit-scoring model.
        foods        Classify food reviews: word 1-2-gram TF-IDF, logistic regression.
        chicago      Forecast Chicago ridership from windows of its past.
        crash-demo   Serve Chicago forecasts from a durable history through a kill -9.
        deploy-demo  Register, shadow, canary, promote, roll back two credit models.
        drift-demo   Watch a credit model drift; retrain, shadow and promote it.
        serve        Serve a model over HTTP: JSON, KServe V2, health, metrics.
        predict      Score CSV rows with a bundle; write each row with its prediction.
        inspect      Show what a bundle holds: schema, steps, model, metrics, lineage.
        diff         Compare two bundles: schema, steps, model, metrics.
        verify       Check a bundle's integrity and signature.
        jshell       Open JShell with mlengine on the class path.
        bench        Run the benchmarks; print the figures as 'name value' lines.
        help         Display help information about the specified command.
      """ + EXIT_CODES;

  static final String QUICKSTART_HELP = """
      Usage: mlengine quickstart [-h] [CSV] [BUNDLE]
      Train, evaluate, save and serve the credit-scoring model.
      Splits the data 80/20 (stratified, seed 42), fits mean encoding, imputation,
      scaling and logistic regression, prints the held-out metrics with intervals and
      the leakage audit, writes the bundle and the report
      (target/quickstart-report/), then loads the bundle and predicts one held-out
      applicant.
            [CSV]      The credit data, a CSV file with a header row (default: the
                         shipped credit_data.csv).
            [BUNDLE]   Where to write the bundle (default: credit.mlb).
        -h, --help     Show this help and exit.
      """ + EXIT_CODES;

  @TempDir Path dir;

  /** The exit code and what the command printed to standard output and to standard error, with \n line ends. */
  record CliRun(int exitCode, String out, String err) {}

  static CliRun cli(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code;
    try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
      code = Cli.run(args, o, e);
    }
    return new CliRun(code, unix(out), unix(err));
  }

  private static String unix(ByteArrayOutputStream bytes) {
    return bytes.toString(StandardCharsets.UTF_8).replace(System.lineSeparator(), "\n");
  }

  // ---- help ----

  @Test
  void help_longShortAndCommand_printTheCommandListToStdoutAndExitZero() {
    for (String help : List.of("--help", "-h", "help")) {
      CliRun run = cli(help);
      assertEquals(0, run.exitCode(), help);
      assertEquals(HELP, run.out(), help);
      assertEquals("", run.err(), help);
    }
  }

  @Test
  void help_listsEveryCommandOnOneLineWithADescription() {
    List<String> commands = HELP.lines().dropWhile(l -> !l.equals("Commands:")).skip(1).takeWhile(l -> !l.isEmpty()).toList();
    assertEquals(List.of("quickstart", "foods", "chicago", "crash-demo", "deploy-demo", "drift-demo", "serve", "predict", "inspect", "diff", "verify", "jshell",
        "bench", "help"),
        commands.stream().map(l -> l.trim().split(" +", 2)[0]).toList());
    commands.forEach(l -> assertTrue(l.trim().split(" +", 2).length == 2, () -> "no description: " + l));
  }

  @Test
  void quickstartHelp_isNotReadAsAFileName_printsTheCommandsUsageAndExitsZero() {
    for (List<String> args : List.of(List.of("quickstart", "--help"), List.of("quickstart", "-h"), List.of("help", "quickstart"))) {
      CliRun run = cli(args.toArray(String[]::new));
      assertEquals(0, run.exitCode(), args::toString);
      assertEquals(QUICKSTART_HELP, run.out(), args::toString);
      assertEquals("", run.err(), args::toString);
    }
  }

  @Test
  void commandHelp_everyCommand_showsItsUsageLine() {
    assertEquals("Usage: mlengine foods [-h]", cli("foods", "--help").out().lines().findFirst().orElseThrow());
    assertEquals("Usage: mlengine chicago [-h]", cli("chicago", "--help").out().lines().findFirst().orElseThrow());
    assertEquals("Usage: mlengine jshell [-h] [ARG...]", cli("jshell", "--help").out().lines().findFirst().orElseThrow());
    assertEquals("Usage: mlengine bench [-h] [DATA_DIR]", cli("bench", "--help").out().lines().findFirst().orElseThrow());
    assertEquals("Usage: mlengine serve [-h] [ARG...]", cli("serve", "--help").out().lines().findFirst().orElseThrow());
    assertEquals("Usage: mlengine predict [-h] [-o=FILE] BUNDLE [INPUT]", cli("predict", "--help").out().lines().findFirst().orElseThrow());
    assertEquals("Usage: mlengine inspect [-h] [--json] [--trusted-key=KEYFILE] BUNDLE",
        cli("inspect", "--help").out().lines().findFirst().orElseThrow());
    assertEquals("Usage: mlengine diff [-h] [--json] A B", cli("diff", "--help").out().lines().findFirst().orElseThrow());
    assertEquals("Usage: mlengine verify [-h] [--trusted-key=KEYFILE] BUNDLE", cli("verify", "--help").out().lines().findFirst().orElseThrow());
    for (String command : List.of("predict", "inspect", "diff", "verify")) {
      assertTrue(cli(command, "--help").out().endsWith(EXIT_CODES), command);
    }
    assertTrue(cli("bench", "--help").out().endsWith(EXIT_CODES));
  }

  // ---- usage errors: exit 2, stderr ----

  @Test
  void unknownCommand_namesItAndSuggestsTheClosest_onStderrWithExitTwo() {
    CliRun run = cli("quikstart");
    assertEquals(2, run.exitCode());
    assertEquals("mlengine: unknown command 'quikstart'; did you mean 'quickstart'? Run 'mlengine --help' for the list of commands.\n",
        run.err());
    assertEquals("", run.out());
    assertEquals("mlengine: unknown command 'chicgo'; did you mean 'chicago'? Run 'mlengine --help' for the list of commands.\n",
        cli("chicgo").err());
  }

  @Test
  void unknownCommand_nothingClose_namesItWithoutASuggestion() {
    CliRun run = cli("deploy");
    assertEquals(2, run.exitCode());
    assertEquals("mlengine: unknown command 'deploy'. Run 'mlengine --help' for the list of commands.\n", run.err());
  }

  @Test
  void closest_byEditDistance_firstListedOnATie() {
    assertEquals(1, Cli.editDistance("quikstart", "quickstart"));
    assertEquals(3, Cli.editDistance("kitten", "sitting"));
    assertEquals(java.util.Optional.of("bench"), Cli.closest("bnch", List.of("quickstart", "bench")));
    assertEquals(java.util.Optional.of("ab"), Cli.closest("x", List.of("ab", "cd")));
    assertEquals(java.util.Optional.of("quickstart"), Cli.closest("quikstrat", List.of("quickstart", "bench")));
    assertEquals(java.util.Optional.empty(), Cli.closest("deploy", List.of("quickstart", "bench")));
  }

  @Test
  void noArguments_listsTheCommandsOnStderrWithExitTwo() {
    CliRun run = cli();
    assertEquals(2, run.exitCode());
    assertEquals("mlengine: give a command\n" + HELP, run.err());
    assertEquals("", run.out());
  }

  @Test
  void unknownOption_saysSoWithExitTwo() {
    CliRun run = cli("--bogus");
    assertEquals(2, run.exitCode());
    assertEquals("mlengine: Unknown option: '--bogus'\n" + HELP, run.err());
  }

  @Test
  void quickstart_tooManyArguments_namesTheExtraOneAndShowsItsUsageWithExitTwo() {
    CliRun run = cli("quickstart", "a.csv", "b.mlb", "extra");
    assertEquals(2, run.exitCode());
    assertEquals("mlengine quickstart: Unmatched argument at index 3: 'extra'\n" + QUICKSTART_HELP, run.err());
    assertEquals("", run.out());
  }

  // ---- failures: exit 1, stderr ----

  @Test
  void quickstart_csvFileThatDoesNotExist_returnsOneAndNamesTheFile() {
    Path missing = dir.resolve("no-such-credit-data.csv");
    Path out = dir.resolve("never-written.mlb");
    CliRun run = cli("quickstart", missing.toString(), out.toString());
    assertEquals(1, run.exitCode());
    assertEquals("mlengine quickstart: no such file " + missing + "; give the path of a CSV file with the credit data's"
        + " columns and a header row, or leave it out to use the shipped credit_data.csv\n", run.err());
    assertFalse(Files.exists(out), () -> out + " was written although the input was missing");
  }

  @Test
  void quickstart_csvWithoutTheTargetColumn_returnsOneWithAMessage() throws IOException {
    Path csv = dir.resolve("no-status.csv");
    Files.writeString(csv, "Seniority,Income\n1,100\n2,200\n", StandardCharsets.UTF_8);
    CliRun run = cli("quickstart", csv.toString(), dir.resolve("never.mlb").toString());
    assertEquals(1, run.exitCode());
    List<String> lines = run.err().lines().toList();
    assertEquals(List.of("fitting the pipeline on 2 rows...", "fitting the pipeline on 2 rows... failed"), lines.subList(0, 2), run::err);
    assertTrue(lines.get(2).startsWith("mlengine quickstart failed: "), run::err);
    assertTrue(run.err().contains("target 'Status' is not in the table"), () -> "the message does not name the target column: " + run.err());
  }

  @Test
  void jshellAndBench_inProcess_sayTheScriptStartsThemWithExitOne() {
    CliRun jshell = cli("jshell");
    assertEquals(1, jshell.exitCode());
    assertEquals("mlengine jshell: JShell is started by the ./mlengine script, which puts the class path together; run ./mlengine"
        + " jshell\n", jshell.err());
    CliRun bench = cli("bench");
    assertEquals(1, bench.exitCode());
    assertEquals("mlengine bench: the benchmark runner is started by the ./mlengine script (mlengine-bench); run ./mlengine bench\n",
        bench.err());
  }

  // ---- progress ----

  @Test
  void quickstart_notOnATerminal_printsPlainProgressLinesToStderrAndKeepsStdoutForItsOutput() {
    CliRun run = cli("quickstart", Path.of("src/main/resources/org/mlengine/examples/credit_data.csv").toString(),
        dir.resolve("credit.mlb").toString());
    assertEquals(0, run.exitCode(), run::err);
    assertTrue(run.err().matches("""
        fitting the pipeline on 4454 rows\\.\\.\\.
        fitting the pipeline on 4454 rows\\.\\.\\. done in \\d+\\.\\d s
        writing the evaluation report\\.\\.\\.
        writing the evaluation report\\.\\.\\. done in \\d+\\.\\d s
        """), run::err);
    assertTrue(run.out().startsWith("read 4454 applicants, 14 columns\ntrained on "), run::out);
    assertFalse(run.out().contains("fitting the pipeline") || run.out().contains("\r"), run::out);
  }

  @Test
  void progress_onATerminal_redrawsOneLiveLineAndEndsWithTheTimeTaken() throws IOException {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    try (PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
      String result = Progress.on(e, true).step("working", () -> {
        try {
          Thread.sleep(600);
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
        }
        return "done";
      });
      assertEquals("done", result);
    }
    String text = unix(err);
    assertTrue(text.startsWith("\rworking... 0 s   "), text);
    assertTrue(text.matches("(\\rworking\\.\\.\\. \\d s   )+\\rworking\\.\\.\\. done in \\d+\\.\\d s   \\n"), text);
  }

  @Test
  void serve_withoutAModel_isAUsageErrorFromTheServer() {
    CliRun run = cli("serve", "--port", "0");
    assertEquals(2, run.exitCode());
    assertEquals("mlengine-server: no model to serve; give a bundle file (BUNDLE.mlb) or --registry DIR --model NAME.",
        run.err().lines().findFirst().orElseThrow());
  }
}
