package org.mlengine.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code mlengine quickstart} on a real terminal: the command runs in a child JVM under
 * util-linux's {@code script}, which gives it a pseudo-terminal, so {@code System.console()} is
 * there as it is for a user at a shell; the live progress line must then be redrawn while each
 * long step runs and end with its time. ({@code CliTest} covers the plain lines a pipe gets.)
 */
class TerminalProgressTest {
  private static final Path SCRIPT = Path.of("/usr/bin/script");

  @Test
  void quickstart_onATerminal_redrawsALiveLinePerLongStep(@TempDir Path dir) throws Exception {
    assumeTrue(Files.isExecutable(SCRIPT), "util-linux's script (Debian's bsdutils, always installed) is missing");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String command = String.join(" ", List.of(quote(java), "-cp", quote(System.getProperty("java.class.path")),
        "org.mlengine.examples.Cli", "quickstart"));
    Path transcript = dir.resolve("terminal.txt");
    // -q: no "Script started" lines; -e: script exits with the command's code; -c: run it.
    Process process = new ProcessBuilder(SCRIPT.toString(), "-q", "-e", "-c", command, transcript.toString())
        .directory(dir.toFile()).redirectErrorStream(true).redirectOutput(dir.resolve("script-out.txt").toFile())
        .redirectInput(ProcessBuilder.Redirect.PIPE).start();
    process.getOutputStream().close();
    assertTrue(process.waitFor(5, TimeUnit.MINUTES), "quickstart under script did not finish in 5 minutes");
    String transcribed = Files.readString(transcript, StandardCharsets.UTF_8);
    // The transcript's first line repeats the command (with its long class path): skip it.
    String screen = transcribed.substring(transcribed.indexOf('\n') + 1);
    assertEquals(0, process.exitValue(), screen);

    for (String step : List.of("fitting the pipeline on 4454 rows", "writing the evaluation report")) {
      String live = Pattern.quote(step) + "\\.\\.\\. \\d+ s   ";
      Matcher redraws = Pattern.compile("\r" + live).matcher(screen);
      assertTrue(redraws.find(), "no live line for '" + step + "' in:\n" + screen);
      assertTrue(Pattern.compile("\r" + Pattern.quote(step) + "\\.\\.\\. done in \\d+\\.\\d s   \r?\n").matcher(screen).find(),
          "the live line for '" + step + "' does not end with its time:\n" + screen);
    }
    assertFalse(screen.contains("fitting the pipeline on 4454 rows...\r\n"),
        "on a terminal the plain 'starting' line of a pipe must not appear:\n" + screen);
    assertTrue(screen.contains("roc_auc"), "the quickstart's own output is on the terminal too:\n" + screen);
    assertTrue(Files.isRegularFile(dir.resolve("credit.mlb")), "the bundle is written in the working directory");
  }

  private static String quote(String word) throws IOException {
    if (word.contains("'")) {
      throw new IOException("cannot quote a path with a single quote for the shell: " + word);
    }
    return "'" + word + "'";
  }
}
