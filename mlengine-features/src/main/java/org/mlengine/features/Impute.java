package org.mlengine.features;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.mlengine.runtime.ColumnType;
import org.mlengine.core.spi.FitContext;
import org.mlengine.runtime.spi.FittedTransform;
import org.mlengine.runtime.InvalidInputException;
import org.mlengine.runtime.Schema;
import org.mlengine.runtime.Table;
import org.mlengine.runtime.internal.steps.ImputeTransform;

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
public final class Impute extends Step {
  enum Strategy {
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

  private final Strategy strategy;
  private final double numberConstant;
  private final String textConstant;
  private final boolean indicator;

  Impute(
      ImmutableList<String> columns, Strategy strategy, double numberConstant, String textConstant, boolean indicator) {
    super(ImputeTransform.TAG, columns, strategy.accepted);
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
  public void check(Schema schema, List<String> problems) {
    for (String column : columns) {
      var field = schema.column(column);
      if (field.isEmpty()) {
        problems.add(Steps.absent(name(), column, schema));
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
  FittedTransform fitChecked(FitContext context) {
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

  /** The training rows filled as {@link #fit}'s transform fills any rows, over their own arrays when the fit owns them. */
  @Override
  public Table applyToTraining(FittedTransform fitted, FitContext context) {
    return context.ownsTable() && fitted instanceof ImputeTransform impute
        ? impute.applyInPlace(context.table(), context.originalRows())
        : fitted.apply(context.table());
  }

  @Override
  void options(ImmutableMap.Builder<String, Object> spec) {
    spec.put("strategy", strategy.label);
    if (strategy == Strategy.CONSTANT_NUMBER) {
      spec.put("constant", numberConstant);
    } else if (strategy == Strategy.CONSTANT_TEXT) {
      spec.put("constant", textConstant);
    }
    spec.put("indicator", indicator);
  }
}
