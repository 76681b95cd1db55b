package org.mlengine.server;

import java.nio.file.Path;
import java.time.Duration;
import org.mlengine.serving.history.FsyncPolicy;

/**
 * The command line of {@link ModelServer#main}, parsed: a bundle file, or a registry directory
 * with a model and an alias; the address and the limits; where a history lives. Refuses anything else with a message
 * naming the argument.
 */
record ServerArguments(Path bundle, Path registry, String model, String alias, String host, int port, long maxBodyBytes,
    long requestTimeoutMillis, long idleTimeoutMillis, long drainTimeoutMillis, long pollMillis, ServedHistory.Place history,
    boolean help) {

  static final String USAGE = String.join(System.lineSeparator(),
      "Usage: mlengine serve BUNDLE.mlb [options]",
      "       mlengine serve --registry DIR --model NAME [--alias production] [options]",
      "       mlengine serve BUNDLE.mlb --history DIR [--fsync always|interval:MS] [options]   (window/aggregate steps)",
      "Serves the model over HTTP: POST /predict (one JSON object), POST /v2/models/NAME/infer (KServe V2 batch),",
      "GET /v2/models/NAME, GET /v2/health/live, GET /v2/health/ready, GET /metrics, GET /openapi.json;",
      "with a history, POST /v2/models/NAME/events/SOURCE (one JSON event or an array) appends the past the steps read.",
      "Options:",
      "  --host ADDRESS             the address to listen on (default 127.0.0.1)",
      "  --port N                   the port (default 8080; 0 for any free port)",
      "  --max-body-bytes N         the largest request body (default 33554432); larger gets 413",
      "  --request-timeout-ms N     arrival to answer (default 10000); 408 while the body arrives, 503 while scoring",
      "  --idle-timeout-ms N        an idle connection is closed after this (default 60000)",
      "  --drain-timeout-ms N       on SIGTERM, how long requests in flight may finish (default 10000)",
      "  --poll-ms N                how often the registry alias is checked (default 1000)",
      "  --history DIR|redis://H:P  where a bundle with window or aggregate steps keeps the events they read: a",
      "                             directory (an append-only log, replayed on start) or a Redis server",
      "  --fsync always|interval:MS with a history directory: force each append before answering (default always),",
      "                             or every MS milliseconds (a crash loses at most that interval)",
      "Prints 'mlengine-server listening on http://HOST:PORT' once it serves; stops gracefully on SIGTERM.");

  /**
   * Parses the arguments.
   *
   * @throws IllegalArgumentException naming what is wrong
   */
  static ServerArguments parse(String... args) {
    Path bundle = null;
    Path registry = null;
    String model = null;
    String alias = null;
    String host = "127.0.0.1";
    int port = 8080;
    long maxBody = 32L << 20;
    long requestTimeout = 10_000;
    long idleTimeout = 60_000;
    long drainTimeout = 10_000;
    long poll = 1_000;
    String history = null;
    FsyncPolicy fsync = null;
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      switch (a) {
        case "-h", "--help" -> {
          return new ServerArguments(null, null, null, null, host, port, maxBody, requestTimeout, idleTimeout, drainTimeout,
              poll, null, true);
        }
        case "--registry" -> registry = Path.of(value(args, ++i, a));
        case "--model" -> model = value(args, ++i, a);
        case "--alias" -> alias = value(args, ++i, a);
        case "--host" -> host = value(args, ++i, a);
        case "--port" -> port = (int) number(args, ++i, a, 0, 65535);
        case "--max-body-bytes" -> maxBody = number(args, ++i, a, 1, Long.MAX_VALUE);
        case "--request-timeout-ms" -> requestTimeout = number(args, ++i, a, 1, Integer.MAX_VALUE);
        case "--idle-timeout-ms" -> idleTimeout = number(args, ++i, a, 1, Integer.MAX_VALUE);
        case "--drain-timeout-ms" -> drainTimeout = number(args, ++i, a, 1, Integer.MAX_VALUE);
        case "--poll-ms" -> poll = number(args, ++i, a, 1, Integer.MAX_VALUE);
        case "--history" -> history = value(args, ++i, a);
        case "--fsync" -> fsync = fsync(value(args, ++i, a));
        default -> {
          if (a.startsWith("-")) {
            throw new IllegalArgumentException("unknown option '" + a + "'.");
          }
          if (bundle != null) {
            throw new IllegalArgumentException("two bundles given ('" + bundle + "' and '" + a + "'); serve one bundle per server.");
          }
          bundle = Path.of(a);
        }
      }
    }
    if (bundle != null && (registry != null || model != null || alias != null)) {
      throw new IllegalArgumentException("give either a bundle file or --registry DIR --model NAME, not both.");
    }
    if (bundle == null && registry == null) {
      throw new IllegalArgumentException("no model to serve; give a bundle file (BUNDLE.mlb) or --registry DIR --model NAME.");
    }
    if (registry != null && model == null) {
      throw new IllegalArgumentException("--registry needs --model NAME, the registered model to serve.");
    }
    if (registry == null && (model != null || alias != null)) {
      throw new IllegalArgumentException("--model and --alias need --registry DIR, the registry's directory.");
    }
    return new ServerArguments(bundle, registry, model, alias == null && registry != null ? "production" : alias, host, port,
        maxBody, requestTimeout, idleTimeout, drainTimeout, poll, place(history, fsync, registry), false);
  }

  /** Where the history lives, checked against the other options; null without --history. */
  private static ServedHistory.Place place(String history, FsyncPolicy fsync, Path registry) {
    if (history == null) {
      if (fsync != null) {
        throw new IllegalArgumentException("--fsync needs --history DIR, the directory whose appends it forces.");
      }
      return null;
    }
    if (registry != null) {
      throw new IllegalArgumentException("--history serves a bundle file, not --registry: a version the alias moves to may read"
          + " other events than the history keeps. Serve the version's bundle file with --history.");
    }
    if (history.startsWith("redis://") || history.startsWith("rediss://")) {
      if (fsync != null) {
        throw new IllegalArgumentException("--fsync is for a history directory; a Redis history is as durable as the Redis"
            + " server's persistence setting (appendfsync). Leave --fsync out.");
      }
      return new ServedHistory.Redis(history);
    }
    if (history.contains("://")) {
      throw new IllegalArgumentException("--history is '" + history + "'; give a directory, or a Redis server as"
          + " redis://HOST:PORT (rediss:// for TLS).");
    }
    return new ServedHistory.Disk(Path.of(history), fsync == null ? FsyncPolicy.always() : fsync);
  }

  private static FsyncPolicy fsync(String text) {
    if (text.equals("always")) {
      return FsyncPolicy.always();
    }
    if (text.startsWith("interval:")) {
      String ms = text.substring("interval:".length());
      if (ms.matches("[0-9]{1,9}") && Long.parseLong(ms) >= 1) {
        return FsyncPolicy.interval(Duration.ofMillis(Long.parseLong(ms)));
      }
    }
    throw new IllegalArgumentException("--fsync is '" + text + "'; expected always (force each append before answering) or"
        + " interval:MS with MS from 1 to 999999999, e.g. interval:100.");
  }

  private static String value(String[] args, int i, String option) {
    if (i >= args.length || args[i].startsWith("--")) {
      throw new IllegalArgumentException(option + " needs a value.");
    }
    return args[i];
  }

  private static long number(String[] args, int i, String option, long min, long max) {
    String text = value(args, i, option);
    long n;
    try {
      n = Long.parseLong(text);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(option + " is '" + text + "'; expected a whole number from " + min + " to " + max + ".");
    }
    if (n < min || n > max) {
      throw new IllegalArgumentException(option + " is " + n + "; expected a whole number from " + min + " to " + max + ".");
    }
    return n;
  }

  /** The builder with this command line's address and limits. */
  ModelServer.Builder configure(ModelServer.Builder builder) {
    if (history instanceof ServedHistory.Disk d) {
      builder.diskHistory(d.dir(), d.policy());
    } else if (history instanceof ServedHistory.Redis r) {
      builder.redisHistory(r.uri());
    }
    return builder.host(host).port(port).maxBodyBytes(maxBodyBytes)
        .requestTimeout(Duration.ofMillis(requestTimeoutMillis))
        .idleTimeout(Duration.ofMillis(idleTimeoutMillis))
        .drainTimeout(Duration.ofMillis(drainTimeoutMillis))
        .pollEvery(Duration.ofMillis(pollMillis));
  }
}
