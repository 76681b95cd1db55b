package org.mlengine.bench;

import java.io.IOException;
import java.lang.ProcessBuilder.Redirect;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Debian's {@code redis-server} for a benchmark: started on a free loopback port without
 * persistence, its files in a directory of the benchmark's, stopped by {@link #close()}.
 *
 * <pre>{@code
 * try (BenchRedis redis = BenchRedis.start(dir)) {
 *   OnlineStore store = OnlineStore.redis(redis.uri(), "bench");
 * }
 * }</pre>
 */
final class BenchRedis implements AutoCloseable {
  private final Process process;
  private final String uri;

  private BenchRedis(Process process, String uri) {
    this.process = process;
    this.uri = uri;
  }

  static BenchRedis start(Path dir) throws Exception {
    Path binary = Path.of("/usr/bin/redis-server");
    if (!Files.isExecutable(binary)) {
      throw new IllegalStateException("no " + binary + "; install Debian's package with `apt-get install -y redis-server`");
    }
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    Process redis = new ProcessBuilder(binary.toString(), "--port", Integer.toString(port), "--bind", "127.0.0.1", "--dir",
        dir.toString(), "--save", "", "--appendonly", "no").redirectErrorStream(true)
        .redirectOutput(Redirect.appendTo(dir.resolve("redis.log").toFile())).start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (System.nanoTime() < deadline) {
      try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
        s.getOutputStream().write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
        if (s.getInputStream().read() == '+') {
          return new BenchRedis(redis, "redis://127.0.0.1:" + port);
        }
      } catch (IOException e) {
        Thread.sleep(20);
      }
    }
    redis.destroy();
    throw new IllegalStateException("redis-server did not answer on 127.0.0.1:" + port + "; see " + dir.resolve("redis.log"));
  }

  String uri() {
    return uri;
  }

  @Override
  public void close() {
    process.destroy();
    try {
      process.waitFor(20, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
