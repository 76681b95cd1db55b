package org.mlengine.flink;

import java.util.Arrays;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.co.BroadcastProcessFunction;
import org.apache.flink.types.Row;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.mlengine.runtime.InvalidInputException;
import org.mlengine.runtime.ModelBundle;
import org.mlengine.serving.Prediction;
import org.mlengine.serving.Predictor;

/**
 * Scores rows as {@link ScoreFunction} does, and swaps its bundle, between two rows and without a
 * restart, for each bundle that arrives on the broadcast side: the new bytes are read and checked
 * (the same task and prediction columns, a schema the rows fit, no window steps) on every task,
 * then kept in broadcast state, so a job restored from a checkpoint scores with the latest bundle.
 * A bundle that does not fit is refused (logged, counted in {@code mlengine.bundlesRefused}) and
 * the tasks keep the bundle they have. Each scored row ends with the id of the bundle that scored it.
 *
 * <pre>{@code
 * rows.connect(bundles.broadcast(SwapScoreFunction.BUNDLES))
 *     .process(new SwapScoreFunction(bytes, "credit.mlb", rowType, mapping, refusedTag));
 * }</pre>
 */
final class SwapScoreFunction extends BroadcastProcessFunction<Row, byte[], Row> {
  private static final long serialVersionUID = 1L;
  private static final System.Logger LOG = System.getLogger(SwapScoreFunction.class.getName());

  /** The broadcast state: the latest accepted bundle's bytes under {@link #LATEST}. */
  static final MapStateDescriptor<String, byte[]> BUNDLES = new MapStateDescriptor<>("mlengine-bundles", Types.STRING,
      PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO);
  static final String LATEST = "latest";

  private final byte[] initial;
  private final String source;
  private final TypeInformation<Row> rowType;
  private final RowMapping initialMapping;
  private final OutputTag<Row> refused;

  private transient Predictor predictor;
  private transient RowMapping mapping;
  private transient byte[] loaded;
  private transient java.util.Map<String, Object> request;
  private transient FlinkMeters meters;
  private transient org.apache.flink.metrics.Counter bundlesRefused;

  SwapScoreFunction(byte[] initial, String source, TypeInformation<Row> rowType, RowMapping mapping, OutputTag<Row> refused) {
    this.initial = initial;
    this.source = source;
    this.rowType = rowType;
    this.initialMapping = mapping;
    this.refused = refused;
  }

  @Override
  public void open(OpenContext context) {
    predictor = ScoreFunction.load(initial, source);
    mapping = initialMapping;
    loaded = initial;
    request = new java.util.HashMap<>();
    meters = FlinkMeters.register(getRuntimeContext().getMetricGroup());
    bundlesRefused = getRuntimeContext().getMetricGroup().addGroup("mlengine").counter("bundlesRefused");
  }

  @Override
  public void processElement(Row row, ReadOnlyContext context, Collector<Row> out) throws Exception {
    byte[] latest = context.getBroadcastState(BUNDLES).get(LATEST);
    if (latest != null && latest != loaded && !Arrays.equals(latest, loaded)) {
      swap(latest, checked(latest)); // a restored job: the latest bundle from broadcast state
    } else if (latest != null) {
      loaded = latest;
    }
    long start = System.nanoTime();
    Prediction p;
    try {
      p = predictor.predict(mapping.request(row, request));
    } catch (InvalidInputException e) {
      meters.refused();
      context.output(refused, mapping.refused(row, e.getMessage()));
      return;
    }
    out.collect(Row.join(mapping.scored(row, p), Row.of(p.bundleId())));
    meters.scored(System.nanoTime() - start);
  }

  @Override
  public void processBroadcastElement(byte[] bytes, Context context, Collector<Row> out) throws Exception {
    RowMapping next;
    try {
      next = checked(bytes);
    } catch (RuntimeException e) {
      bundlesRefused.inc();
      LOG.log(System.Logger.Level.WARNING, "mlengine-flink: a new bundle was refused and the tasks keep bundle "
          + predictor.bundle().id() + ": " + e.getMessage());
      return;
    }
    context.getBroadcastState(BUNDLES).put(LATEST, bytes);
    swap(bytes, next);
  }

  /** The new bundle's row mapping, after checking that it can take the current one's place. */
  private RowMapping checked(byte[] bytes) {
    ModelBundle bundle;
    try {
      bundle = ModelBundle.read(new java.io.ByteArrayInputStream(bytes), "a swapped bundle");
    } catch (java.io.IOException e) {
      throw new IllegalArgumentException("the bytes are not a bundle: " + e.getMessage(), e);
    }
    if (!bundle.pipeline().eventSources().isEmpty()) {
      throw new IllegalArgumentException("bundle " + bundle.id() + " has window or aggregate steps; a swap serves bundles"
          + " without them");
    }
    RowMapping next = RowMapping.of(rowType, bundle.inputSchema(), bundle.pipeline().task(), bundle.pipeline().classes(),
        java.util.List.of());
    if (!Arrays.equals(next.outputNames(), initialMapping.outputNames())) {
      throw new IllegalArgumentException("bundle " + bundle.id() + " predicts " + Arrays.toString(next.outputNames())
          + " but the job's scored rows have " + Arrays.toString(initialMapping.outputNames()) + "; swap in a bundle of the"
          + " same task and classes, or start a new job");
    }
    return next;
  }

  private void swap(byte[] bytes, RowMapping next) {
    Predictor old = predictor;
    predictor = ScoreFunction.load(bytes, source);
    mapping = next;
    loaded = bytes;
    old.close();
  }

  @Override
  public void close() {
    if (predictor != null) {
      predictor.close();
    }
  }
}
