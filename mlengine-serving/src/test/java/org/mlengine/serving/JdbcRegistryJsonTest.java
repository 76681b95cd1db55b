package org.mlengine.serving;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import org.junit.jupiter.api.Test;

/** The JDBC store's version metadata refuses text it did not write, naming the version and what is wrong. */
class JdbcRegistryJsonTest {
  @Test
  void read_notJson_saysWhichVersionAndWhatToDo() {
    IOException e = assertThrows(IOException.class, () -> JdbcRegistryJson.read("credit", 2, "{oops", "the registry database x"));
    assertEquals("the metadata of version 2 of model 'credit' in the registry database x is not valid JSON (Unexpected character"
        + " ('o' (code 111)): was expecting double-quote to start field name); it was not written by mlengine's"
        + " JdbcRegistryStore, or was changed by hand: restore the row from a backup or delete the version", e.getMessage());
  }

  @Test
  void read_missingField_namesTheFieldsItHas() {
    IOException e = assertThrows(IOException.class, () -> JdbcRegistryJson.read("credit", 2, "{\"format\":1,\"bytes\":3}", "db"));
    assertEquals("the metadata of version 2 of model 'credit' in db has no text field 'bundleId' (it has format, bytes): it was"
        + " not written by mlengine's JdbcRegistryStore, or was changed by hand; restore the row from a backup or delete the"
        + " version", e.getMessage());
  }

  @Test
  void read_metricThatIsNotANumber_isRefused() {
    String json = "{\"format\":1,\"bundleId\":\"b\",\"metrics\":{\"auc\":\"high\"},\"tags\":{},\"registeredBy\":\"me\","
        + "\"registeredAt\":\"1970-01-01T00:00:00Z\",\"reason\":\"\",\"bytes\":1}";
    IOException e = assertThrows(IOException.class, () -> JdbcRegistryJson.read("credit", 2, json, "db"));
    assertEquals("the metadata of version 2 of model 'credit' in db has metric 'auc' = \"high\"; a metric is a number, or \"NaN\","
        + " \"Infinity\" or \"-Infinity\": restore the row from a backup or delete the version", e.getMessage());
  }
}
