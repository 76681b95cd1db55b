package org.mlengine.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.io.StringWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every {@code ```java} block of the repository's {@code README.md} compiles and runs as written.
 *
 * <p>Each block becomes the body of a {@code main} method in a class that imports what a user
 * would ({@link #IMPORTS}: the mlengine API packages, {@code java.nio.file}, {@code java.util}
 * and {@code java.time}); it is compiled with {@link javax.tools.JavaCompiler} against the test
 * class path and run in a fresh JVM whose working directory is a temporary copy of the
 * repository's data files at their repository paths ({@link #DATA}), so a block reads the data
 * as it would from the repository root and writes its files (e.g. {@code credit.mlb}) into the
 * temporary directory. A block that does not compile or exits abnormally fails the test with
 * its README line and the compiler's message or the exception.
 *
 * <p>Exceptions, marked by an HTML comment on the line before the fence, kept few:
 *
 * <ul>
 *   <li>{@code <!-- snippet: fragment -->}: a block that continues a story told above it (the
 *       tuning call on {@code credit}, the aggregate over {@code calls}). It runs after {@link
 *       #PREAMBLE}, which declares {@code credit} (the shipped credit data), {@code now} and
 *       {@code calls} (three calls of two customers).
 *   <li>{@code <!-- snippet: fragment, compile-only -->}: a fragment that is compiled but not
 *       run, because running it needs a trained bundle and data it cannot name in a few lines
 *       (serving the Chicago forecast from a history: {@code chicago.mlb}, {@code lastQuarter},
 *       {@code todaysRow}, {@code todaysRowWithRidership}, declared in the preamble as {@code
 *       null}). {@code ChicagoExampleTest} runs the same calls.
 * </ul>
 */
class ReadmeSnippetsTest {
  /** Surefire's working directory is the module's base directory. */
  private static final Path REPO = Path.of("..");

  /** The packages every block may name types from, as a user's imports. */
  static final List<String> IMPORTS = List.of("org.mlengine.runtime", "org.mlengine.core", "org.mlengine.core.tuning",
      "org.mlengine.features", "org.mlengine.eval", "org.mlengine.serving", "java.nio.file", "java.util", "java.time");

  /** The data files a block may read, relative to the repository root; copied into each run's working directory. */
  static final List<String> DATA = List.of("mlengine-examples/src/main/resources/org/mlengine/examples/credit_data.csv");

  /** The variables a fragment continues from; see the class comment. */
  static final String PREAMBLE = String.join("\n",
      "Table credit = Table.readCsv(Path.of(\"mlengine-examples/src/main/resources/org/mlengine/examples/credit_data.csv\"));",
      "Instant now = Instant.parse(\"2016-08-29T12:00:00Z\");",
      "Table calls = Table.builder().categorical(\"Customer\", \"c-17\", \"c-17\", \"c-18\")",
      "    .timestamp(\"At\", now.minus(Duration.ofDays(3)), now.minus(Duration.ofDays(1)), now.minus(Duration.ofDays(2)))",
      "    .numeric(\"Minutes\", 4.5, 12.0, 1.0).categorical(\"Kind\", \"billing\", \"support\", \"billing\").build();",
      "Table lastQuarter = null;",
      "Map<String, Object> todaysRow = null;",
      "Map<String, Object> todaysRowWithRidership = null;");

  private static final String CLASS = "ReadmeSnippet";
  private static final Pattern MARKER = Pattern.compile("<!--\\s*snippet:\\s*(.*?)\\s*-->");

  /** One {@code ```java} block: the README line of its first code line, its code and its marker. */
  record Block(int line, String code, boolean fragment, boolean run) {}

  @Test
  void readme_everyJavaBlock_compilesAndRuns(@TempDir Path work) throws IOException {
    String readme = Files.readString(REPO.resolve("README.md"), StandardCharsets.UTF_8);
    List<String> problems = new ArrayList<>();
    List<Block> blocks = blocks(readme, problems);
    assertEquals(11, blocks.size(), "README's java blocks: update this count when adding or removing one");
    for (Block block : blocks) {
      problems.addAll(check(block, work));
    }
    assertTrue(problems.isEmpty(), () -> String.join("\n\n", problems));
  }

  // ---- the harness itself must fail loudly ----

  @Test
  void check_blockThatDoesNotCompile_failsWithItsReadmeLineAndTheCompilerMessage(@TempDir Path work) throws IOException {
    String readme = "# Title\n\nSome text.\n\n```java\nint x = 1;\nString s = undefinedName;\n```\n";
    List<String> problems = new ArrayList<>();
    List<Block> blocks = blocks(readme, problems);
    problems.addAll(check(blocks.get(0), work));
    assertEquals(1, problems.size(), () -> String.join("\n", problems));
    assertTrue(problems.get(0).startsWith("README.md line 7: does not compile: "), problems.get(0));
    assertTrue(problems.get(0).contains("cannot find symbol"), problems.get(0));
    assertTrue(problems.get(0).contains("undefinedName"), problems.get(0));
  }

  @Test
  void check_blockThatThrows_failsWithItsReadmeLineAndTheException(@TempDir Path work) throws IOException {
    String readme = "```java\nint x = 1;\nif (x == 1) throw new IllegalStateException(\"boom\");\n```\n";
    List<String> problems = new ArrayList<>();
    problems.addAll(check(blocks(readme, problems).get(0), work));
    assertEquals(1, problems.size(), () -> String.join("\n", problems));
    assertTrue(problems.get(0).startsWith("README.md line 3: exited with code 1:"), problems.get(0));
    assertTrue(problems.get(0).contains("java.lang.IllegalStateException: boom"), problems.get(0));
  }

  @Test
  void check_fragment_runsAfterThePreambleFromTheDataCopy(@TempDir Path work) throws IOException {
    String readme = "<!-- snippet: fragment -->\n```java\nif (credit.rowCount() != 4454) throw new AssertionError(credit.rowCount());\n```\n";
    List<String> problems = new ArrayList<>();
    List<Block> blocks = blocks(readme, problems);
    assertEquals(List.of(new Block(3, "if (credit.rowCount() != 4454) throw new AssertionError(credit.rowCount());\n", true, true)), blocks);
    problems.addAll(check(blocks.get(0), work));
    assertEquals(List.of(), problems);
  }

  @Test
  void blocks_unknownMarkerAndUnclosedFence_areProblems() {
    List<String> problems = new ArrayList<>();
    List<Block> blocks = blocks("<!-- snippet: fragmnet -->\n```java\nint x;\n```\n\n```java\nint y;\n", problems);
    assertEquals(1, blocks.size());
    assertEquals(List.of(
        "README.md line 1: unknown snippet marker 'fragmnet'; use <!-- snippet: fragment --> or <!-- snippet: fragment, compile-only -->",
        "README.md line 6: the ```java block is never closed; end it with a line of ```"), problems);
  }

  // ---- the harness ----

  /** The {@code ```java} blocks of a Markdown text; markers it does not know and unclosed fences go to {@code problems}. */
  static List<Block> blocks(String markdown, List<String> problems) {
    List<String> lines = markdown.lines().collect(Collectors.toList());
    List<Block> blocks = new ArrayList<>();
    String marker = null;
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      Matcher m = MARKER.matcher(line);
      if (m.matches()) {
        marker = m.group(1);
        if (!marker.equals("fragment") && !marker.equals("fragment, compile-only")) {
          problems.add("README.md line " + (i + 1) + ": unknown snippet marker '" + marker
              + "'; use <!-- snippet: fragment --> or <!-- snippet: fragment, compile-only -->");
        }
        continue;
      }
      if (line.equals("```java")) {
        int end = i + 1;
        while (end < lines.size() && !lines.get(end).strip().equals("```")) {
          end++;
        }
        if (end == lines.size()) {
          problems.add("README.md line " + (i + 1) + ": the ```java block is never closed; end it with a line of ```");
          return blocks;
        }
        String code = lines.subList(i + 1, end).stream().map(s -> s + "\n").collect(Collectors.joining());
        blocks.add(new Block(i + 2, code, marker != null && marker.startsWith("fragment"),
            marker == null || !marker.endsWith("compile-only")));
        i = end;
      }
      if (!line.isEmpty()) {
        marker = null;
      }
    }
    return blocks;
  }

  /** Compiles a block and, unless it is compile-only, runs it in {@code work}; returns its problems. */
  static List<String> check(Block block, Path work) throws IOException {
    String prefix = IMPORTS.stream().map(p -> "import " + p + ".*;\n").collect(Collectors.joining())
        + "public class " + CLASS + " {\n  public static void main(String[] args) throws Exception {\n"
        + (block.fragment() ? PREAMBLE + "\n" : "");
    int firstCodeLine = (int) prefix.lines().count() + 1;
    String source = prefix + block.code() + "  }\n}\n";
    Path classes = Files.createTempDirectory(work, "classes");
    List<String> problems = compile(source, classes).stream()
        .map(d -> "README.md line " + readmeLine(block, firstCodeLine, d.getLineNumber()) + ": does not compile: "
            + d.getMessage(Locale.ROOT))
        .collect(Collectors.toList());
    if (problems.isEmpty() && block.run()) {
      run(block, firstCodeLine, classes, work).ifPresent(problems::add);
    }
    return problems;
  }

  private static String readmeLine(Block block, int firstCodeLine, long line) {
    return line >= firstCodeLine ? String.valueOf(block.line() + line - firstCodeLine)
        : block.line() + " (the preamble's line " + (line - firstCodeLine + PREAMBLE.lines().count() + 1) + ")";
  }

  private static List<Diagnostic<? extends JavaFileObject>> compile(String source, Path classes) {
    JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
    DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
    JavaFileObject file = new SimpleJavaFileObject(URI.create("string:///" + CLASS + ".java"), JavaFileObject.Kind.SOURCE) {
      @Override
      public CharSequence getCharContent(boolean ignoreEncodingErrors) {
        return source;
      }
    };
    List<String> options = List.of("-classpath", testClassPath(), "-d", classes.toString(), "-proc:none", "-encoding", "UTF-8");
    compiler.getTask(new StringWriter(), null, diagnostics, options, null, List.of(file)).call();
    return diagnostics.getDiagnostics().stream().filter(d -> d.getKind() == Diagnostic.Kind.ERROR).collect(Collectors.toList());
  }

  /** Runs the compiled block in a fresh JVM with a copy of {@link #DATA} in its working directory. */
  private static Optional<String> run(Block block, int firstCodeLine, Path classes, Path work) throws IOException {
    for (String data : DATA) {
      Path copy = work.resolve(data);
      if (!Files.exists(copy)) {
        Files.createDirectories(copy.getParent());
        Files.copy(REPO.resolve(data), copy);
      }
    }
    Path args = Files.writeString(classes.resolve("java.args"),
        "-Xmx1g -cp \"" + (classes + File.pathSeparator + testClassPath()).replace("\\", "\\\\") + "\" " + CLASS + "\n");
    Path output = classes.resolve("output.txt");
    Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "@" + args)
        .directory(work.toFile()).redirectErrorStream(true).redirectOutput(output.toFile()).start();
    try {
      if (!process.waitFor(10, TimeUnit.MINUTES)) {
        process.destroyForcibly();
        return Optional.of("README.md line " + block.line() + ": still running after 10 minutes");
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while running the README block at line " + block.line(), e);
    }
    if (process.exitValue() == 0) {
      return Optional.empty();
    }
    String printed = Files.readString(output, StandardCharsets.UTF_8);
    Matcher frame = Pattern.compile(CLASS + "\\.java:(\\d+)\\)").matcher(printed);
    String line = frame.find() ? readmeLine(block, firstCodeLine, Long.parseLong(frame.group(1))) : String.valueOf(block.line());
    return Optional.of("README.md line " + line + ": exited with code " + process.exitValue() + ":\n" + printed);
  }

  private static String testClassPath() {
    return System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
  }
}
