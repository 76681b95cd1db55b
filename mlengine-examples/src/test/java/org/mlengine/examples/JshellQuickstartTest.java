package org.mlengine.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs {@code jshell/quickstart.jsh} in the JDK's real {@code jshell} tool, as {@code ./mlengine
 * jshell mlengine-examples/jshell/quickstart.jsh} does: the same start-up scripts, the test class
 * path in place of the launcher's, the file given as an argument and {@code /exit} on standard
 * input. The real tool ends a snippet at the first line that is complete on its own, which the
 * {@code jdk.jshell} API given a whole file does not, so only the binary proves a file runs.
 */
class JshellQuickstartTest {
  /** Surefire's working directory is the module's base directory. */
  private static final Path STARTUP = Path.of("jshell/startup.jsh");
  private static final Path QUICKSTART = Path.of("jshell/quickstart.jsh");
  /** What {@code jshell} writes to standard error for a snippet that fails to compile or throws. */
  private static final Pattern PROBLEM = Pattern.compile("(?m)^(\\|\\s+)?(Error:|Exception |Caused by: )");

  @TempDir Path temp;

  @Test
  void quickstartJsh_inTheJshellTool_runsWithoutErrorsAndPrintsTheResult() throws Exception {
    assertTrue(Files.isRegularFile(QUICKSTART), () -> QUICKSTART.toAbsolutePath() + " not found; run the test from the module directory");

    Output output = jshell(QUICKSTART);

    output.assertNoProblems();
    // The shape line's "×" is printed in the platform's encoding, so any character is taken there.
    assertTrue(Pattern.compile("(?m)^4454 rows . 14 columns$").matcher(output.out()).find(), () -> "no table of 4454 rows:\n" + output);
    assertTrue(Pattern.compile("(?m)^  roc_auc  0\\.\\d{4} \\[0\\.\\d{4}, 0\\.\\d{4}\\]  baselines: zero_rule").matcher(output.out()).find(),
        () -> "no held-out roc_auc line with its interval and baselines:\n" + output);
    assertTrue(Pattern.compile("(?m)^predicted (good|bad) with P\\(bad\\) = 0\\.\\d+").matcher(output.out()).find(),
        () -> "no 'predicted ... with P(bad) = ...' line:\n" + output);
    assertFalse(output.err().contains("org.tribuo"), () -> "the start-up turns Tribuo's INFO lines down:\n" + output);
  }

  @Test
  void startup_calendar_isTheFeatureStepNotJavaUtil() throws Exception {
    Path script = temp.resolve("calendar.jsh");
    Files.writeString(script, "System.out.println(Calendar.class.getName());\n/exit\n");

    Output output = jshell(script);

    output.assertNoProblems();
    assertTrue(output.out().contains("org.mlengine.features.Calendar"), output::toString);
  }

  // ---- the check itself must fail loudly on what the tool reports ----

  @Test
  void jshell_chainWithLeadingDotsAndAThrowingSnippet_reportsBoth() throws Exception {
    Path broken = temp.resolve("broken.jsh");
    Files.writeString(broken, "String s = List.of(1)\n    .toString();\nif (true) throw new IllegalStateException(\"boom\");\n");

    Output output = jshell(broken);

    AssertionError e = assertThrows(AssertionError.class, output::assertNoProblems);
    assertTrue(e.getMessage().contains("illegal start of expression"), e::getMessage);
    assertTrue(e.getMessage().contains("IllegalStateException: boom"), e::getMessage);
  }

  // ---- harness ----

  /** What the tool printed on standard output and standard error. */
  private record Output(String out, String err) {
    void assertNoProblems() {
      List<String> problems = err.lines().filter(line -> PROBLEM.matcher(line).find()).collect(Collectors.toList());
      assertTrue(problems.isEmpty(), () -> "jshell reported " + problems + ":\n" + this);
    }

    @Override
    public String toString() {
      return "--- standard output ---\n" + out + "\n--- standard error ---\n" + err;
    }
  }

  /**
   * Runs {@code jshell --class-path <test class path> --startup DEFAULT --startup jshell/startup.jsh
   * <script>} with {@code /exit} on standard input, as {@code ./mlengine jshell <script>} does. Its
   * preferences (where {@code /set start} would persist) go to a temporary directory.
   */
  private Output jshell(Path script) throws IOException, InterruptedException {
    Path binary = Path.of(System.getProperty("java.home"), "bin", "jshell");
    assertTrue(Files.isExecutable(binary), () -> binary + " not found; the tests need a JDK, not a JRE");
    String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    Path out = temp.resolve("out.txt");
    Path err = temp.resolve("err.txt");
    Process process = new ProcessBuilder(binary.toString(), "-J-Djava.util.prefs.userRoot=" + temp.resolve("prefs"),
        "--class-path", classPath, "--startup", "DEFAULT", "--startup", STARTUP.toString(), script.toString())
        .redirectOutput(out.toFile())
        .redirectError(err.toFile())
        .start();
    process.getOutputStream().write("/exit\n".getBytes(StandardCharsets.UTF_8));
    process.getOutputStream().close();
    if (!process.waitFor(5, TimeUnit.MINUTES)) {
      process.destroyForcibly();
      throw new AssertionError("jshell did not finish " + script + " within 5 minutes:\n"
          + new Output(text(out), text(err)));
    }
    Output output = new Output(text(out), text(err));
    assertEquals(0, process.exitValue(), () -> "jshell exited with " + process.exitValue() + ":\n" + output);
    return output;
  }

  /** A file's text, with anything not UTF-8 replaced rather than refused. */
  private static String text(Path file) throws IOException {
    return new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
  }
}
