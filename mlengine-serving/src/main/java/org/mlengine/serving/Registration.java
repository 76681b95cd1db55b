package org.mlengine.serving;

import java.util.Map;
import java.util.TreeMap;
import org.mlengine.runtime.internal.Immutables;

/**
 * Who registers a bundle in a {@link ModelRegistry}, why, and the free-form tags to keep with
 * the version; the registry adds the time, the bundle its id, lineage and metrics.
 *
 * <pre>{@code
 * ModelVersion v = registry.register("credit", Path.of("credit.mlb"),
 *     Registration.by("ana", "weekly retrain").withTag("data", "2026-12"));
 * }</pre>
 *
 * @param by who registers it (a person or a job), not blank
 * @param reason why, not blank
 * @param tags labels by key: keys of 1 to 250 characters, values of at most 5000
 */
public record Registration(String by, String reason, Map<String, String> tags) {
  /** Checks who and why and every tag, and copies the tags into an immutable sorted map. */
  public Registration {
    RegistryNames.given(by, "by");
    RegistryNames.given(reason, "reason");
    if (tags == null) {
      throw new IllegalArgumentException("tags is null; expected a map of tag keys to values. Pass Map.of() for none.");
    }
    tags.forEach(RegistryNames::tag);
    tags = Immutables.sortedMap(tags);
  }

  /** A registration by {@code who} for {@code why}, without tags. */
  public static Registration by(String who, String why) {
    return new Registration(who, why, Map.of());
  }

  /** A copy with one more tag (or {@code key}'s value replaced). */
  public Registration withTag(String key, String value) {
    RegistryNames.tag(key, value);
    Map<String, String> more = new TreeMap<>(tags);
    more.put(key, value);
    return new Registration(by, reason, more);
  }
}
