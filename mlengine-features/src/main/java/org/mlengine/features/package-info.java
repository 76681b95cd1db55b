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
 *       {@link org.mlengine.features.OneHot}, {@link org.mlengine.features.Impute},
 *       {@link org.mlengine.features.Standardize},
 *       {@link org.mlengine.features.MeanEncoding}; the policy
 *       {@link org.mlengine.features.Features.Unknown}.
 *   <li>Service providers, public only for {@link java.util.ServiceLoader} and not meant to be
 *       called: {@link org.mlengine.features.kernel.OneHotCodec}, {@link org.mlengine.features.kernel.ImputeCodec},
 *       {@link org.mlengine.features.kernel.StandardizeCodec},
 *       {@link org.mlengine.features.kernel.MeanEncodingCodec} (tags {@code one_hot}, {@code impute},
 *       {@code standardize}, {@code mean_encoding}).
 *   <li>Categorical, cyclical and numeric steps: {@link org.mlengine.features.GroupRare},
 *       {@link org.mlengine.features.WeightOfEvidence},
 *       {@link org.mlengine.features.FrequencyEncoding},
 *       {@link org.mlengine.features.SineCosine}, {@link org.mlengine.features.Calendar}
 *       with {@link org.mlengine.features.Features.CalendarPart},
 *       {@link org.mlengine.features.MinMax}, {@link org.mlengine.features.RobustScale},
 *       {@link org.mlengine.features.Log1p}, {@link org.mlengine.features.Clip},
 *       {@link org.mlengine.features.QuantileBins}; their codecs, public only for the service
 *       loader: {@link org.mlengine.features.kernel.GroupRareCodec},
 *       {@link org.mlengine.features.kernel.WeightOfEvidenceCodec},
 *       {@link org.mlengine.features.kernel.FrequencyEncodingCodec}, {@link org.mlengine.features.kernel.SineCosineCodec},
 *       {@link org.mlengine.features.kernel.CalendarCodec}, {@link org.mlengine.features.kernel.MinMaxCodec},
 *       {@link org.mlengine.features.kernel.RobustScaleCodec}, {@link org.mlengine.features.Log1pCodec},
 *       {@link org.mlengine.features.kernel.ClipCodec}, {@link org.mlengine.features.kernel.QuantileBinsCodec} (tags
 *       {@code group_rare}, {@code weight_of_evidence}, {@code frequency_encoding},
 *       {@code sine_cosine}, {@code calendar}, {@code min_max}, {@code robust_scale}, {@code log1p},
 *       {@code clip}, {@code quantile_bins}).
 *   <li>Text steps: {@link org.mlengine.features.BagOfWords} (from {@code bagOfWords}
 *       and {@code tfidf}), {@link org.mlengine.features.Hashing}, the value
 *       {@link org.mlengine.features.Features.Tokenizer} and {@link org.mlengine.features.Features.Norm};
 *       their codecs, public only for the service loader: {@link org.mlengine.features.kernel.BagOfWordsCodec},
 *       {@link org.mlengine.features.kernel.HashingCodec} (tags {@code bag_of_words}, {@code text_hashing}).
 *   <li>Topics and embeddings: {@link org.mlengine.features.Lsa},
 *       {@link org.mlengine.features.Lda}, {@link org.mlengine.features.Embeddings};
 *       their codecs, public only for the service loader: {@link org.mlengine.features.kernel.LsaCodec},
 *       {@link org.mlengine.features.kernel.LdaCodec}, {@link org.mlengine.features.kernel.EmbeddingCodec} (tags
 *       {@code lsa}, {@code lda}, {@code embeddings}). LSA needs ND4J
 *       ({@code org.nd4j:nd4j-native} for the build machine's platform) on the class path to fit,
 *       never to predict.
 *   <li>Time windows: {@link org.mlengine.features.Window}, from {@code window}, an
 *       {@link org.mlengine.core.EventExtractor} whose statistics over each row's past are the
 *       same offline and from a {@link org.mlengine.core.History} at predict time; its codec,
 *       public only for the service loader: {@link org.mlengine.features.kernel.WindowCodec} (tag
 *       {@code window}).
 *   <li>Relational aggregates (an {@link org.mlengine.core.EventExtractor}, run before the split):
 *       {@link org.mlengine.features.Aggregate}, from {@code Features.aggregate}; its codec, public
 *       only for the service loader: {@link org.mlengine.features.kernel.AggregateCodec} (tag
 *       {@code aggregate}, the definition only: the related table's rows are never written).
 *   <li>Augmentation of the training rows only (an {@link org.mlengine.core.Augmenter} for
 *       {@code Pipeline.Builder.augment(...)}, not a step, so a bundle holds nothing of it):
 *       {@link org.mlengine.features.TextAugmentation}, from {@code augmentText}.
 * </ul>
 *
 * <p>Everything else (the fitted transforms and the arithmetic) is package-private.
 */
package org.mlengine.features;
