package org.mlengine.serving;

import java.util.Map;
import org.mlengine.runtime.Row;

/**
 * The form a deployment's request came in (a map, a {@link Request}, a table's {@link Row}):
 * the deployment keeps the caller's object and scores or reads it in its own form, so that no
 * request is converted on the way.
 */
enum RequestForm {
  MAP,
  REQUEST,
  ROW;

  /** {@code input}, in this form, scored by {@code predictor}. */
  @SuppressWarnings("unchecked")
  Prediction score(Predictor predictor, Object input) {
    return switch (this) {
      case MAP -> predictor.predict((Map<String, ?>) input);
      case REQUEST -> predictor.predict((Request) input);
      case ROW -> predictor.predict((Row) input);
    };
  }

  /** {@code input}'s values by column name. */
  @SuppressWarnings("unchecked")
  Map<String, ?> asMap(Object input) {
    return switch (this) {
      case MAP -> (Map<String, ?>) input;
      case REQUEST -> ((Request) input).values();
      case ROW -> ((Row) input).toMap();
    };
  }
}
