package org.mlengine.features;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.mlengine.core.ColumnType;
import org.mlengine.core.Extractor;
import org.mlengine.core.FitContext;
import org.mlengine.core.FittedTransform;
import org.mlengine.core.InvalidInputException;
import org.mlengine.core.Partition;
import org.mlengine.core.Schema;
import org.mlengine.core.Table;

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
 */
public final class Features {
  private Features() {}

  /**
   * One-hot encoding of CATEGORICAL columns: each column is replaced by one NUMERIC column
   * {@code Column=category} per category seen in training (sorted), 1.0 where the row has that
   * category and 0.0 elsewhere. A missing value encodes as all zeros; so does an unknown
   * category, unless {@link OneHot#onUnknown(Unknown)} says {@link Unknown#ERROR}.
   *
   * <pre>{@code
   * Features.oneHot("Home", "Purpose")                  // Home=owner, Home=rent, Purpose=car, ...
   * Features.oneHot("Home").onUnknown(Features.Unknown.ERROR)
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
   */
  public static final class OneHot implements Extractor {
    private final ImmutableList<String> columns;
    private final Unknown onUnknown;

    private OneHot(ImmutableList<String> columns, Unknown onUnknown) {
      this.columns = columns;
      this.onUnknown = onUnknown;
    }

    /** This step with another policy for categories not seen in training (default IGNORE). */
    public OneHot onUnknown(Unknown policy) {
      if (policy == null) {
        throw new IllegalArgumentException(
            "onUnknown(null): give Features.Unknown.IGNORE (all zeros) or Features.Unknown.ERROR (refuse the row)");
      }
      return new OneHot(columns, policy);
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
      return OneHotTransform.fit(columns, onUnknown, context.table());
    }

    @Override
    public Map<String, Object> spec() {
      return ImmutableMap.of("columns", columns, "onUnknown", onUnknown.name().toLowerCase(Locale.ROOT));
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
      return StandardizeTransform.fit(columns, context.table());
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
      return MeanEncodingTransform.of(context.task(), targets.classes(), prior, fits);
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
      checkPartitions(partitions, n);
      double[] prior = full.priorValues();
      Table out = train;
      for (String column : columns) {
        String[] categories = train.stringColumn(column);
        double[][] encoded = new double[prior.length][n];
        for (int k = 0; k < prior.length; k++) {
          Arrays.fill(encoded[k], prior[k]);
        }
        for (Partition p : partitions) {
          int[] fitRows = p.train().toArray();
          if (fitRows.length == 0) {
            continue; // nothing to learn from: these rows keep the full-training prior
          }
          TargetStatistics.Fit fit = TargetStatistics.fit(categories, targets.y(), fitRows, smoothing);
          p.test().forEach(r -> {
            double[] v = fit.encode(categories[r]);
            for (int k = 0; k < v.length; k++) {
              encoded[k][r] = v[k];
            }
          });
        }
        out = full.write(out, column, encoded);
      }
      return out;
    }

    /** Refuses folds that would encode a row with its own label or hold a row out twice. */
    private static void checkPartitions(List<Partition> partitions, int n) {
      int[] heldOutBy = new int[n];
      Arrays.fill(heldOutBy, -1);
      for (int f = 0; f < partitions.size(); f++) {
        Partition p = partitions.get(f);
        boolean[] fitsOn = new boolean[n];
        for (int r : p.train().toArray()) {
          checkRow(r, n, f);
          fitsOn[r] = true;
        }
        for (int r : p.test().toArray()) {
          checkRow(r, n, f);
          if (fitsOn[r]) {
            throw new IllegalArgumentException(
                "cross-fitting fold " + f + " both learns from row " + r + " and encodes it, so the row would be"
                    + " encoded with its own label; give folds whose train and test rows do not overlap");
          }
          if (heldOutBy[r] >= 0) {
            throw new IllegalArgumentException(
                "row " + r + " is held out by cross-fitting folds " + heldOutBy[r] + " and " + f
                    + "; each row may be held out by at most one fold");
          }
          heldOutBy[r] = f;
        }
      }
    }

    private static void checkRow(int r, int n, int fold) {
      if (r < 0 || r >= n) {
        throw new IllegalArgumentException(
            "cross-fitting fold " + fold + " names row " + r + ", but the training part has " + n + " rows");
      }
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
}
