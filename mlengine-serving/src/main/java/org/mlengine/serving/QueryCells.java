package org.mlengine.serving;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.mlengine.runtime.ColumnProfile;
import org.mlengine.runtime.ModelBundle;
import org.mlengine.runtime.Profile;
import org.mlengine.runtime.Schema;

/**
 * Quantises a request relative to a bundle's training profile, for {@link ClientLimits}' count of
 * near-duplicate queries: one byte (a cell) per input column and a 64-bit hash of the exact values.
 * A NUMERIC input falls in cell {@code floor((x - median) / (resolution * sd))}, clamped to
 * [-127, 126]; a missing number is cell 127; a column whose training sd is 0 or unknown, and every
 * other input, gets a cell from the hash of its value (so two different categories share a cell
 * with chance 1/256).
 */
final class QueryCells {
  private static final byte MISSING = 127;

  private final String[] columns;
  /** Per column: the training median, or NaN for a column cut by its value's hash. */
  private final double[] centre;
  /** Per column: the cell width, {@code resolution * sd}. */
  private final double[] width;

  private QueryCells(String[] columns, double[] centre, double[] width) {
    this.columns = columns;
    this.centre = centre;
    this.width = width;
  }

  /**
   * The cells of {@code model}'s input columns at {@code resolution} training sds.
   *
   * @throws IllegalArgumentException when the bundle carries no training profile
   */
  static QueryCells of(Predictor model, double resolution) {
    ModelBundle bundle = model.bundle();
    Optional<Profile> profile = bundle.profile();
    if (profile.isEmpty()) {
      throw new IllegalArgumentException(withoutProfile(bundle));
    }
    Schema inputs = model.inputSchema();
    List<String> names = inputs.names();
    String[] columns = names.toArray(new String[0]);
    double[] centre = new double[columns.length];
    double[] width = new double[columns.length];
    for (int i = 0; i < columns.length; i++) {
      centre[i] = Double.NaN;
      Optional<ColumnProfile> column = profile.get().column(columns[i]);
      if (column.isPresent() && column.get() instanceof ColumnProfile.Numeric n && n.sd() > 0 && n.sd() < Double.POSITIVE_INFINITY) {
        Double median = n.quantiles().get(0.5);
        centre[i] = median == null || Double.isNaN(median) ? n.mean() : median;
        width[i] = resolution * n.sd();
      }
    }
    return new QueryCells(columns, centre, width);
  }

  /** Why a bundle without a training profile cannot cut requests into cells. */
  static String withoutProfile(ModelBundle bundle) {
    return "nearDuplicateQuota needs the training medians and sds in the bundle's profile, and bundle " + LimitFacts.name(bundle)
        + " has no profile (it was written before profiles were recorded); refit the pipeline (Pipeline.fit records one) or"
        + " drop nearDuplicateQuota from these client limits";
  }

  /** The number of input columns, the length of a cell vector. */
  int columns() {
    return columns.length;
  }

  /** Writes the request's cells into {@code cells} and returns the hash of its exact values. */
  long cut(Map<String, ?> request, byte[] cells) {
    long hash = 0x2545F4914F6CDD1DL;
    for (int i = 0; i < columns.length; i++) {
      Object value = request.get(columns[i]);
      long bits;
      byte cell;
      if (value == null) {
        bits = 0x7ff8dead00000001L;
        cell = MISSING;
      } else if (value instanceof Number number && !Double.isNaN(centre[i])) {
        double x = number.doubleValue();
        bits = Double.doubleToLongBits(x);
        if (Double.isNaN(x)) {
          cell = MISSING;
        } else {
          double c = Math.floor((x - centre[i]) / width[i]);
          cell = (byte) Math.max(-127, Math.min(126, c));
        }
      } else {
        bits = value instanceof Number number ? Double.doubleToLongBits(number.doubleValue()) : value.toString().hashCode();
        cell = (byte) mix(bits);
      }
      cells[i] = cell;
      hash = mix(hash ^ (bits + i));
    }
    return hash;
  }

  /** The number of columns in which two cell vectors differ, counting no further than 2. */
  static int differences(byte[] ring, int offset, byte[] cells) {
    int d = 0;
    for (int i = 0; i < cells.length; i++) {
      if (ring[offset + i] != cells[i] && ++d == 2) {
        return 2;
      }
    }
    return d;
  }

  /** A 64-bit finaliser (MurmurHash3's fmix64): every input bit moves every output bit. */
  private static long mix(long h) {
    h ^= h >>> 33;
    h *= 0xff51afd7ed558ccdL;
    h ^= h >>> 33;
    h *= 0xc4ceb9fe1a85ec53L;
    h ^= h >>> 33;
    return h;
  }
}
