package org.mlengine.serving.history;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.ProcessBuilder.Redirect;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * A real Redis server for tests, from Debian's {@code redis-server} package: started on 127.0.0.1
 * on a free port with its files in a fresh temporary directory (no persistence, no protected-mode
 * surprises), stopped and its directory deleted by {@link #close}. {@link #shared()} is the JVM's
 * one server, started on first use and stopped by a shutdown hook; tests isolate themselves by
 * namespace. Without the binary a test is skipped with an assumption naming the package, unless
 * {@code MLENGINE_REQUIRE_REDIS=1} (set by {@code .ci/run}) makes it a failure.
 */
final class RedisServer implements AutoCloseable {
  static final String REQUIRE_ENV = "MLENGINE_REQUIRE_REDIS";
  private static final Path[] BINARIES = {Path.of("/usr/bin/redis-server"), Path.of("/usr/local/bin/redis-server")};
  private static RedisServer shared;
  private static RuntimeException sharedFailure;

  private final Process process;
  private final Path dir;
  private final int port;

  private RedisServer(Process process, Path dir, int port) {
    this.process = process;
    this.dir = dir;
    this.port = port;
  }

  static synchronized RedisServer shared() {
    Path binary = binaryOrSkip();
    if (sharedFailure != null) {
      throw sharedFailure;
    }
    if (shared == null) {
      try {
        shared = start(binary);
      } catch (RuntimeException e) {
        sharedFailure = e;
        throw e;
      }
      RedisServer server = shared;
      Runtime.getRuntime().addShutdownHook(new Thread(server::close, "redis-server-stop"));
    }
    return shared;
  }

  static Optional<Path> locate() {
    return Stream.of(BINARIES).filter(Files::isExecutable).findFirst();
  }

  static Path binaryOrSkip() {
    Optional<Path> found = locate();
    if (found.isEmpty() && "1".equals(System.getenv(REQUIRE_ENV))) {
      Assertions.fail(REQUIRE_ENV + "=1 but no redis-server was found (" + java.util.Arrays.toString(BINARIES) + "); install"
          + " Debian's package with `apt-get install -y redis-server` (as .ci/run does), or unset " + REQUIRE_ENV
          + " to skip the tests that need it");
    }
    Assumptions.assumeTrue(found.isPresent(), "skipped: no redis-server to run the Redis history's tests against. Install"
        + " Debian's package with `apt-get install -y redis-server`; CI sets " + REQUIRE_ENV + "=1 so that these tests cannot"
        + " be skipped there");
    return found.get();
  }

  /** Starts a server of the caller's own on a free port of 127.0.0.1 (trying another when one is taken meanwhile). */
  static RedisServer start(Path binary) {
    Path dir;
    try {
      dir = Files.createTempDirectory("mlengine-redis-");
    } catch (IOException e) {
      throw new UncheckedIOException("could not make a directory for a Redis test server: " + e.getMessage(), e);
    }
    for (int attempt = 1; ; attempt++) {
      int port = freePort();
      Path log = dir.resolve("redis-" + port + ".log");
      try {
        Process p = new ProcessBuilder(binary.toString(), "--port", Integer.toString(port), "--bind", "127.0.0.1",
            "--dir", dir.toString(), "--save", "", "--appendonly", "no", "--daemonize", "no", "--protected-mode", "yes")
            .redirectErrorStream(true).redirectOutput(Redirect.appendTo(log.toFile())).start();
        if (awaitPing(p, port)) {
          return new RedisServer(p, dir, port);
        }
        p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        String text = Files.readString(log, StandardCharsets.UTF_8);
        if (attempt == 5 || !text.contains("Address already in use")) {
          deleteTree(dir);
          throw new IllegalStateException("redis-server (" + binary + ") did not start on 127.0.0.1:" + port + "; its log:\n" + text);
        }
      } catch (IOException e) {
        deleteTree(dir);
        throw new UncheckedIOException("could not start " + binary + ": " + e.getMessage(), e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while starting redis-server", e);
      }
    }
  }

  private static boolean awaitPing(Process p, int port) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (System.nanoTime() < deadline && p.isAlive()) {
      try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
        s.setSoTimeout(2000);
        s.getOutputStream().write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
        byte[] b = new byte[7];
        int n = s.getInputStream().read(b);
        if (n > 0 && new String(b, 0, n, StandardCharsets.US_ASCII).startsWith("+PONG")) {
          return true;
        }
      } catch (IOException e) {
        // not up yet
      }
      Thread.sleep(20);
    }
    return false;
  }

  String uri() {
    return "redis://127.0.0.1:" + port;
  }

  int port() {
    return port;
  }

  /** Deletes every key of {@code namespace} ({@code SCAN} and {@code UNLINK}), so a test leaves the shared server as it found it. */
  void dropNamespace(String namespace) {
    withKeys(namespace, (redis, keys) -> {
      if (!keys.isEmpty()) {
        redis.unlink(keys.toArray(String[]::new));
      }
    });
  }

  /** How many keys {@code namespace} holds. */
  long keysUnder(String namespace) {
    long[] n = {0};
    withKeys(namespace, (redis, keys) -> n[0] += keys.size());
    return n[0];
  }

  private void withKeys(String namespace, java.util.function.BiConsumer<io.lettuce.core.api.sync.RedisCommands<String, String>,
      java.util.List<String>> each) {
    io.lettuce.core.RedisClient client = io.lettuce.core.RedisClient.create(uri());
    try (io.lettuce.core.api.StatefulRedisConnection<String, String> c = client.connect()) {
      io.lettuce.core.ScanArgs match = io.lettuce.core.ScanArgs.Builder.matches(namespace + ":*").limit(500);
      io.lettuce.core.KeyScanCursor<String> cursor = c.sync().scan(match);
      each.accept(c.sync(), cursor.getKeys());
      while (!cursor.isFinished()) {
        cursor = c.sync().scan(cursor, match);
        each.accept(c.sync(), cursor.getKeys());
      }
    } finally {
      client.shutdown();
    }
  }

  @Override
  public synchronized void close() {
    if (process.isAlive()) {
      process.destroy();
      try {
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
          process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    deleteTree(dir);
  }

  private static int freePort() {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("could not find a free port on 127.0.0.1: " + e.getMessage(), e);
    }
  }

  private static void deleteTree(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("could not delete the Redis test server's directory " + dir + ": " + e.getMessage(), e);
    }
  }
}
