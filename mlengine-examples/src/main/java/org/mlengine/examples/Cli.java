package org.mlengine.examples;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import org.mlengine.runtime.Table;
import org.mlengine.server.ModelServer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * The {@code mlengine} command line, parsed with picocli: {@code mlengine --help} lists the
 * commands, {@code mlengine <command> --help} shows one command's arguments, an unknown command
 * is refused with the closest one suggested when one is close. Output goes to standard output, errors and progress
 * to standard error; the exit code is 0 when the command did its job, 1 when it failed and 2 for
 * a usage error.
 *
 * <pre>{@code
 * ./mlengine quickstart                     # train on the shipped credit data, write credit.mlb
 * ./mlengine quickstart data.csv out.mlb    # the same on another copy of the credit data
 * ./mlengine foods                          # TF-IDF 1-2 grams + logistic regression on food reviews
 * ./mlengine chicago                        # ridership forecast from past-window statistics, served from a History
 * ./mlengine crash-demo                     # Chicago: two models on one feature view, served from --history, killed and restarted
 * ./mlengine deploy-demo                    # registry, shadow, canary, promote, rollback and limits on the credit data
 * ./mlengine drift-demo                     # drift alert, retraining, shadow trial and promotion on the credit data
 * ./mlengine serve credit.mlb --port 8080    # the model over HTTP: JSON, KServe V2, health, Prometheus metrics
 * ./mlengine predict credit.mlb < rows.csv > scored.csv   # score CSV rows, streaming, in constant memory
 * ./mlengine inspect credit.mlb             # schema, steps, metrics with intervals, lineage, signature
 * ./mlengine diff old.mlb new.mlb           # schema, steps and metrics side by side
 * ./mlengine verify credit.mlb --trusted-key signer.pub   # integrity and signature; exit 0 verified, 1 not
 * }</pre>
 *
 * <p>{@code jshell} and {@code bench} are started by the {@code ./mlengine} script itself (they
 * need the whole class path, or another JVM); they are declared here so help lists them.
 */
@Command(name = "mlengine", synopsisSubcommandLabel = "COMMAND",
    description = "The machine-learning engineering life cycle on real data: train, evaluate, save and serve a model.",
    commandListHeading = "%nCommands:%n", footerHeading = "%n", footer = Cli.EXIT_CODES)
public final class Cli implements Callable<Integer> {
  /** The command did its job. */
  static final int OK = 0;
  /** The command ran and failed: a missing file, data it cannot use. */
  static final int FAILURE = 1;
  /** The command line was wrong: an unknown command, a wrong argument. */
  static final int USAGE = 2;

  /** Every command's help ends with the exit codes (picocli formats {@code %n} as a line break). */
  static final String EXIT_CODES = "Exit codes:%n"
      + "  0  ok%n"
      + "  1  failure: the command ran and failed (a missing file, data it cannot use)%n"
      + "  2  usage: an unknown command or wrong arguments%n"
      + "Output goes to stdout; errors and progress go to stderr.";

  /**
   * Tribuo logs INFO lines through java.util.logging on every fit; the command line, an
   * application, turns them down (the library never configures logging). Held here because
   * java.util.logging keeps loggers only weakly.
   */
  private static final java.util.logging.Logger TRIBUO = java.util.logging.Logger.getLogger("org.tribuo");

  @Mixin private HelpOption help;
  @picocli.CommandLine.Spec private CommandLine.Model.CommandSpec spec;

  /** Runs a command and exits with its code: 0 ok, 1 failure, 2 usage. */
  public static void main(String[] args) {
    if (TRIBUO.getLevel() == null) {
      TRIBUO.setLevel(java.util.logging.Level.WARNING);
    }
    System.exit(run(args, System.out, System.err, System.console() != null));
  }

  /** Runs a command with plain progress lines, as when standard error is not a terminal. */
  static int run(String[] args, PrintStream out, PrintStream err) {
    return run(args, out, err, false);
  }

  /** Runs a command, printing to {@code out} and {@code err}; {@code terminal} draws progress as a live line. */
  static int run(String[] args, PrintStream out, PrintStream err, boolean terminal) {
    return run(args, System.in, out, err, terminal);
  }

  /** Runs a command reading standard input from {@code in}, as {@code predict} does by default. */
  static int run(String[] args, InputStream in, PrintStream out, PrintStream err, boolean terminal) {
    CommandLine cli = new CommandLine(new Cli())
        .addSubcommand("quickstart", new QuickstartCommand(out, err, terminal))
        .addSubcommand("foods", new FoodsCommand(out, err))
        .addSubcommand("chicago", new ChicagoCommand(out, err))
        .addSubcommand("crash-demo", new CrashDemoCommand(out, err))
        .addSubcommand("deploy-demo", new DeployDemoCommand(out, err))
        .addSubcommand("drift-demo", new DriftDemoCommand(out, err))
        .addSubcommand("serve", new CommandLine(new ServeCommand(out, err)).setUnmatchedOptionsArePositionalParams(true));
    cli = BundleCommands.addTo(cli, in, out, err)
        .addSubcommand("jshell", new JshellCommand(err))
        .addSubcommand("bench", new BenchCommand(err))
        .addSubcommand("help", new CommandLine.HelpCommand());
    cli.setOut(writer(out)).setErr(writer(err)).setColorScheme(CommandLine.Help.defaultColorScheme(CommandLine.Help.Ansi.OFF))
        .setParameterExceptionHandler(Cli::usageError);
    int code = cli.execute(args);
    out.flush();
    err.flush();
    return code;
  }

  private static PrintWriter writer(PrintStream stream) {
    return new PrintWriter(stream, true);
  }

  /** No command: the list of commands on stderr, and a usage error. */
  @Override
  public Integer call() {
    spec.commandLine().getErr().println("mlengine: give a command");
    spec.commandLine().usage(spec.commandLine().getErr());
    return USAGE;
  }

  /** An unknown command names the closest known one; any other mistake shows the command's usage. */
  private static int usageError(ParameterException e, String[] args) {
    CommandLine command = e.getCommandLine();
    PrintWriter err = command.getErr();
    if (command.getParent() == null && e instanceof UnmatchedArgumentException u && !u.getUnmatched().isEmpty()
        && !u.getUnmatched().get(0).startsWith("-")) {
      String unknown = u.getUnmatched().get(0);
      String suggestion = closest(unknown, command.getSubcommands().keySet())
          .map(name -> "; did you mean '" + name + "'?").orElse(".");
      err.println("mlengine: unknown command '" + unknown + "'" + suggestion + " Run 'mlengine --help' for the list of commands.");
      return USAGE;
    }
    err.println(command.getCommandSpec().qualifiedName() + ": " + e.getMessage());
    command.usage(err);
    return USAGE;
  }

  /**
   * The command with the fewest single-letter edits from {@code typed} (the first listed on a
   * tie), if it is close: at most two edits, or a third of the command's length for longer names.
   */
  static java.util.Optional<String> closest(String typed, java.util.Collection<String> commands) {
    List<String> names = List.copyOf(commands);
    return names.stream()
        .filter(c -> editDistance(typed, c) <= Math.max(2, c.length() / 3))
        .min(Comparator.comparingInt((String c) -> editDistance(typed, c)).thenComparingInt(names::indexOf));
  }

  /** Levenshtein distance: insertions, deletions and substitutions of one character. */
  static int editDistance(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int substitute = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        current[j] = Math.min(substitute, Math.min(previous[j], current[j - 1]) + 1);
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
  }

  /** {@code -h} and {@code --help} on every command. */
  static final class HelpOption {
    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    boolean requested;
  }

  @Command(name = "quickstart", footerHeading = "%n", footer = EXIT_CODES,
      description = {"Train, evaluate, save and serve the credit-scoring model.",
          "Splits the data 80/20 (stratified, seed 42), fits mean encoding, imputation, scaling and logistic regression,"
              + " prints the held-out metrics with intervals and the leakage audit, writes the bundle and the report"
              + " (target/quickstart-report/), then loads the bundle and predicts one held-out applicant."})
  static final class QuickstartCommand implements Callable<Integer> {
    @Mixin private HelpOption help;

    @Parameters(index = "0", arity = "0..1", paramLabel = "CSV",
        description = "The credit data, a CSV file with a header row (default: the shipped credit_data.csv).")
    private Path csv;

    @Parameters(index = "1", arity = "0..1", paramLabel = "BUNDLE", description = "Where to write the bundle (default: credit.mlb).")
    private Path bundle = Path.of("credit.mlb");

    private final PrintStream out;
    private final PrintStream err;
    private final boolean terminal;

    QuickstartCommand(PrintStream out, PrintStream err, boolean terminal) {
      this.out = out;
      this.err = err;
      this.terminal = terminal;
    }

    @Override
    public Integer call() {
      try {
        Table credit = csv != null ? Table.readCsv(csv) : Quickstart.creditData();
        Quickstart.run(credit, bundle, out, Progress.on(err, terminal));
        return OK;
      } catch (NoSuchFileException e) {
        err.println("mlengine quickstart: no such file " + e.getFile() + "; give the path of a CSV file with the credit data's"
            + " columns and a header row, or leave it out to use the shipped credit_data.csv");
        return FAILURE;
      } catch (IOException | RuntimeException e) {
        err.println("mlengine quickstart failed: " + e.getMessage());
        return FAILURE;
      }
    }
  }

  @Command(name = "foods", footerHeading = "%n", footer = EXIT_CODES,
      description = {"Classify food reviews: word 1-2-gram TF-IDF, logistic regression.",
          "Trains on the shipped reviews and prints the ROC AUC on their test file."})
  static final class FoodsCommand implements Callable<Integer> {
    @Mixin private HelpOption help;
    private final PrintStream out;
    private final PrintStream err;

    FoodsCommand(PrintStream out, PrintStream err) {
      this.out = out;
      this.err = err;
    }

    @Override
    public Integer call() {
      try {
        FoodsExample.run(FoodsExample.trainData(), FoodsExample.testData(), out);
        return OK;
      } catch (IOException | RuntimeException e) {
        err.println("mlengine foods failed: " + e.getMessage());
        return FAILURE;
      }
    }
  }

  @Command(name = "chicago", footerHeading = "%n", footer = EXIT_CODES,
      description = {"Forecast Chicago ridership from windows of its past.",
          "One day ahead, time-ordered split with a 7-day gap; prints the held-out RMSE and MAE beside the naive forecast, writes"
              + " chicago.mlb and checks that the served forecasts equal the offline ones."})
  static final class ChicagoCommand implements Callable<Integer> {
    @Mixin private HelpOption help;
    private final PrintStream out;
    private final PrintStream err;

    ChicagoCommand(PrintStream out, PrintStream err) {
      this.out = out;
      this.err = err;
    }

    @Override
    public Integer call() {
      try {
        ChicagoExample.run(ChicagoExample.ridershipData(), Path.of("chicago.mlb"), out);
        return OK;
      } catch (IOException | RuntimeException e) {
        err.println("mlengine chicago failed: " + e.getMessage());
        return FAILURE;
      }
    }
  }

  @Command(name = "crash-demo", footerHeading = "%n", footer = EXIT_CODES,
      description = {"Serve Chicago forecasts from a durable history through a kill -9.",
          "Two models (a tree and a linear one) on one feature view of the ridership windows (its point-in-time training set"
              + " checked to be what both were fitted on), each served by an mlengine-server child process with --history on a"
              + " directory; replays the held-out days (forecast, then append the day), kills both servers with SIGKILL half"
              + " way, starts them again on the same directories and checks that every served forecast equals the offline one"
              + " bit for bit (exit 1 if not)."})
  static final class CrashDemoCommand implements Callable<Integer> {
    @Mixin private HelpOption help;
    @Option(names = "--days", paramLabel = "N", description = "replay only the last N held-out days (default: all of them)")
    private int days;
    private final PrintStream out;
    private final PrintStream err;

    CrashDemoCommand(PrintStream out, PrintStream err) {
      this.out = out;
      this.err = err;
    }

    @Override
    public Integer call() {
      Path dir = null;
      try {
        dir = java.nio.file.Files.createTempDirectory("mlengine-crash-demo");
        ChicagoRestartDemo.run(ChicagoExample.ridershipData(), dir, days, System.getProperty("java.class.path"), out);
        return OK;
      } catch (IOException | RuntimeException e) {
        err.println("mlengine crash-demo failed: " + e.getMessage());
        return FAILURE;
      } finally {
        deleteTree(dir, err);
      }
    }
  }

  /** Deletes a scratch directory and what it holds; says so when it cannot. */
  private static void deleteTree(Path dir, PrintStream err) {
    if (dir == null) {
      return;
    }
    try (java.util.stream.Stream<Path> files = java.nio.file.Files.walk(dir)) {
      for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
        java.nio.file.Files.delete(p);
      }
    } catch (IOException e) {
      err.println("mlengine: could not delete " + dir + ": " + e.getMessage());
    }
  }

  @Command(name = "deploy-demo", footerHeading = "%n", footer = EXIT_CODES,
      description = {"Register, shadow, canary, promote, roll back two credit models.",
          "Registers two bundles fitted on the first 3000 applicants, serves the rest as traffic through a shadow phase, a"
              + " sticky canary, a promotion and a rollback (the deployment follows the registry's alias and swaps live), then"
              + " within limits; prints what each phase observed and the registry's history. The registry is kept in"
              + " deploy-demo-registry (or REGISTRY_DIR)."})
  static final class DeployDemoCommand implements Callable<Integer> {
    @Mixin private HelpOption help;

    @Parameters(arity = "0..1", paramLabel = "REGISTRY_DIR", description = "The registry's directory (default: deploy-demo-registry).")
    private Path registryDir = Path.of("deploy-demo-registry");

    private final PrintStream out;
    private final PrintStream err;

    DeployDemoCommand(PrintStream out, PrintStream err) {
      this.out = out;
      this.err = err;
    }

    @Override
    public Integer call() {
      try {
        DeployDemo.run(Quickstart.creditData(), registryDir, out);
        return OK;
      } catch (IOException | RuntimeException e) {
        err.println("mlengine deploy-demo failed: " + e.getMessage());
        return FAILURE;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        err.println("mlengine deploy-demo was interrupted");
        return FAILURE;
      }
    }
  }
  @Command(name = "drift-demo", footerHeading = "%n", footer = EXIT_CODES,
      description = {"Watch a credit model drift; retrain, shadow and promote it.",
          "Serves a replay of credit applicants with their outcomes as feedback, inflates incomes from request 4,000 on;"
              + " the monitor alerts, the maintenance loop refits, registers the candidate, shadows it and promotes it only"
              + " if McNemar's test finds it better on the same requests. Prints each step, a Prometheus scrape and the"
              + " registry's history. The registry is kept in drift-demo-registry (or REGISTRY_DIR); the last monitoring"
              + " window (JSON) and the report with its monitoring page go to drift-demo-report beside it."})
  static final class DriftDemoCommand implements Callable<Integer> {
    @Mixin private HelpOption help;

    @Parameters(arity = "0..1", paramLabel = "REGISTRY_DIR", description = "The registry's directory (default: drift-demo-registry).")
    private Path registryDir = Path.of("drift-demo-registry");

    private final PrintStream out;
    private final PrintStream err;

    DriftDemoCommand(PrintStream out, PrintStream err) {
      this.out = out;
      this.err = err;
    }

    @Override
    public Integer call() {
      try {
        DriftDemo.run(Quickstart.creditData(), registryDir, out);
        return OK;
      } catch (IOException | RuntimeException e) {
        err.println("mlengine drift-demo failed: " + e.getMessage());
        return FAILURE;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        err.println("mlengine drift-demo was interrupted");
        return FAILURE;
      }
    }
  }

  @Command(name = "serve", footerHeading = "%n", footer = EXIT_CODES,
      description = {"Serve a model over HTTP: JSON, KServe V2, health, metrics.",
          "ARG...: BUNDLE.mlb, or --registry DIR --model NAME [--alias production] (swapped live when the alias moves);"
              + " then [--host 127.0.0.1] [--port 8080 (0: any free port)] [--max-body-bytes N] [--request-timeout-ms N]"
              + " [--idle-timeout-ms N] [--drain-timeout-ms N] [--poll-ms N]. Endpoints: POST /predict, POST"
              + " /v2/models/NAME/infer, GET /v2/models/NAME, /v2/health/live, /v2/health/ready, /metrics, /openapi.json."
              + " Prints 'mlengine-server listening on http://HOST:PORT' and serves until SIGTERM (graceful shutdown)."})
  static final class ServeCommand implements Callable<Integer> {
    @Mixin private HelpOption help;

    @Parameters(arity = "0..*", paramLabel = "ARG", description = "The model and the server's options, as above.")
    private List<String> arguments = List.of();

    private final PrintStream out;
    private final PrintStream err;

    ServeCommand(PrintStream out, PrintStream err) {
      this.out = out;
      this.err = err;
    }

    @Override
    public Integer call() {
      return ModelServer.run(out, err, arguments.toArray(String[]::new));
    }
  }

  @Command(name = "jshell", footerHeading = "%n", footer = EXIT_CODES,
      description = {"Open JShell with mlengine on the class path.",
          "The front doors are imported. Started by the ./mlengine script; e.g. ./mlengine jshell mlengine-examples/jshell/quickstart.jsh runs the quickstart."})
  static final class JshellCommand implements Callable<Integer> {
    @Mixin private HelpOption help;

    @Parameters(arity = "0..*", paramLabel = "ARG", description = "Passed to jshell: scripts to run (.jsh) and jshell's own options.")
    private List<String> arguments;

    private final PrintStream err;

    JshellCommand(PrintStream err) {
      this.err = err;
    }

    @Override
    public Integer call() {
      err.println("mlengine jshell: JShell is started by the ./mlengine script, which puts the class path together; run ./mlengine jshell");
      return FAILURE;
    }
  }

  @Command(name = "bench", footerHeading = "%n", footer = EXIT_CODES,
      description = {"Run the benchmarks; print the figures as 'name value' lines.",
          "Started by the ./mlengine script with the throughput collector; see mlengine-bench/RESULTS.md."})
  static final class BenchCommand implements Callable<Integer> {
    @Mixin private HelpOption help;

    @Parameters(arity = "0..1", paramLabel = "DATA_DIR",
        description = "A directory holding credit_data.csv (default: the shipped copy).")
    private Path dataDir;

    private final PrintStream err;

    BenchCommand(PrintStream err) {
      this.err = err;
    }

    @Override
    public Integer call() {
      err.println("mlengine bench: the benchmark runner is started by the ./mlengine script (mlengine-bench); run ./mlengine bench");
      return FAILURE;
    }
  }
}
