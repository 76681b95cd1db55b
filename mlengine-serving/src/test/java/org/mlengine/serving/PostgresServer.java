package org.mlengine.serving;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.ProcessBuilder.Redirect;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.UserPrincipal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * A real PostgreSQL server for tests, from Debian's {@code postgresql} package: {@code initdb}
 * into a fresh temporary directory (trust authentication, C locale, no fsync), {@code postgres}
 * listening on 127.0.0.1 only, on a free port, with its socket in that directory; {@link #close}
 * stops it ({@code pg_ctl stop -m fast}) and deletes the directory. PostgreSQL refuses to run as
 * root, so under root (as in CI) the binaries run as the {@code postgres} system user that the
 * package creates ({@code runuser -u postgres --}).
 *
 * <p>{@link #shared()} is the one server of this JVM, started on first use and stopped by a
 * shutdown hook: a server costs an {@code initdb} and a start (a second or two on two cores), and
 * every test class that needs one (the JDBC store's, the registry's contract tests) shares it,
 * each test in a database of its own ({@link #newDatabase()}), which isolates tests as well as a
 * server of their own would. {@link #start()} gives a server of one's own, closed by the caller.
 *
 * <p>Without the binaries a test is skipped with an assumption that names the package to install,
 * unless {@code MLENGINE_REQUIRE_POSTGRES=1} (set by {@code .ci/run}) makes it a failure. A server
 * that fails to start is reported with its log.
 */
final class PostgresServer implements AutoCloseable {
  /** Where Debian's package puts each major version's binaries: {@code <version>/bin}. */
  static final Path DEBIAN_ROOT = Path.of("/usr/lib/postgresql");
  static final String REQUIRE_ENV = "MLENGINE_REQUIRE_POSTGRES";
  static final String USER = "postgres";
  private static final String DATABASE = "mlengine";
  private static final long TIMEOUT_SECONDS = 60;
  private static final int PORT_ATTEMPTS = 5;

  private static PostgresServer shared;
  private static RuntimeException sharedFailure;

  private final Path bin;
  private final Path dir;
  private final int port;
  private final boolean asPostgresUser;
  private final AtomicInteger databases = new AtomicInteger();
  private boolean closed;

  private PostgresServer(Path bin, Path dir, int port, boolean asPostgresUser) {
    this.bin = bin;
    this.dir = dir;
    this.port = port;
    this.asPostgresUser = asPostgresUser;
  }

  /**
   * The JVM's one server, started on the first call and stopped when the JVM exits; skips the
   * calling test (or fails it under {@code MLENGINE_REQUIRE_POSTGRES=1}) when PostgreSQL is not
   * installed. A failed start is remembered and reported again to every later caller.
   */
  static synchronized PostgresServer shared() {
    Path found = binariesOrSkip(locate(DEBIAN_ROOT), required());
    if (sharedFailure != null) {
      throw sharedFailure;
    }
    if (shared == null) {
      try {
        shared = start(found, 0);
      } catch (RuntimeException e) {
        sharedFailure = e;
        throw e;
      }
      PostgresServer server = shared;
      Runtime.getRuntime().addShutdownHook(new Thread(server::close, "postgres-server-stop"));
    }
    return shared;
  }

  /** A server of the caller's own, which the caller closes; skips or fails as {@link #shared()} does. */
  static PostgresServer start() {
    return start(binariesOrSkip(locate(DEBIAN_ROOT), required()), 0);
  }

  /**
   * Starts a server from the binaries in {@code bin} on {@code port}, or on a free port when it
   * is 0 (trying another one when a concurrent process took it first).
   */
  static PostgresServer start(Path bin, int port) {
    boolean asPostgresUser = runningAsRoot();
    Path dir;
    try {
      dir = Files.createTempDirectory("mlengine-postgres-");
      if (asPostgresUser) {
        Files.setOwner(dir, postgresUser(dir));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("could not prepare a directory for a PostgreSQL test server: " + e.getMessage(), e);
    }
    try {
      initdb(bin, dir, asPostgresUser);
      for (int attempt = 1; ; attempt++) {
        int chosen = port == 0 ? freePort() : port;
        PostgresServer server = new PostgresServer(bin, dir, chosen, asPostgresUser);
        Optional<String> failure = server.pgCtlStart();
        if (failure.isEmpty()) {
          server.awaitConnections();
          server.execute("postgres", "CREATE DATABASE " + DATABASE);
          return server;
        }
        boolean portTaken = failure.get().contains("could not bind") || failure.get().contains("already in use");
        if (port != 0 || !portTaken || attempt == PORT_ATTEMPTS) {
          throw new IllegalStateException("PostgreSQL (" + bin + ") did not start on 127.0.0.1:" + chosen + " with data in " + dir
              + "; its log:\n" + failure.get());
        }
      }
    } catch (RuntimeException e) {
      if (Files.exists(dir.resolve("data").resolve("postmaster.pid"))) {
        // A server that came up too slowly, or up but unusable: stop it before its directory goes.
        run(command(asPostgresUser, bin.resolve("pg_ctl").toString(), "stop", "-D", dir.resolve("data").toString(), "-m",
            "immediate", "-w"), dir.resolve("pg_ctl-stop.log"));
      }
      deleteTree(dir);
      throw e;
    }
  }

  /** The JDBC URL of the server's default database, with the user in it. */
  String jdbcUrl() {
    return jdbcUrl(DATABASE);
  }

  /** Creates a new, empty database and returns its JDBC URL (with the user in it). */
  String newDatabase() {
    String name = "test_" + databases.incrementAndGet();
    execute("postgres", "CREATE DATABASE " + name);
    return jdbcUrl(name);
  }

  int port() {
    return port;
  }

  /** The temporary directory that holds the server's data, socket and logs. */
  Path directory() {
    return dir;
  }

  /** Stops the server ({@code pg_ctl stop -m fast}) and deletes its directory; a second call does nothing. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      Path log = dir.resolve("pg_ctl-stop.log");
      int exit = run(command(asPostgresUser, bin.resolve("pg_ctl").toString(), "stop", "-D", dir.resolve("data").toString(), "-m", "fast", "-w",
          "-t", Long.toString(TIMEOUT_SECONDS)), log);
      if (exit != 0) {
        throw new IllegalStateException("pg_ctl stop exited with " + exit + " for the PostgreSQL test server in " + dir + ":\n"
            + read(log) + "\nserver log:\n" + read(dir.resolve("postgres.log")));
      }
    } finally {
      deleteTree(dir);
    }
  }

  private String jdbcUrl(String database) {
    return "jdbc:postgresql://127.0.0.1:" + port + "/" + database + "?user=" + USER;
  }

  /** Runs {@code initdb}: trust authentication, UTF-8 and the C locale, no fsync (a test server loses nothing worth keeping). */
  private static void initdb(Path bin, Path dir, boolean asPostgresUser) {
    Path log = dir.resolve("initdb.log");
    Path data = dir.resolve("data");
    int exit = run(command(asPostgresUser, bin.resolve("initdb").toString(), "-D", data.toString(), "-U", USER, "-A", "trust",
        "-E", "UTF8", "--no-locale", "--no-sync"), log);
    if (exit != 0) {
      throw new IllegalStateException("initdb (" + bin + ") exited with " + exit + " in " + dir + "; its output:\n" + read(log));
    }
    String settings = "\n# mlengine's PostgresServer (a test server)\n"
        + "listen_addresses = '127.0.0.1'\n"
        + "unix_socket_directories = '" + dir + "'\n"
        + "fsync = off\nsynchronous_commit = off\nfull_page_writes = off\n"
        + "shared_buffers = 16MB\nmax_connections = 60\n";
    try {
      Files.writeString(data.resolve("postgresql.conf"), settings, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException("could not configure the PostgreSQL test server in " + data + ": " + e.getMessage(), e);
    }
  }

  /** {@code pg_ctl start -w}: empty when the server is up, else pg_ctl's output and the server's log. */
  private Optional<String> pgCtlStart() {
    Path log = dir.resolve("pg_ctl-start.log");
    int exit = run(command(asPostgresUser, bin.resolve("pg_ctl").toString(), "start", "-D", dir.resolve("data").toString(), "-l",
        dir.resolve("postgres.log").toString(), "-w", "-t", Long.toString(TIMEOUT_SECONDS), "-o", "-p " + port), log);
    if (exit == 0) {
      return Optional.empty();
    }
    return Optional.of("pg_ctl start exited with " + exit + ":\n" + read(log) + "\nserver log (" + dir.resolve("postgres.log")
        + "):\n" + read(dir.resolve("postgres.log")));
  }

  /** Waits until the server accepts a JDBC connection (pg_ctl's wait reads the pid file; this asks the server). */
  private void awaitConnections() {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
    SQLException last = null;
    do {
      try (Connection c = DriverManager.getConnection(jdbcUrl("postgres") + "&connectTimeout=5")) {
        if (c.isValid(5)) {
          return;
        }
        last = new SQLException("the connection was not valid");
      } catch (SQLException e) {
        last = e;
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    } while (System.nanoTime() < deadline);
    throw new IllegalStateException("the PostgreSQL test server on 127.0.0.1:" + port + " did not accept connections within "
        + TIMEOUT_SECONDS + " s (" + last.getMessage() + "); its log:\n" + read(dir.resolve("postgres.log")), last);
  }

  private void execute(String database, String sql) {
    try (Connection c = DriverManager.getConnection(jdbcUrl(database)); Statement s = c.createStatement()) {
      s.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException("'" + sql + "' failed on the PostgreSQL test server on 127.0.0.1:" + port + ": "
          + e.getMessage() + "; its log:\n" + read(dir.resolve("postgres.log")), e);
    }
  }

  /**
   * The newest major version's binary directory under {@code root} that holds {@code initdb},
   * {@code pg_ctl} and {@code postgres}, if any.
   */
  static Optional<Path> locate(Path root) {
    if (!Files.isDirectory(root)) {
      return Optional.empty();
    }
    try (Stream<Path> versions = Files.list(root)) {
      return versions.map(v -> v.resolve("bin"))
          .filter(b -> Stream.of("initdb", "pg_ctl", "postgres").allMatch(n -> Files.isExecutable(b.resolve(n))))
          .max(Comparator.comparing(PostgresServer::majorVersion));
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  private static int majorVersion(Path bin) {
    String name = bin.getParent().getFileName().toString();
    return name.matches("\\d{1,6}") ? Integer.parseInt(name) : -1;
  }

  /**
   * The binaries, or a skipped test naming the package to install, or a failed one when they
   * are {@code required} ({@code MLENGINE_REQUIRE_POSTGRES=1}).
   */
  static Path binariesOrSkip(Optional<Path> found, boolean required) {
    if (found.isEmpty() && required) {
      Assertions.fail(REQUIRE_ENV + "=1 but no PostgreSQL server was found under " + DEBIAN_ROOT
          + "/<version>/bin (initdb, pg_ctl, postgres); install Debian's package with `apt-get install -y postgresql`"
          + " (as .ci/run does), or unset " + REQUIRE_ENV + " to skip the tests that need it");
    }
    Assumptions.assumeTrue(found.isPresent(), "skipped: no PostgreSQL server under " + DEBIAN_ROOT
        + "/<version>/bin (initdb, pg_ctl, postgres) to run the JDBC registry store's tests against. Install Debian's"
        + " package with `apt-get install -y postgresql`; CI sets " + REQUIRE_ENV + "=1 so that these tests cannot be"
        + " skipped there");
    return found.get();
  }

  static boolean required() {
    return "1".equals(System.getenv(REQUIRE_ENV));
  }

  private static boolean runningAsRoot() {
    try {
      return ((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid")) == 0;
    } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
      return "root".equals(System.getProperty("user.name"));
    }
  }

  private static UserPrincipal postgresUser(Path dir) throws IOException {
    try {
      return dir.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName(USER);
    } catch (IOException e) {
      throw new IOException("the tests run as root, which PostgreSQL refuses to run as, and there is no '" + USER
          + "' system user to run it as (" + e.getMessage() + "); install Debian's postgresql package, which creates it,"
          + " or run the tests as another user", e);
    }
  }

  /** The command, run as the {@code postgres} user through {@code runuser} when the JVM is root. */
  private static List<String> command(boolean asPostgresUser, String... args) {
    List<String> out = new ArrayList<>();
    if (asPostgresUser) {
      out.addAll(List.of("runuser", "-u", USER, "--"));
    }
    out.addAll(List.of(args));
    return out;
  }

  /** Runs a command with its output in {@code log}; its exit code (-1 when it timed out and was killed). */
  private static int run(List<String> command, Path log) {
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(Redirect.appendTo(log.toFile()));
    pb.environment().put("LC_ALL", "C");
    try {
      Process p = pb.start();
      if (!p.waitFor(TIMEOUT_SECONDS + 10, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return -1;
      }
      return p.exitValue();
    } catch (IOException e) {
      throw new UncheckedIOException("could not run " + String.join(" ", command) + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while running " + String.join(" ", command), e);
    }
  }

  private static int freePort() {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("could not find a free port on 127.0.0.1: " + e.getMessage(), e);
    }
  }

  static String read(Path file) {
    try {
      return Files.isRegularFile(file) ? Files.readString(file, StandardCharsets.UTF_8) : "(no " + file.getFileName() + ")";
    } catch (IOException e) {
      return "(could not read " + file + ": " + e.getMessage() + ")";
    }
  }

  private static void deleteTree(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("could not delete the PostgreSQL test server's directory " + dir + ": " + e.getMessage(), e);
    }
  }
}
