package org.mlengine.examples;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import jdk.jshell.DeclarationSnippet;
import jdk.jshell.JShell;
import jdk.jshell.Snippet;
import jdk.jshell.SnippetEvent;
import jdk.jshell.SourceCodeAnalysis;
import org.junit.jupiter.api.Test;

/**
 * Runs {@code jshell/startup.jsh} and then {@code jshell/quickstart.jsh} the way {@code ./mlengine
 * jshell} would, but in process through the JDK's {@code jdk.jshell} API, and fails on the first
 * snippet that does not compile or throws.
 */
class JshellQuickstartTest {
  /** Surefire's working directory is the module's base directory. */
  private static final Path STARTUP = Path.of("jshell/startup.jsh");
  private static final Path QUICKSTART = Path.of("jshell/quickstart.jsh");

  @Test
  void quickstartJsh_afterStartupJsh_runsEverySnippetAndPrintsTheResult() throws IOException {
    assertTrue(Files.isRegularFile(STARTUP), () -> STARTUP.toAbsolutePath() + " not found; run the test from the module directory");
    assertTrue(Files.isRegularFile(QUICKSTART), () -> QUICKSTART.toAbsolutePath() + " not found; run the test from the module directory");

    String output = run(Script.of(STARTUP), Script.of(QUICKSTART));

    assertTrue(output.contains("held-out {"), () -> "no 'held-out' metrics in the output:\n" + output);
    assertTrue(output.contains("roc_auc="), () -> "no roc_auc in the output:\n" + output);
    assertTrue(output.contains("predicted "), () -> "no 'predicted' line in the output:\n" + output);
  }

  // ---- the harness itself must fail loudly ----

  @Test
  void run_snippetThatDoesNotCompile_failsWithTheSnippetAndTheCompilerMessage() {
    AssertionError e = assertThrows(AssertionError.class,
        () -> run(new Script("broken.jsh", "// a comment\nint x = 1;\nString s = undefinedName;\nint y = 2;\n")));
    assertTrue(e.getMessage().contains("String s = undefinedName;"), e::getMessage);
    assertTrue(e.getMessage().contains("cannot find symbol"), e::getMessage);
    assertFalse(e.getMessage().contains("int y = 2;"), e::getMessage);
  }

  @Test
  void run_methodWithUnresolvedReference_failsNamingIt() {
    AssertionError e = assertThrows(AssertionError.class,
        () -> run(new Script("recoverable.jsh", "void m() { undefinedCall(); }\n")));
    assertTrue(e.getMessage().contains("RECOVERABLE_DEFINED"), e::getMessage);
    assertTrue(e.getMessage().contains("undefinedCall"), e::getMessage);
  }

  @Test
  void run_snippetThatThrows_failsWithTheSnippetAndTheException() {
    AssertionError e = assertThrows(AssertionError.class,
        () -> run(new Script("throws.jsh", "if (true) throw new IllegalStateException(\"boom\");\n")));
    assertTrue(e.getMessage().contains("throw new IllegalStateException"), e::getMessage);
    assertTrue(e.getMessage().contains("boom"), e::getMessage);
  }

  @Test
  void run_scriptEndingInAnIncompleteSnippet_fails() {
    AssertionError e = assertThrows(AssertionError.class, () -> run(new Script("open.jsh", "int x = 1;\nvoid m() {\n")));
    assertTrue(e.getMessage().contains("open.jsh ends with an incomplete snippet"), e::getMessage);
  }

  // ---- harness ----

  /** A script's name (for messages) and text. */
  private record Script(String name, String text) {
    static Script of(Path file) throws IOException {
      return new Script(file.toString(), Files.readString(file, StandardCharsets.UTF_8));
    }
  }

  /**
   * Evaluates the scripts in one JShell with the test class path, snippet by snippet, and returns
   * what they printed; fails on the first snippet that is not valid or throws.
   */
  private static String run(Script... scripts) {
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    PrintStream systemOut = System.out;
    // The local engine runs snippets in this JVM without redirecting System.out (checked on JDK
    // 17), so System.out is captured as well as JShell's own output stream.
    try (PrintStream out = new PrintStream(buffer, true, StandardCharsets.UTF_8);
        JShell jshell = JShell.builder().executionEngine("local").out(out).err(out).build()) {
      for (String entry : testClassPath()) {
        jshell.addToClasspath(entry);
      }
      System.setOut(out);
      try {
        for (Script script : scripts) {
          evaluate(jshell, script);
        }
      } finally {
        System.setOut(systemOut);
      }
    }
    return buffer.toString(StandardCharsets.UTF_8);
  }

  private static List<String> testClassPath() {
    String path = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    return Stream.of(path.split(File.pathSeparator)).filter(s -> !s.isBlank()).collect(Collectors.toList());
  }

  /** Splits a script into complete snippets and evaluates them in order, failing on the first bad one. */
  private static void evaluate(JShell jshell, Script script) {
    SourceCodeAnalysis analysis = jshell.sourceCodeAnalysis();
    String remaining = script.text();
    while (!remaining.isBlank()) {
      SourceCodeAnalysis.CompletionInfo info = analysis.analyzeCompletion(remaining);
      if (info.completeness() == SourceCodeAnalysis.Completeness.EMPTY) {
        break; // only comments left
      }
      if (!info.completeness().isComplete()) {
        fail(script.name() + " ends with an incomplete snippet (" + info.completeness() + "):\n" + remaining);
      }
      String source = info.source();
      for (SnippetEvent event : jshell.eval(source)) {
        if (event.exception() != null) {
          fail(script.name() + ": snippet threw " + event.exception() + ":\n" + source, event.exception());
        }
        // Events with a cause are other snippets that this one updated; only the snippet's own counts.
        if (event.causeSnippet() == null && event.status() != Snippet.Status.VALID) {
          fail(script.name() + ": snippet is " + event.status() + ":\n" + source + "\n" + problems(jshell, event.snippet()));
        }
      }
      remaining = info.remaining();
    }
  }

  /** The compiler's messages for a snippet, and the names it could not resolve. */
  private static String problems(JShell jshell, Snippet snippet) {
    Stream<String> diagnostics = jshell.diagnostics(snippet)
        .map(d -> d.getMessage(Locale.ROOT) + " (at " + d.getStartPosition() + ".." + d.getEndPosition() + ")");
    Stream<String> unresolved = snippet instanceof DeclarationSnippet declaration
        ? jshell.unresolvedDependencies(declaration).map(name -> "unresolved: " + name)
        : Stream.empty();
    return Stream.concat(diagnostics, unresolved).collect(Collectors.joining("\n"));
  }
}
