package org.mlengine.examples;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.mlengine.runtime.AuditFinding;
import org.mlengine.runtime.MetricEstimate;
import org.mlengine.runtime.ModelBundle;
import org.mlengine.runtime.Schema;

/**
 * What {@code mlengine inspect} and {@code mlengine diff} say about a bundle, read from its
 * manifest: identity and lineage, signature status, task and model, schema, steps and metrics.
 * {@link #toMap()} is the JSON form (NaN written as {@code null}); the text forms are built from
 * the same facts.
 *
 * <pre>{@code
 * BundleFacts facts = BundleFacts.of(ModelBundle.load(path), path, SignatureCheck.notChecked());
 * System.out.println(BundleFacts.json(facts.toMap()));
 * }</pre>
 */
record BundleFacts(ModelBundle bundle, Path file, SignatureCheck signature, List<String> steps, Map<String, Object> trainer) {
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  /** Whether the signature was checked, and with which key. */
  record SignatureCheck(boolean checked, String keyId) {
    static SignatureCheck notChecked() {
      return new SignatureCheck(false, null);
    }

    static SignatureCheck verifiedWith(PublicKey key) {
      return new SignatureCheck(true, BundleFacts.keyId(key));
    }
  }

  static BundleFacts of(ModelBundle bundle, Path file, SignatureCheck signature) {
    JsonNode spec = parse(bundle.spec());
    List<String> steps = new ArrayList<>();
    for (JsonNode step : spec.path("steps")) {
      steps.add(step(step));
    }
    Map<String, Object> trainer = new LinkedHashMap<>();
    spec.path("trainer").properties().forEach(e -> trainer.put(e.getKey(), plain(e.getValue())));
    return new BundleFacts(bundle, file, signature, List.copyOf(steps), trainer);
  }

  /** One step of the spec as text: {@code one_hot(Home, Job) onUnknown=ignore}. */
  private static String step(JsonNode step) {
    StringBuilder s = new StringBuilder(step.path("step").asText("?")).append('(');
    List<String> columns = new ArrayList<>();
    step.path("columns").forEach(c -> columns.add(c.asText()));
    s.append(String.join(", ", columns)).append(')');
    step.properties().forEach(e -> {
      if (!e.getKey().equals("step") && !e.getKey().equals("columns")) {
        s.append(' ').append(e.getKey()).append('=').append(e.getValue().isTextual() ? e.getValue().asText() : e.getValue().toString());
      }
    });
    return s.toString();
  }

  private static JsonNode parse(String json) {
    try {
      return JSON.readTree(json);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Object plain(JsonNode node) {
    return JSON.convertValue(node, Object.class);
  }

  /**
   * An Ed25519 public key from a file: PEM ({@code -----BEGIN PUBLIC KEY-----}, as {@code openssl
   * pkey -pubout} writes it) or the same X.509 bytes as DER.
   */
  static PublicKey readPublicKey(Path file) throws IOException {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new IOException("no such key file " + file + "; give the trusted signer's Ed25519 public key (PEM or DER)", e);
    }
    String text = new String(bytes, java.nio.charset.StandardCharsets.US_ASCII);
    if (text.contains("-----BEGIN PUBLIC KEY-----")) {
      String body = text.substring(text.indexOf("-----BEGIN PUBLIC KEY-----") + 26);
      int end = body.indexOf("-----END PUBLIC KEY-----");
      try {
        bytes = Base64.getMimeDecoder().decode(end < 0 ? body : body.substring(0, end));
      } catch (IllegalArgumentException e) {
        bytes = new byte[0];
      }
    }
    try {
      return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(bytes));
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      throw new IOException(file + " is not an Ed25519 public key; expected PEM (-----BEGIN PUBLIC KEY-----, as"
          + " 'openssl pkey -in private.pem -pubout' writes) or its DER bytes (PublicKey.getEncoded())", e);
    }
  }

  /** A short id for a public key: {@code SHA256:} and the first 16 hex digits of the SHA-256 of its X.509 encoding. */
  static String keyId(PublicKey key) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getEncoded());
      return "SHA256:" + HexFormat.of().formatHex(digest, 0, 8);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  /** The signature status in words. */
  String signatureText() {
    if (!bundle.isSigned()) {
      return "unsigned";
    }
    return signature.checked() ? "signed (Ed25519), verified with key " + signature.keyId()
        : "signed (Ed25519), not checked; give --trusted-key KEYFILE to check it";
  }

  String taskText() {
    List<String> classes = bundle.pipeline().classes();
    return bundle.pipeline().task() + " of '" + bundle.pipeline().target() + "'"
        + (classes.isEmpty() ? "" : " (classes " + String.join(", ", classes) + ")");
  }

  String trainingText() {
    return bundle.trainingRows() + " rows, SHA-256 " + bundle.trainingDataSha256()
        + (bundle.augmentedRows() > 0 ? ", " + bundle.augmentedRows() + " rows added by augmenters" : "");
  }

  String auditText() {
    return bundle.audit().map(a -> a.isClean() ? "clean"
        : a.findings().size() + (a.findings().size() == 1 ? " finding (" : " findings (") + a.atLeast(AuditFinding.Severity.ERROR).size() + " errors, "
            + (a.atLeast(AuditFinding.Severity.WARNING).size() - a.atLeast(AuditFinding.Severity.ERROR).size()) + " warnings)")
        .orElse("not recorded");
  }

  /** A column's type, and for a categorical input how many categories the model knows. */
  static String typeText(Schema.Field field) {
    return field.type() + (field.categories().isEmpty() ? "" : ", " + field.categories().size() + " categories");
  }

  /** A number to four decimals in every locale; NaN as {@code -}. */
  static String decimal(double x) {
    return Double.isNaN(x) ? "-" : String.format(Locale.ROOT, "%.4f", x);
  }

  /** A metric with its interval: {@code 0.8246 [0.7937, 0.8538]}. */
  static String estimateText(MetricEstimate e) {
    return decimal(e.value()) + (Double.isNaN(e.lower()) && Double.isNaN(e.upper()) ? "" : " [" + decimal(e.lower()) + ", "
        + decimal(e.upper()) + "]");
  }

  /** The human-readable form {@code mlengine inspect} prints. */
  String toText() {
    StringBuilder s = new StringBuilder();
    line(s, "bundle", file.toString());
    line(s, "id", bundle.id());
    line(s, "label", bundle.label().isEmpty() ? "(none)" : bundle.label());
    line(s, "created", bundle.createdAt().toString());
    line(s, "parent", bundle.parentId().orElse("(none)"));
    line(s, "library", "mlengine " + bundle.libraryVersion() + ", bundle format " + bundle.formatVersion());
    line(s, "integrity", "every entry matches its SHA-256 in the manifest");
    line(s, "signature", signatureText());
    line(s, "task", taskText());
    line(s, "model", bundle.modelKind() + (trainer.isEmpty() ? "" : ", trainer " + trainer));
    line(s, "training", trainingText());
    bundle.refit().ifPresent(r -> line(s, "refit", r.describe()));
    line(s, "audit", auditText());
    List<Schema.Field> columns = bundle.inputSchema().columns();
    s.append("\nschema (").append(columns.size()).append(columns.size() == 1 ? " column" : " columns").append(")\n");
    int width = columns.stream().mapToInt(f -> f.name().length()).max().orElse(0);
    for (Schema.Field f : columns) {
      s.append("  ").append(pad(f.name(), width)).append("  ").append(typeText(f)).append('\n');
    }
    s.append("\nsteps (").append(steps.size()).append(")\n");
    for (int i = 0; i < steps.size(); i++) {
      s.append("  ").append(i + 1).append(". ").append(steps.get(i)).append('\n');
    }
    List<MetricEstimate> metrics = bundle.estimates();
    s.append("\nmetrics (held out").append(metrics.isEmpty() ? "; none recorded" : "").append(")\n");
    int nameWidth = metrics.stream().mapToInt(m -> m.name().length()).max().orElse(0);
    int methodWidth = metrics.stream().mapToInt(m -> m.method().length()).max().orElse(0);
    for (MetricEstimate m : metrics) {
      s.append("  ").append(pad(m.name(), nameWidth)).append("  ").append(estimateText(m)).append("  ").append(pad(m.method(), methodWidth));
      if (!m.baselines().isEmpty()) {
        List<String> baselines = new ArrayList<>();
        m.baselines().forEach((name, value) -> baselines.add(name + " " + decimal(value)));
        s.append("  baselines: ").append(String.join(", ", baselines));
      }
      s.append('\n');
    }
    return s.toString();
  }

  private static void line(StringBuilder s, String key, String value) {
    s.append(pad(key, 10)).append(' ').append(value).append('\n');
  }

  static String pad(String text, int width) {
    return text.length() >= width ? text : text + " ".repeat(width - text.length());
  }

  /** The JSON form {@code mlengine inspect --json} prints. */
  Map<String, Object> toMap() {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("bundle", file.toString());
    out.put("id", bundle.id());
    out.put("label", bundle.label());
    out.put("createdAt", bundle.createdAt().toString());
    out.put("parentId", bundle.parentId().orElse(null));
    out.put("libraryVersion", bundle.libraryVersion());
    out.put("formatVersion", bundle.formatVersion());
    Map<String, Object> signature = new LinkedHashMap<>();
    signature.put("signed", bundle.isSigned());
    signature.put("checked", bundle.isSigned() && this.signature.checked());
    signature.put("keyId", bundle.isSigned() ? this.signature.keyId() : null);
    out.put("signature", signature);
    out.put("task", bundle.pipeline().task().toString());
    out.put("target", bundle.pipeline().target());
    out.put("classes", bundle.pipeline().classes());
    out.put("modelKind", bundle.modelKind());
    out.put("trainer", trainer);
    Map<String, Object> training = new LinkedHashMap<>();
    training.put("rows", bundle.trainingRows());
    training.put("sha256", bundle.trainingDataSha256());
    training.put("augmentedRows", bundle.augmentedRows());
    out.put("training", training);
    out.put("audit", bundle.audit().map(a -> (Object) a.toMap()).orElse(null));
    List<Map<String, Object>> schema = new ArrayList<>();
    for (Schema.Field f : bundle.inputSchema().columns()) {
      Map<String, Object> column = new LinkedHashMap<>();
      column.put("name", f.name());
      column.put("type", f.type().toString());
      column.put("categories", f.categories().size());
      schema.add(column);
    }
    out.put("schema", schema);
    out.put("steps", steps);
    List<Map<String, Object>> metrics = new ArrayList<>();
    for (MetricEstimate m : bundle.estimates()) {
      metrics.add(metric(m));
    }
    out.put("metrics", metrics);
    return out;
  }

  static Map<String, Object> metric(MetricEstimate m) {
    Map<String, Object> metric = new LinkedHashMap<>();
    metric.put("name", m.name());
    metric.put("value", number(m.value()));
    metric.put("lower", number(m.lower()));
    metric.put("upper", number(m.upper()));
    metric.put("method", m.method());
    Map<String, Object> baselines = new LinkedHashMap<>();
    m.baselines().forEach((k, v) -> baselines.put(k, number(v)));
    metric.put("baselines", baselines);
    return metric;
  }

  /** A double for JSON: NaN (no interval, no value) as null, which JSON can carry. */
  static Double number(double x) {
    return Double.isNaN(x) || Double.isInfinite(x) ? null : x;
  }

  static String json(Object value) {
    try {
      return JSON.writeValueAsString(value) + "\n";
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
