package org.mlengine.core;

import org.mlengine.core.spi.Extractor;
import org.mlengine.core.spi.FitContext;
import org.mlengine.runtime.internal.RuntimeAccess;
import org.mlengine.runtime.Audit;
import org.mlengine.runtime.FittedPipeline;
import org.mlengine.runtime.History;
import org.mlengine.runtime.ModelBundle;
import org.mlengine.runtime.Retention;
import org.mlengine.runtime.Schema;
import org.mlengine.runtime.Scores;
import org.mlengine.runtime.Table;
import org.mlengine.runtime.internal.RowScorer;
import org.mlengine.runtime.spi.FittedTransform;
import org.mlengine.runtime.spi.RowBuffer;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How a pipeline runs event steps: first, over the whole table, and the same way after loading. */
class EventStepPipelineTest {
  private static final Instant T0 = Instant.parse("2024-01-01T00:00:00Z");

  private static Table days(int n) {
    Instant[] t = new Instant[n];
    double[] y = new double[n];
    double[] f = new double[n];
    Random random = new Random(3);
    for (int i = 0; i < n; i++) {
      t[i] = T0.plus(Duration.ofDays(i));
      y[i] = i * 0.5 + random.nextGaussian();
      f[i] = random.nextGaussian();
    }
    return Table.builder().timestamp("t", t).numeric("f", f).numeric("y", y).build();
  }

  private static Pipeline.Builder builder() {
    return Pipeline.builder().target("y").split(Split.timeOrdered("t", 0.7)).trainer(Trainers.linearSgd().epochs(2)).bootstrap(0).seed(1);
  }

  @Test
  void build_eventStepAfterAnotherStep_orWithARandomSplit_isRefused() {
    Extractor other = new Extractor() {
      @Override
      public String name() {
        return "other";
      }

      @Override
      public List<String> columns() {
        return List.of("f");
      }

      @Override
      public void check(Schema schema, List<String> problems) {}

      @Override
      public FittedTransform fit(FitContext context) {
        throw new AssertionError("build() fits nothing");
      }

      @Override
      public java.util.Map<String, Object> spec() {
        return java.util.Map.of();
      }
    };
    IllegalArgumentException late = assertThrows(IllegalArgumentException.class,
        () -> builder().add(other, new PreviousValue("y", "t")).build());
    assertEquals("the pipeline is not complete:\n- previous is added after a step that is not a window or aggregate; window and"
        + " aggregate steps run over the whole table before the split, so add them first.", late.getMessage());
    IllegalArgumentException random = assertThrows(IllegalArgumentException.class,
        () -> builder().split(Split.random(0.8)).add(new PreviousValue("y", "t")).build());
    assertEquals("the pipeline is not complete:\n- previous reads earlier rows of the table, and a random split puts rows of one"
        + " time on both sides, so training rows' windows would hold held-out values. Use Split.timeOrdered(\"time column\","
        + " 0.8) (with .gap(...) for a forecast horizon), or Split.group by the entity.", random.getMessage());
  }

  @Test
  void build_windowUnderAGroupSplitByAnotherColumn_isRefused() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> builder().split(Split.group("f", 0.8)).add(new PreviousValue("y", "t")).build());
    assertEquals("the pipeline is not complete:\n- previous reads earlier rows of the table, and the group split by 'f' is not its"
        + " entity, so a training row's window would hold held-out rows of other groups. Make the window by(\"f\"), or"
        + " Split.timeOrdered(\"time column\", 0.8) (with .gap(...) for a forecast horizon), or Split.group by the entity.", e.getMessage());
  }

  @Test
  void fit_heldOutRowsWindows_holdTheTrainingRowsBeforeThem() {
    Table table = days(30);
    PipelineResult result = builder().add(new PreviousValue("y", "t")).build().fit(table);

    assertEquals(List.of("t", "f"), result.pipeline().inputSchema().names(), "the target and the step's output are not inputs");
    int firstTest = result.partition().test().get(0);
    Table features = result.pipeline().transform(table);
    assertEquals(table.numeric("y", firstTest - 1), features.numeric("y_previous", firstTest), "the last training day");
    assertEquals(0.0, features.numeric("y_previous", 0), "nothing before the first day");

    double[] heldOut = result.testOutcomes().predictedValues();
    Scores all = result.pipeline().score(table);
    for (int i = 0; i < heldOut.length; i++) {
      assertEquals(all.value(result.partition().test().get(i)), heldOut[i], "test row " + i);
    }
  }

  @Test
  void transform_withAHistory_readsThePastFromItNotFromTheTable(@TempDir Path dir) throws IOException {
    Table table = days(30);
    PipelineResult result = builder().add(new PreviousValue("y", "t")).build().fit(table);
    History history = History.inMemory(Retention.unbounded(), result.pipeline().eventSources());
    history.appendAll(History.ROWS, table.rows(new int[] {0, 1, 2, 3, 4}));

    Table requests = table.rows(new int[] {5, 9}).drop("y");
    assertArrayEquals(new double[] {table.numeric("y", 4), table.numeric("y", 4)},
        result.pipeline().transform(requests, history).numericColumn("y_previous"));

    result.bundle().save(dir.resolve("b.mlb"));
    FittedPipeline loaded = ModelBundle.load(dir.resolve("b.mlb")).pipeline();
    assertEquals(result.pipeline().eventSources(), loaded.eventSources());
    RowScorer scorer = RuntimeAccess.pipelines().rowScorer(loaded).orElseThrow();
    RowBuffer row = scorer.newBuffer();
    row.setNumber(scorer.inputSlot(0), table.timestamp("t", 9));
    row.setNumber(scorer.inputSlot(1), table.numeric("f", 9));
    IllegalStateException noHistory = assertThrows(IllegalStateException.class, () -> scorer.score(row));
    assertEquals("previous needs a history", noHistory.getMessage());
    row.setHistory(history);
    assertEquals(loaded.score(requests, history).value(1), scorer.score(row)[0]);
  }

  @Test
  void fit_droppedColumnReadByAWindow_isNotAnInputButItsPastCounts() {
    Table table = days(30);
    PipelineResult result = builder().add(new PreviousValue("f", "t")).drop("f").build().fit(table);
    assertEquals(List.of("t"), result.pipeline().inputSchema().names());
    assertEquals(List.of("f_previous"), result.pipeline().featureNames());
    assertEquals(table.numeric("f", 10), result.pipeline().transform(table).numeric("f_previous", 11));
  }

  @Test
  void fit_stepsAfterAnEventStep_areAuditedAgainstTheTrainingRowsWithTheirWindowColumns() {
    Table table = days(30);
    Audit audit = builder().add(new PreviousValue("y", "t"), new Unchanged("f")).strictAudit().build().fit(table).audit();
    assertEquals(List.of(), audit.findings());
    assertEquals(1, audit.fittedOn().size(), "the event step learns nothing and is not listed");
  }
}
