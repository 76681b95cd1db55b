package org.mlengine.features;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.mlengine.features.Fixtures.assertClose;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.mlengine.runtime.ColumnType;
import org.mlengine.runtime.spi.FittedTransform;
import org.mlengine.runtime.InvalidInputException;
import org.mlengine.runtime.Table;

class FrequencyEncodingTest {

  /** A x3, B x2, C x1, one missing: 7 training rows. */
  private static final Table TRAIN = Table.builder()
      .categorical("X", "A", "A", "A", "B", "B", "C", null)
      .numeric("Income", 1, 2, 3, 4, 5, 6, 7)
      .categorical("y", "1", "1", "0", "0", "0", "1", "1")
      .build();

  private static final Table TEST = Table.builder().categorical("X", "A", "B", "C", "D", null).build();

  @Test
  void default_sharesOfAllTrainingRows_unseenAndMissingGetZero() {
    Table out = Features.frequencyEncoding("X").fit(Fixtures.classification(TRAIN)).apply(TEST);
    assertEquals(ColumnType.NUMERIC, out.type("X"));
    assertClose(new double[] {3 / 7.0, 2 / 7.0, 1 / 7.0, 0, 0}, out.numericColumn("X"));
  }

  @Test
  void counts_givesTrainingCounts() {
    Table out = Features.frequencyEncoding("X").counts().fit(Fixtures.classification(TRAIN)).apply(TEST);
    assertClose(new double[] {3, 2, 1, 0, 0}, out.numericColumn("X"));
  }

  @Test
  void apply_trainingRows_keepColumnOrder() {
    Table out = Features.frequencyEncoding("X").counts().fit(Fixtures.classification(TRAIN)).apply(TRAIN);
    assertEquals(List.of("X", "Income", "y"), out.columnNames());
    assertClose(new double[] {3, 3, 3, 2, 2, 1, 0}, out.numericColumn("X"));
  }

  @Test
  void fit_emptyTrainingPart_isRefused() {
    var e = assertThrows(IllegalArgumentException.class,
        () -> Features.frequencyEncoding("X").fit(Fixtures.classification(TRAIN.rows(new int[0]))));
    assertEquals("frequency_encoding needs at least one training row; the training part is empty", e.getMessage());
  }

  @Test
  void wrongType_hasTheHouseMessages() {
    assertEquals(List.of("column 'Income' is NUMERIC; frequency_encoding needs CATEGORICAL. Declare it with"
            + " CsvOptions.categorical(\"Income\") or drop it."),
        Fixtures.problems(Features.frequencyEncoding("Income"), TRAIN));
    FittedTransform fitted = Features.frequencyEncoding("X").fit(Fixtures.classification(TRAIN));
    var e = assertThrows(InvalidInputException.class,
        () -> fitted.apply(Table.builder().numeric("X", 1).build()));
    assertEquals("column 'X' is NUMERIC; frequency_encoding expects CATEGORICAL. Send strings in it, with null for a"
        + " missing value.", e.getMessage());
  }

  @Test
  void spec_namesTheOutput() {
    assertEquals(Map.of("columns", List.of("X"), "output", "share"), Features.frequencyEncoding("X").spec());
    assertEquals("frequency_encoding{columns=[X], output=count}", Features.frequencyEncoding("X").counts().toString());
    assertEquals("frequency_encoding{columns=[X], output=share}",
        Features.frequencyEncoding("X").counts().shares().toString());
  }
}
