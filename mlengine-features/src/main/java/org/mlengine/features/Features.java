package org.mlengine.features;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import com.google.common.collect.ImmutableSortedMap;
import com.google.common.collect.ImmutableSortedSet;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.mlengine.core.Augmentation;
import org.mlengine.core.Augmenter;
import org.mlengine.core.ColumnType;
import org.mlengine.core.Extractor;
import org.mlengine.core.FitContext;
import org.mlengine.core.FittedTransform;
import org.mlengine.core.InvalidInputException;
import org.mlengine.core.Partition;
import org.mlengine.core.Schema;
import org.mlengine.core.Table;
import org.mlengine.features.kernel.BagOfWordsTransform;
import org.mlengine.features.kernel.CalendarTransform;
import org.mlengine.features.kernel.ClipTransform;
import org.mlengine.features.kernel.EmbeddingTransform;
import org.mlengine.features.kernel.FrequencyEncodingTransform;
import org.mlengine.features.kernel.GroupRareTransform;
import org.mlengine.features.kernel.HashingTransform;
import org.mlengine.features.kernel.ImputeTransform;
import org.mlengine.features.kernel.LdaTransform;
import org.mlengine.features.kernel.Log1pTransform;
import org.mlengine.features.kernel.LsaTransform;
import org.mlengine.features.kernel.MeanEncodingTransform;
import org.mlengine.features.kernel.OneHotTransform;
import org.mlengine.features.kernel.QuantileBinsTransform;
import org.mlengine.features.kernel.ScaleTransform;
import org.mlengine.features.kernel.SineCosineTransform;
import org.mlengine.features.kernel.StandardizeTransform;
import org.mlengine.features.kernel.TextAnalyzer;
import org.mlengine.features.kernel.TokenizerSettings;
import org.mlengine.features.kernel.WeightOfEvidenceTransform;

/**
 * The feature extractors: one-hot encoding, imputation, standardization and mean (target)
 * encoding, each an {@link Extractor} that learns from the training part only.
 *
 * <pre>{@code
 * var pipeline = Pipeline.builder()
 *     .target("Status")
 *     .add(Features.impute("Income").median().withIndicator())
 *     .add(Features.standardize("Income", "Amount"))
 *     .add(Features.oneHot("Home").onUnknown(Features.Unknown.ERROR))
 *     .add(Features.meanEncoding("Job").smoothing(10).folds(5))
 *     .trainer(Trainers.logisticRegression())
 *     .build();
 * }</pre>
 *
 * <p>Each factory returns an immutable step; its option methods return a changed copy and leave
 * the step they are called on untouched, so a step can be shared and derived from freely. The
 * step is the {@link Extractor} itself: there is no {@code build()}. The semantics follow
 * scikit-learn's {@code OneHotEncoder}, {@code SimpleImputer}, {@code StandardScaler} and
 * {@code TargetEncoder}; each step's documentation says where and why it differs.
 *
 * <p>Categorical, cyclical and numeric steps: rare-category grouping ({@link #groupRare},
 * {@link OneHot#minFrequency(int)}), weight of evidence for a binary target
 * ({@link #weightOfEvidence}, cross-fitted like mean encoding), frequency encoding
 * ({@link #frequencyEncoding}), sine/cosine with an explicit period ({@link #sineCosine}),
 * calendar parts in an explicit time zone ({@link #calendar}), and {@link #minMax},
 * {@link #robustScale}, {@link #log1p}, {@link #clip} and {@link #quantileBins}.
 *
 * <p>Time windows: {@link #window} computes statistics over each row's past rows (a
 * {@link Window}, an {@link org.mlengine.core.EventExtractor} that comes before the other steps
 * and reads a {@link org.mlengine.core.History} at predict time).
 * <p>Relational aggregates: {@link #aggregate} computes per-entity statistics of a related
 * table's rows before each row's cutoff time, the same offline and at predict time (from a
 * {@link org.mlengine.core.History}).
 *
 * <p>Augmentation: {@link #augmentText} makes extra training rows from the training rows (synonym
 * replacement, random swaps, random deletion), for {@code Pipeline.Builder.augment(...)}; it is
 * an {@link Augmenter}, not a step, and never touches validation, test or prediction rows.
 */
public final class Features {
  private Features() {}

  /**
   * One-hot encoding of CATEGORICAL columns: each column is replaced by one NUMERIC column
   * {@code Column=category} per category seen in training (sorted), 1.0 where the row has that
   * category and 0.0 elsewhere. A missing value encodes as all zeros; so does an unknown
   * category, unless {@link OneHot#onUnknown(Unknown)} says {@link Unknown#ERROR}. With
   * {@link OneHot#minFrequency(int)}, rare categories share one column {@code Column=other}.
   *
   * <pre>{@code
   * Features.oneHot("Home", "Purpose")                  // Home=owner, Home=rent, Purpose=car, ...
   * Features.oneHot("Home").onUnknown(Features.Unknown.ERROR)
   * Features.oneHot("Job").minFrequency(10)             // Job=clerk, ..., Job=other
   * }</pre>
   */
  public static OneHot oneHot(String... columns) {
    return new OneHot(Steps.columnList("oneHot", "Home", columns), Unknown.IGNORE);
  }

  /**
   * Imputation of missing values, learned from the training rows: by default the mean of a
   * NUMERIC column and the most frequent value of a CATEGORICAL column.
   *
   * <pre>{@code
   * Features.impute("Income", "Home")                   // mean for Income, most frequent for Home
   * Features.impute("Income").median().withIndicator()  // adds Income_missing (1.0 / 0.0)
   * }</pre>
   */
  public static Impute impute(String... columns) {
    return new Impute(Steps.columnList("impute", "Income", columns), Impute.Strategy.DEFAULT, Double.NaN, null, false);
  }

  /**
   * Standardization of NUMERIC columns to {@code (x - mean) / sd} with the training mean and
   * population standard deviation.
   *
   * <pre>{@code
   * Features.standardize("Income", "Amount")
   * }</pre>
   */
  public static Standardize standardize(String... columns) {
    return new Standardize(Steps.columnList("standardize", "Income", columns));
  }

  /**
   * Mean (target) encoding of CATEGORICAL columns: each category becomes the smoothed mean of
   * the target over the training rows that have it; training rows themselves get out-of-fold
   * values. Default: automatic (empirical-Bayes) smoothing and 5 folds.
   *
   * <pre>{@code
   * Features.meanEncoding("Job", "Home").smoothing(10).folds(5)
   * Features.meanEncoding("Job").autoSmoothing()
   * }</pre>
   */
  public static MeanEncoding meanEncoding(String... columns) {
    return new MeanEncoding(Steps.columnList("meanEncoding", "Job", columns), TargetStatistics.AUTO, 5);
  }

  /**
   * What an encoder does with a category it did not see in training.
   *
   * <pre>{@code
   * Features.oneHot("Home").onUnknown(Features.Unknown.ERROR)
   * }</pre>
   */
  public enum Unknown {
    /** Refuse the row with an {@link InvalidInputException} naming the column and the value. */
    ERROR,
    /** Encode it as all zeros, like a missing value (scikit-learn's {@code handle_unknown='ignore'}). */
    IGNORE
  }

  // ---------------------------------------------------------------------------------------------

  /**
   * The one-hot encoding step; see {@link Features#oneHot(String...)}.
   *
   * <pre>{@code
   * OneHot home = Features.oneHot("Home").onUnknown(Features.Unknown.ERROR);
   * Table encoded = home.fit(context).apply(testPart);  // Home dropped, Home=owner, Home=rent added
   * }</pre>
   *
   * <p>Unlike scikit-learn, whose default is {@code handle_unknown='error'}, the default here is
   * {@link Unknown#IGNORE}: a model in service should not fail on a new category; choose
   * {@link Unknown#ERROR} where an unknown value means broken input. Categories are learned
   * from the training rows only; a TEXT column is refused (declare it CATEGORICAL).
   *
   * <p>With {@link #minFrequency(int)} or {@link #minFrequency(double)}, scikit-learn's
   * {@code min_frequency} with {@code handle_unknown='infrequent_if_exist'}: the categories seen
   * in fewer training rows than the threshold (a count, or a fraction of the training rows,
   * missing values included) share one column {@code Column=other}, appended after the others;
   * a training category already named {@code other} joins it whatever its count. Under
   * {@link Unknown#IGNORE} an unknown category is encoded as {@code other} when that column
   * exists and as all zeros when it does not (no category was rare); under {@link Unknown#ERROR}
   * it is refused, while a rare training category still goes to {@code other}.
   */
  public static final class OneHot implements Extractor {
    private final ImmutableList<String> columns;
    private final Unknown onUnknown;
    private final RareCategories.MinFrequency minFrequency;

    private OneHot(ImmutableList<String> columns, Unknown onUnknown) {
      this(columns, onUnknown, null);
    }

    private OneHot(ImmutableList<String> columns, Unknown onUnknown, RareCategories.MinFrequency minFrequency) {
      this.columns = columns;
      this.onUnknown = onUnknown;
      this.minFrequency = minFrequency;
    }

    /**
     * Groups the categories seen in fewer than {@code count} training rows into
     * {@code Column=other} (count &ge; 1; scikit-learn's integer {@code min_frequency}).
     */
    public OneHot minFrequency(int count) {
      return new OneHot(columns, onUnknown, RareCategories.MinFrequency.ofCount(count));
    }

    /**
     * Groups the categories seen in fewer than {@code fraction × rows} training rows into
     * {@code Column=other} (0 &lt; fraction &lt; 1; scikit-learn's float {@code min_frequency}).
     */
    public OneHot minFrequency(double fraction) {
      return new OneHot(columns, onUnknown, RareCategories.MinFrequency.ofFraction(fraction));
    }

    /** This step with another policy for categories not seen in training (default IGNORE). */
    public OneHot onUnknown(Unknown policy) {
      if (policy == null) {
        throw new IllegalArgumentException(
            "onUnknown(null): give Features.Unknown.IGNORE (all zeros) or Features.Unknown.ERROR (refuse the row)");
      }
      return new OneHot(columns, policy, minFrequency);
    }

    @Override
    public String name() {
      return OneHotTransform.TAG;
    }

    @Override
    public List<String> columns() {
      return columns;
    }

    @Override
    public void check(Schema schema, List<String> problems) {
      Steps.checkColumns(name(), columns, schema, EnumSet.of(ColumnType.CATEGORICAL), problems);
    }

    @Override
    public FittedTransform fit(FitContext context) {
      Steps.checkFit(this, context);
      return CategoricalFits.oneHot(columns, KernelValues.policy(onUnknown), minFrequency, context.table());
    }

    @Override
    public Map<String, Object> spec() {
      String policy = onUnknown.name().toLowerCase(Locale.ROOT);
      return minFrequency == null
          ? ImmutableMap.of("columns", columns, "onUnknown", policy)
          : ImmutableMap.of("columns", columns, "onUnknown", policy, "minFrequency", minFrequency.spec());
    }

    @Override
    public String toString() {
      return name() + spec();
    }
  }

  // ---------------------------------------------------------------------------------------------

  /**
   * The imputation step; see {@link Features#impute(String...)}.
   *
   * <pre>{@code
   * Impute income = Features.impute("Income").median().withIndicator();
   * Impute home = Features.impute("Home").constant("unknown");
   * }</pre>
   *
   * <p>As scikit-learn's {@code SimpleImputer}: the mean and the median skip missing values
   * (the median of an even count is the mean of the middle two, as numpy); the most frequent
   * value is the smallest among ties. One strategy applies to every column of the step; the
   * default is the mean for NUMERIC and the most frequent value for CATEGORICAL columns. A
   * column whose training values are all missing cannot be imputed from data: fitting fails
   * unless a constant is given. With {@link #withIndicator()} every column of the step gets an
   * indicator {@code Column_missing}, appended after the step's columns are filled
   * (scikit-learn adds indicators only for columns that had missing values in training; adding
   * them all keeps the output columns independent of the data).
   */
  public static final class Impute implements Extractor {
    private enum Strategy {
      DEFAULT("default", EnumSet.of(ColumnType.NUMERIC, ColumnType.CATEGORICAL)),
      MEAN("mean", EnumSet.of(ColumnType.NUMERIC)),
      MEDIAN("median", EnumSet.of(ColumnType.NUMERIC)),
      MOST_FREQUENT("most_frequent", EnumSet.of(ColumnType.NUMERIC, ColumnType.CATEGORICAL)),
      CONSTANT_NUMBER("constant", EnumSet.of(ColumnType.NUMERIC)),
      CONSTANT_TEXT("constant", EnumSet.of(ColumnType.CATEGORICAL));

      final String label;
      final Set<ColumnType> accepted;

      Strategy(String label, Set<ColumnType> accepted) {
        this.label = label;
        this.accepted = accepted;
      }
    }

    private final ImmutableList<String> columns;
    private final Strategy strategy;
    private final double numberConstant;
    private final String textConstant;
    private final boolean indicator;

    private Impute(
        ImmutableList<String> columns, Strategy strategy, double numberConstant, String textConstant, boolean indicator) {
      this.columns = columns;
      this.strategy = strategy;
      this.numberConstant = numberConstant;
      this.textConstant = textConstant;
      this.indicator = indicator;
    }

    /** Fill with the training mean (NUMERIC columns only). */
    public Impute mean() {
      return new Impute(columns, Strategy.MEAN, Double.NaN, null, indicator);
    }

    /** Fill with the training median (NUMERIC columns only). */
    public Impute median() {
      return new Impute(columns, Strategy.MEDIAN, Double.NaN, null, indicator);
    }

    /** Fill with the most frequent training value, the smallest among ties (NUMERIC or CATEGORICAL). */
    public Impute mostFrequent() {
      return new Impute(columns, Strategy.MOST_FREQUENT, Double.NaN, null, indicator);
    }

    /** Fill with this number (NUMERIC columns only). */
    public Impute constant(double value) {
      if (!Double.isFinite(value)) {
        throw new IllegalArgumentException(
            "constant(" + value + ") would not fill anything a model can use; give a finite number, e.g. constant(0.0)");
      }
      return new Impute(columns, Strategy.CONSTANT_NUMBER, value, null, indicator);
    }

    /** Fill with this category (CATEGORICAL columns only). */
    public Impute constant(String value) {
      if (value == null) {
        throw new IllegalArgumentException(
            "constant(null) would leave missing values missing; give a category, e.g. constant(\"unknown\")");
      }
      return new Impute(columns, Strategy.CONSTANT_TEXT, Double.NaN, value, indicator);
    }

    /** Also append {@code Column_missing}: 1.0 where the value was missing, 0.0 elsewhere. */
    public Impute withIndicator() {
      return new Impute(columns, strategy, numberConstant, textConstant, true);
    }

    @Override
    public String name() {
      return ImputeTransform.TAG;
    }

    @Override
    public List<String> columns() {
      return columns;
    }

    @Override
    public void check(Schema schema, List<String> problems) {
      for (String column : columns) {
        var field = schema.column(column);
        if (field.isEmpty()) {
          problems.add(Steps.absent(name(), column, schema.names()));
          continue;
        }
        ColumnType type = field.get().type();
        if (strategy.accepted.contains(type)) {
          continue;
        }
        if (type == ColumnType.CATEGORICAL) {
          problems.add("column '" + column + "' is CATEGORICAL; impute with " + describe() + " needs NUMERIC. Use"
              + " Features.impute(\"" + column + "\").mostFrequent() or .constant(\"unknown\") for a categorical"
              + " column, or declare it with CsvOptions.numeric(\"" + column + "\").");
        } else if (type == ColumnType.NUMERIC) {
          problems.add("column '" + column + "' is NUMERIC; impute with " + describe() + " needs CATEGORICAL. Use"
              + " Features.impute(\"" + column + "\").constant(0.0) for a numeric column, or declare it with"
              + " CsvOptions.categorical(\"" + column + "\").");
        } else {
          String step = strategy == Strategy.DEFAULT ? name() : name() + " with " + describe();
          problems.add(Steps.wrongType(step, column, type, strategy.accepted));
        }
      }
    }

    private String describe() {
      return switch (strategy) {
        case CONSTANT_NUMBER -> "constant " + numberConstant;
        case CONSTANT_TEXT -> "constant \"" + textConstant + "\"";
        default -> strategy.label.replace('_', ' ');
      };
    }

    @Override
    public FittedTransform fit(FitContext context) {
      Steps.checkFit(this, context);
      Table train = context.table();
      ImmutableList.Builder<ImputeTransform.Fill> fills = ImmutableList.builder();
      for (String column : columns) {
        if (train.type(column) == ColumnType.NUMERIC) {
          double value = switch (strategy) {
            case DEFAULT, MEAN -> Stats.mean(train.numericColumn(column));
            case MEDIAN -> Stats.median(train.numericColumn(column));
            case MOST_FREQUENT -> Stats.mostFrequent(train.numericColumn(column));
            case CONSTANT_NUMBER -> numberConstant;
            case CONSTANT_TEXT -> throw new IllegalStateException("check() refuses a text constant for NUMERIC");
          };
          if (Double.isNaN(value)) {
            throw allMissing(column, "constant(0.0)");
          }
          fills.add(new ImputeTransform.NumericFill(column, value));
        } else {
          String value = strategy == Strategy.CONSTANT_TEXT
              ? textConstant
              : Stats.mostFrequent(train.stringColumn(column));
          if (value == null) {
            throw allMissing(column, "constant(\"unknown\")");
          }
          fills.add(new ImputeTransform.CategoricalFill(column, value));
        }
      }
      return new ImputeTransform(fills.build(), indicator);
    }

    private static InvalidInputException allMissing(String column, String constant) {
      return new InvalidInputException(
          column,
          "impute cannot learn a value for column '" + column + "': every training row is missing. Use"
              + " Features.impute(\"" + column + "\")." + constant + " or drop the column.");
    }

    @Override
    public Map<String, Object> spec() {
      Map<String, Object> spec = new LinkedHashMap<>();
      spec.put("columns", columns);
      spec.put("strategy", strategy.label);
      if (strategy == Strategy.CONSTANT_NUMBER) {
        spec.put("constant", numberConstant);
      } else if (strategy == Strategy.CONSTANT_TEXT) {
        spec.put("constant", textConstant);
      }
      spec.put("indicator", indicator);
      return ImmutableMap.copyOf(spec);
    }

    @Override
    public String toString() {
      return name() + spec();
    }
  }

  // ---------------------------------------------------------------------------------------------

  /**
   * The standardization step; see {@link Features#standardize(String...)}.
   *
   * <pre>{@code
   * Standardize scale = Features.standardize("Income", "Amount");
   * Table z = scale.fit(context).apply(testPart);  // (x - training mean) / training sd
   * }</pre>
   *
   * <p>As scikit-learn's {@code StandardScaler}: the standard deviation is the population one
   * (ddof 0, {@code numpy.std(x)}), not the sample one (ddof 1) that Spark and Tribuo use; a
   * constant column (variance zero up to rounding) gets scale 1; missing values are skipped
   * when fitting and stay missing (NaN) when applied, for a later step to handle. A column whose
   * training values are all missing is refused.
   */
  public static final class Standardize implements Extractor {
    private final ImmutableList<String> columns;

    private Standardize(ImmutableList<String> columns) {
      this.columns = columns;
    }

    @Override
    public String name() {
      return StandardizeTransform.TAG;
    }

    @Override
    public List<String> columns() {
      return columns;
    }

    @Override
    public void check(Schema schema, List<String> problems) {
      Steps.checkColumns(name(), columns, schema, EnumSet.of(ColumnType.NUMERIC), problems);
    }

    @Override
    public FittedTransform fit(FitContext context) {
      Steps.checkFit(this, context);
      return NumericFits.standardize(columns, context.table());
    }

    @Override
    public Map<String, Object> spec() {
      return ImmutableMap.of("columns", columns);
    }

    @Override
    public String toString() {
      return name() + spec();
    }
  }

  // ---------------------------------------------------------------------------------------------

  /**
   * The mean (target) encoding step; see {@link Features#meanEncoding(String...)}.
   *
   * <pre>{@code
   * MeanEncoding job = Features.meanEncoding("Job").smoothing(10).folds(5);
   * FittedTransform fitted = job.fit(context);                  // full-training encodings
   * Table trainRows = job.applyToTraining(fitted, context);     // out-of-fold encodings
   * Table testRows = fitted.apply(testPart);                     // full-training encodings
   * }</pre>
   *
   * <p>As scikit-learn's {@code TargetEncoder}. What is encoded: for a binary target the
   * probability of the second class in sorted order ({@code context.classes().get(1)}), in
   * place of the column; for more than two classes the probability of each class
   * (one-vs-rest), as columns {@code Column@class} that replace the column; for a regression
   * target the mean. Smoothing shrinks a category's mean towards the prior (the mean over all
   * training rows): fixed {@code (S + m·prior) / (n + m)}, or "auto" (the default, empirical
   * Bayes) {@code λ·mean + (1 − λ)·prior} with {@code λ = n·τ² / (n·τ² + SS/n)}, τ² the
   * population variance of the target and SS the sum of squared deviations within the category.
   * A missing or unseen category gets the prior; rows with a missing category still count
   * towards the prior.
   *
   * <p>Training rows are never encoded with their own label: {@link #applyToTraining} splits
   * the training part into {@link #folds(int)} folds of the same kind as the outer split and
   * encodes each fold with encodings (prior included) learned from the other folds. A category
   * absent from those folds gets their prior; a row that no fold holds out (the earliest block
   * of a time-ordered split) gets the full-training prior. Leave-one-out encoding is not
   * offered: it leaks the label.
   */
  public static final class MeanEncoding implements Extractor {
    private final ImmutableList<String> columns;
    private final double smoothing;
    private final int folds;

    private MeanEncoding(ImmutableList<String> columns, double smoothing, int folds) {
      this.columns = columns;
      this.smoothing = smoothing;
      this.folds = folds;
    }

    /**
     * Fixed smoothing of strength {@code m}: {@code (S + m·prior) / (n + m)}; 0 is the plain
     * category mean.
     */
    public MeanEncoding smoothing(double m) {
      if (!(m >= 0) || Double.isInfinite(m)) {
        throw new IllegalArgumentException(
            "smoothing(" + m + ") is not a finite number >= 0; give the prior's weight in rows, e.g. smoothing(10),"
                + " or use autoSmoothing()");
      }
      return new MeanEncoding(columns, m, folds);
    }

    /** Empirical-Bayes smoothing, scikit-learn's {@code smooth="auto"} (the default). */
    public MeanEncoding autoSmoothing() {
      return new MeanEncoding(columns, TargetStatistics.AUTO, folds);
    }

    /** The number of cross-fitting folds for the training rows' out-of-fold values (default 5). */
    public MeanEncoding folds(int k) {
      if (k < 2) {
        throw new IllegalArgumentException(
            "folds(" + k + "): cross-fitting needs at least 2 folds, so that no row is encoded with its own label;"
                + " the default is 5");
      }
      return new MeanEncoding(columns, smoothing, k);
    }

    @Override
    public String name() {
      return MeanEncodingTransform.TAG;
    }

    @Override
    public List<String> columns() {
      return columns;
    }

    @Override
    public void check(Schema schema, List<String> problems) {
      Steps.checkColumns(name(), columns, schema, EnumSet.of(ColumnType.CATEGORICAL), problems);
    }

    @Override
    public FittedTransform fit(FitContext context) {
      Steps.checkFit(this, context);
      Table train = context.table();
      if (train.rowCount() == 0) {
        throw new IllegalArgumentException("mean_encoding needs at least one training row; the training part is empty");
      }
      TargetStatistics.Targets targets = TargetStatistics.targets(context);
      int[] all = new int[train.rowCount()];
      Arrays.setAll(all, i -> i);
      Map<String, TargetStatistics.Fit> fits = new LinkedHashMap<>();
      double[] prior = null;
      for (String column : columns) {
        TargetStatistics.Fit fit = TargetStatistics.fit(train.stringColumn(column), targets.y(), all, smoothing);
        fits.put(column, fit);
        prior = fit.prior();
      }
      return CategoricalFits.meanEncoding(context.task(), targets.classes(), prior, fits);
    }

    /**
     * The out-of-fold encodings of the training rows: each row is encoded by encodings learned
     * from the other folds only, so its own label never reaches its own value.
     *
     * @param fitted what {@link #fit} returned for this context
     */
    @Override
    public Table applyToTraining(FittedTransform fitted, FitContext context) {
      if (!(fitted instanceof MeanEncodingTransform full) || !full.inputColumns().equals(columns)) {
        throw new IllegalArgumentException(
            "mean_encoding.applyToTraining needs the transform this step's fit(context) returned, got "
                + (fitted == null ? "null" : "a '" + fitted.tag() + "' transform of " + fitted.inputColumns()));
      }
      Table train = context.table();
      int n = train.rowCount();
      TargetStatistics.Targets targets = TargetStatistics.targets(context);
      if (!targets.classes().equals(full.classes()) || targets.y().length != full.prior().size()) {
        throw new IllegalArgumentException(
            "mean_encoding.applyToTraining got a transform fitted on another target (classes " + full.classes()
                + ", here " + targets.classes() + "); pass the transform fit(context) returned for this context");
      }
      List<Partition> partitions = context.crossFitPartitions(folds);
      CrossFit.checkPartitions(partitions, n);
      double[] prior = full.priorValues();
      Table out = train;
      for (String column : columns) {
        String[] categories = train.stringColumn(column);
        // a row no fold holds out (or whose fold learns from nothing) keeps the full-training prior
        double[][] encoded = CrossFit.outOfFold(partitions, categories, prior,
            rows -> TargetStatistics.fit(categories, targets.y(), rows, smoothing));
        out = full.write(out, column, encoded);
      }
      return out;
    }

    @Override
    public Map<String, Object> spec() {
      Object strength = Double.isNaN(smoothing) ? "auto" : Double.valueOf(smoothing);
      return ImmutableMap.of("columns", columns, "smoothing", strength, "folds", folds);
    }

    @Override
    public String toString() {
      return name() + spec();
    }
  }

  // ---- text ----

  /**
   * A tokenizer for the text steps, with scikit-learn's defaults: lowercase the text, take each
   * run of two or more letters, digits or underscores as a token, keep every token.
   *
   * <pre>{@code
   * Features.tokenizer().tokenize("The cat's 2 toys")            // [the, cat, toys]
   * Features.tokenizer().lowercase(false).minLength(3).stopWords(Features.englishStopWords())
   * }</pre>
   */
  public static Tokenizer tokenizer() {
    return Tokenizer.DEFAULT;
  }

  /**
   * scikit-learn's English stop word list ({@code ENGLISH_STOP_WORDS}, 318 words, which
   * scikit-learn took from the Glasgow Information Retrieval Group), copied as data from
   * scikit-learn 1.2.1 (BSD-3-Clause). scikit-learn's own documentation warns that the list has
   * known issues (it holds words such as "system", "fire", "bill" and "empty"); look at it
   * before relying on it. Sorted and immutable.
   *
   * <pre>{@code
   * Features.tokenizer().stopWords(Features.englishStopWords())
   * }</pre>
   */
  public static Set<String> englishStopWords() {
    return TextAnalyzer.englishStopWords();
  }

  /**
   * Bag of words on TEXT columns, as scikit-learn's {@code CountVectorizer}: each column is
   * replaced by a sparse VECTOR column of the same name with one dimension (one model feature)
   * {@code column:term} per term of the vocabulary learned from the training rows, holding how
   * often the term occurs in the row's text. Default: word unigrams with {@link #tokenizer()},
   * all terms ({@code minDf(1)}, {@code maxDf(1.0)}), raw counts, no normalization.
   *
   * <pre>{@code
   * Features.bagOfWords("review")                                   // features review:cat, review:the, ...
   * Features.bagOfWords("review").ngramRange(1, 2).minDf(2).binary()
   * Features.bagOfWords("review").tfidf().sublinearTf().maxFeatures(5000)
   * }</pre>
   */
  public static BagOfWords bagOfWords(String... textColumns) {
    return new BagOfWords(Steps.columnList("bagOfWords", "review", textColumns), Tokenizer.DEFAULT,
        TextAnalyzer.Kind.WORD, 1, 1, BagOfWordsTransform.Weighting.COUNTS, false, null,
        TextFits.Df.count(1), TextFits.Df.share(1.0), 0);
  }

  /**
   * TF-IDF on TEXT columns, as scikit-learn's {@code TfidfVectorizer}: the same as {@code
   * bagOfWords(columns).tfidf()}, so each term's count is weighted by its smoothed inverse
   * document frequency and each row has unit L2 norm.
   *
   * <pre>{@code
   * Features.tfidf("review").ngramRange(1, 2).minDf(2)
   * }</pre>
   */
  public static BagOfWords tfidf(String... textColumns) {
    return new BagOfWords(Steps.columnList("tfidf", "review", textColumns), Tokenizer.DEFAULT,
        TextAnalyzer.Kind.WORD, 1, 1, BagOfWordsTransform.Weighting.TFIDF, false, null,
        TextFits.Df.count(1), TextFits.Df.share(1.0), 0);
  }

  /**
   * The hashing trick on TEXT columns, as scikit-learn's {@code HashingVectorizer}: each term is
   * counted in one of {@link Hashing#buckets(int)} buckets chosen by its murmur3 hash, with a sign
   * from the hash, and each row has unit L2 norm. Learns nothing, so it needs no vocabulary and
   * cannot leak; each column is replaced by a sparse VECTOR column of the same name with
   * dimensions {@code column#0 .. column#(buckets-1)}. Default: word unigrams, 65536 buckets.
   *
   * <pre>{@code
   * Features.hashing("review").buckets(1 << 14).ngramRange(1, 2)
   * }</pre>
   */
  public static Hashing hashing(String... textColumns) {
    return new Hashing(Steps.columnList("hashing", "review", textColumns), Tokenizer.DEFAULT,
        TextAnalyzer.Kind.WORD, 1, 1, Hashing.DEFAULT_BUCKETS, true, Norm.L2);
  }

  /**
   * How the text steps scale each row's term vector: not at all, to unit L1 norm (the absolute
   * values add up to 1) or to unit L2 (Euclidean) norm. A row with no known term stays all zeros.
   *
   * <pre>{@code
   * Features.bagOfWords("review").norm(Features.Norm.L1)   // term frequencies that add up to 1
   * }</pre>
   */
  public enum Norm {
    /** Leave the weights as they are. */
    NONE,
    /** Divide by the sum of absolute values. */
    L1,
    /** Divide by the square root of the sum of squares. */
    L2
  }

  // ---------------------------------------------------------------------------------------------

  /**
   * How the text steps split a text into tokens; see {@link Features#tokenizer()}. Immutable:
   * each option method returns a changed copy.
   *
   * <pre>{@code
   * Tokenizer t = Features.tokenizer().minLength(3).stopWords(Set.of("the", "and"));
   * t.tokenize("The cat and the hat")                            // [cat, hat]
   * }</pre>
   *
   * <p>As scikit-learn's {@code 'word'} analyzer: the text is lowercased (Java's {@code
   * toLowerCase(Locale.ROOT)}), tokens are the matches of the token pattern, and tokens that are
   * stop words or shorter than {@link #minLength(int)} code points are dropped, before word
   * n-grams are formed. The default pattern is scikit-learn's {@code (?u)\b\w\w+\b} with
   * Python's meaning of {@code \w} (a letter, any Unicode number, or {@code _}), written for
   * Java as {@link #DEFAULT_PATTERN}; a pattern given with {@link #tokenPattern(String)} is a
   * Java regular expression compiled with {@code UNICODE_CHARACTER_CLASS}, whose {@code \w} also
   * takes combining marks. Stop words are compared after lowercasing. A pattern with one
   * capturing group makes the group the token, as in scikit-learn.
   */
  public static final class Tokenizer {
    /**
     * scikit-learn's default token pattern {@code (?u)\b\w\w+\b} in Java syntax: a run of two or
     * more letters, numbers or underscores that has none of them on either side.
     */
    public static final String DEFAULT_PATTERN = TokenizerSettings.DEFAULT_PATTERN;

    static final Tokenizer DEFAULT = new Tokenizer(TokenizerSettings.DEFAULT);

    private final TokenizerSettings settings;

    private Tokenizer(TokenizerSettings settings) {
      this.settings = settings;
    }

    /** Whether to lowercase the text before tokenizing (default true). */
    public Tokenizer lowercase(boolean lowercase) {
      return new Tokenizer(settings.withLowercase(lowercase));
    }

    /**
     * The regular expression a token matches (Java syntax, {@code UNICODE_CHARACTER_CLASS});
     * default {@link #DEFAULT_PATTERN}. With one capturing group, the group is the token.
     */
    public Tokenizer tokenPattern(String regex) {
      return new Tokenizer(settings.withTokenPattern(regex));
    }

    /** Drops tokens shorter than this many characters (code points); default 1, which keeps every token. */
    public Tokenizer minLength(int characters) {
      return new Tokenizer(settings.withMinLength(characters));
    }

    /**
     * Drops these tokens (compared after lowercasing) before n-grams are formed; replaces any
     * earlier stop words. Default: none; {@link Features#englishStopWords()} is scikit-learn's list.
     */
    public Tokenizer stopWords(Set<String> words) {
      return new Tokenizer(settings.withStopWords(words));
    }

    /** The tokens of a text, in order; none for {@code null}. */
    public List<String> tokenize(String text) {
      return settings.tokenize(text);
    }

    /** The settings the text kernels read. */
    TokenizerSettings settings() {
      return settings;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Tokenizer t && t.settings.equals(settings);
    }

    @Override
    public int hashCode() {
      return settings.hashCode();
    }

    @Override
    public String toString() {
      return settings.toString();
    }
  }


  // ---------------------------------------------------------------------------------------------

  /**
   * The bag-of-words step; see {@link Features#bagOfWords(String...)} and {@link
   * Features#tfidf(String...)}.
   *
   * <pre>{@code
   * BagOfWords words = Features.tfidf("review").ngramRange(1, 2).minDf(2).maxFeatures(20000);
   * Table features = words.fit(context).apply(testPart);   // review is now a VECTOR: review:good, review:not good, ...
   * }</pre>
   *
   * <p>As scikit-learn's {@code CountVectorizer} and {@code TfidfVectorizer}, learned from the
   * training rows only:
   *
   * <ul>
   *   <li>Terms: word n-grams joined by one space ({@link #ngramRange(int, int)}, analyzer
   *       {@code 'word'}), or character n-grams inside words, each word padded with one space on
   *       either side ({@link #charNgrams(int, int)}, analyzer {@code 'char_wb'}; only the
   *       tokenizer's lowercase option applies).
   *   <li>Vocabulary: the terms whose document frequency df (training rows that hold the term)
   *       satisfies {@code minDf <= df <= maxDf}. A whole number is a count of documents and a
   *       fraction in [0, 1] a share of the training rows: {@code minDf(1)} is one document but
   *       {@code minDf(1.0)} is all of them, as in scikit-learn. Then {@link #maxFeatures(int)}
   *       keeps the terms most frequent over all training rows (ties to the earlier term; numpy's
   *       unstable sort may break large ties differently). Sorted by code point, as Python sorts.
   *   <li>Weights: {@link #counts()} (the default), {@link #binary()} (1 where present) or
   *       {@link #tfidf()}: {@code tf · idf} with {@code idf = ln((1 + n) / (1 + df)) + 1} for
   *       {@code n} training rows ({@code smooth_idf=True}); {@link #sublinearTf()} uses {@code 1
   *       + ln(tf)}. Then each row is scaled by {@link #norm(Norm)}: L2 for TF-IDF, none
   *       otherwise, unless set.
   * </ul>
   *
   * <p>Output: each text column is replaced, in place, by a VECTOR column of the same name whose
   * dimensions, in vocabulary order, are named {@code column:term} (e.g. {@code review:not
   * good}); each dimension is one model feature of that name. The vector is sparse: it stores
   * only the terms a row's text holds, so memory grows with the text, not with the vocabulary. A
   * missing text (null) is an empty document: it counts as a training row for the fractions and
   * the idf and encodes as an empty vector (all zeros), as does a text with no known term.
   */
  public static final class BagOfWords implements Extractor {
    final ImmutableList<String> columns;
    final Tokenizer tokenizer;
    final TextAnalyzer.Kind kind;
    final int minN;
    final int maxN;
    final BagOfWordsTransform.Weighting weighting;
    final boolean sublinearTf;
    final Norm norm;
    final TextFits.Df minDf;
    final TextFits.Df maxDf;
    final int maxFeatures;

    private BagOfWords(ImmutableList<String> columns, Tokenizer tokenizer, TextAnalyzer.Kind kind, int minN, int maxN,
        BagOfWordsTransform.Weighting weighting, boolean sublinearTf, Norm norm, TextFits.Df minDf,
        TextFits.Df maxDf, int maxFeatures) {
      this.columns = columns;
      this.tokenizer = tokenizer;
      this.kind = kind;
      this.minN = minN;
      this.maxN = maxN;
      this.weighting = weighting;
      this.sublinearTf = sublinearTf;
      this.norm = norm;
      this.minDf = minDf;
      this.maxDf = maxDf;
      this.maxFeatures = maxFeatures;
    }

    /** Tokenize words with this tokenizer (default {@link Features#tokenizer()}). */
    public BagOfWords tokenizer(Tokenizer tokenizer) {
      if (tokenizer == null) {
        throw new IllegalArgumentException("tokenizer(null): give a tokenizer, e.g. Features.tokenizer().minLength(3)");
      }
      return new BagOfWords(columns, tokenizer, kind, minN, maxN, weighting, sublinearTf, norm, minDf, maxDf, maxFeatures);
    }

    /** Word n-grams from {@code min} to {@code max} words (default 1, 1); {@code (1, 2)} adds word pairs. */
    public BagOfWords ngramRange(int min, int max) {
      checkTextRange("ngramRange", min, max, "ngramRange(1, 2) for single words and pairs of words");
      return new BagOfWords(columns, tokenizer, TextAnalyzer.Kind.WORD, min, max, weighting, sublinearTf, norm, minDf,
          maxDf, maxFeatures);
    }

    /**
     * Character n-grams from {@code min} to {@code max} characters inside words, instead of
     * words (scikit-learn's {@code analyzer='char_wb'}).
     */
    public BagOfWords charNgrams(int min, int max) {
      checkTextRange("charNgrams", min, max, "charNgrams(2, 4)");
      return new BagOfWords(columns, tokenizer, TextAnalyzer.Kind.CHAR_WB, min, max, weighting, sublinearTf, norm,
          minDf, maxDf, maxFeatures);
    }

    /** Weight each term by its count in the text (the default of {@code bagOfWords}). */
    public BagOfWords counts() {
      return new BagOfWords(columns, tokenizer, kind, minN, maxN, BagOfWordsTransform.Weighting.COUNTS, sublinearTf,
          norm, minDf, maxDf, maxFeatures);
    }

    /** Weight each term 1 where it occurs and 0 elsewhere. */
    public BagOfWords binary() {
      return new BagOfWords(columns, tokenizer, kind, minN, maxN, BagOfWordsTransform.Weighting.BINARY, sublinearTf,
          norm, minDf, maxDf, maxFeatures);
    }

    /** Weight each term by count times smoothed idf, and normalize rows to unit L2 norm unless {@link #norm(Norm)} says otherwise. */
    public BagOfWords tfidf() {
      return new BagOfWords(columns, tokenizer, kind, minN, maxN, BagOfWordsTransform.Weighting.TFIDF, sublinearTf,
          norm, minDf, maxDf, maxFeatures);
    }

    /** Use {@code 1 + ln(count)} instead of the count (scikit-learn's {@code sublinear_tf}); no effect with {@link #binary()}. */
    public BagOfWords sublinearTf() {
      return new BagOfWords(columns, tokenizer, kind, minN, maxN, weighting, true, norm, minDf, maxDf, maxFeatures);
    }

    /** Scale each row to this norm (default L2 for TF-IDF, NONE for counts and binary). */
    public BagOfWords norm(Norm norm) {
      if (norm == null) {
        throw new IllegalArgumentException("norm(null): give Features.Norm.NONE, Features.Norm.L1 or Features.Norm.L2");
      }
      return new BagOfWords(columns, tokenizer, kind, minN, maxN, weighting, sublinearTf, norm, minDf, maxDf, maxFeatures);
    }

    /** Keep terms in at least this many training documents (default 1). */
    public BagOfWords minDf(int documents) {
      return new BagOfWords(columns, tokenizer, kind, minN, maxN, weighting, sublinearTf, norm,
          dfCount("minDf", documents), maxDf, maxFeatures);
    }

    /** Keep terms in at least this share (0.0 to 1.0) of the training documents. */
    public BagOfWords minDf(double fraction) {
      return new BagOfWords(columns, tokenizer, kind, minN, maxN, weighting, sublinearTf, norm,
          dfShare("minDf", fraction), maxDf, maxFeatures);
    }

    /** Keep terms in at most this many training documents. */
    public BagOfWords maxDf(int documents) {
      return new BagOfWords(columns, tokenizer, kind, minN, maxN, weighting, sublinearTf, norm, minDf,
          dfCount("maxDf", documents), maxFeatures);
    }

    /** Keep terms in at most this share (0.0 to 1.0) of the training documents (default 1.0, all). */
    public BagOfWords maxDf(double fraction) {
      return new BagOfWords(columns, tokenizer, kind, minN, maxN, weighting, sublinearTf, norm, minDf,
          dfShare("maxDf", fraction), maxFeatures);
    }

    /** Keep at most this many terms per column, the most frequent over the training rows (default: all). */
    public BagOfWords maxFeatures(int terms) {
      if (terms < 1) {
        throw new IllegalArgumentException("maxFeatures(" + terms + ") must be at least 1; it keeps the n terms most"
            + " frequent in the training rows, e.g. maxFeatures(20000)");
      }
      return new BagOfWords(columns, tokenizer, kind, minN, maxN, weighting, sublinearTf, norm, minDf, maxDf, terms);
    }

    private static TextFits.Df dfCount(String option, int documents) {
      if (documents < 1) {
        throw new IllegalArgumentException(option + "(" + documents + ") must be at least 1 document; give a count"
            + " like " + option + "(2) or a share of the training documents like " + option + "(0.5)");
      }
      return TextFits.Df.count(documents);
    }

    private static TextFits.Df dfShare(String option, double fraction) {
      if (!(fraction >= 0 && fraction <= 1)) {
        throw new IllegalArgumentException(option + "(" + fraction + ") as a share of the training documents must be"
            + " between 0.0 and 1.0; for a number of documents give a whole number, like " + option + "(2)");
      }
      return TextFits.Df.share(fraction);
    }

    /** The norm rows get: the one set, or L2 for TF-IDF and NONE otherwise. */
    Norm resolvedNorm() {
      if (norm != null) {
        return norm;
      }
      return weighting == BagOfWordsTransform.Weighting.TFIDF ? Norm.L2 : Norm.NONE;
    }

    TextAnalyzer analyzer() {
      return new TextAnalyzer(tokenizer.settings(), kind, minN, maxN);
    }

    @Override
    public String name() {
      return BagOfWordsTransform.TAG;
    }

    @Override
    public List<String> columns() {
      return columns;
    }

    @Override
    public void check(Schema schema, List<String> problems) {
      Steps.checkColumns(name(), columns, schema, EnumSet.of(ColumnType.TEXT), problems);
      analyzer().check(name(), problems);
      if (minDf.fraction() == maxDf.fraction() && minDf.value() > maxDf.value()) {
        problems.add(name() + ": minDf(" + minDf.show() + ") is more than maxDf(" + maxDf.show() + "): a term would"
            + " have to be in at least " + minDf.show() + " and at most " + maxDf.show()
            + (minDf.fraction() ? " of the training documents" : " documents") + ". Lower minDf or raise maxDf.");
      }
    }

    @Override
    public FittedTransform fit(FitContext context) {
      Steps.checkFit(this, context);
      return TextFits.bagOfWords(this, context.table());
    }

    @Override
    public Map<String, Object> spec() {
      Map<String, Object> spec = new LinkedHashMap<>();
      spec.put("columns", columns);
      spec.putAll(analyzer().spec());
      spec.put("weighting", weighting.label);
      spec.put("sublinearTf", sublinearTf);
      spec.put("norm", resolvedNorm().name().toLowerCase(Locale.ROOT));
      spec.put("minDf", minDf.asGiven());
      spec.put("maxDf", maxDf.asGiven());
      if (maxFeatures > 0) {
        spec.put("maxFeatures", maxFeatures);
      }
      return ImmutableMap.copyOf(spec);
    }

    @Override
    public String toString() {
      return name() + spec();
    }
  }

  // ---------------------------------------------------------------------------------------------

  /**
   * The text hashing step; see {@link Features#hashing(String...)}.
   *
   * <pre>{@code
   * Hashing hashed = Features.hashing("review").buckets(1 << 14).ngramRange(1, 2);
   * Table features = hashed.fit(context).apply(testPart);   // review is now a VECTOR: review#0 .. review#16383
   * }</pre>
   *
   * <p>As scikit-learn's {@code HashingVectorizer(alternate_sign=True, norm='l2')}: term {@code
   * t} goes to bucket {@code |h| mod buckets} where {@code h} is the signed 32-bit murmur3 hash
   * (seed 0) of its UTF-8 bytes, and adds +1 when {@code h >= 0} and −1 otherwise; the signs let
   * colliding terms cancel out on average. Then each row is scaled to unit L2 norm. The terms are
   * the same as {@link BagOfWords}'s (tokenizer, word or character n-grams). Nothing is learned
   * from the training rows. Unlike scikit-learn's default of 2^20 buckets, the default here is
   * 2^16 and the most is 2^18, because every bucket is a named feature of the model and its
   * name is listed in the bundle's manifest.
   */
  public static final class Hashing implements Extractor {
    static final int DEFAULT_BUCKETS = 1 << 16;

    private final ImmutableList<String> columns;
    private final Tokenizer tokenizer;
    private final TextAnalyzer.Kind kind;
    private final int minN;
    private final int maxN;
    private final int buckets;
    private final boolean alternateSign;
    private final Norm norm;

    private Hashing(ImmutableList<String> columns, Tokenizer tokenizer, TextAnalyzer.Kind kind, int minN, int maxN,
        int buckets, boolean alternateSign, Norm norm) {
      this.columns = columns;
      this.tokenizer = tokenizer;
      this.kind = kind;
      this.minN = minN;
      this.maxN = maxN;
      this.buckets = buckets;
      this.alternateSign = alternateSign;
      this.norm = norm;
    }

    /** Tokenize words with this tokenizer (default {@link Features#tokenizer()}). */
    public Hashing tokenizer(Tokenizer tokenizer) {
      if (tokenizer == null) {
        throw new IllegalArgumentException("tokenizer(null): give a tokenizer, e.g. Features.tokenizer().minLength(3)");
      }
      return new Hashing(columns, tokenizer, kind, minN, maxN, buckets, alternateSign, norm);
    }

    /** Word n-grams from {@code min} to {@code max} words (default 1, 1). */
    public Hashing ngramRange(int min, int max) {
      checkTextRange("ngramRange", min, max, "ngramRange(1, 2) for single words and pairs of words");
      return new Hashing(columns, tokenizer, TextAnalyzer.Kind.WORD, min, max, buckets, alternateSign, norm);
    }

    /** Character n-grams inside words instead of words (scikit-learn's {@code analyzer='char_wb'}). */
    public Hashing charNgrams(int min, int max) {
      checkTextRange("charNgrams", min, max, "charNgrams(2, 4)");
      return new Hashing(columns, tokenizer, TextAnalyzer.Kind.CHAR_WB, min, max, buckets, alternateSign, norm);
    }

    /** The number of buckets, i.e. dimensions per text column (default 65536, at most 262144). */
    public Hashing buckets(int buckets) {
      if (buckets < 1 || buckets > HashingTransform.MAX_BUCKETS) {
        throw new IllegalArgumentException("buckets(" + buckets + ") must be between 1 and " + HashingTransform.MAX_BUCKETS
            + ": every bucket is a named model feature listed in the bundle; the default is " + DEFAULT_BUCKETS);
      }
      return new Hashing(columns, tokenizer, kind, minN, maxN, buckets, alternateSign, norm);
    }

    /** Whether a term adds −1 instead of +1 when its hash is negative (default true, as scikit-learn). */
    public Hashing alternateSign(boolean alternate) {
      return new Hashing(columns, tokenizer, kind, minN, maxN, buckets, alternate, norm);
    }

    /** Scale each row to this norm (default L2). */
    public Hashing norm(Norm norm) {
      if (norm == null) {
        throw new IllegalArgumentException("norm(null): give Features.Norm.NONE, Features.Norm.L1 or Features.Norm.L2");
      }
      return new Hashing(columns, tokenizer, kind, minN, maxN, buckets, alternateSign, norm);
    }

    private TextAnalyzer analyzer() {
      return new TextAnalyzer(tokenizer.settings(), kind, minN, maxN);
    }

    @Override
    public String name() {
      return HashingTransform.TAG;
    }

    @Override
    public List<String> columns() {
      return columns;
    }

    @Override
    public void check(Schema schema, List<String> problems) {
      Steps.checkColumns(name(), columns, schema, EnumSet.of(ColumnType.TEXT), problems);
      analyzer().check(name(), problems);
    }

    @Override
    public FittedTransform fit(FitContext context) {
      Steps.checkFit(this, context);
      return new HashingTransform(analyzer(), buckets, alternateSign, KernelValues.norm(norm), columns);
    }

    @Override
    public Map<String, Object> spec() {
      Map<String, Object> spec = new LinkedHashMap<>();
      spec.put("columns", columns);
      spec.putAll(analyzer().spec());
      spec.put("buckets", buckets);
      spec.put("alternateSign", alternateSign);
      spec.put("norm", norm.name().toLowerCase(Locale.ROOT));
      return ImmutableMap.copyOf(spec);
    }

    @Override
    public String toString() {
      return name() + spec();
    }
  }

  private static void checkTextRange(String option, int min, int max, String example) {
    if (min < 1 || max < min) {
      throw new IllegalArgumentException(
          option + "(" + min + ", " + max + ") needs 1 <= min <= max; e.g. " + example);
    }
  }

  // ---- topics and embeddings ----

  /**
   * Latent semantic analysis (LSA) of a TEXT column, as scikit-learn's {@code TruncatedSVD} on the
   * output of {@code TfidfVectorizer}: the column's TF-IDF vectors ({@link #tfidf(String...)}) are
   * projected onto their top {@link Lsa#topics(int)} singular vectors, learned from the training
   * rows, and the column is replaced by NUMERIC columns {@code column_topic0 ..
   * column_topic(k-1)}. Default: 100 topics, scikit-learn's advice for LSA.
   *
   * <pre>{@code
   * Features.lsa("review").topics(50)                       // review_topic0 .. review_topic49
   * }</pre>
   *
   * <p>Fitting needs ND4J on the class path: add {@code org.nd4j:nd4j-native:1.0.0-M2.1}, an
   * optional dependency of mlengine-features, which brings the native backend of the platform it
   * is resolved on. Applying the fitted step, and loading and scoring a bundle, do not need it.
   */
  public static Lsa lsa(String textColumn) {
    ImmutableList<String> column = Steps.columnList("lsa", "review", textColumn);
    return new Lsa(tfidf(column.get(0)), Lsa.DEFAULT_TOPICS);
  }

  /**
   * LSA over a bag of words configured for it, of one text column: e.g. TF-IDF of words and word
   * pairs, without the rare ones. See {@link #lsa(String)}.
   *
   * <pre>{@code
   * Features.lsa(Features.tfidf("review").ngramRange(1, 2).minDf(2).sublinearTf()).topics(100)
   * }</pre>
   */
  public static Lsa lsa(BagOfWords terms) {
    return new Lsa(oneColumn("lsa", terms), Lsa.DEFAULT_TOPICS);
  }

  /**
   * Latent Dirichlet allocation (LDA) topics of a TEXT column, as scikit-learn's {@code
   * LatentDirichletAllocation(learning_method='batch')} on {@code CountVectorizer} output: topics
   * are learned from the word counts of the training rows ({@link #bagOfWords(String...)}), and
   * the column is replaced by NUMERIC columns {@code column_lda0 .. column_lda(k-1)} holding each
   * document's topic mixture, which sums to 1. Default: 10 topics, 10 iterations, priors
   * {@code alpha = beta = 1/topics}, 100 inference steps per document. Plain Java; the pipeline
   * seed decides the starting point, and a document always gets the same mixture.
   *
   * <pre>{@code
   * Features.lda("review").topics(20).iterations(30)         // review_lda0 .. review_lda19
   * }</pre>
   */
  public static Lda lda(String textColumn) {
    ImmutableList<String> column = Steps.columnList("lda", "review", textColumn);
    return new Lda(bagOfWords(column.get(0)), Lda.DEFAULT_TOPICS, Lda.DEFAULT_ITERATIONS, Double.NaN, Double.NaN,
        Lda.DEFAULT_STEPS);
  }

  /**
   * LDA over word counts configured for it, of one text column: e.g. without stop words and rare
   * words. The bag of words must keep raw counts (no {@code tfidf()}, {@code binary()}, {@code
   * sublinearTf()} or norm). See {@link #lda(String)}.
   *
   * <pre>{@code
   * Features.lda(Features.bagOfWords("review").minDf(5).maxDf(0.5)
   *         .tokenizer(Features.tokenizer().stopWords(Features.englishStopWords())))
   *     .topics(20)
   * }</pre>
   */
  public static Lda lda(BagOfWords counts) {
    BagOfWords terms = oneColumn("lda", counts);
    List<String> wrong = new java.util.ArrayList<>();
    if (terms.weighting != BagOfWordsTransform.Weighting.COUNTS) {
      wrong.add("weights terms by " + terms.weighting.label);
    }
    if (terms.sublinearTf) {
      wrong.add("uses sublinear tf");
    }
    if (terms.resolvedNorm() != Norm.NONE) {
      wrong.add("normalizes rows to " + terms.resolvedNorm().name());
    }
    if (!wrong.isEmpty()) {
      throw new IllegalArgumentException("Features.lda(...) models raw word counts, but this bag of words "
          + String.join(" and ", wrong) + "; give Features.bagOfWords(\"" + terms.columns.get(0) + "\") with its"
          + " default counts and no norm (its vocabulary options are fine).");
    }
    return new Lda(terms, Lda.DEFAULT_TOPICS, Lda.DEFAULT_ITERATIONS, Double.NaN, Double.NaN, Lda.DEFAULT_STEPS);
  }

  /**
   * Pretrained word embeddings of a TEXT column: each document becomes the mean of the vectors of
   * its tokens ({@link #tokenizer()}) found in a word vectors file in GloVe or word2vec text
   * format ({@link Embeddings#vectors(java.nio.file.Path)}), and the column is replaced by NUMERIC
   * columns {@code column_emb0 .. column_emb(d-1)}. Only the vectors of tokens that occur in the
   * training rows are kept, so the bundle does not carry the whole file. A missing or empty text,
   * or one with no known token, gives zeros.
   *
   * <pre>{@code
   * Features.embeddings("review").vectors(Path.of("glove.6B.100d.txt"))   // review_emb0 .. review_emb99
   * }</pre>
   */
  public static Embeddings embeddings(String textColumn) {
    return new Embeddings(Steps.columnList("embeddings", "review", textColumn), Tokenizer.DEFAULT, null);
  }

  /** The bag of words a topic step was given, which must read exactly one column. */
  private static BagOfWords oneColumn(String factory, BagOfWords terms) {
    if (terms == null) {
      throw new IllegalArgumentException("Features." + factory + "(null): give the bag of words of one text column,"
          + " e.g. Features." + factory + "(Features." + (factory.equals("lda") ? "bagOfWords" : "tfidf")
          + "(\"review\").minDf(2))");
    }
    if (terms.columns.size() != 1) {
      throw new IllegalArgumentException("Features." + factory + "(...) reads one text column, but the bag of words"
          + " reads " + terms.columns.size() + ": " + terms.columns + "; add one " + factory + " step per column.");
    }
    return terms;
  }

  // ---------------------------------------------------------------------------------------------

  /**
   * The latent semantic analysis step; see {@link Features#lsa(String)}.
   *
   * <pre>{@code
   * Lsa topics = Features.lsa("review").topics(50);
   * Table features = topics.fit(context).apply(testPart);   // review dropped, review_topic0 .. 49 added
   * }</pre>
   *
   * <p>Fitting learns the bag of words (TF-IDF by default, L2-normalized rows), then the top
   * {@code k} right singular vectors of the training rows' term matrix by randomized SVD with
   * power iterations (scikit-learn's {@code randomized_svd}: 10 extra dimensions, 7 iterations;
   * the dense steps run in ND4J, in double precision), seeded with the pipeline seed. On a small
   * training part (fewer than {@code k + 10} rows or terms) the result is exact, equal to
   * {@code TruncatedSVD(algorithm='arpack')} up to sign; on larger ones it is the randomized
   * approximation, as scikit-learn's default: the leading topics match the exact ones closely,
   * trailing topics whose singular values are close together less so (on a 2,000 × 8,909 TF-IDF
   * matrix with k = 20, every singular value within 1.3% of ARPACK's). Signs are fixed as scikit-learn's
   * {@code svd_flip(u_based_decision=False)}: each topic's weight of largest magnitude is
   * positive. Topic {@code j} of a document is the dot product of its term vector with singular
   * vector {@code j} (no centering, as scikit-learn). A missing text is an empty document (zeros).
   *
   * <p>{@code k} may be at most the number of terms and the number of training rows; fitting says
   * which limit was hit. The state holds {@code k} weights per term: with 100 topics and 20,000
   * terms that is 2 million numbers in the bundle, so bound the vocabulary ({@code maxFeatures},
   * {@code minDf}) for large corpora.
   */
  public static final class Lsa implements Extractor {
    static final int DEFAULT_TOPICS = 100;
    static final int MAX_TOPICS = 1000;

    final BagOfWords terms;
    final int topics;

    private Lsa(BagOfWords terms, int topics) {
      this.terms = terms;
      this.topics = topics;
    }

    /** The number of topics, i.e. output columns (default 100, at most 1000). */
    public Lsa topics(int k) {
      if (k < 1 || k > MAX_TOPICS) {
        throw new IllegalArgumentException("topics(" + k + ") must be between 1 and " + MAX_TOPICS + "; each topic"
            + " is one output column. scikit-learn advises 100 for LSA, e.g. topics(100)");
      }
      return new Lsa(terms, k);
    }

    @Override
    public String name() {
      return LsaTransform.TAG;
    }

    @Override
    public List<String> columns() {
      return terms.columns;
    }

    @Override
    public void check(Schema schema, List<String> problems) {
      int before = problems.size();
      Steps.checkColumns(name(), columns(), schema, EnumSet.of(ColumnType.TEXT), problems);
      if (problems.size() == before) {
        terms.check(schema, problems);
      }
    }

    @Override
    public FittedTransform fit(FitContext context) {
      Steps.checkFit(this, context);
      return TopicFits.lsa(terms, topics, context.table(), context.seed());
    }

    @Override
    public Map<String, Object> spec() {
      return ImmutableMap.of("columns", columns(), "topics", topics, "terms", terms.spec());
    }

    @Override
    public String toString() {
      return name() + spec();
    }
  }

  // ---------------------------------------------------------------------------------------------

  /**
   * The latent Dirichlet allocation step; see {@link Features#lda(String)}.
   *
   * <pre>{@code
   * Lda topics = Features.lda("review").topics(20).iterations(30).alpha(0.1);
   * Table features = topics.fit(context).apply(testPart);   // review dropped, review_lda0 .. 19 added
   * }</pre>
   *
   * <p>Fitting learns the word counts, then the topics by batch variational Bayes (Blei, Ng and
   * Jordan 2003; Hoffman, Blei and Bach 2010), as scikit-learn's {@code learning_method='batch'}:
   * the topic-word parameters start from Gamma(100, 1/100) draws seeded with the pipeline seed,
   * and each of {@link #iterations(int)} passes runs the document update on every training row
   * (at most {@link #inferenceSteps(int)} steps, stopping once the mean change is below 0.001, as
   * scikit-learn's) and re-estimates them. The mixture the step outputs is exactly {@link
   * #inferenceSteps(int)} steps of scikit-learn's variational document update from a fixed
   * start, with no early stop and no randomness: the same document gets the same mixture in
   * training, in a batch and alone, whatever the order. A missing text, or one with no known
   * term, gets the uniform mixture {@code 1/topics}.
   *
   * <p>Differs from scikit-learn in two deliberate ways: every document update starts from the
   * same fixed point (scikit-learn starts training documents at random), and the output mixture
   * always runs all its steps (scikit-learn's {@code transform} stops at the tolerance, so its
   * result depends on where it stopped).
   */
  public static final class Lda implements Extractor {
    static final int DEFAULT_TOPICS = 10;
    static final int DEFAULT_ITERATIONS = 10;
    static final int DEFAULT_STEPS = 100;
    static final int MAX_TOPICS = 1000;
    static final int MAX_ITERATIONS = 10_000;

    final BagOfWords terms;
    final int topics;
    final int iterations;
    final double alpha;
    final double beta;
    final int steps;

    private Lda(BagOfWords terms, int topics, int iterations, double alpha, double beta, int steps) {
      this.terms = terms;
      this.topics = topics;
      this.iterations = iterations;
      this.alpha = alpha;
      this.beta = beta;
      this.steps = steps;
    }

    /** The number of topics, i.e. output columns (default 10, at most 1000). */
    public Lda topics(int k) {
      if (k < 1 || k > MAX_TOPICS) {
        throw new IllegalArgumentException("topics(" + k + ") must be between 1 and " + MAX_TOPICS
            + "; each topic is one output column, e.g. topics(20)");
      }
      return new Lda(terms, k, iterations, alpha, beta, steps);
    }

    /** Passes over the training rows (scikit-learn's {@code max_iter}; default 10, at most 10000). */
    public Lda iterations(int n) {
      if (n < 1 || n > MAX_ITERATIONS) {
        throw new IllegalArgumentException("iterations(" + n + ") must be between 1 and " + MAX_ITERATIONS
            + "; each is one pass over the training rows, e.g. iterations(20)");
      }
      return new Lda(terms, topics, n, alpha, beta, steps);
    }

    /** The document-topic prior (scikit-learn's {@code doc_topic_prior}; default {@code 1/topics}). */
    public Lda alpha(double prior) {
      return new Lda(terms, topics, iterations, prior("alpha", prior), beta, steps);
    }

    /** The topic-word prior (scikit-learn's {@code topic_word_prior}, η; default {@code 1/topics}). */
    public Lda beta(double prior) {
      return new Lda(terms, topics, iterations, alpha, prior("beta", prior), steps);
    }

    /**
     * The fixed number of variational steps that give a document its mixture (scikit-learn's
     * {@code max_doc_update_iter}; default 100, at most 10000).
     */
    public Lda inferenceSteps(int n) {
      if (n < 1 || n > LdaTransform.MAX_STEPS) {
        throw new IllegalArgumentException("inferenceSteps(" + n + ") must be between 1 and " + LdaTransform.MAX_STEPS
            + "; more steps bring a document's mixture closer to convergence, e.g. inferenceSteps(100)");
      }
      return new Lda(terms, topics, iterations, alpha, beta, n);
    }

    private static double prior(String option, double value) {
      if (!(Double.isFinite(value) && value > 0)) {
        throw new IllegalArgumentException(option + "(" + value + ") must be a finite number > 0; smaller values"
            + " make sparser mixtures, e.g. " + option + "(0.1)");
      }
      return value;
    }

    double resolvedAlpha() {
      return Double.isNaN(alpha) ? 1.0 / topics : alpha;
    }

    double resolvedBeta() {
      return Double.isNaN(beta) ? 1.0 / topics : beta;
    }

    @Override
    public String name() {
      return LdaTransform.TAG;
    }

    @Override
    public List<String> columns() {
      return terms.columns;
    }

    @Override
    public void check(Schema schema, List<String> problems) {
      int before = problems.size();
      Steps.checkColumns(name(), columns(), schema, EnumSet.of(ColumnType.TEXT), problems);
      if (problems.size() == before) {
        terms.check(schema, problems);
      }
    }

    @Override
    public FittedTransform fit(FitContext context) {
      Steps.checkFit(this, context);
      return LdaFit.fit(terms, topics, resolvedAlpha(), resolvedBeta(), iterations, steps, context.table(),
          context.seed());
    }

    @Override
    public Map<String, Object> spec() {
      Map<String, Object> spec = new LinkedHashMap<>();
      spec.put("columns", columns());
      spec.put("topics", topics);
      spec.put("iterations", iterations);
      spec.put("alpha", resolvedAlpha());
      spec.put("beta", resolvedBeta());
      spec.put("inferenceSteps", steps);
      spec.put("terms", terms.spec());
      return ImmutableMap.copyOf(spec);
    }

    @Override
    public String toString() {
      return name() + spec();
    }
  }

  // ---------------------------------------------------------------------------------------------

  /**
   * The word embeddings step; see {@link Features#embeddings(String)}.
   *
   * <pre>{@code
   * Embeddings glove = Features.embeddings("review").vectors(Path.of("glove.6B.50d.txt"));
   * Table features = glove.fit(context).apply(testPart);    // review dropped, review_emb0 .. 49 added
   * }</pre>
   *
   * <p>The file is read once, at fit time: UTF-8, one word per line followed by its values,
   * separated by spaces (GloVe's format), with word2vec's optional first line {@code count
   * dimensions}; blank lines are skipped. A malformed file (a line with another number of values,
   * a value that is not a finite number, a word given twice that the training rows use, a header
   * that does not match) is refused with the line number. Tokens are looked up exactly as the
   * {@link #tokenizer(Tokenizer)} yields them, lowercased by default: give {@code
   * Features.tokenizer().lowercase(false)} for cased vectors such as word2vec's GoogleNews. A
   * document's vector is the mean over its token occurrences that have a vector; tokens that do
   * not occur in the training rows are unknown later, even when the file has them, because only
   * the training rows' vectors are kept (with the file's name and SHA-256, for provenance).
   */
  public static final class Embeddings implements Extractor {
    private final ImmutableList<String> columns;
    private final Tokenizer tokenizer;
    private final java.nio.file.Path vectors;

    private Embeddings(ImmutableList<String> columns, Tokenizer tokenizer, java.nio.file.Path vectors) {
      this.columns = columns;
      this.tokenizer = tokenizer;
      this.vectors = vectors;
    }

    /** The word vectors file, in GloVe or word2vec text format (UTF-8). Required. */
    public Embeddings vectors(java.nio.file.Path file) {
      if (file == null) {
        throw new IllegalArgumentException("vectors(null): give the path of a word vectors file in GloVe or word2vec"
            + " text format, e.g. vectors(Path.of(\"glove.6B.50d.txt\"))");
      }
      return new Embeddings(columns, tokenizer, file);
    }

    /** Tokenize words with this tokenizer (default {@link Features#tokenizer()}). */
    public Embeddings tokenizer(Tokenizer tokenizer) {
      if (tokenizer == null) {
        throw new IllegalArgumentException("tokenizer(null): give a tokenizer, e.g. Features.tokenizer().lowercase(false)");
      }
      return new Embeddings(columns, tokenizer, vectors);
    }

    private TextAnalyzer analyzer() {
      return new TextAnalyzer(tokenizer.settings(), TextAnalyzer.Kind.WORD, 1, 1);
    }

    @Override
    public String name() {
      return EmbeddingTransform.TAG;
    }

    @Override
    public List<String> columns() {
      return columns;
    }

    @Override
    public void check(Schema schema, List<String> problems) {
      Steps.checkColumns(name(), columns, schema, EnumSet.of(ColumnType.TEXT), problems);
      analyzer().check(name(), problems);
      if (vectors == null) {
        problems.add(name() + " needs a word vectors file: add .vectors(Path.of(\"glove.6B.50d.txt\")) with a file in"
            + " GloVe or word2vec text format.");
      } else if (!java.nio.file.Files.isRegularFile(vectors) || !java.nio.file.Files.isReadable(vectors)) {
        problems.add(name() + " reads word vectors file '" + vectors + "', which "
            + (java.nio.file.Files.exists(vectors) ? "is not a readable file" : "does not exist")
            + ". Check the path.");
      }
    }

    @Override
    public FittedTransform fit(FitContext context) {
      Steps.checkFit(this, context);
      return TopicFits.embeddings(columns.get(0), tokenizer.settings(), vectors, context.table());
    }

    @Override
    public Map<String, Object> spec() {
      Map<String, Object> spec = new LinkedHashMap<>();
      spec.put("columns", columns);
      if (vectors != null) {
        spec.put("vectors", vectors.toString());
      }
      spec.putAll(analyzer().spec());
      return ImmutableMap.copyOf(spec);
    }

    @Override
    public String toString() {
      return name() + spec();
    }
  }

  // ---- categorical, cyclical, numeric ----

  /**
   * Rare-category grouping of CATEGORICAL columns: each category seen in fewer training rows
   * than {@link GroupRare#minFrequency(int)} says becomes {@code "other"}; the column stays
   * CATEGORICAL, for an encoder after it. The threshold is required.
   *
   * <pre>{@code
   * Features.groupRare("Job").minFrequency(10)          // fewer than 10 training rows: "other"
   * Features.groupRare("Job", "City").minFrequency(0.01) // under 1% of the training rows
   * }</pre>
   */
  public static GroupRare groupRare(String... columns) {
    return new GroupRare(Steps.columnList("groupRare", "Job", columns), null);
  }

  /**
   * Weight of evidence (log-odds) encoding of CATEGORICAL columns for a binary target: each
   * category becomes {@code ln[((pos + r)/(P + 2r)) / ((neg + r)/(N + 2r))]}; training rows get
   * out-of-fold values. Default: regularization 1 and 5 folds.
   *
   * <pre>{@code
   * Features.weightOfEvidence("Job", "Home")
   * Features.weightOfEvidence("Job").regularization(0.5).folds(10)
   * }</pre>
   */
  public static WeightOfEvidence weightOfEvidence(String... columns) {
    return new WeightOfEvidence(Steps.columnList("weightOfEvidence", "Job", columns), 1.0, 5);
  }

  /**
   * Frequency encoding of CATEGORICAL columns: each category becomes its share of the training
   * rows (or, with {@link FrequencyEncoding#counts()}, its count); an unseen or missing category
   * becomes 0.
   *
   * <pre>{@code
   * Features.frequencyEncoding("City")            // share of training rows, 0..1
   * Features.frequencyEncoding("City").counts()   // number of training rows
   * }</pre>
   */
  public static FrequencyEncoding frequencyEncoding(String... columns) {
    return new FrequencyEncoding(Steps.columnList("frequencyEncoding", "City", columns), true);
  }

  /**
   * Cyclical encoding of a NUMERIC column with an explicit period: the column is replaced by
   * {@code column_sin = sin(2πx / period)} and {@code column_cos = cos(2πx / period)}, so that the
   * end of a cycle sits next to its start.
   *
   * <pre>{@code
   * Features.sineCosine("DayOfWeek", 7)   // days 0..6: day 6 lies between day 5 and day 0
   * Features.sineCosine("Hour", 24)
   * }</pre>
   *
   * @param period the length of one cycle in the column's units, finite and &gt; 0; it is never
   *     learned from data
   */
  public static SineCosine sineCosine(String column, double period) {
    ImmutableList<String> columns = Steps.columnList("sineCosine", "DayOfWeek", column);
    if (!(period > 0) || Double.isInfinite(period)) {
      throw new IllegalArgumentException(
          "Features.sineCosine(\"" + column + "\", " + period + ") needs the period, a finite number > 0: the"
              + " length of one cycle in the column's units, e.g. 7 for days of the week numbered 0-6 or 24 for hours"
              + " 0-23. It is not learned from data, where the largest value seen would put the last step of a cycle"
              + " on the first.");
    }
    return new SineCosine(columns.get(0), period);
  }

  /**
   * Calendar features of TIMESTAMP columns, read in the given time zone: for each part, the part
   * as a number, and for the cyclical parts its sine and cosine over the true period (24 hours,
   * 7 days, the length of that month, 12 months, the length of that year). The zone is
   * required: an instant's hour and day depend on it.
   *
   * <pre>{@code
   * Features.calendar(ZoneId.of("Europe/Paris"), "OrderTime")
   * Features.calendar(ZoneOffset.UTC, "OrderTime").parts(Features.CalendarPart.HOUR, Features.CalendarPart.DAY_OF_WEEK)
   * }</pre>
   */
  public static Calendar calendar(ZoneId zone, String... columns) {
    if (zone == null) {
      throw new IllegalArgumentException(
          "Features.calendar(zone, ...) got no time zone; give the zone the hours and days are read in, e.g."
              + " Features.calendar(ZoneOffset.UTC, \"OrderTime\") or Features.calendar(ZoneId.of(\"Europe/Paris\"),"
              + " \"OrderTime\")");
    }
    if (columns == null || columns.length == 0) {
      throw new IllegalArgumentException(
          "Features.calendar(zone) needs at least one column, e.g. Features.calendar(ZoneOffset.UTC, \"OrderTime\")");
    }
    return new Calendar(zone, Steps.columnList("calendar", "OrderTime", columns), ImmutableList.copyOf(CalendarPart.values()));
  }

  /**
   * Min-max scaling of NUMERIC columns to {@code (x - min) / (max - min)} with the training
   * minimum and maximum; a later value outside the training range maps outside [0, 1].
   *
   * <pre>{@code
   * Features.minMax("Age", "Income")
   * }</pre>
   */
  public static MinMax minMax(String... columns) {
    return new MinMax(Steps.columnList("minMax", "Income", columns));
  }

  /**
   * Robust scaling of NUMERIC columns to {@code (x - median) / IQR} with the training median and
   * interquartile range (25th to 75th percentile).
   *
   * <pre>{@code
   * Features.robustScale("Income")
   * }</pre>
   */
  public static RobustScale robustScale(String... columns) {
    return new RobustScale(Steps.columnList("robustScale", "Income", columns));
  }

  /**
   * {@code log(1 + x)} of NUMERIC columns; a value of -1 or less is refused.
   *
   * <pre>{@code
   * Features.log1p("Income", "Amount")
   * }</pre>
   */
  public static Log1p log1p(String... columns) {
    return new Log1p(Steps.columnList("log1p", "Income", columns));
  }

  /**
   * Clipping of NUMERIC columns to fixed bounds or to quantiles learned from the training rows;
   * one of the two is required.
   *
   * <pre>{@code
   * Features.clip("Age").between(18, 99)
   * Features.clip("Income", "Amount").quantiles(0.01, 0.99)
   * }</pre>
   */
  public static Clip clip(String... columns) {
    return new Clip(Steps.columnList("clip", "Income", columns), Clip.Mode.UNSET, Double.NaN, Double.NaN);
  }

  /**
   * Quantile binning of NUMERIC columns: each value becomes its bin number 0..k-1, the bins cut
   * at the training quantiles. Default: 5 bins.
   *
   * <pre>{@code
   * Features.quantileBins("Income").bins(10)   // deciles of the training incomes
   * }</pre>
   */
  public static QuantileBins quantileBins(String... columns) {
    return new QuantileBins(Steps.columnList("quantileBins", "Income", columns), 5);
  }

  /**
   * Statistics of a NUMERIC column over a window of each row's past (per entity, in time
   * order, strictly before the row's time minus a gap): count, sum, mean, median, std, min, max,
   * growth, slope, outlier count and lags, with the same values offline and at predict time
   * (from a {@link org.mlengine.core.History}); see {@link Window}. Add it before the other steps.
   *
   * <pre>{@code
   * Features.window("ridership").orderedBy("date").over(Duration.ofDays(7)).mean().std()
   * Features.window("Sales").by("Store").orderedBy("Date").last(28).median().max().lag(7)
   * }</pre>
   */
  public static Window window(String valueColumn) {
    return Window.of(valueColumn);
  }

  /**
   * A part of a date and time that {@link #calendar(ZoneId, String...)} writes: the part as a
   * number, and for every part but {@link #YEAR} its sine and cosine. The angle starts at the
   * first value of the part ({@code 2π(value - first) / period}).
   *
   * <pre>{@code
   * Features.calendar(ZoneOffset.UTC, "OrderTime").parts(Features.CalendarPart.HOUR)
   * }</pre>
   */
  public enum CalendarPart {
    /** The year, e.g. 2024: {@code column_year} only, since it does not cycle. */
    YEAR,
    /** The month 1-12: {@code column_month}, {@code _sin}, {@code _cos} over 12 months. */
    MONTH,
    /** The day of the month 1-31: {@code column_dayOfMonth} and its sine and cosine over that month's length. */
    DAY_OF_MONTH,
    /** The ISO day of the week, 1 = Monday to 7 = Sunday: {@code column_dayOfWeek} and its sine and cosine over 7. */
    DAY_OF_WEEK,
    /** The day of the year 1-366: {@code column_dayOfYear} and its sine and cosine over 365 or 366 days. */
    DAY_OF_YEAR,
    /** The hour of the day 0-23: {@code column_hour} and its sine and cosine over 24 hours. */
    HOUR
  }

  // ---------------------------------------------------------------------------------------------

  /**
   * The rare-category grouping step; see {@link Features#groupRare(String...)}.
   *
   * <pre>{@code
   * GroupRare job = Features.groupRare("Job").minFrequency(10);
   * pipeline.add(job).add(Features.oneHot("Job"));   // Job=clerk, ..., Job=other
   * }</pre>
   *
   * <p>As scikit-learn's {@code OneHotEncoder(min_frequency=...)}: a whole count {@code n} groups
   * the categories seen in fewer than {@code n} training rows; a fraction {@code f} in (0, 1)
   * those seen in fewer than {@code f × rows} (missing values count towards the rows, as
   * scikit-learn's {@code n_samples}). Grouped categories, and at apply time any category not
   * seen in training, become {@code "other"}; a missing value stays missing. A training category
   * already named {@code "other"} joins the group whatever its count. {@link OneHot#minFrequency}
   * does the same inside one-hot encoding.
   */
  public static final class GroupRare implements Extractor {
    private final ImmutableList<String> columns;
    private final RareCategories.MinFrequency minFrequency;

    private GroupRare(ImmutableList<String> columns, RareCategories.MinFrequency minFrequency) {
      this.columns = columns;
      this.minFrequency = minFrequency;
    }

    /** Groups the categories seen in fewer than {@code count} training rows (count &ge; 1). */
    public GroupRare minFrequency(int count) {
      return new GroupRare(columns, RareCategories.MinFrequency.ofCount(count));
    }

    /** Groups the categories seen in fewer than {@code fraction × rows} training rows (0 &lt; fraction &lt; 1). */
    public GroupRare minFrequency(double fraction) {
      return new GroupRare(columns, RareCategories.MinFrequency.ofFraction(fraction));
    }

    @Override
    public String name() {
      return GroupRareTransform.TAG;
    }

    @Override
    public List<String> columns() {
      return columns;
    }

    @Override
    public void check(Schema schema, List<String> problems) {
      Steps.checkColumns(name(), columns, schema, EnumSet.of(ColumnType.CATEGORICAL), problems);
      if (minFrequency == null) {
        problems.add(name() + " of " + columns + " has no threshold; add .minFrequency(10) to group categories seen in"
            + " fewer than 10 training rows, or .minFrequency(0.01) for fewer than 1% of them.");
      }
    }

    @Override
    public FittedTransform fit(FitContext context) {
      Steps.checkFit(this, context);
      return CategoricalFits.groupRare(columns, minFrequency, context.table());
    }

    @Override
    public Map<String, Object> spec() {
      return minFrequency == null
          ? ImmutableMap.of("columns", columns)
          : ImmutableMap.of("columns", columns, "minFrequency", minFrequency.spec());
    }

    @Override
    public String toString() {
      return name() + spec();
    }
  }

  // ---------------------------------------------------------------------------------------------

  /**
   * The weight-of-evidence step; see {@link Features#weightOfEvidence(String...)}.
   *
   * <pre>{@code
   * WeightOfEvidence job = Features.weightOfEvidence("Job");
   * FittedTransform fitted = job.fit(context);               // full-training values
   * Table trainRows = job.applyToTraining(fitted, context);  // out-of-fold values
   * }</pre>
   *
   * <p>For a binary target only (a regression or multi-class target is refused at fit; use
   * {@link Features#meanEncoding} there). The positive class is the second class in sorted
   * order, as in mean encoding; P and N count the positive and negative training rows, missing
   * categories included, and each category becomes
   * {@code ln[((pos + r)/(P + 2r)) / ((neg + r)/(N + 2r))]}, category_encoders'
   * {@code WOEEncoder} formula with regularization {@code r} (default 1). Unlike
   * category_encoders, a category seen once keeps its value instead of 0: cross-fitting, not a
   * special case, keeps it from leaking its label. A missing or unseen category gets 0 (no
   * evidence either way), as in category_encoders.
   *
   * <p>Training rows are never encoded with their own label: {@link #applyToTraining} encodes
   * each of {@link #folds(int)} folds of the same kind as the outer split with values learned
   * from the other folds (P and N included); a category absent from those folds, and a row that
   * no fold holds out, gets 0. Leave-one-out encoding is not offered: it leaks the label.
   */
  public static final class WeightOfEvidence implements Extractor {
    private final ImmutableList<String> columns;
    private final double regularization;
    private final int folds;

    private WeightOfEvidence(ImmutableList<String> columns, double regularization, int folds) {
      this.columns = columns;
      this.regularization = regularization;
      this.folds = folds;
    }

    /** The regularization {@code r} added to each count (default 1); finite and &gt; 0. */
    public WeightOfEvidence regularization(double r) {
      if (!(r > 0) || Double.isInfinite(r)) {
        throw new IllegalArgumentException(
            "regularization(" + r + ") is not a finite number > 0; with 0 a category seen with one class only"
                + " gets an infinite value. Give e.g. regularization(1), the default");
      }
      return new WeightOfEvidence(columns, r, folds);
    }

    /** The number of cross-fitting folds for the training rows' out-of-fold values (default 5). */
    public WeightOfEvidence folds(int k) {
      if (k < 2) {
        throw new IllegalArgumentException(
            "folds(" + k + "): cross-fitting needs at least 2 folds, so that no row is encoded with its own label;"
                + " the default is 5");
      }
      return new WeightOfEvidence(columns, regularization, k);
    }

    @Override
    public String name() {
      return WeightOfEvidenceTransform.TAG;
    }

    @Override
    public List<String> columns() {
      return columns;
    }

    @Override
    public void check(Schema schema, List<String> problems) {
      Steps.checkColumns(name(), columns, schema, EnumSet.of(ColumnType.CATEGORICAL), problems);
    }

    @Override
    public FittedTransform fit(FitContext context) {
      Steps.checkFit(this, context);
      Table train = context.table();
      double[] positive = positives(context);
      int[] all = new int[train.rowCount()];
      Arrays.setAll(all, i -> i);
      Map<String, TargetStatistics.Fit> fits = new LinkedHashMap<>();
      for (String column : columns) {
        fits.put(column, TargetStatistics.weightOfEvidence(train.stringColumn(column), positive, all, regularization));
      }
      return CategoricalFits.weightOfEvidence(context.classes().get(1), fits);
    }

    /** 1.0 for each training row of the positive class, else 0.0; refuses a target that is not binary. */
    private double[] positives(FitContext context) {
      String meanEncoding = "Features.meanEncoding(\"" + String.join("\", \"", columns) + "\")";
      if (context.task() != org.mlengine.core.Task.CLASSIFICATION) {
        throw new IllegalArgumentException(
            name() + " needs a binary target, but target '" + context.target() + "' is a regression target. Use "
                + meanEncoding + ", which encodes the target mean.");
      }
      List<String> classes = context.classes();
      if (classes.size() != 2) {
        throw new IllegalArgumentException(
            name() + " needs a binary target, but target '" + context.target() + "' has " + classes.size()
                + (classes.size() == 1 ? " class" : " classes") + " in the training rows: " + classes + ". "
                + (classes.size() < 2
                    ? "Both classes must occur in training; a stratified split keeps them, e.g. Split.stratified(0.8)."
                    : "Use " + meanEncoding + ", which encodes one column per class."));
      }
      int[] index = context.classIndices();
      double[] positive = new double[index.length];
      for (int r = 0; r < index.length; r++) {
        positive[r] = index[r] == 1 ? 1.0 : 0.0;
      }
      return positive;
    }

    /**
     * The out-of-fold values of the training rows: each row is encoded by values learned from
     * the other folds only, so its own label never reaches its own value.
     *
     * @param fitted what {@link #fit} returned for this context
     */
    @Override
    public Table applyToTraining(FittedTransform fitted, FitContext context) {
      if (!(fitted instanceof WeightOfEvidenceTransform full) || !full.inputColumns().equals(columns)) {
        throw new IllegalArgumentException(
            name() + ".applyToTraining needs the transform this step's fit(context) returned, got "
                + (fitted == null ? "null" : "a '" + fitted.tag() + "' transform of " + fitted.inputColumns()));
      }
      double[] positive = positives(context);
      if (!full.positive().equals(context.classes().get(1))) {
        throw new IllegalArgumentException(
            name() + ".applyToTraining got a transform fitted on another target (positive class '" + full.positive()
                + "', here '" + context.classes().get(1) + "'); pass the transform fit(context) returned for this context");
      }
      Table train = context.table();
      List<Partition> partitions = context.crossFitPartitions(folds);
      Table out = train;
      for (String column : columns) {
        String[] categories = train.stringColumn(column);
        double[][] encoded = CrossFit.outOfFold(partitions, categories, new double[] {0.0},
            rows -> TargetStatistics.weightOfEvidence(categories, positive, rows, regularization));
        out = out.withNumeric(column, encoded[0]);
      }
      return out;
    }

    @Override
    public Map<String, Object> spec() {
      return ImmutableMap.of("columns", columns, "regularization", regularization, "folds", folds);
    }

    @Override
    public String toString() {
      return name() + spec();
    }
  }

  // ---------------------------------------------------------------------------------------------

  /**
   * The frequency-encoding step; see {@link Features#frequencyEncoding(String...)}.
   *
   * <pre>{@code
   * FrequencyEncoding city = Features.frequencyEncoding("City").counts();
   * Table encoded = city.fit(context).apply(testPart);  // City: training rows with that city
   * }</pre>
   *
   * <p>Each column is replaced in place by a NUMERIC column: the category's count over the
   * training rows, divided by the number of training rows (missing values included) unless
   * {@link #counts()} asks for the plain count. A category not seen in training, and a missing
   * value, become 0 (impute first to count missing values as a category). The target is not
   * read, so training rows need no cross-fitting.
   */
  public static final class FrequencyEncoding implements Extractor {
    private final ImmutableList<String> columns;
    private final boolean shares;

    private FrequencyEncoding(ImmutableList<String> columns, boolean shares) {
      this.columns = columns;
      this.shares = shares;
    }

    /** Encode the number of training rows with the category. */
    public FrequencyEncoding counts() {
      return new FrequencyEncoding(columns, false);
    }

    /** Encode the share of training rows with the category, in [0, 1] (the default). */
    public FrequencyEncoding shares() {
      return new FrequencyEncoding(columns, true);
    }

    @Override
    public String name() {
      return FrequencyEncodingTransform.TAG;
    }

    @Override
    public List<String> columns() {
      return columns;
    }

    @Override
    public void check(Schema schema, List<String> problems) {
      Steps.checkColumns(name(), columns, schema, EnumSet.of(ColumnType.CATEGORICAL), problems);
    }

    @Override
    public FittedTransform fit(FitContext context) {
      Steps.checkFit(this, context);
      if (context.table().rowCount() == 0) {
        throw new IllegalArgumentException(name() + " needs at least one training row; the training part is empty");
      }
      return CategoricalFits.frequencyEncoding(columns, shares, context.table());
    }

    @Override
    public Map<String, Object> spec() {
      return ImmutableMap.of("columns", columns, "output", shares ? "share" : "count");
    }

    @Override
    public String toString() {
      return name() + spec();
    }
  }

  // ---------------------------------------------------------------------------------------------

  /**
   * The cyclical encoding step; see {@link Features#sineCosine(String, double)}.
   *
   * <pre>{@code
   * SineCosine day = Features.sineCosine("DayOfWeek", 7);
   * Table encoded = day.fit(context).apply(testPart);  // DayOfWeek dropped, DayOfWeek_sin, DayOfWeek_cos added
   * }</pre>
   *
   * <p>The period is required and never learned: feature-engine's {@code CyclicalFeatures}
   * learns it as the training maximum, which for days 0-6 is 6 and puts day 6 on day 0. A
   * missing value gives NaN in both outputs (impute the column first). Nothing is learned from
   * the training rows.
   */
  public static final class SineCosine implements Extractor {
    private final String column;
    private final double period;

    private SineCosine(String column, double period) {
      this.column = column;
      this.period = period;
    }

    @Override
    public String name() {
      return SineCosineTransform.TAG;
    }

    @Override
    public List<String> columns() {
      return ImmutableList.of(column);
    }

    @Override
    public void check(Schema schema, List<String> problems) {
      Steps.checkColumns(name(), columns(), schema, EnumSet.of(ColumnType.NUMERIC), problems);
    }

    @Override
    public FittedTransform fit(FitContext context) {
      Steps.checkFit(this, context);
      return new SineCosineTransform(column, period);
    }

    @Override
    public Map<String, Object> spec() {
      return ImmutableMap.of("columns", columns(), "period", period);
    }

    @Override
    public String toString() {
      return name() + spec();
    }
  }

  // ---------------------------------------------------------------------------------------------

  /**
   * The calendar step; see {@link Features#calendar(ZoneId, String...)}.
   *
   * <pre>{@code
   * Calendar when = Features.calendar(ZoneId.of("Europe/Paris"), "OrderTime")
   *     .parts(Features.CalendarPart.HOUR, Features.CalendarPart.DAY_OF_WEEK);
   * // OrderTime dropped; OrderTime_dayOfWeek, _sin, _cos, OrderTime_hour, _sin, _cos added
   * }</pre>
   *
   * <p>Each TIMESTAMP column is dropped and, per part in {@link CalendarPart} order (all parts by
   * default), {@code column_part} is appended, followed for every part but the year by
   * {@code column_part_sin} and {@code column_part_cos}. The period is the part's true one: 24
   * hours, 7 days, 12 months, and the length of that very month (28 to 31) and year (365 or
   * 366), so the last day of a month is always one step before the first. The parts are
   * whole numbers: the hour of 23:59 is 23. The zone is the factory's first argument, so it
   * cannot be forgotten; the same instant is a Monday in Tokyo and a Sunday in Los Angeles.
   * A missing timestamp gives NaN in every output. Nothing is learned from the training rows.
   */
  public static final class Calendar implements Extractor {
    private final ZoneId zone;
    private final ImmutableList<String> columns;
    private final ImmutableList<CalendarPart> parts;

    private Calendar(ZoneId zone, ImmutableList<String> columns, ImmutableList<CalendarPart> parts) {
      this.zone = zone;
      this.columns = columns;
      this.parts = parts;
    }

    /** Only these parts (default: all), written in {@link CalendarPart} order. */
    public Calendar parts(CalendarPart... chosen) {
      if (chosen == null || chosen.length == 0 || Arrays.asList(chosen).contains(null)) {
        throw new IllegalArgumentException(
            "parts(...) needs at least one part and no null, e.g. parts(Features.CalendarPart.HOUR,"
                + " Features.CalendarPart.DAY_OF_WEEK)");
      }
      return new Calendar(zone, columns, ImmutableList.copyOf(EnumSet.copyOf(Arrays.asList(chosen))));
    }

    @Override
    public String name() {
      return CalendarTransform.TAG;
    }

    @Override
    public List<String> columns() {
      return columns;
    }

    @Override
    public void check(Schema schema, List<String> problems) {
      Steps.checkColumns(name(), columns, schema, EnumSet.of(ColumnType.TIMESTAMP), problems);
    }

    @Override
    public FittedTransform fit(FitContext context) {
      Steps.checkFit(this, context);
      return new CalendarTransform(zone, KernelValues.fields(parts), columns);
    }

    @Override
    public Map<String, Object> spec() {
      return ImmutableMap.of(
          "columns", columns,
          "zone", zone.getId(),
          "parts", parts.stream().map(p -> CalendarTransform.label(KernelValues.field(p))).collect(ImmutableList.toImmutableList()));
    }

    @Override
    public String toString() {
      return name() + spec();
    }
  }

  // ---------------------------------------------------------------------------------------------

  /**
   * The min-max scaling step; see {@link Features#minMax(String...)}.
   *
   * <pre>{@code
   * MinMax age = Features.minMax("Age");
   * Table scaled = age.fit(context).apply(testPart);  // (x - training min) / training range
   * }</pre>
   *
   * <p>As scikit-learn's {@code MinMaxScaler} with the default range [0, 1]: the minimum and
   * maximum come from the training rows only and are never refitted, so a later value outside
   * the training range maps outside [0, 1] (trained on 1..4, a 5 becomes 1.333333). A constant
   * column gets range 1. Missing values are skipped when fitting and stay missing when applied;
   * a column whose training values are all missing is refused.
   */
  public static final class MinMax implements Extractor {
    private final ImmutableList<String> columns;

    private MinMax(ImmutableList<String> columns) {
      this.columns = columns;
    }

    @Override
    public String name() {
      return ScaleTransform.MIN_MAX;
    }

    @Override
    public List<String> columns() {
      return columns;
    }

    @Override
    public void check(Schema schema, List<String> problems) {
      Steps.checkColumns(name(), columns, schema, EnumSet.of(ColumnType.NUMERIC), problems);
    }

    @Override
    public FittedTransform fit(FitContext context) {
      Steps.checkFit(this, context);
      return NumericFits.scale(ScaleTransform.MIN_MAX, columns, context.table());
    }

    @Override
    public Map<String, Object> spec() {
      return ImmutableMap.of("columns", columns);
    }

    @Override
    public String toString() {
      return name() + spec();
    }
  }

  // ---------------------------------------------------------------------------------------------

  /**
   * The robust scaling step; see {@link Features#robustScale(String...)}.
   *
   * <pre>{@code
   * RobustScale income = Features.robustScale("Income");
   * Table scaled = income.fit(context).apply(testPart);  // (x - median) / (q75 - q25)
   * }</pre>
   *
   * <p>As scikit-learn's {@code RobustScaler(quantile_range=(25, 75))}: the median and the 25th
   * and 75th percentiles of the training rows, with numpy's default linear interpolation
   * between ranks; an interquartile range of (almost) zero becomes 1. Missing values are
   * skipped when fitting and stay missing when applied; a column whose training values are all
   * missing is refused.
   */
  public static final class RobustScale implements Extractor {
    private final ImmutableList<String> columns;

    private RobustScale(ImmutableList<String> columns) {
      this.columns = columns;
    }

    @Override
    public String name() {
      return ScaleTransform.ROBUST;
    }

    @Override
    public List<String> columns() {
      return columns;
    }

    @Override
    public void check(Schema schema, List<String> problems) {
      Steps.checkColumns(name(), columns, schema, EnumSet.of(ColumnType.NUMERIC), problems);
    }

    @Override
    public FittedTransform fit(FitContext context) {
      Steps.checkFit(this, context);
      return NumericFits.scale(ScaleTransform.ROBUST, columns, context.table());
    }

    @Override
    public Map<String, Object> spec() {
      return ImmutableMap.of("columns", columns);
    }

    @Override
    public String toString() {
      return name() + spec();
    }
  }

  // ---------------------------------------------------------------------------------------------

  /**
   * The {@code log(1 + x)} step; see {@link Features#log1p(String...)}.
   *
   * <pre>{@code
   * Log1p amount = Features.log1p("Amount");
   * Table logged = amount.fit(context).apply(testPart);
   * }</pre>
   *
   * <p>Each column keeps its name. A value of -1 or less, where the logarithm is undefined, is
   * refused with an {@link InvalidInputException} naming the column, in training and at
   * prediction alike (clip first if such values can occur); a missing value stays missing.
   * Nothing is learned from the training rows.
   */
  public static final class Log1p implements Extractor {
    private final ImmutableList<String> columns;

    private Log1p(ImmutableList<String> columns) {
      this.columns = columns;
    }

    @Override
    public String name() {
      return Log1pTransform.TAG;
    }

    @Override
    public List<String> columns() {
      return columns;
    }

    @Override
    public void check(Schema schema, List<String> problems) {
      Steps.checkColumns(name(), columns, schema, EnumSet.of(ColumnType.NUMERIC), problems);
    }

    @Override
    public FittedTransform fit(FitContext context) {
      Steps.checkFit(this, context);
      return new Log1pTransform(columns);
    }

    @Override
    public Map<String, Object> spec() {
      return ImmutableMap.of("columns", columns);
    }

    @Override
    public String toString() {
      return name() + spec();
    }
  }

  // ---------------------------------------------------------------------------------------------

  /**
   * The clipping step; see {@link Features#clip(String...)}.
   *
   * <pre>{@code
   * Clip age = Features.clip("Age").between(18, 99);
   * Clip income = Features.clip("Income").quantiles(0.01, 0.99);  // learned on training rows
   * }</pre>
   *
   * <p>Values below the lower bound become the lower bound and values above the upper bound the
   * upper bound; a missing value stays missing. With {@link #quantiles(double, double)} the
   * bounds are quantiles of each column's non-missing training values (numpy's default linear
   * interpolation), learned once and never refitted. With {@link #between(double, double)} an
   * infinite bound leaves that side open. One of the two is required.
   */
  public static final class Clip implements Extractor {
    private enum Mode {
      UNSET,
      BETWEEN,
      QUANTILES
    }

    private final ImmutableList<String> columns;
    private final Mode mode;
    private final double lower;
    private final double upper;

    private Clip(ImmutableList<String> columns, Mode mode, double lower, double upper) {
      this.columns = columns;
      this.mode = mode;
      this.lower = lower;
      this.upper = upper;
    }

    /** Clip to fixed bounds; {@code Double.NEGATIVE_INFINITY} or {@code POSITIVE_INFINITY} leaves a side open. */
    public Clip between(double lower, double upper) {
      if (Double.isNaN(lower) || Double.isNaN(upper) || lower > upper
          || lower == Double.POSITIVE_INFINITY || upper == Double.NEGATIVE_INFINITY) {
        throw new IllegalArgumentException(
            "between(" + lower + ", " + upper + ") is not a range; give lower <= upper, e.g. between(0, 100), or"
                + " between(0, Double.POSITIVE_INFINITY) to clip one side only");
      }
      return new Clip(columns, Mode.BETWEEN, lower, upper);
    }

    /** Clip to these quantiles of the training values, 0 &le; lower &lt; upper &le; 1. */
    public Clip quantiles(double lower, double upper) {
      if (!(lower >= 0 && lower < upper && upper <= 1)) {
        throw new IllegalArgumentException(
            "quantiles(" + lower + ", " + upper + ") are not quantiles with 0 <= lower < upper <= 1; give e.g."
                + " quantiles(0.01, 0.99)");
      }
      return new Clip(columns, Mode.QUANTILES, lower, upper);
    }

    @Override
    public String name() {
      return ClipTransform.TAG;
    }

    @Override
    public List<String> columns() {
      return columns;
    }

    @Override
    public void check(Schema schema, List<String> problems) {
      Steps.checkColumns(name(), columns, schema, EnumSet.of(ColumnType.NUMERIC), problems);
      if (mode == Mode.UNSET) {
        problems.add(name() + " of " + columns + " has no bounds; add .between(lower, upper) for fixed bounds or"
            + " .quantiles(0.01, 0.99) for bounds learned from the training rows.");
      }
    }

    @Override
    public FittedTransform fit(FitContext context) {
      Steps.checkFit(this, context);
      return mode == Mode.QUANTILES
          ? NumericFits.clipQuantiles(columns, lower, upper, context.table())
          : NumericFits.clipFixed(columns, lower, upper);
    }

    @Override
    public Map<String, Object> spec() {
      return switch (mode) {
        case UNSET -> ImmutableMap.of("columns", columns);
        case BETWEEN -> ImmutableMap.of("columns", columns, "between", ImmutableList.of(bound(lower), bound(upper)));
        case QUANTILES -> ImmutableMap.of("columns", columns, "quantiles", ImmutableList.of(lower, upper));
      };
    }

    /** A bound for the spec: a number, or "-Infinity" / "Infinity" for an open side (JSON has no infinity). */
    private static Object bound(double value) {
      return Double.isInfinite(value) ? (Object) Double.toString(value) : (Object) value;
    }

    @Override
    public String toString() {
      return name() + spec();
    }
  }

  // ---------------------------------------------------------------------------------------------

  /**
   * The quantile binning step; see {@link Features#quantileBins(String...)}.
   *
   * <pre>{@code
   * QuantileBins income = Features.quantileBins("Income").bins(4);
   * Table binned = income.fit(context).apply(testPart);  // 0, 1, 2 or 3 by training quartiles
   * }</pre>
   *
   * <p>As scikit-learn 1.2's {@code KBinsDiscretizer(strategy='quantile', encode='ordinal')}:
   * the edges are the percentiles {@code 100·i/k} of the non-missing training values (numpy's
   * linear interpolation), an edge less than 1e-8 above the one before it is dropped (so ties
   * can leave fewer bins), and a constant column gets a single bin 0. A value becomes the number
   * of inner edges at or below it, so values outside the training range fall in the first or
   * last bin. Each column keeps its name; a missing value stays missing (scikit-learn refuses
   * it); a column whose training values are all missing is refused.
   */
  public static final class QuantileBins implements Extractor {
    private final ImmutableList<String> columns;
    private final int bins;

    private QuantileBins(ImmutableList<String> columns, int bins) {
      this.columns = columns;
      this.bins = bins;
    }

    /** The number of bins, at least 2 (default 5). */
    public QuantileBins bins(int k) {
      if (k < 2) {
        throw new IllegalArgumentException(
            "bins(" + k + ") would not split anything; give at least 2 bins, e.g. bins(4) for quartiles");
      }
      return new QuantileBins(columns, k);
    }

    @Override
    public String name() {
      return QuantileBinsTransform.TAG;
    }

    @Override
    public List<String> columns() {
      return columns;
    }

    @Override
    public void check(Schema schema, List<String> problems) {
      Steps.checkColumns(name(), columns, schema, EnumSet.of(ColumnType.NUMERIC), problems);
    }

    @Override
    public FittedTransform fit(FitContext context) {
      Steps.checkFit(this, context);
      return NumericFits.quantileBins(columns, bins, context.table());
    }

    @Override
    public Map<String, Object> spec() {
      return ImmutableMap.of("columns", columns, "bins", bins);
    }

    @Override
    public String toString() {
      return name() + spec();
    }
  }

  // ---- relational aggregates ----

  /**
   * Relational aggregates: per parent row, statistics of a related table's rows with the same key
   * that happened strictly before the row's cutoff time (count, sum, mean, std, min, max,
   * distinct count, mode, latest value, time since latest), optionally within a look-back. The
   * related table is data, not fitted state: a bundle keeps only the definition, and at predict
   * time the rows come from a {@link org.mlengine.core.History} under source {@code name}. See
   * {@link Aggregate} for the cutoff rule, the output names and the statistics' conventions.
   *
   * <pre>{@code
   * Features.aggregate("calls", calls)      // the related table's name (its History source) and rows
   *     .on("Customer")                      // key column, same name in both tables
   *     .timedBy("At")                       // when each call happened
   *     .asOf("Snapshot")                    // each customer row's cutoff
   *     .count().mean("Minutes").std("Minutes").mode("Kind").timeSinceLatest(Duration.ofDays(1))
   *     .lookBack(Duration.ofDays(90))       // calls_90d_count, calls_90d_mean_Minutes, ...
   * }</pre>
   */
  public static Aggregate aggregate(String name, Table rows) {
    return Aggregate.of(name, rows);
  }

  // ---- augmentation ----

  /**
   * Text augmentation for the training rows of a TEXT column, for {@link
   * org.mlengine.core.Pipeline.Builder#augment(Augmenter...)}: each training row with a text
   * gets {@link TextAugmentation#copies(int)} extra rows whose text has words replaced by
   * synonyms from a map you give, words swapped, and words deleted, all at random but seeded by
   * the pipeline's seed. Validation rows, test rows and prediction requests are never augmented.
   * At least one operation must be set.
   *
   * <pre>{@code
   * Features.augmentText("review")
   *     .synonyms(Map.of("good", List.of("fine", "great"), "movie", List.of("film")))
   *     .synonymRate(0.5)        // each word that has synonyms: replaced with probability 0.5
   *     .randomSwaps(1)          // then two random words trade places, once
   *     .randomDeletion(0.1)     // then each word is dropped with probability 0.1 (never all)
   *     .copies(2)               // two augmented rows per training row
   * }</pre>
   */
  public static TextAugmentation augmentText(String textColumn) {
    return new TextAugmentation(Steps.columnList("augmentText", "review", textColumn), ImmutableSortedMap.of(), 0.5, 0,
        0.0, 1);
  }

  // ---------------------------------------------------------------------------------------------

  /**
   * The text augmenter; see {@link Features#augmentText(String)}. Immutable: each option method
   * returns a changed copy.
   *
   * <pre>{@code
   * Pipeline.builder()
   *     .target("sentiment")
   *     .split(Split.stratified(0.8))
   *     .augment(Features.augmentText("review").randomSwaps(1).randomDeletion(0.1).copies(2))
   *     .add(Features.tfidf("review"))
   *     .trainer(Trainers.logisticRegression())
   *     .seed(42)
   *     .build();
   * }</pre>
   *
   * <p>In the manner of EDA (Wei and Zou, 2019, "Easy Data Augmentation Techniques for Boosting
   * Performance on Text Classification Tasks"), without its random insertion and without a
   * thesaurus of its own:
   *
   * <ul>
   *   <li>Words are the runs of characters between white space, so a copy keeps the case and the
   *       punctuation of the original and the text steps after it tokenize it as they tokenize
   *       every other text (the text steps' {@link Features#tokenizer()} would lowercase it and
   *       drop punctuation). A copy's words are joined with single spaces.
   *   <li>{@link #synonyms(Map)}: a word is looked up without the punctuation around it and
   *       ignoring case ({@code "Good,"} finds the key {@code "good"}); with probability {@link
   *       #synonymRate(double)} it is replaced by one of its synonyms, chosen uniformly, as the map
   *       spells it, keeping the punctuation ({@code "great,"}).
   *   <li>{@link #randomSwaps(int)}: then two words at different positions, chosen uniformly,
   *       trade places, n times (texts of one word are left as they are).
   *   <li>{@link #randomDeletion(double)}: then each word is dropped with that probability;
   *       when every word would go, one of them, chosen uniformly, is kept.
   * </ul>
   *
   * <p>A missing or blank text gets no copy, and a copy whose words came out unchanged is not
   * added, so a row gets at most {@link #copies(int)} copies. The other columns, the target
   * among them, are copied from the source row. The random choices of copy {@code c} of training
   * row {@code r} come from a {@link java.util.SplittableRandom} seeded with the pipeline's seed,
   * the column, {@code r} and {@code c}, so they do not depend on the other rows, the order the
   * rows are processed in or the thread. The spec records the options and, instead of the
   * synonym map itself, its number of words and a SHA-256 of it.
   */
  public static final class TextAugmentation implements Augmenter {
    static final String NAME = "augment_text";

    private final ImmutableList<String> columns;
    private final ImmutableSortedMap<String, ImmutableList<String>> synonyms;
    private final double synonymRate;
    private final int swaps;
    private final double deletionRate;
    private final int copies;

    private TextAugmentation(ImmutableList<String> columns, ImmutableSortedMap<String, ImmutableList<String>> synonyms,
        double synonymRate, int swaps, double deletionRate, int copies) {
      this.columns = columns;
      this.synonyms = synonyms;
      this.synonymRate = synonymRate;
      this.swaps = swaps;
      this.deletionRate = deletionRate;
      this.copies = copies;
    }

    /**
     * Replace words by synonyms from this map, from a word to the words that may replace it;
     * replaces any earlier map. Keys are single words without surrounding punctuation and are
     * matched ignoring case; a synonym may be several words. Default: no synonyms.
     */
    public TextAugmentation synonyms(Map<String, List<String>> synonyms) {
      if (synonyms == null) {
        throw new IllegalArgumentException("synonyms(null): give a map from a word to its synonyms, e.g."
            + " Map.of(\"good\", List.of(\"fine\", \"great\"))");
      }
      Map<String, String> spelledAs = new java.util.HashMap<>();
      ImmutableSortedMap.Builder<String, ImmutableList<String>> out = ImmutableSortedMap.naturalOrder();
      for (Map.Entry<String, List<String>> e : synonyms.entrySet()) {
        String word = e.getKey();
        if (word == null || word.isBlank()) {
          throw new IllegalArgumentException("synonyms(...) has " + (word == null ? "a null" : "a blank")
              + " key; give each word as a non-empty string");
        }
        int[] core = TextAugmenter.core(word);
        if (core[0] != 0 || core[1] != word.length() || TextAugmenter.tokens(word).size() != 1) {
          throw new IllegalArgumentException("synonyms(...) has the key \"" + word + "\", which is not one word without"
              + " surrounding punctuation; words in the text are matched without spaces and without the punctuation"
              + " around them, so give a key like \"" + (core[1] > core[0] ? word.substring(core[0], core[1]) : "good")
              + "\"");
        }
        String key = word.toLowerCase(Locale.ROOT);
        String earlier = spelledAs.put(key, word);
        if (earlier != null) {
          throw new IllegalArgumentException("synonyms(...) has the keys \"" + earlier + "\" and \"" + word
              + "\", which are one word when case is ignored; merge their lists under one key");
        }
        List<String> list = e.getValue();
        if (list == null || list.isEmpty()) {
          throw new IllegalArgumentException("synonyms(...) gives \"" + word + "\" no synonyms; give it at least one,"
              + " or leave the word out of the map");
        }
        for (String synonym : list) {
          if (synonym == null || synonym.isBlank()) {
            throw new IllegalArgumentException("synonyms(...) gives \"" + word + "\" " + (synonym == null ? "a null" : "a blank")
                + " synonym; give each synonym as a non-empty string");
          }
        }
        out.put(key, ImmutableList.copyOf(list));
      }
      return new TextAugmentation(columns, out.buildOrThrow(), synonymRate, swaps, deletionRate, copies);
    }

    /** The probability that a word with synonyms is replaced, in [0, 1] (default 0.5). */
    public TextAugmentation synonymRate(double probability) {
      return new TextAugmentation(columns, synonyms, rate("synonymRate", probability,
          "the probability that a word with synonyms is replaced, e.g. synonymRate(0.3)"), swaps, deletionRate, copies);
    }

    /** How many times two random words trade places in each copy (default 0, none). */
    public TextAugmentation randomSwaps(int times) {
      if (times < 0) {
        throw new IllegalArgumentException("randomSwaps(" + times + ") must be 0 or more; it is how many times two"
            + " random words trade places, e.g. randomSwaps(1)");
      }
      return new TextAugmentation(columns, synonyms, synonymRate, times, deletionRate, copies);
    }

    /** The probability that each word is dropped from a copy, in [0, 1]; never every word (default 0, none). */
    public TextAugmentation randomDeletion(double probability) {
      return new TextAugmentation(columns, synonyms, synonymRate, swaps, rate("randomDeletion", probability,
          "the probability that each word is dropped (one word always stays), e.g. randomDeletion(0.1)"), copies);
    }

    /** How many augmented copies each training row gets, at least 1 (default 1). */
    public TextAugmentation copies(int copies) {
      if (copies < 1) {
        throw new IllegalArgumentException("copies(" + copies + ") must be at least 1; it is how many augmented rows"
            + " each training row gets, e.g. copies(2)");
      }
      return new TextAugmentation(columns, synonyms, synonymRate, swaps, deletionRate, copies);
    }

    private static double rate(String option, double probability, String meaning) {
      if (!(probability >= 0 && probability <= 1)) {
        throw new IllegalArgumentException(option + "(" + probability + ") is outside [0, 1]; it is " + meaning);
      }
      return probability;
    }

    /** Whether some operation is set: synonyms with a rate above 0, swaps, or deletion. */
    private boolean changesSomething() {
      return (!synonyms.isEmpty() && synonymRate > 0) || swaps > 0 || deletionRate > 0;
    }

    @Override
    public String name() {
      return NAME;
    }

    @Override
    public List<String> columns() {
      return columns;
    }

    @Override
    public void check(Schema schema, List<String> problems) {
      Steps.checkColumns(name(), columns, schema, EnumSet.of(ColumnType.TEXT), problems);
      if (!changesSomething()) {
        problems.add(name() + " of '" + columns.get(0) + "' would only copy rows: "
            + (synonyms.isEmpty() ? "it has no synonyms" : "its synonymRate is 0") + ", no random swaps and no random"
            + " deletion. Add .synonyms(map), .randomSwaps(1) or .randomDeletion(0.1).");
      }
    }

    @Override
    public Augmentation augment(Table trainingPart, long seed) {
      List<String> problems = new java.util.ArrayList<>();
      check(trainingPart.schema(), problems);
      if (!problems.isEmpty()) {
        throw new IllegalArgumentException(String.join("\n", problems));
      }
      return new TextAugmenter(columns.get(0), synonyms, synonymRate, swaps, deletionRate, copies)
          .augment(trainingPart, seed);
    }

    @Override
    public Map<String, Object> spec() {
      Map<String, Object> spec = new LinkedHashMap<>();
      spec.put("column", columns.get(0));
      spec.put("tokens", "whitespace");
      if (!synonyms.isEmpty()) {
        spec.put("synonymWords", synonyms.size());
        spec.put("synonymsSha256", TextAugmenter.sha256(synonyms));
        spec.put("synonymRate", synonymRate);
      }
      spec.put("randomSwaps", swaps);
      spec.put("randomDeletion", deletionRate);
      spec.put("copies", copies);
      return ImmutableMap.copyOf(spec);
    }

    @Override
    public String toString() {
      return name() + spec();
    }
  }
}
