package org.mlengine.examples;

import static org.mlengine.examples.Cli.EXIT_CODES;
import static org.mlengine.examples.Cli.FAILURE;
import static org.mlengine.examples.Cli.OK;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.PublicKey;
import java.util.concurrent.Callable;
import org.mlengine.examples.BundleFacts.SignatureCheck;
import org.mlengine.runtime.ModelBundle;
import org.mlengine.runtime.TrustPolicy;
import org.mlengine.serving.CsvScoringException;
import org.mlengine.serving.Predictor;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The command line's tools for bundle files (issue #17): {@code predict}, {@code inspect},
 * {@code diff} and {@code verify}, added to {@link Cli} with {@link #addTo}.
 *
 * <pre>{@code
 * ./mlengine predict credit.mlb < applicants.csv > scored.csv
 * ./mlengine inspect credit.mlb --json
 * ./mlengine diff old.mlb new.mlb
 * ./mlengine verify credit.mlb --trusted-key signer.pub
 * }</pre>
 */
final class BundleCommands {
  private BundleCommands() {}

  /** Adds the four commands to the command line, reading standard input from {@code in}. */
  static CommandLine addTo(CommandLine cli, InputStream in, PrintStream out, PrintStream err) {
    return cli.addSubcommand("predict", new PredictCommand(in, out, err))
        .addSubcommand("inspect", new InspectCommand(out, err))
        .addSubcommand("diff", new DiffCommand(out, err))
        .addSubcommand("verify", new VerifyCommand(out, err));
  }

  /**
   * Loads a bundle for a command, or prints why it cannot and returns null: a missing file, a
   * damaged or refused archive, a signature that does not verify.
   */
  private static ModelBundle load(String command, Path file, PublicKey trusted, PrintStream err) {
    try {
      return trusted == null ? ModelBundle.load(file) : ModelBundle.load(file, TrustPolicy.requireSignedBy(trusted));
    } catch (NoSuchFileException e) {
      err.println("mlengine " + command + ": no such bundle file " + file + "; give the path of a .mlb file (./mlengine quickstart"
          + " writes credit.mlb)");
    } catch (IOException | RuntimeException e) {
      err.println("mlengine " + command + ": " + file + " cannot be used: " + e.getMessage());
    }
    return null;
  }

  /** Reads the trusted key, or prints why it cannot and returns null. */
  private static PublicKey key(String command, Path file, PrintStream err) {
    try {
      return BundleFacts.readPublicKey(file);
    } catch (IOException e) {
      err.println("mlengine " + command + ": " + e.getMessage());
      return null;
    }
  }

  @Command(name = "predict", footerHeading = "%n", footer = EXIT_CODES,
      description = {"Score CSV rows with a bundle; write each row with its prediction.",
          "Reads CSV with a header row from INPUT (standard input when INPUT is - or left out) a batch at a time, in memory that"
              + " does not grow with the input, and writes CSV: every input column as read (numbers whole when whole, timestamps"
              + " as ISO-8601 instants, missing values empty), then 'label' and one 'p_<class>' column per class (classification)"
              + " or 'value' (regression), each in the shortest form that reads back to the same double. The header must name every column the model reads;"
              + " other columns are passed through. A bad row stops the command naming its line and column: FILE is then left"
              + " as it was (the output goes to a temporary file beside it, moved into place on success); on standard output,"
              + " stderr says how many rows were written before it."})
  static final class PredictCommand implements Callable<Integer> {
    @Mixin private Cli.HelpOption help;

    @Parameters(index = "0", paramLabel = "BUNDLE", description = "The bundle file (.mlb).")
    private Path bundle;

    @Parameters(index = "1", arity = "0..1", paramLabel = "INPUT", description = "The CSV rows to score (default: -, standard input).")
    private String input = "-";

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Where to write the scored CSV (default: -, standard output).")
    private String output = "-";

    private final InputStream in;
    private final PrintStream out;
    private final PrintStream err;

    PredictCommand(InputStream in, PrintStream out, PrintStream err) {
      this.in = in;
      this.out = out;
      this.err = err;
    }

    @Override
    public Integer call() {
      ModelBundle loaded = load("predict", bundle, null, err);
      if (loaded == null) {
        return FAILURE;
      }
      Predictor predictor = Predictor.of(loaded);
      InputStream rows;
      String source = input.equals("-") ? "stdin" : input;
      try {
        rows = input.equals("-") ? in : Files.newInputStream(Path.of(input));
      } catch (NoSuchFileException e) {
        err.println("mlengine predict: no such input file " + input + "; give the path of a CSV file with a header row, or - for"
            + " standard input");
        return FAILURE;
      } catch (IOException e) {
        err.println("mlengine predict: cannot read " + input + ": " + e.getMessage());
        return FAILURE;
      }
      return output.equals("-") ? toStdout(predictor, rows, source) : toFile(predictor, rows, source, Path.of(output));
    }

    private int toStdout(Predictor predictor, InputStream rows, String source) {
      try {
        long written = predictor.predictCsv(rows, source, out);
        if (out.checkError()) {
          err.println("mlengine predict: writing to standard output failed (was it closed?)");
          return FAILURE;
        }
        err.println("mlengine predict: scored " + written + " rows");
        return OK;
      } catch (CsvScoringException e) {
        err.println("mlengine predict: " + e.getMessage());
        err.println("mlengine predict: " + e.rowsWritten() + " rows were written to standard output before the failure");
        return FAILURE;
      } catch (IOException | RuntimeException e) {
        err.println("mlengine predict failed: " + e.getMessage());
        return FAILURE;
      }
    }

    private int toFile(Predictor predictor, InputStream rows, String source, Path file) {
      Path target = file.toAbsolutePath();
      Path temporary = null;
      try {
        Files.createDirectories(target.getParent());
        // A fresh name beside the target (so the move stays on one file system), created with the
        // default permissions the target would get; createTempFile would make it owner-only.
        Path fresh = target.resolveSibling("." + target.getFileName() + "." + ProcessHandle.current().pid() + "." + System.nanoTime()
            + ".tmp");
        OutputStream opened = Files.newOutputStream(fresh, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        temporary = fresh;
        long written;
        try (OutputStream o = new BufferedOutputStream(opened, 1 << 16)) {
          written = predictor.predictCsv(rows, source, o);
        }
        try {
          Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
          Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
        }
        err.println("mlengine predict: scored " + written + " rows into " + file);
        return OK;
      } catch (CsvScoringException e) {
        err.println("mlengine predict: " + e.getMessage());
        err.println("mlengine predict: " + file + " was not written");
        return FAILURE;
      } catch (IOException | RuntimeException e) {
        err.println("mlengine predict failed: " + e.getMessage() + "; " + file + " was not written");
        return FAILURE;
      } finally {
        deleteQuietly(temporary);
        try {
          rows.close();
        } catch (IOException e) {
          err.println("mlengine predict: closing " + source + " failed: " + e.getMessage());
        }
      }
    }

    private void deleteQuietly(Path temporary) {
      if (temporary == null) {
        return;
      }
      try {
        Files.deleteIfExists(temporary);
      } catch (IOException e) {
        err.println("mlengine predict: could not delete the temporary file " + temporary + ": " + e.getMessage());
      }
    }
  }

  @Command(name = "inspect", footerHeading = "%n", footer = EXIT_CODES,
      description = {"Show what a bundle holds: schema, steps, model, metrics, lineage.",
          "Checks every entry's SHA-256, then prints the bundle's id, label, creation time, parent, library and format version,"
              + " signature status, task, model and trainer, training rows and their fingerprint, the leakage audit's verdict,"
              + " the input schema (each column's type and how many categories the model knows), the steps and the held-out"
              + " metrics with their intervals and baselines. With --trusted-key the signature must verify with that key."})
  static final class InspectCommand implements Callable<Integer> {
    @Mixin private Cli.HelpOption help;

    @Parameters(index = "0", paramLabel = "BUNDLE", description = "The bundle file (.mlb).")
    private Path bundle;

    @Option(names = "--json", description = "Print JSON instead of text.")
    private boolean json;

    @Option(names = "--trusted-key", paramLabel = "KEYFILE",
        description = "An Ed25519 public key (PEM or DER) the bundle's signature must verify with.")
    private Path trustedKey;

    private final PrintStream out;
    private final PrintStream err;

    InspectCommand(PrintStream out, PrintStream err) {
      this.out = out;
      this.err = err;
    }

    @Override
    public Integer call() {
      PublicKey key = trustedKey == null ? null : key("inspect", trustedKey, err);
      if (trustedKey != null && key == null) {
        return FAILURE;
      }
      ModelBundle loaded = load("inspect", bundle, key, err);
      if (loaded == null) {
        return FAILURE;
      }
      BundleFacts facts = BundleFacts.of(loaded, bundle, key == null ? SignatureCheck.notChecked() : SignatureCheck.verifiedWith(key));
      out.print(json ? BundleFacts.json(facts.toMap()) : facts.toText());
      return OK;
    }
  }

  @Command(name = "diff", footerHeading = "%n", footer = EXIT_CODES,
      description = {"Compare two bundles: schema, steps, model, metrics.",
          "Prints the lineage (whether one names the other as its parent), the input columns added, removed or retyped and the"
              + " categories added or removed, the steps as an edit script (- only in A, + only in B), the model and trainer,"
              + " and every held-out metric of either bundle with its interval and B's value minus A's. Exits 0 whenever both"
              + " bundles could be read, whether or not they differ."})
  static final class DiffCommand implements Callable<Integer> {
    @Mixin private Cli.HelpOption help;

    @Parameters(index = "0", paramLabel = "A", description = "The first bundle file (.mlb), such as the one in production.")
    private Path a;

    @Parameters(index = "1", paramLabel = "B", description = "The second bundle file (.mlb), such as a candidate.")
    private Path b;

    @Option(names = "--json", description = "Print JSON instead of text.")
    private boolean json;

    private final PrintStream out;
    private final PrintStream err;

    DiffCommand(PrintStream out, PrintStream err) {
      this.out = out;
      this.err = err;
    }

    @Override
    public Integer call() {
      ModelBundle first = load("diff", a, null, err);
      ModelBundle second = first == null ? null : load("diff", b, null, err);
      if (second == null) {
        return FAILURE;
      }
      BundleDiff diff = BundleDiff.of(BundleFacts.of(first, a, SignatureCheck.notChecked()),
          BundleFacts.of(second, b, SignatureCheck.notChecked()));
      out.print(json ? BundleFacts.json(diff.toMap()) : diff.toText());
      return OK;
    }
  }

  @Command(name = "verify", footerHeading = "%n", footer = EXIT_CODES,
      description = {"Check a bundle's integrity and signature.",
          "Checks the archive's structure, format version and every entry's SHA-256 against the manifest, then parses it as a"
              + " loader would. With --trusted-key the bundle must also carry an Ed25519 signature over its manifest that"
              + " verifies with that key. Exits 0 when verified, 1 when not, with the reason on stderr. Without --trusted-key"
              + " a signature is reported but not checked."})
  static final class VerifyCommand implements Callable<Integer> {
    @Mixin private Cli.HelpOption help;

    @Parameters(index = "0", paramLabel = "BUNDLE", description = "The bundle file (.mlb).")
    private Path bundle;

    @Option(names = "--trusted-key", paramLabel = "KEYFILE",
        description = "The signer's Ed25519 public key: PEM (-----BEGIN PUBLIC KEY-----, as 'openssl pkey -pubout' writes it) or DER.")
    private Path trustedKey;

    private final PrintStream out;
    private final PrintStream err;

    VerifyCommand(PrintStream out, PrintStream err) {
      this.out = out;
      this.err = err;
    }

    @Override
    public Integer call() {
      PublicKey key = trustedKey == null ? null : key("verify", trustedKey, err);
      if (trustedKey != null && key == null) {
        return FAILURE;
      }
      ModelBundle loaded;
      try {
        loaded = key == null ? ModelBundle.load(bundle) : ModelBundle.load(bundle, TrustPolicy.requireSignedBy(key));
      } catch (NoSuchFileException e) {
        err.println("mlengine verify: no such bundle file " + bundle + "; give the path of a .mlb file");
        return FAILURE;
      } catch (IOException | RuntimeException e) {
        err.println("mlengine verify: " + bundle + " is NOT verified: " + e.getMessage());
        return FAILURE;
      }
      BundleFacts facts = BundleFacts.of(loaded, bundle, key == null ? SignatureCheck.notChecked() : SignatureCheck.verifiedWith(key));
      out.println(bundle + " is verified");
      out.println("  id         " + loaded.id());
      out.println("  integrity  every entry matches its SHA-256 in the manifest; format " + loaded.formatVersion());
      out.println("  signature  " + facts.signatureText());
      return OK;
    }
  }
}
