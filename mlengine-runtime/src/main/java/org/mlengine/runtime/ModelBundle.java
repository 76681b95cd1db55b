package org.mlengine.runtime;

import org.apiguardian.api.API;
import org.mlengine.runtime.internal.TribuoModel;
import org.mlengine.runtime.internal.steps.BuiltInSteps;
import org.mlengine.runtime.internal.BoostedModel;
import org.mlengine.runtime.BundleArchive;
import org.mlengine.runtime.CalibrationMap;
import org.mlengine.runtime.internal.FeatureMatrix;
import org.mlengine.runtime.internal.ForestModel;
import org.mlengine.runtime.internal.Json;
import org.mlengine.runtime.internal.LinearModel;
import org.mlengine.runtime.internal.RuntimeAccess;
import org.mlengine.runtime.internal.ScoringModel;
import org.mlengine.runtime.internal.Signatures;
import org.mlengine.runtime.internal.TreeModel;
import org.mlengine.runtime.internal.TribuoModelReader;
import org.mlengine.runtime.spi.FittedTransform;
import org.mlengine.runtime.spi.TransformCodec;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.mlengine.runtime.internal.Sha256;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.function.Function;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import java.util.Set;
import org.mlengine.runtime.internal.Immutables;

/**
 * One immutable, versioned file holding everything needed to serve a model: the input schema,
 * the fitted steps, the model in a compiled data-only form, the pipeline spec, the held-out
 * metrics and a fingerprint of the training rows.
 *
 * <pre>{@code
 * ModelBundle bundle = result.bundle().withLabel("credit-2024-03");
 * bundle.save(Path.of("credit.mlb"));
 * ModelBundle same = ModelBundle.load(Path.of("credit.mlb"));   // verified before parsed
 * assert same.id().equals(bundle.id());
 * }</pre>
 *
 * <p>Format 1 is a zip of {@code manifest.json}, {@code transforms.json} and {@code model.json}
 * (the compiled model: this is the model), optionally {@code model.tribuo.pb} (Tribuo's own form,
 * kept only with {@code Pipeline.Builder.keepTribuoModel()}, see {@link #tribuoModel()}; bundles
 * written before it was optional hold it, and the oldest hold a CART model only in that form)
 * and {@code manifest.sig}. The manifest carries the SHA-256 of every other entry it holds;
 * loading checks the format version and every checksum before parsing anything else, names no
 * class (steps are found by codec tag) and never runs Java deserialization. The {@link #id()}
 * is the SHA-256 of the content without the volatile fields (creation time, label, Tribuo's
 * bytes, which embed a timestamp): the same data, spec and seed give the same id, with or
 * without Tribuo's copy. Bundles made by {@code Pipeline.fit(Table)} also carry the leakage
 * {@link #audit()} and the training part's {@link #profile()} in optional manifest sections
 * that older bundles lack.
 *
 * <p>Files are reproducible: entries in a fixed order with a fixed time, JSON written in a fixed
 * order, so a bundle with a fixed {@link #createdAt()} ({@link #withCreatedAt(Instant)}, or the
 * environment variable {@code SOURCE_DATE_EPOCH} in seconds since the epoch when the bundle is
 * made) gives the same bytes from the same data, spec and seed, in any process running the
 * same Java and mlengine versions.
 */
public final class ModelBundle {
  /** The bundle format this library writes and the newest it reads. */
  public static final int FORMAT_VERSION = 1;

  static final String MANIFEST_ENTRY = "manifest.json";
  static final String TRANSFORMS_ENTRY = "transforms.json";
  static final String MODEL_ENTRY = "model.json";
  static final String TRIBUO_ENTRY = "model.tribuo.pb";
  static final String SIGNATURE_ENTRY = "manifest.sig";
  /** The entries every bundle holds. */
  static final List<String> ENTRIES = List.of(MANIFEST_ENTRY, TRANSFORMS_ENTRY, MODEL_ENTRY);
  /** The entries a bundle may hold: {@link #ENTRIES}, then the optional ones. */
  private static final java.util.Set<String> ALLOWED_ENTRIES =
      Immutables.set(java.util.stream.Stream.concat(ENTRIES.stream(), java.util.stream.Stream.of(TRIBUO_ENTRY, SIGNATURE_ENTRY)).toList());
  private static final String FORMAT_NAME = "mlengine-bundle";
  /** The reproducible-builds environment variable that fixes the creation time of new bundles. */
  static final String SOURCE_DATE_EPOCH = "SOURCE_DATE_EPOCH";
  /**
   * The modification time of every zip entry, fixed so that the same bundle gives the same bytes:
   * a DOS time written as is (no time zone, no extra field). Not 1980-01-01T00:00, which {@link
   * ZipEntry} takes for "before 1980" and writes with an extended-timestamp field (Gradle's
   * reproducible archives use 1980-02-01 for the same reason).
   */
  private static final java.time.LocalDateTime ENTRY_TIME = java.time.LocalDateTime.of(1980, 2, 1, 0, 0);

  private final FittedPipeline pipeline;
  private final JsonNode spec;
  private final List<MetricEstimate> estimates;
  private final boolean estimatesRecorded;
  private final Fingerprint training;
  private final String label;
  private final String parentId;
  private final Instant createdAt;
  private final String libraryVersion;
  /** Tribuo's protobuf form of the model, or null when the bundle has none. */
  private final byte[] tribuoModel;
  private final byte[] transformsJson;
  private final byte[] modelJson;
  private final String id;
  private final byte[] signature;
  private final Audit audit;
  private final Profile profile;

  private ModelBundle(Builder b) {
    this.pipeline = Objects.requireNonNull(b.pipeline, "pipeline");
    this.spec = Objects.requireNonNull(b.spec, "spec").deepCopy();
    this.estimates = List.copyOf(b.estimates);
    this.estimatesRecorded = b.estimatesRecorded;
    this.training = Objects.requireNonNull(b.training, "training fingerprint");
    this.label = b.label;
    this.parentId = b.parentId;
    this.createdAt = b.createdAt != null ? b.createdAt : creationTime(System::getenv);
    this.libraryVersion = b.libraryVersion;
    this.tribuoModel = b.tribuoModel == null ? null : b.tribuoModel.clone();
    this.audit = b.audit;
    this.profile = b.profile;
    this.transformsJson = Json.bytes(transformsNode(pipeline));
    this.modelJson = Json.bytes(modelNode(pipeline));
    this.id = Sha256.hex(Json.bytes(identity()));
    this.signature = b.signature == null ? null : b.signature.clone();
  }

  static {
    RuntimeAccess.register(ModelBundle::builder);
  }

  /**
   * Starts a new bundle of a fitted pipeline: no label, no parent, this library's version, made
   * now (or at {@code SOURCE_DATE_EPOCH}, see {@link #creationTime}), without Tribuo's copy.
   */
  static Builder builder(FittedPipeline pipeline) {
    return new Builder(pipeline);
  }

  /** A builder holding every part of this bundle but its signature: each derived copy is unsigned. */
  private Builder toBuilder() {
    Builder b = new Builder(pipeline);
    b.spec = spec;
    b.estimates = estimates;
    b.estimatesRecorded = estimatesRecorded;
    b.training = training;
    b.label = label;
    b.parentId = parentId;
    b.createdAt = createdAt;
    b.libraryVersion = libraryVersion;
    b.tribuoModel = tribuoModel;
    b.audit = audit;
    b.profile = profile;
    return b;
  }

  /**
   * When a new bundle is made: the instant in the environment variable {@code SOURCE_DATE_EPOCH}
   * (whole seconds since 1970-01-01T00:00:00Z, the reproducible-builds convention) when it is
   * set, else now.
   *
   * @param environment looks up an environment variable, null when unset ({@code System::getenv})
   * @throws IllegalStateException when {@code SOURCE_DATE_EPOCH} is set but not such a number
   */
  static Instant creationTime(Function<String, String> environment) {
    String epoch = environment.apply(SOURCE_DATE_EPOCH);
    if (epoch == null) {
      return Instant.now();
    }
    // Up to 15 digits: every such number is an instant Java holds (years up to about 31 million).
    if (epoch.matches("[0-9]{1,15}")) {
      return Instant.ofEpochSecond(Long.parseLong(epoch));
    }
    throw new IllegalStateException("environment variable " + SOURCE_DATE_EPOCH + " is '" + epoch + "'; expected the bundle's"
        + " creation time as whole seconds since 1970-01-01T00:00:00Z, e.g. 1700000000 (what `date +%s` prints). Set it to such"
        + " a number, or unset it to record the current time.");
  }

  /**
   * The parts of a bundle, by name. Only the engine gets one (mlengine-core, through
   * {@code RuntimeAccess.bundles()}): users get bundles from {@code Pipeline.fit(Table)} or
   * {@link #load(Path)} and derive copies with the {@code with} methods.
   *
   * <pre>{@code
   * ModelBundle bundle = RuntimeAccess.bundles().builder(fitted).spec(spec).estimates(metrics).build();
   * }</pre>
   */
  @API(status = API.Status.INTERNAL, consumers = "org.mlengine")
  public static final class Builder {
    private final FittedPipeline pipeline;
    private JsonNode spec;
    private List<MetricEstimate> estimates = List.of();
    private boolean estimatesRecorded = true;
    private Fingerprint training;
    private String label = "";
    private String parentId;
    private Instant createdAt;
    private String libraryVersion = currentLibraryVersion();
    private byte[] tribuoModel;
    private byte[] signature;
    private Audit audit;
    private Profile profile;

    private Builder(FittedPipeline pipeline) {
      this.pipeline = pipeline;
    }

    /** The pipeline's spec, as {@code Pipeline.spec()} gives it. */
    public Builder spec(Map<String, Object> spec) {
      return spec(Json.tree(spec));
    }

    /** The pipeline's spec as read from a manifest. */
    Builder spec(JsonNode spec) {
      this.spec = spec;
      return this;
    }

    /** The held-out metrics with their intervals and baselines. */
    public Builder estimates(List<MetricEstimate> estimates) {
      this.estimates = estimates;
      this.estimatesRecorded = true;
      return this;
    }

    /** The held-out metrics of a bundle written before intervals were recorded (manifest field {@code metrics} only). */
    Builder metricsOnly(List<MetricEstimate> estimates) {
      this.estimates = estimates;
      this.estimatesRecorded = false;
      return this;
    }

    /** The fingerprint of the training rows. */
    public Builder training(Fingerprint training) {
      this.training = training;
      return this;
    }

    Builder label(String label) {
      this.label = Objects.requireNonNull(label, "label");
      return this;
    }

    /** The id of the bundle this one derives from; null for none. */
    Builder parentId(String parentId) {
      this.parentId = parentId;
      return this;
    }

    Builder createdAt(Instant createdAt) {
      this.createdAt = Objects.requireNonNull(createdAt, "creation time");
      return this;
    }

    Builder libraryVersion(String libraryVersion) {
      this.libraryVersion = Objects.requireNonNull(libraryVersion, "library version");
      return this;
    }

    /** Tribuo's protobuf form of the model, written as {@code model.tribuo.pb}; null for none. */
    public Builder tribuoModel(byte[] protobuf) {
      this.tribuoModel = protobuf;
      return this;
    }

    /** The Ed25519 signature of the manifest; null for none. */
    Builder signature(byte[] signature) {
      this.signature = signature;
      return this;
    }

    /** The leakage audit; null for bundles written before audits were recorded. */
    public Builder audit(Audit audit) {
      this.audit = audit;
      return this;
    }

    /** The training part's profile; null for bundles written before profiles were recorded. */
    public Builder profile(Profile profile) {
      this.profile = profile;
      return this;
    }

    public ModelBundle build() {
      return new ModelBundle(this);
    }
  }

  // ---- accessors ----

  /** The hex SHA-256 of the bundle's content without volatile fields. */
  public String id() {
    return id;
  }

  /** The user's version label; empty unless set with {@link #withLabel(String)}. */
  public String label() {
    return label;
  }

  /** The id of the bundle this one was derived from, if any. */
  public Optional<String> parentId() {
    return Optional.ofNullable(parentId);
  }

  /**
   * When the bundle was made: the time of the fit, or the instant in {@code SOURCE_DATE_EPOCH}
   * when that environment variable was set, or the one given to {@link #withCreatedAt(Instant)}.
   */
  public Instant createdAt() {
    return createdAt;
  }

  /** The mlengine version that wrote the bundle. */
  public String libraryVersion() {
    return libraryVersion;
  }

  /** The bundle format version. */
  public int formatVersion() {
    return FORMAT_VERSION;
  }

  /** The fitted pipeline: schema, steps and model, ready to score tables. */
  public FittedPipeline pipeline() {
    return pipeline;
  }

  /** The columns a prediction request must carry. */
  public Schema inputSchema() {
    return pipeline.inputSchema();
  }

  /** The held-out metrics recorded at training time, by name. */
  public Map<String, Double> metrics() {
    Map<String, Double> out = new LinkedHashMap<>();
    estimates.forEach(e -> Immutables.putNew(out, e.name(), e.value()));
    return Immutables.map(out);
  }

  /**
   * The held-out metrics with their intervals and baselines (bundles written before intervals
   * were recorded give NaN bounds and no baselines).
   */
  public List<MetricEstimate> estimates() {
    return estimates;
  }

  /** The number of original training rows the pipeline was fitted on (without added rows). */
  public int trainingRows() {
    return training.rows();
  }

  /** The hex SHA-256 of the training rows (the original rows, without those augmenters added). */
  public String trainingDataSha256() {
    return training.sha256();
  }

  /**
   * The number of rows augmenters added to the training part ({@link
   * Pipeline.Builder#augment(Augmenter...)}); 0 when the pipeline had no augmenter. The
   * augmenters' specs are in {@link #spec()} under {@code "augment"}; {@link #trainingRows()} and
   * {@link #trainingDataSha256()} describe the original training rows.
   */
  public int augmentedRows() {
    return Math.max(0, training.augmentedRows());
  }

  /**
   * The leakage audit of the fit that made this bundle (manifest section {@code "audit"});
   * empty for bundles written before audits were recorded.
   */
  public Optional<Audit> audit() {
    return Optional.ofNullable(audit);
  }

  /**
   * The profile of every column of the training part, the reference for monitoring (manifest
   * section {@code "profile"}); empty for bundles written before profiles were recorded.
   */
  public Optional<Profile> profile() {
    return Optional.ofNullable(profile);
  }

  /** The pipeline spec as JSON text. */
  public String spec() {
    return new String(Json.bytes(spec), java.nio.charset.StandardCharsets.UTF_8);
  }

  /**
   * The kind of the compiled model: {@code "linear"}, {@code "tree"}, {@code "forest"}, {@code "boosted_trees"}, or {@code "tribuo"} for a
   * model evaluated by Tribuo itself (CART bundles written before trees were compiled).
   */
  public String modelKind() {
    return pipeline.model().kind();
  }

  /**
   * A copy with a version label; the content, and so the id, stay the same. A signature does
   * not carry over: sign the labelled copy.
   */
  public ModelBundle withLabel(String label) {
    return toBuilder().label(label).build();
  }

  /** A copy that records {@code parent} as the bundle it was derived from (lineage); unsigned. */
  public ModelBundle withParent(ModelBundle parent) {
    return toBuilder().parentId(parent.id()).build();
  }

  /**
   * A copy signed with an Ed25519 private key: the signature covers the manifest, and the
   * manifest covers every other entry by its SHA-256, so one flipped bit anywhere is caught by
   * a loader that requires the signature ({@link TrustPolicy#requireSignedBy}).
   */
  public ModelBundle sign(java.security.PrivateKey key) {
    java.util.Objects.requireNonNull(key, "private key");
    byte[] sig = Signatures.sign(key, manifestBytes());
    return toBuilder().signature(sig).build();
  }

  /**
   * A copy with another creation time; the content, and so the id, stay the same. With a fixed
   * creation time the same data, spec and seed give a byte-identical file (unless the bundle
   * keeps Tribuo's copy, whose bytes embed the training time). Unsigned: sign the copy.
   *
   * <pre>{@code
   * result.bundle().withCreatedAt(Instant.parse("2024-03-01T00:00:00Z")).save(path);
   * }</pre>
   */
  public ModelBundle withCreatedAt(Instant createdAt) {
    return toBuilder().createdAt(createdAt).build();
  }

  /** Whether the bundle carries a signature. */
  public boolean isSigned() {
    return signature != null;
  }

  /**
   * Tribuo's own form of the model, the protobuf bytes of entry {@code model.tribuo.pb}
   * (read-only), when the bundle keeps it: bundles fitted with {@link
   * Pipeline.Builder#keepTribuoModel()} and bundles written before it was optional. Empty
   * otherwise; the compiled form in {@code model.json} is what this library scores with.
   *
   * <pre>{@code
   * ByteBuffer protobuf = bundle.tribuoModel().orElseThrow();
   * Model<?> tribuo = Model.deserialize(ModelProto.parseFrom(protobuf));   // Tribuo's own classes
   * }</pre>
   *
   * <p>Tribuo's {@code Model.deserialize} loads the class the bytes name: call it only on bundles
   * you trust (this library's reader refuses every class outside a short allow-list).
   */
  public Optional<java.nio.ByteBuffer> tribuoModel() {
    return Optional.ofNullable(tribuoModel).map(b -> java.nio.ByteBuffer.wrap(b).asReadOnlyBuffer());
  }

  // ---- writing ----

  /**
   * Writes the bundle to {@code path}: to a temporary file beside it first, then moved into
   * place, so a failure leaves any earlier file at {@code path} untouched and no temporary file
   * behind.
   */
  public void save(Path path) throws IOException {
    byte[] manifest = manifestBytes();
    checkLoadable(BundleLimits.defaults(), manifest);
    Path absolute = path.toAbsolutePath();
    Path dir = absolute.getParent();
    if (dir != null) {
      Files.createDirectories(dir);
    }
    Path tmp = Files.createTempFile(dir, "." + absolute.getFileName(), ".tmp");
    keepOrDefaultPermissions(absolute, tmp);
    try {
      try (OutputStream out = Files.newOutputStream(tmp); ZipOutputStream zip = new ZipOutputStream(out)) {
        write(zip, manifest);
      }
      try {
        Files.move(tmp, absolute, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, absolute, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  /**
   * Refuses to write a bundle that these limits (the defaults, on save) would refuse to read,
   * so a save never produces a file no loader accepts.
   */
  void checkLoadable(BundleLimits limits, byte[] manifest) throws BundleFormatException {
    long total = 0;
    Map<String, Integer> sizes = new LinkedHashMap<>();
    sizes.put(MANIFEST_ENTRY, manifest.length);
    sizes.put(TRANSFORMS_ENTRY, transformsJson.length);
    sizes.put(MODEL_ENTRY, modelJson.length);
    if (tribuoModel != null) {
      sizes.put(TRIBUO_ENTRY, tribuoModel.length);
    }
    for (Map.Entry<String, Integer> e : sizes.entrySet()) {
      long cap = e.getKey().equals(MANIFEST_ENTRY) ? limits.maxManifestBytes() : limits.maxEntryBytes();
      if (e.getValue() > cap) {
        throw new BundleFormatException("this bundle's entry '" + e.getKey() + "' would be " + e.getValue() + " bytes, over the "
            + cap + "-byte cap every loader applies; nothing was written. Shrink the model (fewer features, e.g. a bag of words"
            + " with maxFeatures, fewer topics or trees).");
      }
      total += e.getValue();
    }
    if (total > limits.maxTotalBytes()) {
      throw new BundleFormatException("this bundle would be " + total + " bytes, over the " + limits.maxTotalBytes()
          + "-byte cap every loader applies; nothing was written. Shrink the model.");
    }
  }

  /**
   * Gives the temporary file the permissions of the file it replaces, or rw-r--r-- for a new
   * file (a temporary file starts private to its owner).
   */
  private static void keepOrDefaultPermissions(Path target, Path tmp) throws IOException {
    if (!tmp.getFileSystem().supportedFileAttributeViews().contains("posix")) {
      return;
    }
    var permissions = Files.exists(target)
        ? Files.getPosixFilePermissions(target)
        : java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--");
    Files.setPosixFilePermissions(tmp, permissions);
  }

  /** Writes the bundle's zip entries. */
  void write(ZipOutputStream zip) throws IOException {
    write(zip, manifestBytes());
  }

  /** Writes the bundle's zip entries with the manifest already serialised. */
  private void write(ZipOutputStream zip, byte[] manifest) throws IOException {
    put(zip, MANIFEST_ENTRY, manifest);
    if (signature != null) {
      put(zip, SIGNATURE_ENTRY, signature);
    }
    put(zip, TRANSFORMS_ENTRY, transformsJson);
    put(zip, MODEL_ENTRY, modelJson);
    if (tribuoModel != null) {
      put(zip, TRIBUO_ENTRY, tribuoModel);
    }
  }

  /** The manifest as written: the identity plus the volatile fields and every entry's hash. */
  private byte[] manifestBytes() {
    ObjectNode manifest = identity();
    manifest.put("id", id);
    manifest.put("label", label);
    manifest.put("createdAt", createdAt.toString());
    manifest.put("libraryVersion", libraryVersion);
    if (tribuoModel != null) {
      ((ObjectNode) manifest.get("entries")).put(TRIBUO_ENTRY, sha256(tribuoModel));
    }
    return Json.bytes(manifest);
  }

  private static void put(ZipOutputStream zip, String name, byte[] bytes) throws IOException {
    ZipEntry entry = new ZipEntry(name);
    entry.setTimeLocal(ENTRY_TIME);
    zip.putNextEntry(entry);
    zip.write(bytes);
    zip.closeEntry();
  }

  /** The manifest fields the id covers, in a fixed order. */
  private ObjectNode identity() {
    ObjectNode m = Json.object();
    m.put("format", FORMAT_NAME);
    m.put("formatVersion", FORMAT_VERSION);
    m.put("task", pipeline.task().name());
    m.put("target", pipeline.target());
    m.set("classes", Json.strings(pipeline.classes()));
    ArrayNode schema = m.putArray("inputSchema");
    for (Schema.Field f : pipeline.inputSchema().columns()) {
      ObjectNode c = schema.addObject();
      c.put("name", f.name());
      c.put("type", f.type().name());
      if (f.type() == ColumnType.CATEGORICAL) {
        c.set("categories", Json.strings(f.categories()));
      }
    }
    ArrayNode featureColumns = m.putArray("featureColumns");
    FeatureMatrix.Layout layout = pipeline.layout();
    for (int c = 0; c < layout.columns().size(); c++) {
      featureColumns.addObject().put("name", layout.columns().get(c)).put("width", layout.widths().get(c));
    }
    m.set("features", Json.strings(pipeline.featureNames()));
    m.put("modelKind", pipeline.model().kind());
    m.set("spec", spec);
    m.set("metrics", Json.numbers(metrics()));
    if (estimatesRecorded) {
      ArrayNode list = m.putArray("metricEstimates");
      for (MetricEstimate e : estimates) {
        ObjectNode o = list.addObject();
        o.put("name", e.name());
        putNumber(o, "value", e.value());
        putNumber(o, "lower", e.lower());
        putNumber(o, "upper", e.upper());
        o.put("method", e.method());
        ObjectNode b = o.putObject("baselines");
        e.baselines().forEach((k, v) -> putNumber(b, k, v));
      }
    }
    ObjectNode t = m.putObject("trainingData");
    t.put("rows", training.rows());
    t.put("sha256", training.sha256());
    if (training.augmentedRows() != Fingerprint.NOT_AUGMENTED) {
      t.put("augmentedRows", training.augmentedRows());
    }
    if (profile != null) {
      m.set("profile", Json.tree(profile.toMap()));
    }
    if (audit != null) {
      m.set("audit", Json.tree(audit.toMap()));
    }
    if (parentId != null) {
      m.put("parent", parentId);
    }
    ObjectNode hashes = m.putObject("entries");
    hashes.put(TRANSFORMS_ENTRY, sha256(transformsJson));
    hashes.put(MODEL_ENTRY, sha256(modelJson));
    return m;
  }

  /** The compiled model, with the calibration maps when the pipeline has them. */
  private static ObjectNode modelNode(FittedPipeline pipeline) {
    ObjectNode node = pipeline.model().toJson();
    if (!pipeline.calibration().isEmpty()) {
      ArrayNode maps = node.putArray("calibration");
      for (CalibrationMap map : pipeline.calibration()) {
        ObjectNode m = maps.addObject();
        if (map instanceof CalibrationMap.Sigmoid s) {
          m.put("kind", "sigmoid").put("a", s.a()).put("b", s.b());
        } else {
          CalibrationMap.PiecewiseLinear p = (CalibrationMap.PiecewiseLinear) map;
          m.put("kind", "piecewise_linear");
          m.set("xs", Json.doubles(p.xs().stream().mapToDouble(Double::doubleValue).toArray()));
          m.set("ys", Json.doubles(p.ys().stream().mapToDouble(Double::doubleValue).toArray()));
        }
      }
    }
    return node;
  }

  private static List<CalibrationMap> calibration(JsonNode model, int classes) throws BundleFormatException {
    JsonNode maps = model.get("calibration");
    if (maps == null) {
      return List.of();
    }
    List<CalibrationMap> out = new ArrayList<>();
    for (JsonNode m : maps) {
      String kind = Json.text(m, "kind", MODEL_ENTRY);
      out.add(switch (kind) {
        case "sigmoid" -> new CalibrationMap.Sigmoid(Json.field(m, "a", MODEL_ENTRY).asDouble(), Json.field(m, "b", MODEL_ENTRY).asDouble());
        case "piecewise_linear" -> new CalibrationMap.PiecewiseLinear(
            java.util.Arrays.stream(Json.doubleArray(m.get("xs"), "calibration xs", MODEL_ENTRY)).boxed().toList(),
            java.util.Arrays.stream(Json.doubleArray(m.get("ys"), "calibration ys", MODEL_ENTRY)).boxed().toList());
        default -> throw new BundleFormatException("model.json has a calibration map of kind '" + kind
            + "'; this mlengine reads 'sigmoid' and 'piecewise_linear'");
      });
    }
    int expected = classes == 2 ? 1 : classes;
    if (out.size() != expected) {
      throw new BundleFormatException("model.json has " + out.size() + " calibration maps for " + classes + " classes; expected " + expected);
    }
    return out;
  }

  private static ArrayNode transformsNode(FittedPipeline pipeline) {
    ArrayNode steps = Json.array();
    for (FittedTransform t : pipeline.transforms()) {
      ObjectNode step = steps.addObject();
      step.put("tag", t.tag());
      step.set("state", Codecs.forTag(t.tag()).orElseThrow(() -> new IllegalStateException(
          "no TransformCodec is registered for tag '" + t.tag() + "'; list the codec in META-INF/services/org.mlengine.runtime.spi.TransformCodec"))
          .write(t));
    }
    return steps;
  }

  // ---- reading ----

  /**
   * Reads a bundle: checks its structure, format version and every checksum before parsing any
   * entry but the manifest, then rebuilds the steps by codec tag and the compiled model.
   *
   * @throws BundleFormatException when the file is not a readable bundle of a known format;
   *     nothing of it has been used then
   */
  public static ModelBundle load(Path path) throws IOException {
    return load(path, TrustPolicy.checksumsOnly(), BundleLimits.defaults());
  }

  /** Reads a bundle that must satisfy a trust policy, e.g. carry a signature by a known key. */
  public static ModelBundle load(Path path, TrustPolicy trust) throws IOException {
    return load(path, trust, BundleLimits.defaults());
  }

  /** Reads a bundle under a trust policy and tighter caps. */
  public static ModelBundle load(Path path, TrustPolicy trust, BundleLimits limits) throws IOException {
    try (InputStream in = Files.newInputStream(path)) {
      return read(in, path.toString(), trust, limits);
    }
  }

  /** Reads a bundle from a stream; {@code source} names it in error messages. */
  public static ModelBundle read(InputStream in, String source) throws IOException {
    return read(in, source, TrustPolicy.checksumsOnly(), BundleLimits.defaults());
  }

  /**
   * Reads a bundle from a stream under a trust policy and caps; {@code source} names it in
   * error messages.
   *
   * @throws BundleFormatException when the bytes are not a bundle this library reads, break a
   *     cap, fail a checksum or lack a signature the policy requires
   */
  public static ModelBundle read(InputStream in, String source, TrustPolicy trust, BundleLimits limits) throws IOException {
    Map<String, byte[]> entries = BundleArchive.read(in, source, ALLOWED_ENTRIES, limits);
    byte[] manifestBytes = entries.get(MANIFEST_ENTRY);
    if (manifestBytes == null) {
      throw new BundleFormatException(source + " has no " + MANIFEST_ENTRY + "; it is not an mlengine bundle");
    }
    checkSignature(entries.get(SIGNATURE_ENTRY), manifestBytes, trust, source);
    JsonNode manifest = Json.parse(manifestBytes, MANIFEST_ENTRY, limits.maxJsonDepth());
    checkFormat(manifest, source);
    JsonNode hashes = Json.field(manifest, "entries", MANIFEST_ENTRY);
    for (String name : entries.keySet()) {
      if (!name.equals(MANIFEST_ENTRY) && !name.equals(SIGNATURE_ENTRY) && !hashes.has(name)) {
        throw new BundleFormatException(source + " holds entry '" + name + "', which its manifest does not list; the file was altered");
      }
    }
    for (Iterator<String> it = hashes.fieldNames(); it.hasNext(); ) {
      String name = it.next();
      byte[] bytes = entries.get(name);
      if (bytes == null) {
        throw new BundleFormatException(source + " lacks entry '" + name + "', which its manifest lists; the file is incomplete");
      }
      String expected = hashes.get(name).asText();
      String actual = sha256(bytes);
      if (!actual.equals(expected)) {
        throw new BundleFormatException("entry '" + name + "' of " + source + " has SHA-256 " + actual + " but the manifest says "
            + expected + "; the file is corrupted or was altered. Re-copy it from its source or retrain.");
      }
    }
    ModelBundle bundle;
    try {
      bundle = parse(manifest, entries, limits.maxJsonDepth());
    } catch (RuntimeException e) {
      throw new BundleFormatException(source + " is malformed: " + e.getMessage(), e);
    }
    String declared = Json.text(manifest, "id", MANIFEST_ENTRY);
    if (!bundle.id().equals(declared)) {
      throw new BundleFormatException(source + " declares id " + declared + " but its content hashes to " + bundle.id()
          + "; the manifest was altered. Re-copy the file from its source or retrain.");
    }
    if (!java.util.Arrays.equals(bundle.manifestBytes(), manifestBytes)) {
      throw new BundleFormatException(source + "'s manifest is not the one this bundle's content writes; a field was altered."
          + " Re-copy the file from its source or retrain.");
    }
    return bundle;
  }

  private static void checkSignature(byte[] signature, byte[] manifest, TrustPolicy trust, String source) throws BundleFormatException {
    if (!trust.requiresSignature()) {
      return;
    }
    if (signature == null) {
      throw new BundleFormatException(source + " is not signed, but the trust policy requires a signature by one of "
          + trust.keys().size() + " keys. Sign it with bundle.sign(privateKey) before saving, or load it with TrustPolicy.checksumsOnly().");
    }
    for (java.security.PublicKey key : trust.keys()) {
      if (Signatures.verify(key, manifest, signature)) {
        return;
      }
    }
    throw new BundleFormatException(source + "'s signature does not verify with any trusted key; the manifest was altered"
        + " or signed by another key. Re-copy the file from its source, or trust the key that signed it.");
  }

  private static void checkFormat(JsonNode manifest, String source) throws BundleFormatException {
    JsonNode format = manifest.get("format");
    if (format == null || !FORMAT_NAME.equals(format.asText())) {
      throw new BundleFormatException(source + " is not an mlengine bundle: its manifest's format is " + format);
    }
    JsonNode version = manifest.get("formatVersion");
    if (version == null || !version.canConvertToInt()) {
      throw new BundleFormatException(source + " has no valid formatVersion in its manifest");
    }
    int v = version.intValue();
    if (v > FORMAT_VERSION) {
      JsonNode writer = manifest.get("libraryVersion");
      throw new BundleFormatException(source + " is bundle format " + v + ", written by mlengine "
          + (writer == null ? "(unknown version)" : writer.asText()) + "; this mlengine " + currentLibraryVersion()
          + " reads formats up to " + FORMAT_VERSION + ". Load it with mlengine "
          + (writer == null ? "of that version" : writer.asText()) + " or later.");
    }
    if (v < 1) {
      throw new BundleFormatException(source + " has format version " + v + "; versions start at 1");
    }
  }

  private static ModelBundle parse(JsonNode manifest, Map<String, byte[]> entries, int maxJsonDepth) throws BundleFormatException {
    String m = MANIFEST_ENTRY;
    Task task = enumValue(Task.class, Json.text(manifest, "task", m), "task");
    String target = Json.text(manifest, "target", m);
    List<String> classes = Json.stringList(Json.field(manifest, "classes", m), "classes", m);
    List<Schema.Field> fields = new ArrayList<>();
    for (JsonNode c : Json.field(manifest, "inputSchema", m)) {
      ColumnType type = enumValue(ColumnType.class, Json.text(c, "type", m), "inputSchema type");
      List<String> categories = type == ColumnType.CATEGORICAL
          ? Json.stringList(c.get("categories"), "categories", m) : List.of();
      fields.add(new Schema.Field(Json.text(c, "name", m), type, categories));
    }
    Schema schema;
    try {
      schema = new Schema(fields);
    } catch (IllegalArgumentException e) {
      throw new BundleFormatException("inputSchema in " + m + " is invalid: " + e.getMessage(), e);
    }
    List<String> features = Json.stringList(Json.field(manifest, "features", m), "features", m);
    List<String> featureColumns = new ArrayList<>();
    List<Integer> widths = new ArrayList<>();
    int slots = 0;
    for (JsonNode c : Json.field(manifest, "featureColumns", m)) {
      featureColumns.add(Json.text(c, "name", m));
      int width = Json.field(c, "width", m).asInt(-1);
      if (width < 1) {
        throw new BundleFormatException("featureColumns in " + m + " gives column '" + featureColumns.get(featureColumns.size() - 1)
            + "' width " + c.get("width") + "; widths are positive whole numbers");
      }
      widths.add(width);
      slots += width;
    }
    if (slots != features.size()) {
      throw new BundleFormatException("featureColumns in " + m + " add up to " + slots + " features but features lists "
          + features.size() + "; the manifest is inconsistent");
    }
    FeatureMatrix.Layout layout = new FeatureMatrix.Layout(featureColumns, widths, features);

    List<FittedTransform> transforms = new ArrayList<>();
    JsonNode steps = Json.parse(entries.get(TRANSFORMS_ENTRY), TRANSFORMS_ENTRY, maxJsonDepth);
    if (!steps.isArray()) {
      throw new BundleFormatException(TRANSFORMS_ENTRY + " is not an array of steps");
    }
    for (JsonNode step : steps) {
      String tag = Json.text(step, "tag", TRANSFORMS_ENTRY);
      TransformCodec codec = Codecs.forTag(tag).orElseThrow(() -> new BundleFormatException(
          "step '" + tag + "' in " + TRANSFORMS_ENTRY + " has no codec on the class path; known tags are " + Codecs.tags()
              + ". The built-in steps are in mlengine-runtime; a step of your own needs its codec's jar on the class path,"
              + " listed in META-INF/services/" + TransformCodec.class.getName() + "."));
      try {
        transforms.add(codec.read(Json.field(step, "state", TRANSFORMS_ENTRY)));
      } catch (IllegalArgumentException e) {
        throw new BundleFormatException("step '" + tag + "' in " + TRANSFORMS_ENTRY + " is invalid: " + e.getMessage(), e);
      }
    }

    JsonNode modelNode = Json.parse(entries.get(MODEL_ENTRY), MODEL_ENTRY, maxJsonDepth);
    String kind = Json.text(modelNode, "kind", MODEL_ENTRY);
    int outputs = task == Task.CLASSIFICATION ? classes.size() : 1;
    byte[] tribuo = entries.get(TRIBUO_ENTRY);
    ScoringModel model = switch (kind) {
      case LinearModel.KIND -> LinearModel.fromJson(modelNode, task, outputs, features.size());
      case TreeModel.KIND -> TreeModel.fromJson(modelNode, task, outputs, features.size());
      case ForestModel.KIND -> ForestModel.fromJson(modelNode, task, outputs, features.size());
      case BoostedModel.KIND -> BoostedModel.fromJson(modelNode, task, outputs, features.size());
      case TribuoModel.KIND -> TribuoModel.read(Json.text(manifest, "id", m), tribuo, task, features, classes);
      default -> throw new BundleFormatException("model.json has kind '" + kind + "'; this mlengine reads 'linear', 'tree', 'forest', 'boosted_trees' and 'tribuo'");
    };

    List<MetricEstimate> estimates = new ArrayList<>();
    JsonNode recorded = manifest.get("metricEstimates");
    if (recorded != null) {
      for (JsonNode e : recorded) {
        Map<String, Double> baselines = new LinkedHashMap<>();
        Json.field(e, "baselines", m).properties().forEach(b -> baselines.put(b.getKey(), number(b.getValue())));
        estimates.add(new MetricEstimate(Json.text(e, "name", m), number(e.get("value")), number(e.get("lower")),
            number(e.get("upper")), Json.text(e, "method", m), baselines));
      }
    } else {
      Json.field(manifest, "metrics", m).properties().forEach(e -> estimates.add(new MetricEstimate(
          e.getKey(), e.getValue().doubleValue(), Double.NaN, Double.NaN, "not recorded", Map.of())));
    }
    JsonNode t = Json.field(manifest, "trainingData", m);
    Fingerprint training = new Fingerprint(Json.field(t, "rows", m).intValue(), Json.text(t, "sha256", m));
    JsonNode augmented = t.get("augmentedRows");
    if (augmented != null) {
      if (!augmented.canConvertToInt() || !augmented.isIntegralNumber() || augmented.intValue() < 0) {
        throw new BundleFormatException("trainingData.augmentedRows in " + m + " is " + augmented
            + "; it is the number of rows augmenters added, a whole number 0 or more");
      }
      training = training.withAugmentedRows(augmented.intValue());
    }
    JsonNode parent = manifest.get("parent");
    JsonNode profile = manifest.get("profile");
    JsonNode audit = manifest.get("audit");
    Instant createdAt;
    try {
      createdAt = Instant.parse(Json.text(manifest, "createdAt", m));
    } catch (java.time.format.DateTimeParseException e) {
      throw new BundleFormatException("createdAt in " + m + " is not an ISO-8601 instant: " + e.getParsedString(), e);
    }
    FittedPipeline pipeline = new FittedPipeline(schema, target, task, classes, transforms, layout, model,
        calibration(modelNode, classes.size()));
    JsonNode label = manifest.get("label");
    Builder bundle = builder(pipeline)
        .spec(Json.field(manifest, "spec", m))
        .training(training)
        .label(label == null ? "" : label.asText())
        .parentId(parent == null ? null : parent.asText())
        .createdAt(createdAt)
        .libraryVersion(Json.text(manifest, "libraryVersion", m))
        .tribuoModel(tribuo)
        .signature(entries.get(SIGNATURE_ENTRY))
        .audit(audit == null ? null : Audit.fromJson(audit, m))
        .profile(profile == null ? null : Profile.fromJson(profile, m));
    return (recorded != null ? bundle.estimates(estimates) : bundle.metricsOnly(estimates)).build();
  }

  private static <E extends Enum<E>> E enumValue(Class<E> type, String value, String field) throws BundleFormatException {
    try {
      return Enum.valueOf(type, value);
    } catch (IllegalArgumentException e) {
      throw new BundleFormatException(field + " '" + value + "' in " + MANIFEST_ENTRY + " is not one of "
          + java.util.Arrays.toString(type.getEnumConstants()), e);
    }
  }

  /** A number, or null for NaN (JSON has no NaN). */
  private static void putNumber(ObjectNode o, String field, double value) {
    if (Double.isNaN(value)) {
      o.putNull(field);
    } else {
      o.put(field, value);
    }
  }

  private static double number(JsonNode node) {
    return node == null || node.isNull() ? Double.NaN : node.asDouble();
  }

  static String sha256(byte[] bytes) {
    return Sha256.hex(bytes);
  }

  static String currentLibraryVersion() {
    String v = ModelBundle.class.getPackage().getImplementationVersion();
    return v == null ? "0.1.0-SNAPSHOT" : v;
  }

  @Override
  public String toString() {
    return "ModelBundle[" + id.substring(0, 12) + (label.isEmpty() ? "" : " '" + label + "'") + ", " + pipeline.task()
        + " of '" + pipeline.target() + "', " + pipeline.model().kind() + " model, metrics " + metrics() + "]";
  }

  /** The registered transform codecs, by tag. */
  static final class Codecs {
    private static final Map<String, TransformCodec> BY_TAG = load();

    private Codecs() {}

    private static Map<String, TransformCodec> load() {
      Map<String, TransformCodec> out = new LinkedHashMap<>();
      // The built-in steps are a closed registry; the service loader finds only users' own.
      for (TransformCodec codec : BuiltInSteps.codecs()) {
        out.put(codec.tag(), codec);
      }
      for (TransformCodec codec : ServiceLoader.load(TransformCodec.class, ModelBundle.class.getClassLoader())) {
        TransformCodec previous = out.putIfAbsent(codec.tag(), codec);
        if (previous != null && previous.getClass() != codec.getClass()) {
          throw new IllegalStateException("two codecs claim tag '" + codec.tag() + "': " + previous.getClass().getName()
              + " and " + codec.getClass().getName() + "; each tag needs exactly one codec");
        }
      }
      return Immutables.map(out);
    }

    static Optional<TransformCodec> forTag(String tag) {
      return Optional.ofNullable(BY_TAG.get(tag));
    }

    static java.util.Set<String> tags() {
      return BY_TAG.keySet();
    }
  }
}
