package org.mlengine.serving;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

/** The test server harness itself: it starts, serves, reports a failed start with its log, stops and cleans up. */
class PostgresServerTest {
  @TempDir Path tmp;

  @Test
  void start_ownServer_servesSqlOnLoopbackAndCloseStopsItAndDeletesItsDirectory() throws Exception {
    PostgresServer server = PostgresServer.start();
    Path dir = server.directory();
    String url;
    try {
      url = server.newDatabase();
      try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement();
          ResultSet rs = s.executeQuery("SELECT current_database(), inet_server_addr()::text, current_setting('port')")) {
        assertTrue(rs.next());
        assertEquals("test_1", rs.getString(1));
        assertEquals("127.0.0.1/32", rs.getString(2));
        assertEquals(Integer.toString(server.port()), rs.getString(3));
      }
      assertTrue(Files.isDirectory(dir.resolve("data")));
    } finally {
      server.close();
    }
    assertFalse(Files.exists(dir), "close deletes the server's directory");
    assertThrows(SQLException.class, () -> DriverManager.getConnection(url + "&connectTimeout=2"), "the server is stopped");
    server.close();
  }

  @Test
  void start_portAlreadyTaken_failsWithTheServersLog() throws Exception {
    Path bin = PostgresServer.binariesOrSkip(PostgresServer.locate(PostgresServer.DEBIAN_ROOT), PostgresServer.required());
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      IllegalStateException e = assertThrows(IllegalStateException.class, () -> PostgresServer.start(bin, taken.getLocalPort()));
      assertTrue(e.getMessage().startsWith("PostgreSQL (" + bin + ") did not start on 127.0.0.1:" + taken.getLocalPort()
          + " with data in "), e.getMessage());
      assertTrue(e.getMessage().contains("; its log:\npg_ctl start exited with 1:\n"), e.getMessage());
      assertTrue(e.getMessage().contains("could not bind IPv4 address \"127.0.0.1\": Address already in use"), e.getMessage());
    }
  }

  @Test
  void locate_newestVersionWithAllThreeBinaries() throws Exception {
    for (String version : new String[] {"13", "15", "16"}) {
      Path bin = Files.createDirectories(tmp.resolve(version).resolve("bin"));
      for (String name : new String[] {"initdb", "pg_ctl", "postgres"}) {
        if (!(version.equals("16") && name.equals("pg_ctl"))) {
          Files.createFile(bin.resolve(name), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
        }
      }
    }
    assertEquals(Optional.of(tmp.resolve("15").resolve("bin")), PostgresServer.locate(tmp));
    assertEquals(Optional.empty(), PostgresServer.locate(tmp.resolve("missing")));
  }

  @Test
  void binariesOrSkip_missing_skipsNamingThePackage() {
    TestAbortedException e = assertThrows(TestAbortedException.class, () -> PostgresServer.binariesOrSkip(Optional.empty(), false));
    assertEquals("Assumption failed: skipped: no PostgreSQL server under /usr/lib/postgresql/<version>/bin (initdb, pg_ctl,"
        + " postgres) to run the JDBC registry store's tests against. Install Debian's package with `apt-get install -y"
        + " postgresql`; CI sets MLENGINE_REQUIRE_POSTGRES=1 so that these tests cannot be skipped there", e.getMessage());
  }

  @Test
  void binariesOrSkip_missingButRequired_failsNamingThePackage() {
    AssertionFailedError e = assertThrows(AssertionFailedError.class, () -> PostgresServer.binariesOrSkip(Optional.empty(), true));
    assertEquals("MLENGINE_REQUIRE_POSTGRES=1 but no PostgreSQL server was found under /usr/lib/postgresql/<version>/bin"
        + " (initdb, pg_ctl, postgres); install Debian's package with `apt-get install -y postgresql` (as .ci/run does), or"
        + " unset MLENGINE_REQUIRE_POSTGRES to skip the tests that need it", e.getMessage());
  }

  @Test
  void binariesOrSkip_found_returnsThem() {
    assertEquals(tmp, PostgresServer.binariesOrSkip(Optional.of(tmp), true));
  }
}
