package org.mlengine.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;
import org.mlengine.runtime.internal.Json;

/**
 * A bundle whose model was refitted on every row after its held-out evaluation ({@code
 * Pipeline.Builder.refitOnAll()} in mlengine-core): the final model was fitted on more rows than
 * were evaluated, and the bundle's {@link ModelBundle#estimates()} are those of the same pipeline
 * fitted on the split's training part and scored on its held-out rows. They stand for the final
 * model on new rows (if anything, slightly pessimistically: it learned from more rows); they are
 * not its score on rows it was fitted on.
 *
 * <pre>{@code
 * ModelBundle bundle = ModelBundle.load(Path.of("attrition.mlb"));
 * bundle.refit().ifPresent(r -> System.out.println(r.describe()));
 * // the final model was fitted on all 1470 rows; the held-out estimates are of the same pipeline ...
 * }</pre>
 *
 * @param fittedRows the rows the final model was fitted on: every row of the table
 * @param evaluatedTrainingRows the rows the evaluated model was fitted on (the split's training part)
 * @param heldOutRows the held-out rows the estimates were computed on
 */
public record Refit(int fittedRows, int evaluatedTrainingRows, int heldOutRows) {

  /** Checks that the counts are not negative and that the final model saw more rows than the evaluated one. */
  public Refit {
    if (evaluatedTrainingRows < 0 || heldOutRows < 0 || fittedRows <= evaluatedTrainingRows) {
      throw new IllegalArgumentException("a refit has " + fittedRows + " fitted rows, " + evaluatedTrainingRows + " evaluated training"
          + " rows and " + heldOutRows + " held-out rows; expected counts of at least 0 and more fitted rows than evaluated"
          + " training rows (the final model is refitted on every row)");
    }
  }

  /** One sentence saying which rows the model and the estimates come from. */
  public String describe() {
    return "the final model was fitted on all " + fittedRows + " rows; the held-out estimates are of the same pipeline fitted on "
        + evaluatedTrainingRows + " rows and scored on " + heldOutRows + " held-out rows, which the final model has now seen, so"
        + " they estimate how it does on new rows, not on those.";
  }

  /** The manifest section {@code "refit"}. */
  Map<String, Object> toMap() {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("fittedRows", fittedRows);
    out.put("evaluatedTrainingRows", evaluatedTrainingRows);
    out.put("heldOutRows", heldOutRows);
    return out;
  }

  /** Reads the manifest section {@code "refit"}. */
  static Refit fromJson(JsonNode node, String entry) throws BundleFormatException {
    try {
      return new Refit(count(node, "fittedRows", entry), count(node, "evaluatedTrainingRows", entry), count(node, "heldOutRows", entry));
    } catch (IllegalArgumentException e) {
      throw new BundleFormatException("section 'refit' of entry '" + entry + "' is invalid: " + e.getMessage(), e);
    }
  }

  private static int count(JsonNode node, String field, String entry) throws BundleFormatException {
    JsonNode v = Json.field(node, field, entry);
    if (!v.canConvertToInt() || !v.isIntegralNumber()) {
      throw new BundleFormatException("field '" + field + "' of section 'refit' in entry '" + entry + "' is " + v
          + "; expected a whole number of rows");
    }
    return v.intValue();
  }
}
