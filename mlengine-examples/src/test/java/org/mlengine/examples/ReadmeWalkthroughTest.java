package org.mlengine.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * README.md's "Walk-through" runs as a newcomer would: every {@code ```bash} block, in order, in
 * a fresh copy of the repository (the files {@code git} tracks or would add, no {@code target}
 * folders, so {@code ./mlengine} builds on first use), each of which must exit 0 and print the
 * lines of the {@code ```text} block under it, in order. A block marked
 * {@code <!-- walkthrough: skip -->} is shown but not run.
 */
class ReadmeWalkthroughTest {
  private static final Path REPO = Path.of("..");
  private static final Pattern FENCE = Pattern.compile("(?m)^(<!-- walkthrough: skip -->\\n)?```(\\w+)\\n(.*?)^```$",
      Pattern.DOTALL);

  /** One {@code bash} block: its commands, whether it runs, and the lines it must print. */
  record Step(String commands, boolean skipped, List<String> expected) {}

  @Test
  void walkthrough_inAFreshCopy_everyStepRunsAndPrintsWhatTheReadmeShows(@TempDir Path temp) throws Exception {
    List<Step> steps = steps(Files.readString(REPO.resolve("README.md"), StandardCharsets.UTF_8));
    assertEquals(6, steps.size(), "the walk-through's bash blocks: update this count when adding or removing one");
    Path copy = freshCopy(temp.resolve("mlengine"));
    for (Step step : steps) {
      if (step.skipped()) {
        continue;
      }
      String output = run(step.commands(), copy);
      assertPrintsInOrder(step, output);
    }
  }

  @Test
  void assertPrintsInOrder_missingOrReorderedLine_failsNamingIt() {
    Step step = new Step("./mlengine quickstart", false, List.of("wrote credit.mlb (bundle <id>)", "done"));
    assertPrintsInOrder(step, "x\nwrote credit.mlb (bundle 12ab)\ny\ndone\n");
    AssertionError e = assertThrows(AssertionError.class, () -> assertPrintsInOrder(step, "done\nwrote credit.mlb (bundle 1)\n"));
    assertTrue(e.getMessage().startsWith("README walk-through step './mlengine quickstart' did not print 'done' after"),
        e::getMessage);
  }

  @Test
  void steps_readmeText_pairsEachBashBlockWithTheTextBlockUnderIt() {
    String readme = "# x\n## Walk-through\n1. a\n\n```bash\necho a\n```\n\n```text\na\n```\n"
        + "<!-- walkthrough: skip -->\n```bash\nmvn -B verify\n```\n\n## Next\n```bash\nnot me\n```\n";
    assertEquals(List.of(new Step("echo a\n", false, List.of("a")), new Step("mvn -B verify\n", true, List.of())), steps(readme));
  }

  /** The walk-through section's bash blocks, each with the text block that follows it, if any. */
  static List<Step> steps(String readme) {
    int start = readme.indexOf("\n## Walk-through\n");
    assertTrue(start >= 0, "README.md has no '## Walk-through' section");
    int end = readme.indexOf("\n## ", start + 1);
    Matcher fence = FENCE.matcher(readme.substring(start, end < 0 ? readme.length() : end));
    List<Step> steps = new ArrayList<>();
    while (fence.find()) {
      String language = fence.group(2);
      if (language.equals("bash")) {
        steps.add(new Step(fence.group(3), fence.group(1) != null, List.of()));
      } else if (language.equals("text") && !steps.isEmpty()) {
        Step last = steps.remove(steps.size() - 1);
        steps.add(new Step(last.commands(), last.skipped(), fence.group(3).lines().filter(l -> !l.isBlank()).toList()));
      }
    }
    return steps;
  }

  /** Each expected line, {@code <...>} matching one word, appears in the output after the one before it. */
  static void assertPrintsInOrder(Step step, String output) {
    int from = 0;
    String previous = "the start";
    for (String line : step.expected()) {
      StringBuilder regex = new StringBuilder("(?m)^");
      for (String part : line.split("<[^<>\\s]+>", -1)) {
        regex.append(Pattern.quote(part)).append("\\S+");
      }
      regex.setLength(regex.length() - 3);
      Matcher matcher = Pattern.compile(regex.append("\\s*$").toString()).matcher(output);
      if (!matcher.find(from)) {
        throw new AssertionError("README walk-through step '" + step.commands().strip() + "' did not print '" + line
            + "' after '" + previous + "'; it printed:\n" + output);
      }
      from = matcher.end();
      previous = line;
    }
  }

  /** The repository's files as a fresh clone has them: tracked or addable, nothing git ignores. */
  private static Path freshCopy(Path copy) throws IOException, InterruptedException {
    Process git = new ProcessBuilder("git", "ls-files", "-z", "--cached", "--others", "--exclude-standard")
        .directory(REPO.toFile()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    byte[] listing = git.getInputStream().readAllBytes();
    assertEquals(0, git.waitFor(), "git ls-files failed in " + REPO.toAbsolutePath());
    for (String file : new String(listing, StandardCharsets.UTF_8).split("\0")) {
      Path source = REPO.resolve(file);
      if (file.isEmpty() || !Files.isRegularFile(source)) {
        continue;   // a file deleted in the working tree but still tracked
      }
      Path target = copy.resolve(file);
      Files.createDirectories(target.getParent());
      Files.copy(source, target, java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
    }
    return copy;
  }

  /** Runs a block's commands with bash in {@code directory}; its output, standard error included. */
  private static String run(String commands, Path directory) throws IOException, InterruptedException {
    Path log = Files.createTempFile(directory.getParent(), "step", ".log");
    ProcessBuilder builder = new ProcessBuilder("bash", "-euo", "pipefail", "-c", commands)
        .directory(directory.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
    builder.environment().put("LC_ALL", "C.UTF-8");   // a newcomer's terminal speaks UTF-8
    Process process = builder.start();
    process.getOutputStream().close();   // JShell reads its commands from the file, then ends
    boolean finished = process.waitFor(15, TimeUnit.MINUTES);
    String output = Files.readString(log, StandardCharsets.UTF_8);
    if (!finished) {
      process.destroyForcibly();
      throw new AssertionError("README walk-through step '" + commands.strip() + "' ran more than 15 minutes:\n" + output);
    }
    assertEquals(0, process.exitValue(), () -> "README walk-through step '" + commands.strip() + "' failed:\n" + output);
    return output;
  }
}
