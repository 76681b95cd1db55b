package org.mlengine.serving;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.ConcurrentModificationException;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ThreadLocalRandom;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * A {@link RegistryStore} in a relational database through JDBC, for a fleet of processes that
 * share no disk: five tables prefixed {@code mlengine_registry_} (versions with their metadata as
 * JSON text and their bundle's bytes, aliases, alias history, the numbers of deleted versions,
 * and the tables' schema version), created when missing. The store speaks {@code java.sql} only; the application brings the
 * driver (and, for a service, a connection pool as the {@link DataSource}). PostgreSQL is the
 * database it is tested against; other databases get portable SQL with {@code CLOB} and
 * {@code BLOB} columns, untested.
 *
 * <p>Every method is one transaction at READ COMMITTED. Version and history numbers are the
 * model's highest plus one (a deleted version's number counts, so that no number ever names two
 * bundles), under the tables' primary keys: two processes that pick the same
 * number collide on the key, and the loser rolls back and tries again (as do serialization
 * failures and deadlocks). An alias moves as a compare-and-set (an {@code UPDATE ... WHERE
 * version = expected}, or an {@code INSERT} under the alias's key) in the transaction that
 * appends its history entry. A foreign key from aliases to versions makes the database itself
 * refuse a move to a missing version and the deletion of an aliased one, whichever commits
 * first. A history entry's time is the store's clock, to the microsecond (what PostgreSQL's
 * {@code timestamptz} keeps); a version's {@code registeredAt} is kept to the nanosecond in its
 * metadata.
 *
 * <pre>{@code
 * try (JdbcRegistryStore store = JdbcRegistryStore.open("jdbc:postgresql://db:5432/ml", properties)) {
 *   ModelVersion v = store.add(draft, Path.of("credit.mlb"));
 *   store.moveAlias("credit", "production", OptionalInt.empty(), OptionalInt.of(v.number()),
 *       AliasMove.Kind.PROMOTE, "ci", "first release");
 * }
 * }</pre>
 */
final class JdbcRegistryStore implements RegistryStore {
  /** The version of the tables' layout, kept in {@code mlengine_registry_schema}. */
  static final int SCHEMA = 1;
  static final String VERSIONS = "mlengine_registry_versions";
  static final String ALIASES = "mlengine_registry_aliases";
  static final String HISTORY = "mlengine_registry_history";
  static final String RETIRED = "mlengine_registry_retired";
  static final String SCHEMA_TABLE = "mlengine_registry_schema";
  /** How often a transaction that lost a race on a number (or to a serialization failure or deadlock) is tried. */
  static final int ATTEMPTS = 100;

  private static final String UNIQUE_VIOLATION = "23505";
  private static final String FOREIGN_KEY_VIOLATION = "23503";
  /**
   * Lost races worth another try: a number taken, a serialization failure, a deadlock, and two
   * openers creating the same table at once, which PostgreSQL reports as the table (42P07) or as
   * its row type (42710, "type ... already exists") depending on which catalogue row clashes.
   */
  private static final Set<String> RETRY = Set.of(UNIQUE_VIOLATION, "40001", "40P01", "42P07", "42710");

  private final DataSource dataSource;
  private final Clock clock;
  private final String where;
  private volatile boolean closed;

  private JdbcRegistryStore(DataSource dataSource, Clock clock, String where) {
    this.dataSource = dataSource;
    this.clock = clock;
    this.where = where;
  }

  /** A store over {@code dataSource}, creating its tables when missing; history times from the system clock. */
  static JdbcRegistryStore open(DataSource dataSource) throws IOException {
    return open(dataSource, Clock.systemUTC());
  }

  /** A store over {@code dataSource}, creating its tables when missing; history times from {@code clock}. */
  static JdbcRegistryStore open(DataSource dataSource, Clock clock) throws IOException {
    Objects.requireNonNull(dataSource, "dataSource");
    Objects.requireNonNull(clock, "clock");
    String url;
    Dialect dialect;
    try (Connection c = dataSource.getConnection()) {
      url = c.getMetaData().getURL();
      dialect = Dialect.of(c.getMetaData().getDatabaseProductName());
    } catch (SQLException e) {
      throw new IOException("could not connect to the registry database (" + e.getMessage() + ", SQLState " + e.getSQLState()
          + "); check the JDBC URL, that the server is up and that the user may log in", e);
    }
    JdbcRegistryStore store = new JdbcRegistryStore(dataSource, clock, "the registry database "
        + (url == null ? "(its driver gives no URL)" : withoutParameters(url)));
    store.createTables(dialect);
    return store;
  }

  /**
   * A store in the database at {@code url}, connecting through {@link DriverManager} for each
   * call (a service passes a pooled {@link DataSource} to {@link #open(DataSource)} instead).
   */
  static JdbcRegistryStore open(String url, Properties properties) throws IOException {
    Objects.requireNonNull(url, "url");
    try {
      DriverManager.getDriver(url);
    } catch (SQLException e) {
      throw new IOException("no JDBC driver on the class path accepts the URL " + withoutParameters(url) + "; add the"
          + " database's driver to the application's dependencies (for PostgreSQL: org.postgresql:postgresql), since"
          + " mlengine-serving brings none", e);
    }
    return open(new DriverManagerSource(url, properties));
  }

  /** A JDBC URL without its parameters, which may hold a password. */
  private static String withoutParameters(String url) {
    return url.replaceFirst("[?;].*$", "");
  }

  @Override
  public ModelVersion add(ModelVersion draft, Path bundleFile) throws IOException {
    long size = Files.size(bundleFile);
    String model = draft.model();
    return transaction("add a version of model '" + model + "'", c -> {
      int number = 1 + max(c, "SELECT MAX(n) FROM (SELECT version_number AS n FROM " + VERSIONS + " WHERE model_name = ?"
          + " UNION ALL SELECT version_number AS n FROM " + RETIRED + " WHERE model_name = ?) numbers", model, model);
      ModelVersion stored = new ModelVersion(model, number, draft.bundleId(), draft.parentBundleId(), draft.metrics(),
          draft.tags(), draft.registeredBy(), draft.registeredAt(), draft.reason(), size);
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + VERSIONS
          + " (model_name, version_number, bundle_id, metadata, bundle) VALUES (?, ?, ?, ?, ?)");
          InputStream in = Files.newInputStream(bundleFile)) {
        ps.setString(1, model);
        ps.setInt(2, number);
        ps.setString(3, stored.bundleId());
        ps.setString(4, JdbcRegistryJson.write(stored));
        ps.setBinaryStream(5, in, size);
        ps.executeUpdate();
      }
      return stored;
    });
  }

  @Override
  public List<String> models() throws IOException {
    return transaction("list the models", c -> {
      Set<String> models = new TreeSet<>();
      try (PreparedStatement ps = c.prepareStatement("SELECT DISTINCT model_name FROM " + VERSIONS);
          ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          models.add(rs.getString(1));
        }
      }
      return List.copyOf(models);
    });
  }

  @Override
  public List<ModelVersion> versions(String model) throws IOException {
    return transaction("list the versions of model '" + model + "'", c -> {
      List<ModelVersion> out = new ArrayList<>();
      try (PreparedStatement ps = c.prepareStatement("SELECT version_number, metadata FROM " + VERSIONS
          + " WHERE model_name = ? ORDER BY version_number")) {
        ps.setString(1, model);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            out.add(JdbcRegistryJson.read(model, rs.getInt(1), rs.getString(2), where));
          }
        }
      }
      return List.copyOf(out);
    });
  }

  @Override
  public Optional<ModelVersion> version(String model, int number) throws IOException {
    return transaction("read version " + number + " of model '" + model + "'", c -> {
      try (PreparedStatement ps = c.prepareStatement("SELECT metadata FROM " + VERSIONS
          + " WHERE model_name = ? AND version_number = ?")) {
        ps.setString(1, model);
        ps.setInt(2, number);
        try (ResultSet rs = ps.executeQuery()) {
          return rs.next() ? Optional.of(JdbcRegistryJson.read(model, number, rs.getString(1), where)) : Optional.empty();
        }
      }
    });
  }

  /**
   * {@inheritDoc} The bytes are read whole before the stream is returned (PostgreSQL's driver
   * reads a {@code bytea} value whole in any case), so no connection stays open behind it.
   *
   * @throws NoSuchElementException when the version does not exist
   */
  @Override
  public InputStream openBundle(String model, int number) throws IOException {
    byte[] bytes = transaction("read the bundle of version " + number + " of model '" + model + "'", c -> {
      try (PreparedStatement ps = c.prepareStatement("SELECT bundle FROM " + VERSIONS
          + " WHERE model_name = ? AND version_number = ?")) {
        ps.setString(1, model);
        ps.setInt(2, number);
        try (ResultSet rs = ps.executeQuery()) {
          if (!rs.next()) {
            throw new NoSuchElementException("model '" + model + "' has no version " + number + " in " + where
                + " (never registered, or removed by retention); list them with versions(\"" + model + "\")");
          }
          return rs.getBytes(1);
        }
      }
    });
    return new ByteArrayInputStream(bytes);
  }

  @Override
  public Map<String, Integer> aliases(String model) throws IOException {
    return transaction("read the aliases of model '" + model + "'", c -> {
      Map<String, Integer> out = new TreeMap<>();
      try (PreparedStatement ps = c.prepareStatement("SELECT alias_name, version_number FROM " + ALIASES
          + " WHERE model_name = ?")) {
        ps.setString(1, model);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            out.put(rs.getString(1), rs.getInt(2));
          }
        }
      }
      return Collections.unmodifiableMap(out);
    });
  }

  @Override
  public AliasMove moveAliasAfter(long lastSequence, String model, String alias, OptionalInt expected, OptionalInt to,
      AliasMove.Kind kind, String by, String reason) throws IOException {
    Objects.requireNonNull(expected, "expected");
    Objects.requireNonNull(to, "to");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(by, "by");
    Objects.requireNonNull(reason, "reason");
    return transaction("move alias '" + alias + "' of model '" + model + "'", c -> {
      if (to.isPresent() && !exists(c, model, to.getAsInt())) {
        throw noTarget(model, alias, to.getAsInt(), where);
      }
      long last = max(c, "SELECT MAX(seq) FROM " + HISTORY + " WHERE model_name = ?", model, null);
      if (lastSequence != ANY_HISTORY && last != lastSequence) {
        // Two movers that both read the same end insert the same next sequence: the key makes one retry and land here.
        throw new ConcurrentModificationException("the history of model '" + model + "' ends at entry " + last + ", not "
            + lastSequence + " as expected; another writer moved an alias");
      }
      compareAndSet(c, model, alias, expected, to);
      long sequence = 1L + last;
      Instant at = clock.instant().truncatedTo(ChronoUnit.MICROS);
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + HISTORY + " (model_name, seq, alias_name, kind,"
          + " from_version, to_version, moved_by, moved_at, reason) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
        ps.setString(1, model);
        ps.setLong(2, sequence);
        ps.setString(3, alias);
        ps.setString(4, kind.name());
        setVersion(ps, 5, expected);
        setVersion(ps, 6, to);
        ps.setString(7, by);
        ps.setObject(8, OffsetDateTime.ofInstant(at, ZoneOffset.UTC));
        ps.setString(9, reason);
        ps.executeUpdate();
      }
      return new AliasMove(sequence, model, alias, kind, expected, to, by, at, reason);
    });
  }

  /** The alias's compare-and-set: a lost race is a {@link ConcurrentModificationException}. */
  private void compareAndSet(Connection c, String model, String alias, OptionalInt expected, OptionalInt to)
      throws SQLException {
    String key = " WHERE model_name = ? AND alias_name = ?";
    if (expected.isEmpty()) {
      if (to.isEmpty()) {
        OptionalInt now = current(c, model, alias);
        if (now.isPresent()) {
          throw lostRace(model, alias, expected, now);
        }
        return;
      }
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + ALIASES
          + " (model_name, alias_name, version_number) VALUES (?, ?, ?)")) {
        ps.setString(1, model);
        ps.setString(2, alias);
        ps.setInt(3, to.getAsInt());
        ps.executeUpdate();
      } catch (SQLException e) {
        throw translate(e, model, alias, expected, to);
      }
      return;
    }
    String sql = to.isPresent() ? "UPDATE " + ALIASES + " SET version_number = ?" + key + " AND version_number = ?"
        : "DELETE FROM " + ALIASES + key + " AND version_number = ?";
    int changed;
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      int i = 1;
      if (to.isPresent()) {
        ps.setInt(i++, to.getAsInt());
      }
      ps.setString(i++, model);
      ps.setString(i++, alias);
      ps.setInt(i, expected.getAsInt());
      changed = ps.executeUpdate();
    } catch (SQLException e) {
      throw translate(e, model, alias, expected, to);
    }
    if (changed == 0) {
      throw lostRace(model, alias, expected, current(c, model, alias));
    }
  }

  /** A key violation on an alias is a lost race; a foreign key violation, a target deleted meanwhile. */
  private RuntimeException translate(SQLException e, String model, String alias, OptionalInt expected, OptionalInt to)
      throws SQLException {
    if (UNIQUE_VIOLATION.equals(e.getSQLState())) {
      ConcurrentModificationException lost = new ConcurrentModificationException(lostRace(model, alias, expected, "is set"));
      lost.initCause(e);
      return lost;
    }
    if (FOREIGN_KEY_VIOLATION.equals(e.getSQLState()) && to.isPresent()) {
      NoSuchElementException missing = noTarget(model, alias, to.getAsInt(), where);
      missing.initCause(e);
      return missing;
    }
    throw e;
  }

  private static ConcurrentModificationException lostRace(String model, String alias, OptionalInt expected, OptionalInt now) {
    return new ConcurrentModificationException(lostRace(model, alias, expected,
        now.isPresent() ? "points at version " + now.getAsInt() : "is unset"));
  }

  private static String lostRace(String model, String alias, OptionalInt expected, String now) {
    return "alias '" + alias + "' of model '" + model + "' was expected "
        + (expected.isPresent() ? "at version " + expected.getAsInt() : "to be unset") + " but " + now
        + ": another thread or process moved it first; read the aliases again and move it from where it is now";
  }

  private static NoSuchElementException noTarget(String model, String alias, int version, String where) {
    return new NoSuchElementException("model '" + model + "' has no version " + version + " to move alias '" + alias + "' to in "
        + where + " (never registered, or removed by retention); list the versions and name one of them");
  }

  @Override
  public List<AliasMove> history(String model) throws IOException {
    return transaction("read the alias history of model '" + model + "'", c -> {
      List<AliasMove> out = new ArrayList<>();
      try (PreparedStatement ps = c.prepareStatement("SELECT seq, alias_name, kind, from_version, to_version, moved_by, moved_at,"
          + " reason FROM " + HISTORY + " WHERE model_name = ? ORDER BY seq")) {
        ps.setString(1, model);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            out.add(new AliasMove(rs.getLong(1), model, rs.getString(2), kind(rs.getString(3), model), optionalVersion(rs, 4),
                optionalVersion(rs, 5), rs.getString(6), rs.getObject(7, OffsetDateTime.class).toInstant(), rs.getString(8)));
          }
        }
      }
      return List.copyOf(out);
    });
  }

  /**
   * {@inheritDoc} Deleting a version that does not exist (deleted already, by this or another
   * process applying the same retention) does nothing.
   */
  @Override
  public void delete(String model, int number) throws IOException {
    transaction("delete version " + number + " of model '" + model + "'", c -> {
      List<String> pointing = new ArrayList<>();
      try (PreparedStatement ps = c.prepareStatement("SELECT alias_name FROM " + ALIASES
          + " WHERE model_name = ? AND version_number = ? ORDER BY alias_name")) {
        ps.setString(1, model);
        ps.setInt(2, number);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            pointing.add("'" + rs.getString(1) + "'");
          }
        }
      }
      if (!pointing.isEmpty()) {
        throw aliased(model, number, (pointing.size() == 1 ? "alias " : "aliases ") + String.join(", ", pointing)
            + (pointing.size() == 1 ? " points" : " point") + " at it", null);
      }
      int deleted;
      try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + VERSIONS + " WHERE model_name = ? AND version_number = ?")) {
        ps.setString(1, model);
        ps.setInt(2, number);
        deleted = ps.executeUpdate();
      } catch (SQLException e) {
        if (FOREIGN_KEY_VIOLATION.equals(e.getSQLState())) {
          throw aliased(model, number, "an alias was moved to it while it was being deleted", e);
        }
        throw e;
      }
      if (deleted == 1) {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + RETIRED + " (model_name, version_number) VALUES (?, ?)")) {
          ps.setString(1, model);
          ps.setInt(2, number);
          ps.executeUpdate();
        }
      }
      return null;
    });
  }

  private static IllegalStateException aliased(String model, int number, String why, SQLException cause) {
    return new IllegalStateException("version " + number + " of model '" + model + "' cannot be deleted: " + why
        + "; move the alias to another version (or remove it) first", cause);
  }

  /** Marks the store closed; the {@link DataSource}'s connections belong to whoever made it. */
  @Override
  public void close() {
    closed = true;
  }

  /** One step of a transaction. */
  @FunctionalInterface
  private interface Work<T> {
    T run(Connection c) throws SQLException, IOException;
  }

  /**
   * Runs {@code work} in a transaction at READ COMMITTED and commits it; rolls back on any
   * failure, and tries again after a lost race on a key, a serialization failure or a deadlock,
   * up to {@link #ATTEMPTS} times.
   */
  private <T> T transaction(String what, Work<T> work) throws IOException {
    if (closed) {
      throw new IllegalStateException("this JDBC registry store (" + where + ") is closed; open a new one to " + what);
    }
    SQLException last = null;
    for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
      try (Connection c = dataSource.getConnection()) {
        // A pooled connection goes back to the pool as it came: its auto-commit and isolation restored.
        boolean autoCommit = c.getAutoCommit();
        int isolation = c.getTransactionIsolation();
        c.setAutoCommit(false);
        c.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
        try {
          T result = work.run(c);
          c.commit();
          c.setTransactionIsolation(isolation);
          c.setAutoCommit(autoCommit);
          return result;
        } catch (SQLException | IOException | RuntimeException e) {
          rollback(c, e);
          try {
            c.setTransactionIsolation(isolation);
            c.setAutoCommit(autoCommit);
          } catch (SQLException restore) {
            e.addSuppressed(restore);
          }
          throw e;
        }
      } catch (SQLException e) {
        if (!RETRY.contains(e.getSQLState())) {
          throw new IOException("could not " + what + " in " + where + ": " + e.getMessage() + " (SQLState " + e.getSQLState()
              + "); check that the database is up and that its user may read and write the mlengine_registry_ tables", e);
        }
        last = e;
        pause(attempt);
      }
    }
    throw new IOException("could not " + what + " in " + where + ": lost the race for a number (or to a serialization"
        + " failure or deadlock) " + ATTEMPTS + " times in a row; the last: " + last.getMessage() + ". Try again when fewer"
        + " processes write the same model", last);
  }

  private static void rollback(Connection c, Exception cause) {
    try {
      c.rollback();
    } catch (SQLException e) {
      cause.addSuppressed(e);
    }
  }

  /** Sleeps a little, more after each lost race, with jitter so that the racers do not meet again. */
  private static void pause(int attempt) throws IOException {
    try {
      Thread.sleep(ThreadLocalRandom.current().nextLong(1, 2L + Math.min(attempt, 20)));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new java.io.InterruptedIOException("interrupted while retrying a registry transaction");
    }
  }

  private void createTables(Dialect d) throws IOException {
    transaction("create the registry's tables", c -> {
      try (Statement s = c.createStatement()) {
        s.execute("CREATE TABLE IF NOT EXISTS " + SCHEMA_TABLE + " (schema_version INTEGER NOT NULL PRIMARY KEY)");
        s.execute("CREATE TABLE IF NOT EXISTS " + VERSIONS + " (model_name VARCHAR(255) NOT NULL, version_number INTEGER NOT NULL,"
            + " bundle_id VARCHAR(255) NOT NULL, metadata " + d.text() + " NOT NULL, bundle " + d.binary() + " NOT NULL,"
            + " PRIMARY KEY (model_name, version_number))");
        s.execute("CREATE TABLE IF NOT EXISTS " + ALIASES + " (model_name VARCHAR(255) NOT NULL, alias_name VARCHAR(255) NOT NULL,"
            + " version_number INTEGER NOT NULL, PRIMARY KEY (model_name, alias_name), FOREIGN KEY (model_name, version_number)"
            + " REFERENCES " + VERSIONS + " (model_name, version_number))");
        s.execute("CREATE TABLE IF NOT EXISTS " + HISTORY + " (model_name VARCHAR(255) NOT NULL, seq BIGINT NOT NULL,"
            + " alias_name VARCHAR(255) NOT NULL, kind VARCHAR(16) NOT NULL, from_version INTEGER, to_version INTEGER,"
            + " moved_by " + d.text() + " NOT NULL, moved_at TIMESTAMP WITH TIME ZONE NOT NULL, reason " + d.text() + " NOT NULL,"
            + " PRIMARY KEY (model_name, seq))");
        s.execute("CREATE TABLE IF NOT EXISTS " + RETIRED + " (model_name VARCHAR(255) NOT NULL, version_number INTEGER NOT NULL,"
            + " PRIMARY KEY (model_name, version_number))");
      }
      checkSchema(c);
      return null;
    });
  }

  /** Records the tables' schema version on first use, and refuses tables of another. */
  private void checkSchema(Connection c) throws SQLException, IOException {
    List<Integer> found = new ArrayList<>();
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT schema_version FROM " + SCHEMA_TABLE)) {
      while (rs.next()) {
        found.add(rs.getInt(1));
      }
    }
    if (found.isEmpty()) {
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + SCHEMA_TABLE + " (schema_version) VALUES (?)")) {
        ps.setInt(1, SCHEMA);
        ps.executeUpdate();
      }
    } else if (!found.equals(List.of(SCHEMA))) {
      throw new IOException("the mlengine_registry_ tables in " + where + " have schema version " + found + "; this mlengine"
          + " reads version " + SCHEMA + ": use the mlengine version that created them, or a newer one");
    }
  }

  /** The query's one number (0 for SQL's NULL), for the model given once or, when {@code again} is not null, twice. */
  private static int max(Connection c, String sql, String model, String again) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, model);
      if (again != null) {
        ps.setString(2, again);
      }
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getInt(1);
      }
    }
  }

  private static boolean exists(Connection c, String model, int number) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM " + VERSIONS + " WHERE model_name = ? AND version_number = ?")) {
      ps.setString(1, model);
      ps.setInt(2, number);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next();
      }
    }
  }

  private static OptionalInt current(Connection c, String model, String alias) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT version_number FROM " + ALIASES
        + " WHERE model_name = ? AND alias_name = ?")) {
      ps.setString(1, model);
      ps.setString(2, alias);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? OptionalInt.of(rs.getInt(1)) : OptionalInt.empty();
      }
    }
  }

  private static void setVersion(PreparedStatement ps, int index, OptionalInt version) throws SQLException {
    if (version.isPresent()) {
      ps.setInt(index, version.getAsInt());
    } else {
      ps.setNull(index, Types.INTEGER);
    }
  }

  private static OptionalInt optionalVersion(ResultSet rs, int column) throws SQLException {
    int v = rs.getInt(column);
    return rs.wasNull() ? OptionalInt.empty() : OptionalInt.of(v);
  }

  private AliasMove.Kind kind(String name, String model) throws IOException {
    try {
      return AliasMove.Kind.valueOf(name);
    } catch (IllegalArgumentException e) {
      throw new IOException("the alias history of model '" + model + "' in " + where + " has kind '" + name + "'; this mlengine"
          + " knows PROMOTE, ROLLBACK and REMOVE: read it with the mlengine version that wrote it, or a newer one", e);
    }
  }

  /** The two column types that differ between databases: PostgreSQL's, or the SQL standard's. */
  private record Dialect(String text, String binary) {
    static Dialect of(String product) {
      return "PostgreSQL".equalsIgnoreCase(product) ? new Dialect("TEXT", "BYTEA") : new Dialect("CLOB", "BLOB");
    }
  }

  /** A {@link DataSource} that opens a new connection through {@link DriverManager} on each call. */
  private static final class DriverManagerSource implements DataSource {
    private final String url;
    private final Properties properties;

    DriverManagerSource(String url, Properties properties) {
      this.url = Objects.requireNonNull(url, "url");
      this.properties = new Properties();
      this.properties.putAll(Objects.requireNonNull(properties, "properties"));
    }

    @Override
    public Connection getConnection() throws SQLException {
      return DriverManager.getConnection(url, properties);
    }

    @Override
    public Connection getConnection(String user, String password) throws SQLException {
      Properties p = new Properties();
      p.putAll(properties);
      p.setProperty("user", user);
      p.setProperty("password", password);
      return DriverManager.getConnection(url, p);
    }

    @Override
    public PrintWriter getLogWriter() {
      return DriverManager.getLogWriter();
    }

    @Override
    public void setLogWriter(PrintWriter out) {
      throw new UnsupportedOperationException("a JdbcRegistryStore's own data source has no log writer of its own; set"
          + " DriverManager.setLogWriter instead");
    }

    @Override
    public void setLoginTimeout(int seconds) {
      DriverManager.setLoginTimeout(seconds);
    }

    @Override
    public int getLoginTimeout() {
      return DriverManager.getLoginTimeout();
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
      throw new SQLFeatureNotSupportedException("DriverManager has no parent logger");
    }

    @Override
    public <T> T unwrap(Class<T> type) throws SQLException {
      if (type.isInstance(this)) {
        return type.cast(this);
      }
      throw new SQLException("not a wrapper for " + type.getName());
    }

    @Override
    public boolean isWrapperFor(Class<?> type) {
      return type.isInstance(this);
    }
  }
}
