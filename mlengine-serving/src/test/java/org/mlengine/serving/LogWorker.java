package org.mlengine.serving;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * The child process of {@link PredictionLogCrashTest}: serves requests {@code r-0}, {@code r-1},
 * ... through a deployment observed by a prediction log, one about every millisecond, until it
 * is killed. After each request it prints {@code <i> <epoch millis>} (flushed), so the test
 * knows when each request was handed to the log. It creates {@code ready} in the log directory
 * after its first 200 requests.
 *
 * <p>Arguments: log directory, bundle file, flush interval in milliseconds.
 */
final class LogWorker {
  private LogWorker() {}

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    PrintStream out = System.out;
    PredictionLog log = PredictionLog.builder(dir).flushEvery(Duration.ofMillis(Long.parseLong(args[2])))
        .blockWhenFull(Duration.ofSeconds(10)).build();
    try (Deployment d = Deployment.single(Predictor.load(Path.of(args[1])))) {
      d.observe(log);
      for (long i = 0; ; i++) {
        d.predict("r-" + i, Map.of("x1", (i % 100) / 50.0 - 1, "x2", (i % 37) / 18.0 - 1));
        out.println(i + " " + System.currentTimeMillis());
        out.flush();
        if (i == 200) {
          Files.createFile(dir.resolve("ready"));
        }
        Thread.sleep(1);
      }
    }
  }
}
