package org.mlengine.features;

import com.google.common.collect.ImmutableList;
import java.util.List;
import org.mlengine.runtime.internal.steps.CalendarField;
import org.mlengine.runtime.internal.steps.UnknownPolicy;
import org.mlengine.runtime.internal.steps.VectorNorm;

/**
 * Turns the options users set on the front door's values into the kernel's own values, so the
 * kernel package never names the fit side.
 */
final class KernelValues {
  private KernelValues() {}

  static UnknownPolicy policy(Features.Unknown unknown) {
    return switch (unknown) {
      case ERROR -> UnknownPolicy.ERROR;
      case IGNORE -> UnknownPolicy.IGNORE;
    };
  }

  static VectorNorm norm(Features.Norm norm) {
    return switch (norm) {
      case NONE -> VectorNorm.NONE;
      case L1 -> VectorNorm.L1;
      case L2 -> VectorNorm.L2;
    };
  }

  static CalendarField field(Features.CalendarPart part) {
    return switch (part) {
      case YEAR -> CalendarField.YEAR;
      case MONTH -> CalendarField.MONTH;
      case DAY_OF_MONTH -> CalendarField.DAY_OF_MONTH;
      case DAY_OF_WEEK -> CalendarField.DAY_OF_WEEK;
      case DAY_OF_YEAR -> CalendarField.DAY_OF_YEAR;
      case HOUR -> CalendarField.HOUR;
    };
  }

  static List<CalendarField> fields(List<Features.CalendarPart> parts) {
    return parts.stream().map(KernelValues::field).collect(ImmutableList.toImmutableList());
  }
}
