package org.mlengine.server;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * The OCI image tarball that the build's {@code image} profile makes with Jib
 * ({@code target/jib-image.tar}): its config (entrypoint, arguments, port, user) and what its
 * layers hold. Runs in the profile's own test execution, after the image is built at package,
 * which names the tarball in {@code mlengine.image.tar}; skipped in the default test execution.
 *
 * <p>With {@code -Dmlengine.podman=podman} (the command, with global options if needed, e.g.
 * {@code "podman --runtime runc"}), it also loads the image into podman, runs it on the host's
 * network and scores the golden credit request:
 * {@code mvn -B -pl mlengine-server -am package -Dmlengine.podman="podman --runtime runc"}.
 */
@EnabledIfSystemProperty(named = "mlengine.image.tar", matches = ".+")
class ContainerImageTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String SERVER_JAR = "app/classpath/mlengine-server-0.2.0.jar";
  private static final Set<String> KEPT = Set.of(SERVER_JAR, "app/jib-classpath-file", "etc/passwd", "etc/group",
      "models/credit.mlb", "opt/java/release");

  static JsonNode index;
  static JsonNode config;
  /** Every file of every layer, by path without the leading slash (a later layer's wins). */
  static Map<String, TarEntries.Entry> files = new HashMap<>();

  @BeforeAll
  static void read() throws IOException {
    Map<String, TarEntries.Entry> image;
    try (InputStream in = Files.newInputStream(Path.of(System.getProperty("mlengine.image.tar")))) {
      image = TarEntries.read(in, name -> true);
    }
    index = JSON.readTree(image.get("index.json").bytes());
    JsonNode manifest = JSON.readTree(blob(image, index.path("manifests").path(0).path("digest").asText()));
    config = JSON.readTree(blob(image, manifest.path("config").path("digest").asText()));
    for (JsonNode layer : manifest.path("layers")) {
      try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(blob(image, layer.path("digest").asText())))) {
        TarEntries.read(in, name -> KEPT.contains(relative(name)))
            .forEach((name, entry) -> files.put(relative(name), entry));
      }
    }
  }

  private static byte[] blob(Map<String, TarEntries.Entry> image, String digest) {
    return image.get("blobs/" + digest.replace(':', '/')).bytes();
  }

  private static String relative(String name) {
    return name.replaceFirst("^\\.?/", "");
  }

  private static List<String> strings(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(item -> out.add(item.asText()));
    return out;
  }

  private static String text(String file) {
    return new String(files.get(file).bytes(), UTF_8);
  }

  @Test
  void config_runsModelServerOnTheImagesJava() {
    JsonNode container = config.path("config");
    assertEquals(List.of("/opt/java/bin/java", "-XX:MaxRAMPercentage=75", "-XX:-UsePerfData", "-cp",
        "@/app/jib-classpath-file", "org.mlengine.server.ModelServer"), strings(container.path("Entrypoint")));
    assertEquals(List.of("/models/credit.mlb", "--host", "0.0.0.0", "--port", "8080"), strings(container.path("Cmd")));
    assertEquals(List.of("JAVA_HOME=/opt/java"), strings(container.path("Env")));
    assertEquals("mlengine-server:0.2.0",
        index.path("manifests").path(0).path("annotations").path("org.opencontainers.image.ref.name").asText());
  }

  @Test
  void config_exposesPort8080() {
    assertEquals(List.of("8080/tcp"), List.copyOf(iterable(config.path("config").path("ExposedPorts").fieldNames())));
  }

  private static <T> List<T> iterable(java.util.Iterator<T> it) {
    List<T> out = new ArrayList<>();
    it.forEachRemaining(out::add);
    return out;
  }

  @Test
  void config_user_isTheNonRootUserThePasswdNames() {
    assertEquals("65532:65532", config.path("config").path("User").asText());
    assertTrue(text("etc/passwd").contains("\nnonroot:x:65532:65532:nonroot:/home/nonroot:/sbin/nologin\n"), text("etc/passwd"));
    assertTrue(text("etc/group").contains("\nnonroot:x:65532:\n"), text("etc/group"));
  }

  @Test
  void layers_holdTheServerJarOnTheClassPath() throws IOException {
    List<String> classPath = List.of(text("app/jib-classpath-file").strip().split(":"));
    assertEquals("/app/classpath/*", classPath.get(0));
    assertTrue(files.containsKey(SERVER_JAR), SERVER_JAR + " is in no layer");
    assertTrue(classPath.contains("/app/libs/mlengine-serving-0.2.0.jar"), classPath.toString());
    for (String jar : classPath.subList(1, classPath.size())) {
      assertTrue(files.containsKey(relative(jar)), jar + " is on the class path but in no layer");
    }
    boolean modelServer = false;
    try (ZipInputStream jar = new ZipInputStream(new ByteArrayInputStream(files.get(SERVER_JAR).bytes()))) {
      for (ZipEntry entry = jar.getNextEntry(); entry != null; entry = jar.getNextEntry()) {
        modelServer |= entry.getName().equals("org/mlengine/server/ModelServer.class");
      }
    }
    assertTrue(modelServer, "ModelServer.class is not in " + SERVER_JAR);
  }

  @Test
  void layers_holdAJavaRuntimeAndTheCLibrariesItLoads() {
    assertEquals(0755, files.get("opt/java/bin/java").mode() & 07777);
    assertEquals(0755, files.get("lib64/ld-linux-x86-64.so.2").mode() & 07777);
    assertTrue(files.containsKey("lib/x86_64-linux-gnu/libc.so.6"));
    assertTrue(files.containsKey("opt/java/lib/server/libjvm.so"));
    String modules = text("opt/java/release").lines().filter(line -> line.startsWith("MODULES=")).findFirst().orElseThrow();
    assertTrue(modules.contains("java.base ") && modules.contains("jdk.unsupported"), modules);
    assertFalse(modules.contains("java.desktop"), modules);
  }

  @Test
  @EnabledIfSystemProperty(named = "mlengine.podman", matches = ".+")
  void podman_runsTheImage_servesTheGoldenAnswerAndStopsOnSigterm() throws Exception {
    List<String> podman = List.of(System.getProperty("mlengine.podman").trim().split("\\s+"));
    JsonNode golden = JSON.readTree(Path.of(System.getProperty("mlengine.image.bundle").replace(".mlb", ".expected.json")).toFile());
    JsonNode first = golden.path("cases").path(0);
    assertEquals(0, run(podman, "load", "-i", System.getProperty("mlengine.image.tar")));
    int port;
    try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = free.getLocalPort();
    }
    String name = "mlengine-image-test-" + port;
    // This machine's sandbox refuses podman's default open-files limit; a lower one is allowed.
    List<String> command = new ArrayList<>(podman);
    command.addAll(List.of("run", "--rm", "--name", name, "--network=host", "--ulimit", "nofile=4096:4096",
        "--ulimit", "nproc=4096:4096", "mlengine-server:0.2.0", "/models/credit.mlb", "--host", "127.0.0.1",
        "--port", String.valueOf(port)));
    long started = System.nanoTime();
    Process server = new ProcessBuilder(command).redirectErrorStream(true).start();
    try {
      BlockingQueue<String> lines = new LinkedBlockingQueue<>();
      Thread reader = new Thread(() -> new BufferedReader(new InputStreamReader(server.getInputStream(), UTF_8))
          .lines().forEach(lines::add));
      reader.setDaemon(true);
      reader.start();
      String listening = "mlengine-server listening on http://127.0.0.1:" + port;
      List<String> seen = new ArrayList<>();
      for (String line = lines.poll(60, TimeUnit.SECONDS); !listening.equals(line); line = lines.poll(60, TimeUnit.SECONDS)) {
        assertTrue(line != null, "the container printed no '" + listening + "' within 60 s: " + seen);
        seen.add(line);
      }
      System.out.printf("image: podman run to listening %d ms%n", (System.nanoTime() - started) / 1_000_000);
      HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
              URI.create("http://127.0.0.1:" + port + "/predict"))
          .header("X-Request-Id", "image-1").POST(HttpRequest.BodyPublishers.ofString(first.path("request").toString()))
          .build(), HttpResponse.BodyHandlers.ofString());
      assertEquals(200, answer.statusCode(), answer.body());
      JsonNode body = JSON.readTree(answer.body());
      assertEquals("image-1", body.path("request_id").asText());
      assertEquals(golden.path("id").asText(), body.path("model_version").asText());
      assertEquals(first.path("label").asText(), body.path("label").asText());
      assertEquals(first.path("probabilities"), body.path("probabilities"));
      assertEquals(0, run(podman, "stop", "--time", "20", name));
      assertTrue(server.waitFor(30, TimeUnit.SECONDS), "the container did not stop within 30 s of SIGTERM");
    } finally {
      server.destroy();
      run(podman, "rm", "--force", "--ignore", name);
    }
  }

  private static int run(List<String> podman, String... arguments) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(podman);
    command.addAll(List.of(arguments));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
        .start();
    assertTrue(process.waitFor(120, TimeUnit.SECONDS), command + " did not finish within 120 s");
    return process.exitValue();
  }

  @Test
  void layers_holdTheGoldenCreditBundle() throws IOException {
    assertArrayEquals(Files.readAllBytes(Path.of(System.getProperty("mlengine.image.bundle"))),
        files.get("models/credit.mlb").bytes());
  }
}
