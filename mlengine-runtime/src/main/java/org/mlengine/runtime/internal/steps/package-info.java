/**
 * Internal: the apply-time kernels of the built-in feature steps. Not API; no compatibility
 * promise. Everything here may change or move in any release; users reach these steps through
 * {@code org.mlengine.features.Features}.
 *
 * <p>What a saved bundle needs to apply a fitted step, and nothing else: the fitted transforms
 * ({@code *Transform}), their state codecs ({@code *Codec}, a closed registry listed in {@link
 * org.mlengine.runtime.internal.steps.BuiltInSteps}: the bundle reader finds them by tag
 * without a service loader), and the helpers they need at apply time. Being in the runtime, it
 * cannot reach the fit side, ND4J or Tribuo (the module arrows forbid it; ArchitectureTest
 * checks the bytecode). mlengine-features builds these types, which is why some are public.
 *
 * <p>By role:
 *
 * <ul>
 *   <li>Registry: {@link org.mlengine.runtime.internal.steps.BuiltInSteps}.
 *   <li>Fitted transforms, one per tag: {@code OneHotTransform}, {@code ImputeTransform},
 *       {@code StandardizeTransform}, {@code MeanEncodingTransform}, {@code GroupRareTransform},
 *       {@code WeightOfEvidenceTransform}, {@code FrequencyEncodingTransform}, {@code
 *       SineCosineTransform}, {@code CalendarTransform}, {@code ScaleTransform} (min_max,
 *       robust_scale), {@code Log1pTransform}, {@code ClipTransform}, {@code
 *       QuantileBinsTransform}, {@code BagOfWordsTransform}, {@code HashingTransform}, {@code
 *       LsaTransform}, {@code LdaTransform}, {@code EmbeddingTransform}, {@code
 *       WindowTransform}, {@code AggregateTransform}.
 *   <li>Codecs: one {@code *Codec} per tag.
 *   <li>Values the fit side builds: {@link org.mlengine.runtime.internal.steps.TokenizerSettings},
 *       {@link org.mlengine.runtime.internal.steps.TextAnalyzer}, {@link
 *       org.mlengine.runtime.internal.steps.VectorNorm}, {@link org.mlengine.runtime.internal.steps.UnknownPolicy},
 *       {@link org.mlengine.runtime.internal.steps.CalendarField}, {@link
 *       org.mlengine.runtime.internal.steps.CategoryGrouping}, {@link
 *       org.mlengine.runtime.internal.steps.AggregateDefinition}.
 *   <li>Apply engines and helpers: window statistics ({@code WindowEngine}, {@code Moments},
 *       {@code OrderStatistics}, {@code ExactSum}), aggregates ({@code AggregateEvents}, {@code
 *       AggregateValues}), text and topic vectors ({@code TextVectors}, {@code TopicTerms},
 *       {@code TopicColumns}, {@code WordPairIndex}), state JSON ({@code StateJson}, {@code
 *       TextStates}, {@code TopicStates}, {@code ScaleCodecs}) and input checks ({@code Inputs}).
 * </ul>
 */
package org.mlengine.runtime.internal.steps;
