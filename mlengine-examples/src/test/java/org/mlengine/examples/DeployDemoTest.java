package org.mlengine.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mlengine.serving.AliasMove;
import org.mlengine.serving.ModelRegistry;

/** The deployment demo end to end on the credit data: what each phase prints, and what the registry holds afterwards. */
class DeployDemoTest {
  @TempDir static Path dir;
  private static String output;

  @BeforeAll
  static void run() throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    DeployDemo.run(Quickstart.creditData(), dir.resolve("registry"), new PrintStream(bytes, true, StandardCharsets.UTF_8));
    output = bytes.toString(StandardCharsets.UTF_8);
  }

  @Test
  void shadow_scoresEveryTrafficRequestOnTheSide() {
    Matcher m = Pattern.compile("shadow: (\\d+) requests answered by the champion \\(accuracy 0\\.\\d+\\); the candidate scored"
        + " (\\d+) on the side \\((\\d+) dropped, (\\d+) failed\\): same label on (\\d+\\.\\d)%").matcher(output);
    assertTrue(m.find(), output);
    int traffic = Integer.parseInt(m.group(1));
    assertEquals(4454 - DeployDemo.FITTED_ROWS, traffic);
    assertEquals(traffic, Integer.parseInt(m.group(2)) + Integer.parseInt(m.group(3)), output);
    assertEquals("0", m.group(4), output);
    double agreement = Double.parseDouble(m.group(5));
    assertTrue(agreement > 70 && agreement < 100, output);
  }

  @Test
  void canary_keepsEveryApplicantOnOneSide_andSendsItsShare() {
    Matcher m = Pattern.compile("canary \\(share 0\\.20, sticky by applicant, two passes\\): 0 applicants changed model,"
        + " champion (\\d+) requests \\(accuracy 0\\.\\d+\\), canary (\\d+) requests").matcher(output);
    assertTrue(m.find(), output);
    double share = Integer.parseInt(m.group(2)) / (double) (Integer.parseInt(m.group(1)) + Integer.parseInt(m.group(2)));
    assertTrue(Math.abs(share - DeployDemo.CANARY_SHARE) < 0.04, "canary share " + share + "\n" + output);
  }

  @Test
  void promoteAndRollback_swapTheServingBundleLive() {
    Matcher serving = Pattern.compile("serving production v1: bundle (\\w{12})").matcher(output);
    Matcher promoted = Pattern.compile("promoted v2: the deployment swapped live \\(1 swaps\\), now bundle (\\w{12})").matcher(output);
    Matcher back = Pattern.compile("rolled back to v1: 2 swaps, now bundle (\\w{12})").matcher(output);
    assertTrue(serving.find() && promoted.find() && back.find(), output);
    assertTrue(!serving.group(1).equals(promoted.group(1)) && serving.group(1).equals(back.group(1)), output);
  }

  @Test
  void limits_sendUnsureAnswersToTheFallback_andSayWhy() {
    Matcher m = Pattern.compile("v2 within Limits\\[.*\\], v1 standing in: \\{MODEL=(\\d+), FALLBACK=(\\d+)\\}; e\\.g\\. \"(.+?)\"; an applicant"
        + " with an income of 25000: FALLBACK by v1 \\(column 'Income' is 25000, above the training range").matcher(output);
    assertTrue(m.find(), output);
    assertEquals(4454 - DeployDemo.FITTED_ROWS, Integer.parseInt(m.group(1)) + Integer.parseInt(m.group(2)));
    assertTrue(Integer.parseInt(m.group(2)) > 0, output);
  }

  @Test
  void registry_holdsTheWholeHistory() throws Exception {
    try (ModelRegistry registry = ModelRegistry.inDirectory(dir.resolve("registry"))) {
      List<AliasMove.Kind> kinds = registry.history(DeployDemo.MODEL).stream().map(AliasMove::kind).toList();
      assertEquals(List.of(AliasMove.Kind.PROMOTE, AliasMove.Kind.PROMOTE, AliasMove.Kind.PROMOTE, AliasMove.Kind.ROLLBACK), kinds);
      assertEquals(1, registry.version(DeployDemo.MODEL, "production").orElseThrow().number());
    }
    assertTrue(output.contains("#4 ROLLBACK production: v2 -> v1 by demo (the demo rolls back to show the undo)"), output);
  }
}
