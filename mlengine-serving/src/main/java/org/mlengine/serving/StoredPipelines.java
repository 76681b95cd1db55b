package org.mlengine.serving;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.mlengine.runtime.FeatureView;
import org.mlengine.runtime.FittedPipeline;
import org.mlengine.runtime.internal.RuntimeAccess;
import org.mlengine.runtime.internal.steps.ViewTransform;
import org.mlengine.runtime.spi.FittedTransform;
import org.mlengine.serving.history.OnlineStore;

/**
 * A fitted pipeline whose feature-view steps read an online store ({@link StoredFeatures})
 * instead of a history, every other step, the model and its calibration unchanged.
 *
 * <pre>{@code
 * FittedPipeline served = StoredPipelines.reading(bundle.pipeline(), store, bundle.id());
 * OnlineStore same = StoredPipelines.storeOf(served).orElseThrow();
 * }</pre>
 */
final class StoredPipelines {
  private StoredPipelines() {}

  static FittedPipeline reading(FittedPipeline pipeline, OnlineStore store, String bundleId) {
    List<FeatureView> views = pipeline.featureViews();
    if (views.isEmpty()) {
      throw new IllegalStateException("bundle " + bundleId + " uses no feature view" + (pipeline.transforms().stream()
          .anyMatch(t -> t instanceof StoredFeatures) ? " that is not already read from an online store" : "")
          + ", so an online store has nothing to serve it; an online store serves the values of feature views (train with"
          + " Features.view(featureStore, \"name\")), and window steps of a pipeline read a History (predictor.withHistory)");
    }
    for (FeatureView v : views) {
      store.requireSame(v);
    }
    List<FittedTransform> steps = new ArrayList<>();
    for (FittedTransform t : pipeline.transforms()) {
      steps.add(t instanceof ViewTransform v ? new StoredFeatures(v.view(), store) : t);
    }
    var access = RuntimeAccess.pipelines();
    return access.create(pipeline.inputSchema(), pipeline.target(), pipeline.task(), pipeline.classes(), steps,
        access.layout(pipeline), access.model(pipeline)).withCalibration(pipeline.calibration());
  }

  /** The online store the pipeline's feature views are read from, if they are read from one. */
  static Optional<OnlineStore> storeOf(FittedPipeline pipeline) {
    for (FittedTransform t : pipeline.transforms()) {
      if (t instanceof StoredFeatures s) {
        return Optional.of(s.store());
      }
    }
    return Optional.empty();
  }
}
