package org.mlengine.runtime.internal;

import java.util.List;
import java.util.Optional;
import org.mlengine.runtime.FittedPipeline;
import org.mlengine.runtime.ModelBundle;
import org.mlengine.runtime.Schema;
import org.mlengine.runtime.Task;
import org.mlengine.runtime.spi.FittedTransform;

/**
 * The engine's way into the runtime's API types, for mlengine's own modules (core builds
 * pipelines and bundles, the predictor scores rows): those types keep their engine members
 * package-private and hand them over here when they are first initialized, as the JDK's
 * {@code SharedSecrets} do. Not API; no compatibility promise.
 *
 * <pre>{@code
 * FittedPipeline fitted = RuntimeAccess.pipelines().create(schema, target, task, classes, steps, layout, model);
 * Optional<RowScorer> rows = RuntimeAccess.pipelines().rowScorer(fitted);
 * }</pre>
 */
public final class RuntimeAccess {
  private static Pipelines pipelines;
  private static Bundles bundles;

  private RuntimeAccess() {}

  /** What {@link FittedPipeline} lets the engine do. */
  public interface Pipelines {
    /** A fitted pipeline of these parts, compiled for single rows where every step can be. */
    FittedPipeline create(Schema inputSchema, String target, Task task, List<String> classes, List<FittedTransform> transforms,
        FeatureMatrix.Layout layout, ScoringModel model);

    /** The compiled model. */
    ScoringModel model(FittedPipeline pipeline);

    /** How the steps' output columns become the model's features. */
    FeatureMatrix.Layout layout(FittedPipeline pipeline);

    /** The pipeline compiled for one row at a time; empty when a step has no row form. */
    Optional<RowScorer> rowScorer(FittedPipeline pipeline);
  }

  /** What {@link ModelBundle} lets the engine do. */
  public interface Bundles {
    /** Starts a new bundle of a fitted pipeline: no label, no parent, this library's version, made now. */
    ModelBundle.Builder builder(FittedPipeline pipeline);
  }

  /** Called once, by {@link FittedPipeline}'s initializer. */
  public static synchronized void register(Pipelines access) {
    if (pipelines != null) {
      throw new IllegalStateException("FittedPipeline's engine access is already registered");
    }
    pipelines = access;
  }

  /** Called once, by {@link ModelBundle}'s initializer. */
  public static synchronized void register(Bundles access) {
    if (bundles != null) {
      throw new IllegalStateException("ModelBundle's engine access is already registered");
    }
    bundles = access;
  }

  /** The engine's access to fitted pipelines. */
  public static Pipelines pipelines() {
    initialize(FittedPipeline.class);
    return pipelines;
  }

  /** The engine's access to bundles. */
  public static Bundles bundles() {
    initialize(ModelBundle.class);
    return bundles;
  }

  private static void initialize(Class<?> type) {
    try {
      Class.forName(type.getName(), true, type.getClassLoader());
    } catch (ClassNotFoundException e) {
      throw new IllegalStateException(type.getName() + " is not on the class path of the runtime that loaded it", e);
    }
  }
}
