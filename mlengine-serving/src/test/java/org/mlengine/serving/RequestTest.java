package org.mlengine.serving;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.mlengine.core.Pipeline;
import org.mlengine.core.Split;
import org.mlengine.core.TestData;
import org.mlengine.core.Trainers;
import org.mlengine.features.Features;
import org.mlengine.runtime.InvalidInputException;
import org.mlengine.runtime.Table;

/** The request builder: its checks with their exact messages, immutability, and scoring equal to a map's. */
class RequestTest {
  @Test
  void builder_thirteenColumns_keepsThemInOrder() {
    Request r = Request.builder()
        .put("Seniority", 9).put("Home", "rent").put("Time", 60).put("Age", 30)
        .put("Marital", "married").put("Records", "no").put("Job", "freelance")
        .put("Expenses", 73).put("Income", 129).put("Assets", 0).put("Debt", 0)
        .put("Amount", 800).put("Price", 846)
        .build();
    assertEquals(List.of("Seniority", "Home", "Time", "Age", "Marital", "Records", "Job", "Expenses", "Income",
        "Assets", "Debt", "Amount", "Price"), List.copyOf(r.values().keySet()));
    assertEquals(846, r.values().get("Price"));
  }

  @Test
  void put_nullValue_isAMissingValue() {
    Request r = Request.builder().put("Income", null).build();
    assertNull(r.values().get("Income"));
    assertEquals(1, r.values().size());
  }

  @Test
  void put_nullName_isRefusedWithTheFix() {
    var e = assertThrows(IllegalArgumentException.class, () -> Request.builder().put(null, 1));
    assertEquals("a request column name is null; name each value with its column, e.g. put(\"Income\", 129)", e.getMessage());
  }

  @Test
  void put_blankName_isRefusedWithTheFix() {
    var e = assertThrows(IllegalArgumentException.class, () -> Request.builder().put(" ", 1));
    assertEquals("a request column name is blank (\" \"); name each value with its column, e.g. put(\"Income\", 129)", e.getMessage());
  }

  @Test
  void put_duplicateName_namesTheColumnAndTheFirstValue() {
    var builder = Request.builder().put("Home", "rent");
    var e = assertThrows(IllegalArgumentException.class, () -> builder.put("Home", "owner"));
    assertEquals("column 'Home' is already in the request (value rent); put each column once, or call replace(\"Home\", value) to change it",
        e.getMessage());
    assertEquals(Map.of("Home", "rent"), builder.build().values(), "a refused put leaves the builder as it was");
  }

  @Test
  void replace_absentColumn_isRefusedWithTheFix() {
    var builder = Request.builder().put("Home", "rent");
    var e = assertThrows(IllegalArgumentException.class, () -> builder.replace("Age", 30));
    assertEquals("column 'Age' is not in the request, which holds [Home]; add it with put(\"Age\", value)", e.getMessage());
  }

  @Test
  void toBuilder_replace_derivesACopyAndLeavesTheOriginal() {
    Request first = Request.builder().put("Home", "rent").put("Age", 30).build();
    Request second = first.toBuilder().replace("Age", 31).build();
    assertEquals(Map.of("Home", "rent", "Age", 30), first.values());
    assertEquals(Map.of("Home", "rent", "Age", 31), second.values());
    assertNotEquals(first, second);
  }

  @Test
  void build_leavesTheBuilderUntouched_andTheRequestIsImmutable() {
    var builder = Request.builder().put("Home", "rent");
    Request first = builder.build();
    builder.put("Age", 30);
    assertEquals(Map.of("Home", "rent"), first.values());
    assertThrows(UnsupportedOperationException.class, () -> first.values().put("Age", 1));
    assertEquals(Request.builder().put("Home", "rent").put("Age", 30).build(), builder.build());
  }

  @Test
  void copyOf_mapWithNullValue_keepsIt() {
    Map<String, Object> m = new HashMap<>();
    m.put("x1", null);
    assertEquals(m, Request.copyOf(m).values());
  }

  @Test
  void predict_request_equalsPredictOnTheSameMap_andItsErrors() {
    Table base = TestData.binary(200, 5);
    Predictor predictor = Predictor.of(Pipeline.builder().target("y").split(Split.stratified(0.8))
        .add(Features.impute("x1").median())
        .trainer(Trainers.logisticRegression()).seed(3).build().fit(base).bundle());
    Request r = Request.builder().put("x1", 0.5).put("x2", -1.0).build();
    assertEquals(predictor.predict(Map.of("x1", 0.5, "x2", -1.0)), predictor.predict(r));

    var e = assertThrows(InvalidInputException.class, () -> predictor.predict(Request.builder().put("x1", 0.5).build()));
    assertEquals("missing column 'x2' (NUMERIC); the model reads [x1, x2]. Add it to the request; give a missing value as null.",
        e.getMessage());
    var nullRequest = assertThrows(NullPointerException.class, () -> predictor.predict((Request) null));
    assertEquals("the request is null; build one with Request.builder().put(\"column\", value).build()", nullRequest.getMessage());
  }
}
