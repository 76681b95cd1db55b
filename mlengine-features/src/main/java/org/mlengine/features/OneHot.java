package org.mlengine.features;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import java.util.EnumSet;
import java.util.Locale;
import org.mlengine.runtime.ColumnType;
import org.mlengine.core.spi.FitContext;
import org.mlengine.runtime.spi.FittedTransform;
import org.mlengine.runtime.Table;
import org.mlengine.features.Features.Unknown;
import org.mlengine.runtime.internal.steps.OneHotTransform;

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
 *
 * <p><b>Changed in 0.2.0, for existing pipelines:</b> a column with more than {@value
 * #SPARSE_ABOVE} one-hot columns, when the pipeline is fitted again, becomes one sparse VECTOR
 * column instead of that many NUMERIC columns. The features and their names are the same, and
 * linear models, CART trees and random forests predict the same; but XGBoost reads an absent
 * entry of a sparse column as missing rather than 0, so a refitted XGBoost model may learn other
 * splits. {@link #dense()} restores the old form. Bundles saved before load and score unchanged.
 *
 * <p><b>Dense or sparse output.</b> The features are always the same, {@code Column=category}
 * in sorted order; what differs is how the table holds them. What counts is the number of
 * one-hot columns a column gets: its training categories, plus {@code Column=other} when
 * {@code minFrequency} groups some of them (so 100 kept categories and {@code other} are 101).
 * A column with at most {@value #SPARSE_ABOVE} one-hot columns becomes that many NUMERIC
 * columns, as it always did; a column with more becomes one sparse VECTOR column, named after
 * the input column and appended where the NUMERIC columns would be, whose dimensions are those
 * names. Dense output costs one double
 * per row and category (a 50,000-level column of 50,000 rows would need 20 GB); sparse output
 * costs memory for its non-zeros only, at most one per row, as scikit-learn's {@code
 * OneHotEncoder(sparse_output=True)}. {@link #dense()} and {@link #sparse()} choose one form for
 * every column whatever its width: ask for {@code dense()} when a later step reads a one-hot
 * column by name (for example {@code Features.standardize("Job=clerk")}), since a sparse column
 * has no NUMERIC column of that name. Linear models, CART trees and random forests read an
 * absent entry as 0 and give the same predictions on both forms; XGBoost, as with scikit-learn's
 * sparse matrices, reads an absent entry as missing and may learn other splits on the sparse form.
 */
public final class OneHot extends Step {
  /**
   * The most one-hot columns (categories, plus {@code Column=other} under {@code minFrequency}) a
   * column gets as NUMERIC columns unless {@link #sparse()} or {@link #dense()} says otherwise.
   */
  public static final int SPARSE_ABOVE = 100;

  /** How the one-hot columns are held: by width, or one form for all. */
  enum Output {
    AUTO,
    DENSE,
    SPARSE
  }

  private final Unknown onUnknown;
  private final RareCategories.MinFrequency minFrequency;
  private final Output output;

  OneHot(ImmutableList<String> columns, Unknown onUnknown) {
    this(columns, onUnknown, null, Output.AUTO);
  }

  OneHot(ImmutableList<String> columns, Unknown onUnknown, RareCategories.MinFrequency minFrequency, Output output) {
    super(OneHotTransform.TAG, columns, EnumSet.of(ColumnType.CATEGORICAL));
    this.onUnknown = onUnknown;
    this.minFrequency = minFrequency;
    this.output = output;
  }

  /**
   * Groups the categories seen in fewer than {@code count} training rows into
   * {@code Column=other} (count &ge; 1; scikit-learn's integer {@code min_frequency}).
   */
  public OneHot minFrequency(int count) {
    return new OneHot(columns, onUnknown, RareCategories.MinFrequency.ofCount(count), output);
  }

  /**
   * Groups the categories seen in fewer than {@code fraction × rows} training rows into
   * {@code Column=other} (0 &lt; fraction &lt; 1; scikit-learn's float {@code min_frequency}).
   */
  public OneHot minFrequency(double fraction) {
    return new OneHot(columns, onUnknown, RareCategories.MinFrequency.ofFraction(fraction), output);
  }

  /** This step with another policy for categories not seen in training (default IGNORE). */
  public OneHot onUnknown(Unknown policy) {
    if (policy == null) {
      throw new IllegalArgumentException(
          "onUnknown(null): give Features.Unknown.IGNORE (all zeros) or Features.Unknown.ERROR (refuse the row)");
    }
    return new OneHot(columns, policy, minFrequency, output);
  }

  /**
   * This step writing every column as NUMERIC columns {@code Column=category}, however many
   * categories it has: for later steps that read a one-hot column by name.
   */
  public OneHot dense() {
    return new OneHot(columns, onUnknown, minFrequency, Output.DENSE);
  }

  /**
   * This step writing every column as one sparse VECTOR column of the same name, however few
   * categories it has (scikit-learn's default): memory for the non-zeros only.
   */
  public OneHot sparse() {
    return new OneHot(columns, onUnknown, minFrequency, Output.SPARSE);
  }

  @Override
  FittedTransform fitChecked(FitContext context) {
    return CategoricalFits.oneHot(columns, KernelValues.policy(onUnknown), minFrequency, this::sparse, context.table());
  }

  /**
   * The training rows encoded as {@link #fit}'s transform encodes any rows. Within a pipeline's
   * fit (a context that {@linkplain FitContext#ownsTable() owns its table}) each NUMERIC one-hot
   * column is held a byte a row: the same values, an eighth of the memory while the fit runs
   * (issue #15); a caller's context gets the doubles {@code apply} gives.
   */
  @Override
  public Table applyToTraining(FittedTransform fitted, FitContext context) {
    return context.ownsTable() && fitted instanceof OneHotTransform oneHot
        ? oneHot.applyCompact(context.table()) : fitted.apply(context.table());
  }

  @Override
  void options(ImmutableMap.Builder<String, Object> spec) {
    spec.put("onUnknown", onUnknown.name().toLowerCase(Locale.ROOT));
    if (minFrequency != null) {
      spec.put("minFrequency", minFrequency.spec());
    }
    if (output != Output.AUTO) {
      spec.put("output", output.name().toLowerCase(Locale.ROOT));
    }
  }

  /** Whether a column with this many one-hot columns is written as a VECTOR column. */
  private boolean sparse(int width) {
    return output == Output.SPARSE || (output == Output.AUTO && width > SPARSE_ABOVE);
  }
}
