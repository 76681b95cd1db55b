package org.mlengine.serving;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.mlengine.runtime.internal.Immutables;

/**
 * One registered version of a model in a {@link ModelRegistry}: immutable once registered.
 * {@code number} counts from 1 per model; the bundle's id, lineage and metrics come from the
 * bundle's own manifest; who, when, why and the tags from the registration.
 *
 * <pre>{@code
 * ModelVersion v = registry.version("credit", "production").orElseThrow();
 * System.out.println(v.model() + " v" + v.number() + " " + v.bundleId() + " auc=" + v.metrics().get("roc_auc"));
 * }</pre>
 *
 * @param model the registered model's name
 * @param number the version number, 1 for the model's first
 * @param bundleId the bundle's content id
 * @param parentBundleId the bundle it was derived from, if its manifest names one
 * @param metrics the bundle's held-out metrics by name, as its manifest holds them
 * @param tags free-form labels given at registration
 * @param registeredBy who registered it
 * @param registeredAt when it was registered
 * @param reason why it was registered
 * @param bytes the bundle file's size in bytes
 */
public record ModelVersion(String model, int number, String bundleId, Optional<String> parentBundleId,
    Map<String, Double> metrics, Map<String, String> tags, String registeredBy, Instant registeredAt, String reason,
    long bytes) {
  /** Checks the fields and copies the maps into immutable sorted maps. */
  public ModelVersion {
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(bundleId, "bundleId");
    Objects.requireNonNull(parentBundleId, "parentBundleId");
    metrics = Immutables.sortedMap(metrics);
    tags = Immutables.sortedMap(tags);
    Objects.requireNonNull(registeredBy, "registeredBy");
    Objects.requireNonNull(registeredAt, "registeredAt");
    Objects.requireNonNull(reason, "reason");
    if (number < 1) {
      throw new IllegalArgumentException("version number " + number + " of model '" + model + "'; versions count from 1");
    }
  }
}
