/**
 * Extension points of the runtime, for steps of your own: what a fitted step is ({@link
 * org.mlengine.runtime.spi.FittedTransform}, or {@link org.mlengine.runtime.spi.EventTransform}
 * for steps that read each row's past), how its state is written to a bundle ({@link
 * org.mlengine.runtime.spi.TransformCodec}, registered in {@code META-INF/services}), and its
 * optional row-at-a-time form for the predictor's fast path ({@link
 * org.mlengine.runtime.spi.RowKernel} over a {@link org.mlengine.runtime.spi.RowBuffer} laid out
 * by {@link org.mlengine.runtime.spi.Slots}). Each type says how stable it is with
 * {@code org.apiguardian.api.API}; members marked {@code INTERNAL} are for mlengine's engine.
 *
 * <pre>{@code
 * public final class ClampCodec implements TransformCodec {
 *   public String tag() { return "clamp"; }
 *   public ObjectNode write(FittedTransform t) { ... }
 *   public FittedTransform read(JsonNode state) { ... }
 * }
 * }</pre>
 */
package org.mlengine.runtime.spi;
