package org.mlengine.core;

import org.mlengine.core.spi.Augmenter;
import org.mlengine.core.spi.Extractor;
import org.mlengine.core.spi.FitContext;
import org.mlengine.runtime.Schema;
import org.mlengine.runtime.Table;
import org.mlengine.runtime.spi.FittedTransform;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.BiFunction;

/** Fake augmenters for core tests (the real ones live in mlengine-features). */
final class TestAugmenters {
  private TestAugmenters() {}

  /**
   * Copies every training row {@code copies} times with {@code x1} moved by less than 0.01,
   * seeded by the seed and the row; added row {@code j} comes from training row {@code j / copies}.
   */
  static Augmenter jitter(int copies) {
    Map<String, Object> spec = new LinkedHashMap<>();
    spec.put("column", "x1");
    spec.put("copies", copies);
    return fake("jitter", List.of("x1"), spec, (train, seed) -> {
      int n = train.rowCount();
      int[] sources = new int[n * copies];
      double[] x1 = new double[n * copies];
      for (int r = 0; r < n; r++) {
        for (int c = 0; c < copies; c++) {
          SplittableRandom random = new SplittableRandom(seed * 1_000_003L + r * 31L + c);
          sources[r * copies + c] = r;
          x1[r * copies + c] = train.numeric("x1", r) + 0.01 * (random.nextDouble() - 0.5);
        }
      }
      return Augmentation.of(train.rows(sources).withNumeric("x1", x1), sources);
    });
  }

  /** An augmenter with this name, columns and spec that adds what {@code augment} returns. */
  static Augmenter fake(String name, List<String> columns, Map<String, Object> spec,
      BiFunction<Table, Long, Augmentation> augment) {
    return new Augmenter() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public List<String> columns() {
        return columns;
      }

      @Override
      public Map<String, Object> spec() {
        return spec;
      }

      @Override
      public void check(Schema schema, List<String> problems) {
        for (String c : columns) {
          if (schema.column(c).isEmpty()) {
            problems.add(name + " reads column '" + c + "', which is not in the table");
          }
        }
      }

      @Override
      public Augmentation augment(Table trainingPart, long seed) {
        return augment.apply(trainingPart, seed);
      }
    };
  }

  /** Thrown by {@link #capture()}'s step with the context the pipeline fits the first step on. */
  static final class Captured extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final transient FitContext context;

    Captured(FitContext context) {
      super("captured", null, false, false);
      this.context = context;
    }
  }

  /** A step that reads nothing and stops the fit with the {@link FitContext} it was given. */
  static Extractor capture() {
    return new Extractor() {
      @Override
      public String name() {
        return "capture";
      }

      @Override
      public List<String> columns() {
        return List.of();
      }

      @Override
      public void check(Schema schema, List<String> problems) {}

      @Override
      public FittedTransform fit(FitContext context) {
        throw new Captured(context);
      }

      @Override
      public Map<String, Object> spec() {
        return Map.of();
      }
    };
  }
}
