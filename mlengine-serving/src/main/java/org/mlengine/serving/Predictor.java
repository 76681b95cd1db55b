package org.mlengine.serving;

import org.mlengine.runtime.internal.RuntimeAccess;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.util.Date;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.mlengine.runtime.ColumnType;
import org.mlengine.runtime.EventSource;
import org.mlengine.runtime.FittedPipeline;
import org.mlengine.runtime.History;
import org.mlengine.runtime.InvalidInputException;
import org.mlengine.runtime.ModelBundle;
import org.mlengine.runtime.Retention;
import org.mlengine.runtime.Row;
import org.mlengine.runtime.spi.RowBuffer;
import org.mlengine.runtime.internal.Finite;
import org.mlengine.runtime.internal.RowScorer;
import org.mlengine.runtime.Schema;
import org.mlengine.runtime.Scores;
import org.mlengine.runtime.Table;
import org.mlengine.runtime.Task;
import org.mlengine.runtime.TrustPolicy;
import org.mlengine.serving.history.OnlineStore;

/**
 * Scores requests with a {@link ModelBundle}: checks each request against the bundle's input
 * schema, runs the fitted steps exactly as in training and evaluates the model (linear models
 * from their compiled weights, without Tribuo). Thread-safe; share one instance.
 *
 * <pre>{@code
 * try (Predictor predictor = Predictor.load(Path.of("credit.mlb"))) {
 *   Prediction p = predictor.predict(Request.builder()
 *       .put("Seniority", 9).put("Home", "rent").put("Time", 60).put("Age", 30)
 *       .put("Marital", "married").put("Records", "no").put("Job", "freelance")
 *       .put("Expenses", 73).put("Income", 129).put("Assets", 0).put("Debt", 0)
 *       .put("Amount", 800).put("Price", 846)
 *       .build());
 *   System.out.println(p.label().orElseThrow() + " " + p.probability("bad"));
 * }
 * }</pre>
 *
 * <p>A request must carry every column of the input schema; {@code null} (or {@code NaN} for a
 * number, or empty text for a category) is a missing value, handled as the bundle's steps say.
 * Keys outside the schema are ignored. Numbers may come as any {@link Number} or as numeric
 * text, and must be finite; categories as text (or whole numbers); text of at most {@value
 * #MAX_TEXT_CHARS} characters (categories too); timestamps as {@link Instant}, {@link Date}, offset or zoned
 * date-times, epoch milliseconds or ISO-8601 text, within the epoch-millisecond range.
 * Anything else is an {@link InvalidInputException} naming the column, the value and what was
 * expected.
 *
 * <p>A bundle with window or aggregate steps reads each request's past from a {@link History}
 * that the application appends events to:
 *
 * <pre>{@code
 * Predictor base = Predictor.load(Path.of("ridership.mlb"));
 * History history = base.newHistory(Retention.of(Duration.ofDays(120), 0));
 * Predictor predictor = base.withHistory(history);
 * history.appendAll(History.ROWS, lastFourMonths);        // then one append per day
 * predictor.predict(Request.builder().put("date", Instant.parse("2016-08-29T00:00:00Z"))...build());
 * }</pre>
 */
public final class Predictor implements AutoCloseable {
  /** The farthest an instant may be from 1970, in milliseconds: the range a double holds exactly. */
  private static final long MAX_EPOCH_MILLIS = 1L << 53;

  /** The longest text value a request may carry, in characters. */
  public static final int MAX_TEXT_CHARS = 1_000_000;

  private final ModelBundle bundle;
  private final FittedPipeline pipeline;
  private final String bundleId;
  private final List<Schema.Field> fields;
  private final RowScorer rowScorer;
  private final ThreadLocal<RowBuffer> buffers;
  private final History history;
  private final boolean readsPast;
  private volatile boolean closed;

  private Predictor(ModelBundle bundle) {
    this(bundle, bundle.pipeline(), null);
  }

  private Predictor(ModelBundle bundle, FittedPipeline pipeline, History history) {
    this.bundle = Objects.requireNonNull(bundle, "bundle");
    this.history = history;
    this.readsPast = !pipeline.eventSources().isEmpty();
    this.pipeline = pipeline;
    this.bundleId = bundle.id();
    this.fields = List.copyOf(bundle.inputSchema().columns());
    this.rowScorer = RuntimeAccess.pipelines().rowScorer(pipeline).orElse(null);
    this.buffers = rowScorer == null ? null : ThreadLocal.withInitial(() -> {
      RowBuffer buffer = rowScorer.newBuffer();
      buffer.setHistory(history);
      return buffer;
    });
  }

  /** Loads a bundle file, verifying its checksums first (see {@link ModelBundle#load(Path)}). */
  public static Predictor load(Path path) throws IOException {
    return new Predictor(ModelBundle.load(path));
  }

  /**
   * Loads a bundle file that must satisfy a trust policy, e.g. {@code
   * TrustPolicy.requireSignedBy(publicKey)}; the signature is checked before anything is parsed.
   */
  public static Predictor load(Path path, TrustPolicy trust) throws IOException {
    return new Predictor(ModelBundle.load(path, trust));
  }

  /** A predictor for a bundle already in memory. */
  public static Predictor of(ModelBundle bundle) {
    return new Predictor(bundle);
  }

  /** The bundle this predictor serves. */
  public ModelBundle bundle() {
    return bundle;
  }

  /** The columns a request must carry. */
  public Schema inputSchema() {
    return bundle.inputSchema();
  }

  /**
   * The event streams this bundle's window and aggregate steps read, for an application that
   * keeps its own {@link History}; empty when the bundle has no such steps.
   */
  public List<EventSource> eventSources() {
    return pipeline.eventSources();
  }

  /**
   * The feature views this bundle was trained with (name, version, fingerprint, definition), in
   * step order; a feature store whose views differ can be refused by comparing fingerprints.
   */
  public List<org.mlengine.runtime.FeatureView> featureViews() {
    return bundle.featureViews();
  }

  /**
   * An empty in-memory history holding what this bundle's steps read, within a retention.
   *
   * @throws IllegalArgumentException when the retention would drop events a step reads (a
   *     28-day window needs at least 28 days plus its gap), naming the source
   */
  public History newHistory(Retention retention) {
    return History.inMemory(retention, eventSources());
  }

  /**
   * This predictor reading the past of each request from {@code history}: window and aggregate
   * steps see the events appended to it strictly before the request's time (minus the step's
   * gap). The predictor itself never appends; the application appends each event once it
   * happened (with its outcome, when a window reads the target). Shares this predictor's
   * bundle; closing either leaves the other open.
   */
  public Predictor withHistory(History history) {
    return new Predictor(bundle, pipeline, Objects.requireNonNull(history,
        "history is null; make one with predictor.newHistory(Retention.unbounded())"));
  }

  /**
   * This predictor reading its feature views' values from an online store by each request's
   * entity key, instead of computing them from a history: the store's latest row of the entity
   * (materialised with {@link OnlineStore#materialize}); for an entity without a live row (never
   * materialised, or expired by the view's time to live), the view's values for an entity without
   * events as of the request's time (all missing with a time to live; a count of 0 and a missing
   * mean without). Window and aggregate steps outside views still read this predictor's history.
   *
   * <pre>{@code
   * try (OnlineStore store = OnlineStore.onDisk(dir, FsyncPolicy.always());
   *     Predictor loaded = Predictor.load(bundle);
   *     Predictor served = loaded.withFeatures(store)) {   // closing the predictors leaves the store to its own close
   *   Prediction p = served.predict(Map.of("customer_id", "c-42", "amount", 18.5));
   * }
   * }</pre>
   *
   * @throws IllegalStateException when the bundle uses no feature view, or the store holds another
   *     version of one of its views (naming the view and both versions) or none
   */
  public Predictor withFeatures(OnlineStore store) {
    Objects.requireNonNull(store, "store is null; give the OnlineStore the views were materialised into");
    return new Predictor(bundle, StoredPipelines.reading(pipeline, store, bundle.id()), history);
  }

  /**
   * This predictor reading what {@code serving} reads where it was given nothing of its own: its
   * history when this one has none, and its online store when this one's feature views read none;
   * for a deployment swapping {@code serving} out, so that a version a follower or a loop opened
   * from a registry serves as the one it replaces did.
   *
   * @throws IllegalStateException when that store holds another version of one of this bundle's views
   */
  Predictor readingAs(Predictor serving) {
    Predictor p = history == null && serving.history != null ? withHistory(serving.history) : this;
    Optional<OnlineStore> store = StoredPipelines.storeOf(serving.pipeline);
    return store.isPresent() && !pipeline.featureViews().isEmpty() ? p.withFeatures(store.get()) : p;
  }

  /**
   * Scores one request built with {@link Request#builder()}; the same as {@link #predict(Map)}
   * on {@code request.values()}.
   *
   * @throws InvalidInputException naming the column when a column is absent, a value has the
   *     wrong type, or a step's policy refuses it
   */
  public Prediction predict(Request request) {
    Objects.requireNonNull(request, "the request is null; build one with Request.builder().put(\"column\", value).build()");
    return predict(request.values());
  }

  /**
   * Scores one request given as a map from column name to value ({@code Map.of} holds at most
   * ten; {@link Request#builder()} any number).
   *
   * @throws InvalidInputException naming the column when a column is absent, a value has the
   *     wrong type, or a step's policy refuses it
   */
  public Prediction predict(Map<String, ?> request) {
    Objects.requireNonNull(request, "the request map is null; pass a Map from column name to value");
    checkOpen();
    requireHistory();
    if (rowScorer != null) {
      return predictFast(request);
    }
    Table.Builder row = Table.builder();
    for (Schema.Field field : fields) {
      String name = field.name();
      if (!request.containsKey(name)) {
        throw missingColumn(field);
      }
      Object value = request.get(name);
      switch (field.type()) {
        case NUMERIC -> row.numeric(name, number(name, value));
        case CATEGORICAL -> row.categorical(name, category(name, value));
        case TEXT -> row.text(name, text(name, value));
        case TIMESTAMP -> row.timestamp(name, instant(name, value));
        case VECTOR -> throw vectorInMap(name);
      }
    }
    return predictions(pipeline.score(row.build(), history)).get(0);
  }

  /** The compiled path: request values go straight into the thread's row buffer. */
  private Prediction predictFast(Map<String, ?> request) {
    RowBuffer row = buffers.get();
    for (int i = 0; i < fields.size(); i++) {
      Schema.Field field = fields.get(i);
      String name = field.name();
      Object value = request.get(name);
      if (value == null && !request.containsKey(name)) {
        throw missingColumn(field);
      }
      int slot = rowScorer.inputSlot(i);
      switch (field.type()) {
        case NUMERIC -> row.setNumber(slot, number(name, value));
        case CATEGORICAL -> row.setString(slot, category(name, value));
        case TEXT -> row.setString(slot, text(name, value));
        case TIMESTAMP -> {
          Instant t = instant(name, value);
          row.setNumber(slot, t == null ? Double.NaN : t.toEpochMilli());
        }
        case VECTOR -> throw vectorInMap(name);
      }
    }
    return prediction(rowScorer.score(row));
  }

  private Prediction prediction(double[] scores) {
    return pipeline.task() == Task.REGRESSION
        ? Prediction.regression(scores[0], bundleId)
        : Prediction.classification(pipeline.classes(), scores, bundleId);
  }

  private InvalidInputException missingColumn(Schema.Field field) {
    return new InvalidInputException(field.name(), "missing column '" + field.name() + "' (" + field.type() + "); the model reads "
        + bundle.inputSchema().names() + ". Add it to the request; give a missing value as null.");
  }

  private static InvalidInputException vectorInMap(String name) {
    return new InvalidInputException(name, "column '" + name
        + "' is a VECTOR input, which a map cannot carry; score such rows with predictAll(Table).");
  }

  /**
   * Scores one row of a table that has the input schema's columns.
   *
   * @throws InvalidInputException as {@link #predictAll(Table)}; an infinite number is refused
   *     naming the row's index in its table
   */
  public Prediction predict(Row row) {
    requireHistory();
    Finite.checkRow(row, bundle.inputSchema());   // before the one-row copy, to name the row's own index
    return predictAll(row.toTable()).get(0);
  }

  /**
   * Scores every row of a table that has the input schema's columns, in one batch: each input
   * column is read once as an array, and rows go through the compiled row kernels (or, for a
   * pipeline without them, through the steps' table forms).
   *
   * <p>Window and aggregate steps read each row's past from this predictor's history. A
   * predictor without one reads a window's past from the table's own earlier rows (a window over
   * the target then needs the target column in the table), as the pipeline did when it was
   * fitted; an aggregate loaded from a bundle holds no related rows, so it needs a history.
   *
   * @throws InvalidInputException naming the column and the first row refused: a missing column,
   *     a wrong type, an infinite number ({@code column 'x' is Infinity at row 3; expected a finite
   *     number. ...}, the map path's words with the row), or a step's refusal
   */
  public List<Prediction> predictAll(Table table) {
    checkOpen();
    if (readsPast && history == null) {
      // Each row's past is the table's earlier rows, as when the pipeline was fitted.
      return predictions(pipeline.score(table));
    }
    if (rowScorer == null) {
      return predictions(readsPast ? pipeline.score(table, history) : pipeline.score(table));
    }
    pipeline.checkInputs(table);
    Prediction[] out = new Prediction[table.rowCount()];
    try {
      rowScorer.scoreAll(table, bundle.inputSchema(), buffers.get(), (r, scores) -> out[r] = prediction(scores));
    } catch (InvalidInputException e) {
      // The table forms report the problem with its row number; a refusal is rare, so the cost is no matter.
      return predictions(readsPast ? pipeline.score(table, history) : pipeline.score(table));
    }
    return List.of(out);
  }

  /**
   * Scores CSV rows read from {@code in} and writes them, each followed by its prediction, as CSV
   * to {@code out}, a batch of rows at a time in memory that does not grow with the input.
   * Returns the number of rows written. Closes {@code in}; flushes {@code out} but leaves it open.
   *
   * <pre>{@code
   * try (InputStream in = Files.newInputStream(Path.of("applicants.csv"));
   *     OutputStream out = Files.newOutputStream(Path.of("scored.csv"))) {
   *   long rows = predictor.predictCsv(in, "applicants.csv", out);
   * }
   * }</pre>
   *
   * <p>The input needs a header row naming every column of the {@link #inputSchema()}, in any
   * order; they are read with the schema's types ({@code NA} or an empty field is a missing
   * value), and columns the model does not read are passed through as text, read with the same
   * missing markers (a pass-through field {@code NA} is written back as an empty field). The output has every
   * input column in input order, then {@code label} and one {@code p_<class>} column per class in
   * the bundle's class order (classification) or {@code value} (regression), written with {@link
   * Double#toString}. Input numbers are written as whole numbers when they are whole, timestamps
   * as ISO-8601 instants, missing values as empty fields; fields holding a comma, a double quote or
   * a line break are quoted (RFC 4180), so {@code Table.readCsv} reads the output back.
   *
   * @param source names the input in error messages, such as the file name or {@code "stdin"}
   * @throws CsvScoringException for a header that lacks a column the model reads (before
   *     anything is written), or a record the model cannot score (a value of the wrong type, a
   *     wrong number of fields, a value a step refuses): the message names the line and the
   *     column; the batches of rows before the one holding it are written and flushed ({@link
   *     CsvScoringException#rowsWritten()})
   * @throws IllegalStateException for a bundle whose steps read each row's past and a predictor
   *     without a {@link History}
   */
  public long predictCsv(java.io.InputStream in, String source, java.io.OutputStream out) throws IOException {
    Objects.requireNonNull(in, "in is null; pass the CSV input, such as System.in");
    Objects.requireNonNull(source, "source is null; name the input for error messages, such as \"stdin\"");
    Objects.requireNonNull(out, "out is null; pass where the scored CSV goes, such as System.out");
    checkOpen();
    return CsvScoring.score(this, in, source, out);
  }

  /** Whether {@link #close()} was called. */
  boolean isClosed() {
    return closed;
  }

  /** Releases the predictor; later calls fail. */
  @Override
  public void close() {
    closed = true;
  }

  void requireHistory() {
    if (readsPast && history == null) {
      throw new IllegalStateException("this bundle's window or aggregate steps read each request's past, and this predictor has"
          + " no history; use predictor.withHistory(predictor.newHistory(Retention.unbounded())) and append events to the"
          + " history as they happen (it needs " + eventSources() + ")");
    }
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("this predictor is closed; load the bundle again with Predictor.load(path)");
    }
  }

  private List<Prediction> predictions(Scores scores) {
    List<Prediction> out = new ArrayList<>(scores.size());
    for (int r = 0; r < scores.size(); r++) {
      out.add(prediction(scores.task() == Task.REGRESSION ? new double[] {scores.value(r)} : scores.probabilities(r)));
    }
    return List.copyOf(out);
  }

  private static double number(String column, Object value) {
    if (value == null) {
      return Double.NaN;
    }
    double x;
    if (value instanceof Number n) {
      x = n.doubleValue();
    } else if (value instanceof CharSequence s && s.length() <= 64) {
      try {
        x = Double.parseDouble(s.toString().trim());
      } catch (NumberFormatException e) {
        throw wrongType(column, value, ColumnType.NUMERIC, "a number (or numeric text)");
      }
    } else {
      throw wrongType(column, value, ColumnType.NUMERIC, "a number (or numeric text)");
    }
    if (Double.isInfinite(x)) {
      throw Finite.infiniteInput(column, x);
    }
    return x;
  }

  private static String category(String column, Object value) {
    if (value == null || (value instanceof CharSequence s && s.length() == 0)) {
      return null;
    }
    if (value instanceof CharSequence s && s.length() > MAX_TEXT_CHARS) {
      throw new InvalidInputException(column, "column '" + column + "' holds " + s.length() + " characters; the limit is "
          + MAX_TEXT_CHARS + ". Send the category's name, not a document.");
    }
    if (value instanceof CharSequence || value instanceof Enum<?> || value instanceof Character || value instanceof Boolean
        || value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) {
      return value.toString();
    }
    throw wrongType(column, value, ColumnType.CATEGORICAL, "text (or a whole number)");
  }

  private static String text(String column, Object value) {
    if (value == null) {
      return null;
    }
    if (!(value instanceof CharSequence s)) {
      throw wrongType(column, value, ColumnType.TEXT, "text");
    }
    if (s.length() > MAX_TEXT_CHARS) {
      throw new InvalidInputException(column, "column '" + column + "' holds " + s.length() + " characters; the limit is "
          + MAX_TEXT_CHARS + ". Shorten the text before scoring it.");
    }
    return s.toString();
  }

  private static Instant instant(String column, Object value) {
    Instant instant = parseInstant(column, value);
    if (instant != null) {
      try {
        if (Math.abs(instant.toEpochMilli()) <= MAX_EPOCH_MILLIS) {
          return instant;
        }
      } catch (ArithmeticException e) {
        // out of range; reported below
      }
      throw new InvalidInputException(column, "column '" + column + "' is " + instant
          + ", outside the supported range; expected an instant within 2^53 milliseconds (about 285,000 years) of 1970.");
    }
    return null;
  }

  private static Instant parseInstant(String column, Object value) {
    if (value == null) {
      return null;
    }
    if (value instanceof Instant i) {
      return i;
    }
    if (value instanceof Date d) {
      return d.toInstant();
    }
    if (value instanceof OffsetDateTime o) {
      return o.toInstant();
    }
    if (value instanceof ZonedDateTime z) {
      return z.toInstant();
    }
    if (value instanceof Long millis) {
      return Instant.ofEpochMilli(millis);
    }
    if (value instanceof CharSequence s && s.length() <= 64) {
      try {
        return OffsetDateTime.parse(s).toInstant();
      } catch (DateTimeParseException e) {
        throw wrongType(column, value, ColumnType.TIMESTAMP, "an ISO-8601 instant such as 2024-03-01T12:00:00Z");
      }
    }
    throw wrongType(column, value, ColumnType.TIMESTAMP, "an Instant, Date, OffsetDateTime, ZonedDateTime, epoch millis (Long) or ISO-8601 text");
  }

  private static InvalidInputException wrongType(String column, Object value, ColumnType type, String expected) {
    String text = String.valueOf(value);
    String shown = text.length() > 60 ? text.substring(0, 57) + "..." : text;
    shown = value instanceof CharSequence ? "\"" + shown + "\"" : shown;
    return new InvalidInputException(column, "column '" + column + "' is " + type + " but the request gives "
        + value.getClass().getSimpleName() + " " + shown + "; expected " + expected + ".");
  }

  @Override
  public String toString() {
    return "Predictor[" + bundle + (closed ? ", closed" : "") + "]";
  }
}
