/**
 * Durable and shared stores of a {@link org.mlengine.runtime.History}, the recent past that
 * window and aggregate steps read at predict time, so that a restart or a second service instance
 * serves the same values as the in-memory history would; and the online feature store, which
 * holds feature views' values materialised for serving.
 *
 * <p>API:
 * <ul>
 *   <li>Embedded: {@link org.mlengine.serving.history.DiskHistory} (an append-only log on local
 *       disk with recovery on open and compaction by the retention; lookups from memory) and
 *       {@link org.mlengine.serving.history.FsyncPolicy} (when appends are forced to the disk:
 *       {@code ALWAYS} or every {@code INTERVAL}).
 *   <li>Shared: {@link org.mlengine.serving.history.RedisHistory} (events in Redis sorted sets,
 *       per source and key, for several service instances; needs {@code io.lettuce:lettuce-core}
 *       on the class path).
 *   <li>Online features: {@link org.mlengine.serving.history.OnlineStore} (the latest materialised
 *       values of each {@link org.mlengine.runtime.FeatureView} per entity, with expiry; in
 *       memory, on disk or in Redis; read by {@code predictor.withFeatures(store)}), {@link
 *       org.mlengine.serving.history.OnlineFeatures} (one entity's row).
 * </ul>
 *
 * <p>Every store answers {@link org.mlengine.runtime.History#events} exactly as {@link
 * org.mlengine.runtime.History#inMemory} does for the same appends, with the same errors.
 *
 * <pre>{@code
 * DiskHistory history = DiskHistory.open(dir, Retention.of(Duration.ofDays(120), 0),
 *     predictor.eventSources(), FsyncPolicy.always());
 * Predictor live = predictor.withHistory(history);
 * OnlineStore store = OnlineStore.onDisk(featuresDir, FsyncPolicy.always());
 * store.materialize(view, events, Instant.now());
 * Predictor served = predictor.withFeatures(store);
 * }</pre>
 */
package org.mlengine.serving.history;
