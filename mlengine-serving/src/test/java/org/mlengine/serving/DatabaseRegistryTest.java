package org.mlengine.serving;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.time.Clock;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The registry contract against the JDBC store on a real PostgreSQL server (Debian's package,
 * started by {@link PostgresServer}; each test gets a database of its own).
 */
class DatabaseRegistryTest extends RegistryContract {
  @Override
  protected ModelRegistry newRegistry(Clock clock) throws Exception {
    PGSimpleDataSource source = new PGSimpleDataSource();
    source.setUrl(PostgresServer.shared().newDatabase());
    return new ModelRegistry(JdbcRegistryStore.open(source, clock), clock);
  }

  @Test
  void onDatabase_fromAUrl_registersAndFindsTheVersion() throws Exception {
    String url = PostgresServer.shared().newDatabase();
    try (ModelRegistry r = ModelRegistry.onDatabase(url, new Properties())) {
      ModelVersion v = r.register("credit", RegistryBundles.firstFile(), Registration.by("ana", "first"));
      r.promote("credit", "production", v.number(), "ana", "go");
      assertEquals(v, r.version("credit", "production").orElseThrow());
    }
    try (ModelRegistry again = ModelRegistry.onDatabase(url, new Properties())) {
      assertEquals(RegistryBundles.first().id(), again.version("credit", "production").orElseThrow().bundleId());
    }
  }

  @Test
  void onDatabase_refusesNullsAndAUrlNoDriverTakes() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> ModelRegistry.onDatabase((javax.sql.DataSource) null));
    assertEquals("dataSource is null; expected the registry database's DataSource. Pass your connection pool, or use "
        + "ModelRegistry.onDatabase(jdbcUrl, properties).", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> ModelRegistry.onDatabase("jdbc:postgresql://x/y", null));
    assertEquals("properties is null; expected a JDBC URL such as jdbc:postgresql://db:5432/models and its connection "
        + "properties (user, password; new Properties() for none).", e.getMessage());
    IOException io = assertThrows(IOException.class, () -> ModelRegistry.onDatabase("jdbc:nosuchdb://db:1/ml", new Properties()));
    assertEquals("no JDBC driver on the class path accepts the URL jdbc:nosuchdb://db:1/ml; add the database's driver to the "
        + "application's dependencies (for PostgreSQL: org.postgresql:postgresql), since mlengine-serving brings none",
        io.getMessage());
  }
}
