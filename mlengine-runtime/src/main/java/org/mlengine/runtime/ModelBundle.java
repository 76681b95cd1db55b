package org.mlengine.runtime;

import org.apiguardian.api.API;
import org.mlengine.runtime.CalibrationMap;
import org.mlengine.runtime.internal.FeatureMatrix;
import org.mlengine.runtime.internal.Finite;
import org.mlengine.runtime.internal.Json;
import org.mlengine.runtime.internal.RuntimeAccess;
import org.mlengine.runtime.internal.Signatures;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
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
  static {  // first, so that no static field can ask for the access before it exists
    RuntimeAccess.register(ModelBundle::builder);
  }

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
  static final java.util.Set<String> ALLOWED_ENTRIES =
      Immutables.set(java.util.stream.Stream.concat(ENTRIES.stream(), java.util.stream.Stream.of(TRIBUO_ENTRY, SIGNATURE_ENTRY)).toList());
  static final String FORMAT_NAME = "mlengine-bundle";
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
  /** The first NaN or infinite number of the compiled model ("bias[0] = NaN"), or null when all are finite. */
  private final String nonFiniteModelNumber;
  private final String id;
  private final byte[] signature;
  private final Audit audit;
  private final Profile profile;
  private final Refit refit;

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
    this.refit = b.refit;
    this.transformsJson = Json.bytes(transformsNode(pipeline));
    ObjectNode model = modelNode(pipeline);
    this.nonFiniteModelNumber = Finite.firstNonFinite(model).orElse(null);
    this.modelJson = Json.bytes(model);
    this.id = Sha256.hex(Json.bytes(identity()));
    this.signature = b.signature == null ? null : b.signature.clone();
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
    b.refit = refit;
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
    private Refit refit;

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

    /** That the model was refitted on every row after the evaluation; null when it was not. */
    public Builder refit(Refit refit) {
      this.refit = refit;
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

  /**
   * The feature views the model was trained with (name, {@link FeatureView#version()}, {@link
   * FeatureView#fingerprint()} and definition), in step order; a feature store whose views differ
   * can be refused by comparing fingerprints.
   */
  public List<FeatureView> featureViews() {
    return pipeline.featureViews();
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
   * The number of rows augmenters added to the training part ({@code
   * Pipeline.Builder.augment(Augmenter...)} in mlengine-core); 0 when the pipeline had no augmenter. The
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

  /**
   * When the model was refitted on every row after its held-out evaluation, how many rows each
   * saw (manifest section {@code "refit"}): the {@link #estimates()} are then those of the
   * evaluated model, fitted on fewer rows than this one. Empty for a model fitted on the
   * training part only, the one the estimates were computed for.
   */
  public Optional<Refit> refit() {
    return Optional.ofNullable(refit);
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
   * (read-only), when the bundle keeps it: bundles fitted with {@code
   * Pipeline.Builder.keepTribuoModel()} and bundles written before it was optional. Empty
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
   * Writes the bundle to {@code path}: to a temporary file beside it first, read back as {@link
   * #load(Path)} reads it, then moved into place, so a failure leaves any earlier file at {@code
   * path} untouched and no temporary file behind, and no file is written that a loader refuses.
   *
   * @throws BundleFormatException when the bundle breaks a loader's cap, its model holds NaN or an
   *     infinite number (a trainer diverged), or it would not load for another reason; nothing
   *     is written then
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
      checkLoads(tmp, absolute);
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
    if (nonFiniteModelNumber != null) {
      throw new BundleFormatException("this bundle's model holds " + nonFiniteModelNumber + " in entry 'model.json', and a"
          + " bundle holds only finite numbers (JSON has no NaN or Infinity), so no loader would accept it; nothing was written."
          + " The trainer diverged: refit with a lower learning rate (learningRate(...), or eta(...) for xgboost) and with the"
          + " features on one scale (Features.standardize(...)).");
    }
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

  /** Reads the written temporary file back as a loader would, refusing the save when it does not load. */
  private static void checkLoads(Path tmp, Path target) throws IOException {
    try (InputStream in = Files.newInputStream(tmp)) {
      BundleReader.read(in, target.toString(), TrustPolicy.checksumsOnly(), BundleLimits.defaults());
    } catch (BundleFormatException e) {
      throw new BundleFormatException("this bundle would not load (" + e.getMessage() + "); nothing was written to " + target
          + ". Report this as a bug in the step or model it names.", e);
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
  byte[] manifestBytes() {
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
    putOptionalSections(m);
    ObjectNode hashes = m.putObject("entries");
    hashes.put(TRANSFORMS_ENTRY, sha256(transformsJson));
    hashes.put(MODEL_ENTRY, sha256(modelJson));
    return m;
  }

  /** The manifest sections that bundles of some fits, or of older versions, lack. */
  private void putOptionalSections(ObjectNode m) {
    if (refit != null) {
      m.set("refit", Json.tree(refit.toMap()));
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

  private static ArrayNode transformsNode(FittedPipeline pipeline) {
    ArrayNode steps = Json.array();
    for (FittedTransform t : pipeline.transforms()) {
      ObjectNode step = steps.addObject();
      step.put("tag", t.tag());
      StepCodecs codecs = StepCodecs.installed();
      step.set("state", codecs.forTag(t.tag()).orElseThrow(() -> new IllegalStateException(codecs.missing(t.tag(), "this pipeline")))
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
    return BundleReader.read(in, source, trust, limits);
  }

  /** A number, or null for NaN (JSON has no NaN). */
  private static void putNumber(ObjectNode o, String field, double value) {
    if (Double.isNaN(value)) {
      o.putNull(field);
    } else {
      o.put(field, value);
    }
  }

  static String sha256(byte[] bytes) {
    return Sha256.hex(bytes);
  }

  static String currentLibraryVersion() {
    String v = ModelBundle.class.getPackage().getImplementationVersion();
    return v == null ? "0.2.0" : v;
  }

  @Override
  public String toString() {
    return "ModelBundle[" + id.substring(0, 12) + (label.isEmpty() ? "" : " '" + label + "'") + ", " + pipeline.task()
        + " of '" + pipeline.target() + "', " + pipeline.model().kind() + " model, metrics " + metrics()
        + (refit == null ? "" : " (held-out, of the model before it was refitted on all " + refit.fittedRows() + " rows)") + "]";
  }

}
