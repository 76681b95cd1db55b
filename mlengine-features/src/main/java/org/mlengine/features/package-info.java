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
 * <p>This package is the fit side: the steps a user configures and what they learn from the
 * training rows. What a fitted step needs at apply time lives in the runtime, in {@code
 * org.mlengine.runtime.internal.steps} (internal, not API), so a bundle scores without this
 * module.
 *
 * <p>API, by role:
 *
 * <ul>
 *   <li>Front door: {@link org.mlengine.features.Features} and its factories, and the values its
 *       steps take: {@link org.mlengine.features.Features.Unknown}, {@link
 *       org.mlengine.features.Features.Tokenizer}, {@link org.mlengine.features.Features.Norm},
 *       {@link org.mlengine.features.Features.CalendarPart}.
 *   <li>Steps users name, each an {@link org.mlengine.core.spi.Extractor}, by family:
 *       <ul>
 *         <li>Categorical: {@link org.mlengine.features.OneHot}, {@link
 *             org.mlengine.features.MeanEncoding}, {@link org.mlengine.features.GroupRare},
 *             {@link org.mlengine.features.WeightOfEvidence}, {@link
 *             org.mlengine.features.FrequencyEncoding}.
 *         <li>Numeric: {@link org.mlengine.features.Impute}, {@link
 *             org.mlengine.features.Standardize}, {@link org.mlengine.features.Rescale} (from
 *             {@code minMax}, {@code robustScale} and {@code log1p}), {@link
 *             org.mlengine.features.Clip}, {@link org.mlengine.features.QuantileBins}.
 *         <li>Text: {@link org.mlengine.features.BagOfWords} (from {@code bagOfWords} and {@code
 *             tfidf}), {@link org.mlengine.features.Hashing}.
 *         <li>Topics and embeddings: {@link org.mlengine.features.Lsa}, {@link
 *             org.mlengine.features.Lda}, {@link org.mlengine.features.Embeddings}. LSA needs ND4J
 *             ({@code org.nd4j:nd4j-native} for the build machine's platform) on the class path to
 *             fit, never to predict.
 *         <li>Time and calendar: {@link org.mlengine.features.SineCosine}, {@link
 *             org.mlengine.features.Calendar}.
 *         <li>Windows and aggregates (each an {@link org.mlengine.core.spi.EventExtractor}): {@link
 *             org.mlengine.features.Window}, whose statistics over each row's past are the same
 *             offline and from a {@link org.mlengine.runtime.History} at predict time, and {@link
 *             org.mlengine.features.Aggregate}, run before the split, whose bundle state is the
 *             definition only (the related table's rows are never written).
 *       </ul>
 *   <li>Feature views shared by models: {@link org.mlengine.features.FeatureViewBuilder} (from
 *       {@code featureView}) defines a named, versioned {@link org.mlengine.runtime.FeatureView} of
 *       windows and aggregates; a {@link org.mlengine.features.FeatureStore} registers versions and
 *       builds point-in-time {@link org.mlengine.features.TrainingSet}s; {@link
 *       org.mlengine.features.ViewStep} (from {@code view}) uses a view by name in a pipeline.
 *   <li>Augmentation of the training rows only (an {@link org.mlengine.core.spi.Augmenter} for
 *       {@code Pipeline.Builder.augment(...)}, not a step, so a bundle holds nothing of it):
 *       {@link org.mlengine.features.TextAugmentation}, from {@code augmentText}.
 * </ul>
 *
 * <p>The steps share one package-private base ({@code Step}: name, columns, checks, spec) and
 * learn through package-private fitting code ({@code CategoricalFits}, {@code NumericFits},
 * {@code TextFits}, {@code TopicFits}, {@code LdaFit}, {@code TargetStatistics}, {@code Svd});
 * what a fitted step needs at apply time, with its state codec, is in the runtime, listed by
 * {@code org.mlengine.runtime.internal.steps.BuiltInSteps}.
 */
package org.mlengine.features;
