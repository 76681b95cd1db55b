package org.mlengine.runtime;

import static org.mlengine.runtime.ModelBundle.ALLOWED_ENTRIES;
import static org.mlengine.runtime.ModelBundle.FORMAT_NAME;
import static org.mlengine.runtime.ModelBundle.FORMAT_VERSION;
import static org.mlengine.runtime.ModelBundle.MANIFEST_ENTRY;
import static org.mlengine.runtime.ModelBundle.MODEL_ENTRY;
import static org.mlengine.runtime.ModelBundle.SIGNATURE_ENTRY;
import static org.mlengine.runtime.ModelBundle.TRANSFORMS_ENTRY;
import static org.mlengine.runtime.ModelBundle.TRIBUO_ENTRY;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.mlengine.runtime.BundleArchive;
import org.mlengine.runtime.CalibrationMap;
import org.mlengine.runtime.internal.BoostedModel;
import org.mlengine.runtime.internal.FeatureMatrix;
import org.mlengine.runtime.internal.ForestModel;
import org.mlengine.runtime.internal.Json;
import org.mlengine.runtime.internal.LinearModel;
import org.mlengine.runtime.internal.ScoringModel;
import org.mlengine.runtime.internal.Signatures;
import org.mlengine.runtime.internal.TreeModel;
import org.mlengine.runtime.internal.TribuoModel;
import org.mlengine.runtime.spi.FittedTransform;
import org.mlengine.runtime.spi.TransformCodec;

/**
 * Reads a bundle file for {@link ModelBundle#read}: structure, signature, format version and
 * every checksum first, then the manifest's parts, the steps by codec tag and the compiled
 * model.
 *
 * <pre>{@code
 * ModelBundle bundle = BundleReader.read(in, "credit.mlb", TrustPolicy.checksumsOnly(), BundleLimits.defaults());
 * }</pre>
 */
final class BundleReader {
  private BundleReader() {}

  /** See {@link ModelBundle#read(InputStream, String, TrustPolicy, BundleLimits)}. */
  static ModelBundle read(InputStream in, String source, TrustPolicy trust, BundleLimits limits) throws IOException {
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
      String actual = ModelBundle.sha256(bytes);
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

  private static ModelBundle parse(JsonNode manifest, Map<String, byte[]> entries, int maxJsonDepth) throws BundleFormatException {
    String m = MANIFEST_ENTRY;
    Task task = enumValue(Task.class, Json.text(manifest, "task", m), "task");
    String target = Json.text(manifest, "target", m);
    List<String> classes = Json.stringList(Json.field(manifest, "classes", m), "classes", m);
    Schema schema = schema(manifest);
    List<String> features = Json.stringList(Json.field(manifest, "features", m), "features", m);
    FeatureMatrix.Layout layout = layout(manifest, features);
    List<FittedTransform> transforms = steps(Json.parse(entries.get(TRANSFORMS_ENTRY), TRANSFORMS_ENTRY, maxJsonDepth));
    JsonNode modelNode = Json.parse(entries.get(MODEL_ENTRY), MODEL_ENTRY, maxJsonDepth);
    byte[] tribuo = entries.get(TRIBUO_ENTRY);
    ScoringModel model = model(manifest, modelNode, tribuo, task, classes, features);
    JsonNode recorded = manifest.get("metricEstimates");
    List<MetricEstimate> estimates = estimates(manifest, recorded);
    Fingerprint training = training(manifest);
    JsonNode parent = manifest.get("parent");
    JsonNode profile = manifest.get("profile");
    JsonNode audit = manifest.get("audit");
    JsonNode refit = manifest.get("refit");
    Instant createdAt = createdAt(manifest);
    FittedPipeline pipeline = new FittedPipeline(schema, target, task, classes, transforms, layout, model,
        calibration(modelNode, classes.size()));
    JsonNode label = manifest.get("label");
    ModelBundle.Builder bundle = ModelBundle.builder(pipeline)
        .spec(Json.field(manifest, "spec", m))
        .training(training)
        .label(label == null ? "" : label.asText())
        .parentId(parent == null ? null : parent.asText())
        .createdAt(createdAt)
        .libraryVersion(Json.text(manifest, "libraryVersion", m))
        .tribuoModel(tribuo)
        .signature(entries.get(SIGNATURE_ENTRY))
        .audit(audit == null ? null : Audit.fromJson(audit, m))
        .refit(refit == null ? null : Refit.fromJson(refit, m))
        .profile(profile == null ? null : Profile.fromJson(profile, m));
    return (recorded != null ? bundle.estimates(estimates) : bundle.metricsOnly(estimates)).build();
  }

  /** The input schema: each column's name, type and (for categories) the categories seen in training. */
  private static Schema schema(JsonNode manifest) throws BundleFormatException {
    String m = MANIFEST_ENTRY;
    List<Schema.Field> fields = new ArrayList<>();
    for (JsonNode c : Json.field(manifest, "inputSchema", m)) {
      ColumnType type = enumValue(ColumnType.class, Json.text(c, "type", m), "inputSchema type");
      List<String> categories = type == ColumnType.CATEGORICAL
          ? Json.stringList(c.get("categories"), "categories", m) : List.of();
      fields.add(new Schema.Field(Json.text(c, "name", m), type, categories));
    }
    try {
      return new Schema(fields);
    } catch (IllegalArgumentException e) {
      throw new BundleFormatException("inputSchema in " + m + " is invalid: " + e.getMessage(), e);
    }
  }

  /** How the steps' output columns become the model's features; their widths must add up to the features. */
  private static FeatureMatrix.Layout layout(JsonNode manifest, List<String> features) throws BundleFormatException {
    String m = MANIFEST_ENTRY;
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
    return new FeatureMatrix.Layout(featureColumns, widths, features);
  }

  /** The fitted steps, each rebuilt by the codec of its tag. */
  private static List<FittedTransform> steps(JsonNode steps) throws BundleFormatException {
    if (!steps.isArray()) {
      throw new BundleFormatException(TRANSFORMS_ENTRY + " is not an array of steps");
    }
    List<FittedTransform> transforms = new ArrayList<>();
    for (JsonNode step : steps) {
      String tag = Json.text(step, "tag", TRANSFORMS_ENTRY);
      StepCodecs codecs = StepCodecs.installed();
      TransformCodec codec = codecs.forTag(tag).orElseThrow(() -> new BundleFormatException(codecs.missing(tag, TRANSFORMS_ENTRY)));
      try {
        transforms.add(codec.read(Json.field(step, "state", TRANSFORMS_ENTRY)));
      } catch (IllegalArgumentException e) {
        throw new BundleFormatException("step '" + tag + "' in " + TRANSFORMS_ENTRY + " is invalid: " + e.getMessage(), e);
      }
    }
    return transforms;
  }

  /** The compiled model of {@code model.json}'s kind (Tribuo's protobuf only for legacy bundles of kind "tribuo"). */
  private static ScoringModel model(JsonNode manifest, JsonNode modelNode, byte[] tribuo, Task task, List<String> classes,
      List<String> features) throws BundleFormatException {
    String kind = Json.text(modelNode, "kind", MODEL_ENTRY);
    int outputs = task == Task.CLASSIFICATION ? classes.size() : 1;
    return switch (kind) {
      case LinearModel.KIND -> LinearModel.fromJson(modelNode, task, outputs, features.size());
      case TreeModel.KIND -> TreeModel.fromJson(modelNode, task, outputs, features.size());
      case ForestModel.KIND -> ForestModel.fromJson(modelNode, task, outputs, features.size());
      case BoostedModel.KIND -> BoostedModel.fromJson(modelNode, task, outputs, features.size());
      case TribuoModel.KIND -> TribuoModel.read(Json.text(manifest, "id", MANIFEST_ENTRY), tribuo, task, features, classes);
      default -> throw new BundleFormatException("model.json has kind '" + kind + "'; this mlengine reads 'linear', 'tree', 'forest', 'boosted_trees' and 'tribuo'");
    };
  }

  /** The held-out metrics: with intervals and baselines, or (older bundles) values only. */
  private static List<MetricEstimate> estimates(JsonNode manifest, JsonNode recorded) throws BundleFormatException {
    String m = MANIFEST_ENTRY;
    List<MetricEstimate> estimates = new ArrayList<>();
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
    return estimates;
  }

  /** The training rows' count and hash, and how many rows augmentation added. */
  private static Fingerprint training(JsonNode manifest) throws BundleFormatException {
    String m = MANIFEST_ENTRY;
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
    return training;
  }

  private static Instant createdAt(JsonNode manifest) throws BundleFormatException {
    try {
      return Instant.parse(Json.text(manifest, "createdAt", MANIFEST_ENTRY));
    } catch (java.time.format.DateTimeParseException e) {
      throw new BundleFormatException("createdAt in " + MANIFEST_ENTRY + " is not an ISO-8601 instant: " + e.getParsedString(), e);
    }
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
          + (writer == null ? "(unknown version)" : writer.asText()) + "; this mlengine " + ModelBundle.currentLibraryVersion()
          + " reads formats up to " + FORMAT_VERSION + ". Load it with mlengine "
          + (writer == null ? "of that version" : writer.asText()) + " or later.");
    }
    if (v < 1) {
      throw new BundleFormatException(source + " has format version " + v + "; versions start at 1");
    }
  }

  private static <E extends Enum<E>> E enumValue(Class<E> type, String value, String field) throws BundleFormatException {
    try {
      return Enum.valueOf(type, value);
    } catch (IllegalArgumentException e) {
      throw new BundleFormatException(field + " '" + value + "' in " + MANIFEST_ENTRY + " is not one of "
          + java.util.Arrays.toString(type.getEnumConstants()), e);
    }
  }

  private static double number(JsonNode node) {
    return node == null || node.isNull() ? Double.NaN : node.asDouble();
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
}
