package org.mlengine.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;

/**
 * README.md's "Install" blocks are the ones the consumer projects build with
 * ({@code mlengine-consumers/src/it}), and the BOM they import names every library module at the
 * reactor's version, so the README, the BOM and the projects cannot drift apart.
 */
class ReadmeInstallTest {
  private static final Path REPO = Path.of("..");
  private static final Path CONSUMERS = REPO.resolve("mlengine-consumers/src/it");
  private static final List<String> LIBRARY_MODULES = List.of(
      "mlengine-runtime", "mlengine-core", "mlengine-features", "mlengine-eval", "mlengine-serving",
      "mlengine-server", "mlengine-spark",
      "mlengine-flink");

  @Test
  void installBlocks_scoringService_isWhatScoreServingBuildsWith() throws Exception {
    List<String> blocks = installBlocks();
    Document service = parse(Files.readString(CONSUMERS.resolve("score-serving/pom.xml")));
    Document readme = parse("<project>" + blocks.get(0) + "</project>");
    assertEquals(dependencies(readme, "dependencyManagement"), dependencies(service, "dependencyManagement"));
    assertEquals(dependencies(readme, "project"), withoutTestFramework(dependencies(service, "project")));
  }

  @Test
  void installBlocks_fullSet_isWhatTrainFullBuildsWith() throws Exception {
    List<String> blocks = installBlocks();
    Document training = parse(Files.readString(CONSUMERS.resolve("train-full/pom.xml")));
    Document bom = parse("<project>" + blocks.get(0) + "</project>");
    Document full = parse("<project>" + blocks.get(1) + "</project>");
    assertEquals(dependencies(bom, "dependencyManagement"), dependencies(training, "dependencyManagement"));
    assertEquals(dependencies(full, "project"), withoutTestFramework(dependencies(training, "project")));
  }

  @Test
  void bom_versionAndArtifacts_matchTheReactor() throws Exception {
    Document parent = parse(Files.readString(REPO.resolve("pom.xml")));
    Document bom = parse(Files.readString(REPO.resolve("mlengine-bom/pom.xml")));
    String version = childText(parent.getDocumentElement(), "version");
    assertEquals(version, childText(bom.getDocumentElement(), "version"),
        "mlengine-bom/pom.xml has no parent, so its <version> must be moved with the parent's");
    List<String> managed = new ArrayList<>();
    for (String coordinates : dependencies(bom, "dependencyManagement")) {
      managed.add(coordinates.replace("org.mlengine:", "").replace(":${project.version}", ""));
    }
    assertEquals(LIBRARY_MODULES, managed, "the BOM manages exactly the published library modules");
    String readmeBom = dependencies(parse("<project>" + installBlocks().get(0) + "</project>"),
        "dependencyManagement").get(0);
    assertEquals("org.mlengine:mlengine-bom:" + version + ":pom:import", readmeBom,
        "README.md's Install section imports the BOM at the reactor's version");
  }

  /** The {@code ```xml} blocks of README.md's "Install" section, in order. */
  private static List<String> installBlocks() throws IOException {
    String readme = Files.readString(REPO.resolve("README.md"), StandardCharsets.UTF_8);
    int start = readme.indexOf("\n## Install\n");
    int end = readme.indexOf("\n## ", start + 1);
    Matcher blocks = Pattern.compile("```xml\n(.*?)```", Pattern.DOTALL)
        .matcher(readme.substring(start, end));
    List<String> found = new ArrayList<>();
    while (blocks.find()) {
      found.add(blocks.group(1));
    }
    assertEquals(3, found.size(), "README.md's Install section has three xml blocks");
    return found;
  }

  /** groupId:artifactId[:version][:type][:scope] of each dependency directly under a section. */
  private static List<String> dependencies(Document pom, String section) {
    List<String> found = new ArrayList<>();
    NodeList all = pom.getElementsByTagName("dependency");
    for (int i = 0; i < all.getLength(); i++) {
      Element dependency = (Element) all.item(i);
      Node owner = dependency.getParentNode().getParentNode();
      if (!owner.getNodeName().equals(section)) {
        continue;
      }
      StringBuilder coordinates = new StringBuilder(childText(dependency, "groupId"))
          .append(':').append(childText(dependency, "artifactId"));
      for (String optional : List.of("version", "type", "scope")) {
        String value = childText(dependency, optional);
        if (!value.isEmpty()) {
          coordinates.append(':').append(value);
        }
      }
      found.add(coordinates.toString());
    }
    return found;
  }

  /** The consumers' own JUnit dependency, which the README leaves to each project. */
  private static List<String> withoutTestFramework(List<String> dependencies) {
    List<String> kept = new ArrayList<>(dependencies);
    kept.removeIf(coordinates -> coordinates.startsWith("org.junit.jupiter:"));
    return kept;
  }

  private static String childText(Element parent, String name) {
    for (Node child = parent.getFirstChild(); child != null; child = child.getNextSibling()) {
      if (child.getNodeName().equals(name)) {
        return child.getTextContent().trim();
      }
    }
    return "";
  }

  private static Document parse(String xml) throws ParserConfigurationException, SAXException, IOException {
    DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
    factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
    return factory.newDocumentBuilder().parse(new InputSource(new StringReader(xml)));
  }
}
