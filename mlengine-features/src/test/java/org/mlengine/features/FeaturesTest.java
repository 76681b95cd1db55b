package org.mlengine.features;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class FeaturesTest {

  @Test
  void factory_noColumns_isRefusedWithAnExample() {
    var e = assertThrows(IllegalArgumentException.class, () -> Features.oneHot());
    assertEquals("Features.oneHot() needs at least one column, e.g. Features.oneHot(\"Home\")", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> Features.meanEncoding());
    assertEquals("Features.meanEncoding() needs at least one column, e.g. Features.meanEncoding(\"Job\")",
        e.getMessage());
  }

  @Test
  void factory_nullOrEmptyName_isRefused() {
    var e = assertThrows(IllegalArgumentException.class, () -> Features.standardize("Income", null));
    assertEquals("Features.standardize(...) got a null column name; give each column's name as the table spells it",
        e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> Features.impute(""));
    assertEquals("Features.impute(...) got an empty column name; give each column's name as the table spells it",
        e.getMessage());
  }

  @Test
  void factory_repeatedColumn_isRefused() {
    var e = assertThrows(IllegalArgumentException.class, () -> Features.impute("Income", "Home", "Income"));
    assertEquals("column 'Income' is listed twice in Features.impute(...); list each column once", e.getMessage());
  }

  @Test
  void factory_copiesTheColumnArray() {
    String[] columns = {"a", "b"};
    Standardize step = Features.standardize(columns);
    columns[0] = "changed";
    assertEquals(List.of("a", "b"), step.columns());
  }

  @Test
  void names_areTheCodecTags() {
    assertEquals("one_hot", Features.oneHot("a").name());
    assertEquals("impute", Features.impute("a").name());
    assertEquals("standardize", Features.standardize("a").name());
    assertEquals("mean_encoding", Features.meanEncoding("a").name());
  }
}
