/**
 * The feature extractors of mlengine, behind one front door, {@link org.mlengine.features.Features}.
 *
 * <pre>{@code
 * Pipeline.builder()
 *     .target("Status")
 *     .add(Features.impute("Income").median())
 *     .add(Features.standardize("Income"))
 *     .add(Features.oneHot("Home"))
 *     .add(Features.meanEncoding("Job").smoothing(10));
 * }</pre>
 *
 * <p>API, by role:
 *
 * <ul>
 *   <li>Front door: {@link org.mlengine.features.Features} and its factories.
 *   <li>Steps users name (each an {@link org.mlengine.core.Extractor}):
 *       {@link org.mlengine.features.Features.OneHot}, {@link org.mlengine.features.Features.Impute},
 *       {@link org.mlengine.features.Features.Standardize},
 *       {@link org.mlengine.features.Features.MeanEncoding}; the policy
 *       {@link org.mlengine.features.Features.Unknown}.
 *   <li>Service providers, public only for {@link java.util.ServiceLoader} and not meant to be
 *       called: {@link org.mlengine.features.OneHotCodec}, {@link org.mlengine.features.ImputeCodec},
 *       {@link org.mlengine.features.StandardizeCodec},
 *       {@link org.mlengine.features.MeanEncodingCodec} (tags {@code one_hot}, {@code impute},
 *       {@code standardize}, {@code mean_encoding}).
 * </ul>
 *
 * <p>Everything else (the fitted transforms and the arithmetic) is package-private.
 */
package org.mlengine.features;
