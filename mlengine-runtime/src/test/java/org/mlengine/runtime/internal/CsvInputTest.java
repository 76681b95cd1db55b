package org.mlengine.runtime.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** {@link CsvInput} keeps the {@link java.io.Reader} contract for any caller, not only the scanner's buffers. */
class CsvInputTest {

  @Test
  void read_oneCharAtATime_givesCharactersOutsideTheBasicPlaneInTwoCalls() throws IOException {
    String text = "a\n\uD83D\uDE00,\u00e9\n";
    try (CsvInput input = CsvInput.decoding(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)),
        StandardCharsets.UTF_8, "t.csv")) {
      StringBuilder read = new StringBuilder();
      char[] one = new char[1];
      for (int n = input.read(one, 0, 1); n != -1; n = input.read(one, 0, 1)) {
        assertEquals(1, n);
        read.append(one[0]);
      }
      assertEquals(text, read.toString());
    }
  }

  @Test
  void read_afterTheEnd_isTheEndAgain() throws IOException {
    try (CsvInput input = CsvInput.decoding(new ByteArrayInputStream("a,b\n".getBytes(StandardCharsets.UTF_8)),
        StandardCharsets.UTF_8, "t.csv")) {
      char[] buffer = new char[64];
      assertEquals(4, input.read(buffer, 0, buffer.length));
      assertEquals(-1, input.read(buffer, 0, buffer.length));
      assertEquals(-1, input.read(buffer, 0, buffer.length));
      assertEquals(-1, input.read());
    }
  }
}
