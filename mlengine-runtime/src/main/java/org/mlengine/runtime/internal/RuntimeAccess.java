package org.mlengine.runtime.internal;

import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.mlengine.runtime.FittedPipeline;
import org.mlengine.runtime.ModelBundle;
import org.mlengine.runtime.Schema;
import org.mlengine.runtime.Table;
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
  private static volatile Pipelines pipelines;
  private static volatile Bundles bundles;
  private static volatile Tables tables;

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

  /** What {@link Table} lets the engine do: its typed columns, without copies. */
  public interface Tables {
    /** A table of these columns, which the caller hands over and never changes again. */
    Table of(List<Column> columns);

    /** The column of this name. */
    Column column(Table table, String name);

    /** Every column, in order. */
    List<Column> columns(Table table);

    /** The numeric column's own array, for reading only. */
    double[] numericColumnRef(Table table, String name);

    /** Adds a typed column to a table being built. */
    Table.Builder add(Table.Builder builder, Column column);
  }

  /** Called once, by {@link Table}'s initializer. */
  public static synchronized void register(Tables access) {
    if (tables != null) {
      throw new IllegalStateException("Table's engine access is already registered; only that class's own static initializer registers it, once");
    }
    tables = access;
  }

  /** The engine's access to tables' columns. */
  public static Tables tables() {
    Tables access = tables;
    return access != null ? access : registered(Table.class, () -> tables);
  }

  /** Called once, by {@link FittedPipeline}'s initializer. */
  public static synchronized void register(Pipelines access) {
    if (pipelines != null) {
      throw new IllegalStateException("FittedPipeline's engine access is already registered; only that class's own static initializer registers it, once");
    }
    pipelines = access;
  }

  /** Called once, by {@link ModelBundle}'s initializer. */
  public static synchronized void register(Bundles access) {
    if (bundles != null) {
      throw new IllegalStateException("ModelBundle's engine access is already registered; only that class's own static initializer registers it, once");
    }
    bundles = access;
  }

  /** The engine's access to fitted pipelines. */
  public static Pipelines pipelines() {
    Pipelines access = pipelines;
    return access != null ? access : registered(FittedPipeline.class, () -> pipelines);
  }

  /** The engine's access to bundles. */
  public static Bundles bundles() {
    Bundles access = bundles;
    return access != null ? access : registered(ModelBundle.class, () -> bundles);
  }

  /**
   * The access {@code type} registers in its static initializer, initializing it first: the slow
   * path, taken once; afterwards callers read the registered field only.
   */
  private static <T> T registered(Class<?> type, Supplier<T> access) {
    try {
      Class.forName(type.getName(), true, type.getClassLoader());
    } catch (ClassNotFoundException e) {
      throw new IllegalStateException(type.getName() + " is not on the class path of the runtime that loaded it", e);
    }
    T registered = access.get();
    if (registered == null) {
      throw new IllegalStateException(type.getName() + "'s engine access was asked for while " + type.getSimpleName()
          + " is being initialized; register it first in its static initializer, before any field that uses it");
    }
    return registered;
  }
}
