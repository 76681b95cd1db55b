package org.mlengine.flink;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.typeutils.RowTypeInfo;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.types.Row;
import org.apache.flink.util.OutputTag;
import org.mlengine.runtime.ColumnType;
import org.mlengine.runtime.EventSource;
import org.mlengine.runtime.History;
import org.mlengine.runtime.ModelBundle;
import org.mlengine.runtime.Retention;
import org.mlengine.runtime.Schema;
import org.mlengine.serving.Predictor;

/**
 * Scores a Flink {@code DataStream<Row>} with a bundle, each row as {@code Predictor.predict}
 * scores it: the bundle's bytes are read once, here, and travel inside the job graph; each
 * parallel task loads one predictor from them when it opens. The rows need named fields (a {@link
 * RowTypeInfo}) holding the bundle's input columns; their types are checked against the bundle's
 * schema when the job graph is built. The scored rows carry the input's fields, then {@code label}
 * and one {@code p_<class>} per class (classification) or {@code value} (regression), as {@code
 * predictCsv} writes them; a row the bundle refuses goes to {@link ScoredStream#refused()} with
 * the reason in a field {@code error}.
 *
 * <pre>{@code
 * FlinkScorer scorer = FlinkScorer.load(Path.of("credit.mlb"));
 * DataStream<Row> applicants = env.fromData(Types.ROW_NAMED(names, types), rows);
 * ScoredStream scoring = scorer.score(applicants);
 * scoring.scored().sinkTo(sink);
 * scoring.refused().sinkTo(deadLetters);
 * }</pre>
 *
 * <p>A bundle with window steps (History.ROWS, e.g. the Chicago ridership forecast) scores each
 * row against the rows of its entity that came before it, then records the row: the stream is
 * keyed by the windows' key column (one series when they have none), and the rows each key keeps
 * live in Flink keyed state, checkpointed and restored with the job. Each row must then carry the
 * columns the windows read (its outcome too, when a window reads the target), and arrive in time
 * order within its key, as in the in-process loop {@code predictor.predict(row); history.append(row)},
 * whose answers it equals bit for bit. Give the operator a stable id for savepoints with {@code
 * scoring.scored().uid("...")}.
 */
public final class FlinkScorer {
  private final byte[] bytes;
  private final String source;
  private final ModelBundle bundle;
  private final Retention retention;
  private final int monitorWindow;

  private FlinkScorer(byte[] bytes, String source, ModelBundle bundle, Retention retention, int monitorWindow) {
    this.bytes = bytes;
    this.source = source;
    this.bundle = bundle;
    this.retention = retention;
    this.monitorWindow = monitorWindow;
  }

  /**
   * Reads a bundle file (checksums first, as {@link ModelBundle#load(Path)}) to score streams with.
   *
   * @throws IOException when the file cannot be read or is not a valid bundle
   */
  public static FlinkScorer load(Path path) throws IOException {
    Objects.requireNonNull(path, "path is null; pass the bundle file, e.g. Path.of(\"credit.mlb\")");
    return of(Files.readAllBytes(path), path.getFileName().toString());
  }

  /**
   * A scorer for a bundle's bytes, as {@link ModelBundle#save} writes them; {@code source} names
   * it in error messages.
   *
   * @throws IOException when the bytes are not a valid bundle
   */
  public static FlinkScorer of(byte[] bundleBytes, String source) throws IOException {
    Objects.requireNonNull(bundleBytes, "bundleBytes is null; pass the bytes of a bundle file");
    Objects.requireNonNull(source, "source is null; name the bundle for error messages, e.g. \"credit.mlb\"");
    byte[] copy = bundleBytes.clone();
    ModelBundle bundle = ModelBundle.read(new ByteArrayInputStream(copy), source);
    checkSources(bundle.pipeline().eventSources(), source);
    return new FlinkScorer(copy, source, bundle, leastRetention(bundle.pipeline().eventSources()), 0);
  }

  /** The bundle this scorer scores with. */
  public ModelBundle bundle() {
    return bundle;
  }

  /**
   * How much of each key's past the keyed state keeps for the window steps; by default the least
   * the steps read (the longest window and the deepest lag), or everything for an expanding window.
   */
  public Retention retention() {
    return retention;
  }

  /**
   * This scorer keeping {@code retention} of each key's past.
   *
   * @throws IllegalArgumentException when the retention would drop rows a window reads, naming it
   */
  public FlinkScorer withRetention(Retention retention) {
    Objects.requireNonNull(retention, "retention is null; pass e.g. Retention.of(Duration.ofDays(91), 28)");
    try (Predictor predictor = Predictor.of(bundle)) {
      predictor.newHistory(retention); // refuses a retention shorter than a window
    }
    return new FlinkScorer(bytes, source, bundle, retention, monitorWindow);
  }

  /**
   * This scorer watching each task's rows with mlengine-serving's {@code Monitor} (each input
   * column's drift against the bundle's training profile, judged every {@code windowRows} rows of
   * the task), its figures as Flink gauges in the group {@code mlengine.monitor}: {@code
   * processed}, {@code dropped}, {@code alerts}, {@code windows}, and per input column {@code
   * drift_<column>} (the last window's statistic) and {@code drifted_<column>} (1 past its
   * threshold). The job then needs {@code org.apache.datasketches:datasketches-java} on its class
   * path, as the Monitor does.
   *
   * @throws IllegalArgumentException when {@code windowRows} is not positive
   */
  public FlinkScorer withMonitor(int windowRows) {
    if (windowRows <= 0) {
      throw new IllegalArgumentException("windowRows is " + windowRows + "; give how many rows of a task each drift window"
          + " holds, e.g. 1000");
    }
    if (bundle.profile().isEmpty()) {
      throw new IllegalArgumentException("bundle " + source + " has no training profile for the monitor to compare traffic"
          + " with; refit it with this library's Pipeline (which profiles the training part), or score without withMonitor");
    }
    return new FlinkScorer(bytes, source, bundle, retention, windowRows);
  }

  /**
   * Scores every row of a stream (see the class comment).
   *
   * @throws IllegalArgumentException when the rows have no named fields, or lack a column the
   *     bundle reads, or carry it with a type the bundle cannot read, listing every such field
   */
  public ScoredStream score(DataStream<Row> rows) {
    Objects.requireNonNull(rows, "rows is null; pass the stream of rows to score");
    RowMapping mapping = mapping(rows.getType());
    RowTypeInfo input = (RowTypeInfo) rows.getType();
    RowTypeInfo scoredType = RowMapping.scoredType(input, mapping.outputNames(), mapping.regression());
    OutputTag<Row> refusedTag = refusedTag(input);
    String name = operatorName();
    SingleOutputStreamOperator<Row> scored;
    if (bundle.pipeline().eventSources().isEmpty()) {
      scored = rows.process(new ScoreFunction(bytes, source, mapping, refusedTag, monitorWindow)).returns(scoredType).name(name);
    } else {
      scored = rows.keyBy(entityKey(input), Types.STRING).process(historyFunction(mapping, refusedTag)).returns(scoredType).name(name);
    }
    return new ScoredStream(scored, scored.getSideOutput(refusedTag));
  }

  /**
   * Scores every row of a stream, swapping the bundle without a restart for each bundle that
   * arrives on {@code bundles} (each element a bundle file's bytes): every task reads and checks
   * the new bundle, then scores the rows after it with it; the latest accepted one is kept in
   * broadcast state, so a job restored from a checkpoint scores with it. A bundle of another task
   * or other classes, with window steps, or whose schema the rows do not fit is refused (logged and
   * counted in the metric {@code mlengine.bundlesRefused}) and the tasks keep theirs. The scored
   * rows end with a field {@code bundle}, the id of the bundle that scored the row.
   *
   * @throws IllegalArgumentException as {@link #score(DataStream)}, and for a bundle with window
   *     steps (its history is keyed state a swap would have to carry over; not supported)
   */
  public ScoredStream score(DataStream<Row> rows, DataStream<byte[]> bundles) {
    Objects.requireNonNull(rows, "rows is null; pass the stream of rows to score");
    Objects.requireNonNull(bundles, "bundles is null; pass a stream of bundle files' bytes, e.g. from a file source");
    if (!bundle.pipeline().eventSources().isEmpty()) {
      throw new IllegalArgumentException("bundle " + source + " has window steps, whose history lives in keyed state; swapping"
          + " such a bundle in a running job is not supported. Use score(rows), and restart the job from a savepoint with"
          + " the new bundle");
    }
    RowMapping mapping = mapping(rows.getType());
    RowTypeInfo input = (RowTypeInfo) rows.getType();
    if (List.of(input.getFieldNames()).contains("bundle")) {
      throw new IllegalArgumentException("field 'bundle' of the input has the name of the scored rows' bundle id column;"
          + " rename it before scoring");
    }
    RowTypeInfo scored = RowMapping.scoredType(input, mapping.outputNames(), mapping.regression());
    List<org.apache.flink.api.common.typeinfo.TypeInformation<?>> types = new ArrayList<>(List.of(scored.getFieldTypes()));
    List<String> names = new ArrayList<>(List.of(scored.getFieldNames()));
    types.add(Types.STRING);
    names.add("bundle");
    RowTypeInfo withId = new RowTypeInfo(types.toArray(new org.apache.flink.api.common.typeinfo.TypeInformation<?>[0]),
        names.toArray(new String[0]));
    OutputTag<Row> refusedTag = refusedTag(input);
    SingleOutputStreamOperator<Row> out = rows.connect(bundles.broadcast(SwapScoreFunction.BUNDLES))
        .process(new SwapScoreFunction(bytes, source, rows.getType(), mapping, refusedTag))
        .returns(withId).name(operatorName() + " (swappable)");
    return new ScoredStream(out, out.getSideOutput(refusedTag));
  }

  /** The operator's name in Flink's UI and metrics: the bundle's label, or the start of its id. */
  private String operatorName() {
    return "mlengine score " + (bundle.label().isBlank() ? bundle.id().substring(0, 12) : bundle.label());
  }

  /** The input's mapping to the bundle's schema, checked. */
  RowMapping mapping(org.apache.flink.api.common.typeinfo.TypeInformation<Row> type) {
    return RowMapping.of(type, bundle.inputSchema(), bundle.pipeline().task(), bundle.pipeline().classes(),
        recordedFields(bundle.pipeline().eventSources()));
  }

  static OutputTag<Row> refusedTag(RowTypeInfo input) {
    return new OutputTag<>("mlengine-refused", RowMapping.refusedType(input));
  }

  /** The key of each row's history: the windows' key column, or one key for a single series. */
  EntityKey entityKey(RowTypeInfo input) {
    EventSource first = bundle.pipeline().eventSources().get(0);
    return new EntityKey(first.key().map(k -> List.of(input.getFieldNames()).indexOf(k)).orElse(-1), input.getFieldNames());
  }

  /** The keyed function scoring rows against their key's history. */
  HistoryScoreFunction historyFunction(RowMapping mapping, OutputTag<Row> refusedTag) {
    List<EventSource> sources = bundle.pipeline().eventSources();
    EventSource first = sources.get(0);
    return new HistoryScoreFunction(bytes, source, mapping, refusedTag, new EventCodec(recordedFields(sources)), retention,
        first.key(), first.time(), monitorWindow);
  }

  /** The columns the history records from each row: the windows' key, time and value columns. */
  private static List<Schema.Field> recordedFields(List<EventSource> sources) {
    Map<String, Schema.Field> fields = new LinkedHashMap<>();
    for (EventSource s : sources) {
      s.key().ifPresent(k -> fields.putIfAbsent(k, new Schema.Field(k, ColumnType.CATEGORICAL, List.of())));
      fields.putIfAbsent(s.time(), new Schema.Field(s.time(), ColumnType.TIMESTAMP, List.of()));
      s.values().forEach(f -> fields.putIfAbsent(f.name(), f));
    }
    return List.copyOf(fields.values());
  }

  /** Refuses what keyed state cannot serve: related tables (aggregates) and windows keyed or ordered differently. */
  static void checkSources(List<EventSource> sources, String bundleName) {
    List<String> problems = new ArrayList<>();
    for (EventSource s : sources) {
      if (!s.name().equals(History.ROWS)) {
        problems.add("a step reads the related table '" + s.name() + "' (" + s + "); the Flink scorer records only the scored"
            + " rows themselves, so score this bundle with Predictor.withHistory and append the table's events there");
      } else if (!s.key().equals(sources.get(0).key()) || !s.time().equals(sources.get(0).time())) {
        problems.add("windows read the rows by " + sources.get(0).key().orElse("no key") + " ordered by " + sources.get(0).time()
            + " and by " + s.key().orElse("no key") + " ordered by " + s.time() + "; a keyed stream has one key, so refit the"
            + " bundle with every window over the same key and time column");
      }
    }
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException("bundle " + bundleName + " cannot be scored on a Flink stream:\n- "
          + String.join("\n- ", problems));
    }
  }

  /** The least retention that keeps every row a window reads (see {@link Retention#shortfall}). */
  static Retention leastRetention(List<EventSource> sources) {
    Duration age = Duration.ZERO;
    int depth = 0;
    for (EventSource s : sources) {
      if (s.horizon().isEmpty() && s.depth() == 0) {
        return Retention.unbounded();
      }
      if (s.horizon().isPresent() && s.horizon().get().compareTo(age) > 0) {
        age = s.horizon().get();
      }
      depth = Math.max(depth, s.depth());
    }
    return sources.isEmpty() ? Retention.unbounded() : Retention.of(age.isZero() ? Duration.ofMillis(1) : age, depth);
  }
}
