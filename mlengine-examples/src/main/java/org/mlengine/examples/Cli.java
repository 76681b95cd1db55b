package org.mlengine.examples;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.mlengine.runtime.Table;

/**
 * The {@code mlengine} command line.
 *
 * <pre>{@code
 * ./mlengine quickstart                     # train on the shipped credit data, write credit.mlb
 * ./mlengine quickstart data.csv out.mlb    # the same on another copy of the credit data
 * ./mlengine foods                          # TF-IDF 1-2 grams + logistic regression on food reviews
 * ./mlengine chicago                        # ridership forecast from past-window statistics, served from a History
 * }</pre>
 */
public final class Cli {
  private Cli() {}

  /** Runs a command; exits with 2 on a usage error and 1 on a failure. */
  public static void main(String[] args) {
    System.exit(run(args, System.out, System.err));
  }

  static int run(String[] args, PrintStream out, PrintStream err) {
    if (args.length == 1 && args[0].equals("foods")) {
      try {
        FoodsExample.run(FoodsExample.trainData(), FoodsExample.testData(), out);
        return 0;
      } catch (IOException | RuntimeException e) {
        err.println("mlengine foods failed: " + e.getMessage());
        return 1;
      }
    }
    if (args.length == 1 && args[0].equals("chicago")) {
      try {
        ChicagoExample.run(ChicagoExample.ridershipData(), Path.of("chicago.mlb"), out);
        return 0;
      } catch (IOException | RuntimeException e) {
        err.println("mlengine chicago failed: " + e.getMessage());
        return 1;
      }
    }
    if (args.length == 0 || !args[0].equals("quickstart") || args.length > 3) {
      err.println("usage: mlengine quickstart [credit_data.csv] [out.mlb]");
      err.println("       mlengine foods");
      err.println("       mlengine chicago");
      err.println("       mlengine jshell");
      err.println("       mlengine bench [dataDir]");
      return 2;
    }
    try {
      Table credit = args.length > 1 ? Table.readCsv(Path.of(args[1])) : Quickstart.creditData();
      Path bundle = Path.of(args.length > 2 ? args[2] : "credit.mlb");
      Quickstart.run(credit, bundle, out);
      return 0;
    } catch (NoSuchFileException e) {
      err.println("mlengine quickstart: no such file " + e.getFile() + "; give the path of a CSV file with the credit data's"
          + " columns and a header row, or leave it out to use the shipped credit_data.csv");
      return 1;
    } catch (IOException | RuntimeException e) {
      err.println("mlengine quickstart failed: " + e.getMessage());
      return 1;
    }
  }
}
