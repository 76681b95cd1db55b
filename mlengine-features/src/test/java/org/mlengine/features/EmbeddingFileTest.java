package org.mlengine.features;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mlengine.core.spi.FitContext;
import org.mlengine.runtime.spi.FittedTransform;
import org.mlengine.core.Split;
import org.mlengine.runtime.Table;
import org.mlengine.runtime.internal.steps.EmbeddingTransform;

/** Word vectors files: what is accepted, and the exact message, with the line, for what is not. */
class EmbeddingFileTest {
  @TempDir Path dir;

  /** Training texts whose tokens are "the", "cat" and "dog". */
  private static final Table TRAIN = Table.builder().text("t", "the cat", "the dog").numeric("y", 0, 1).build();

  private Path file(String content) throws IOException {
    Path path = dir.resolve("vectors.txt");
    Files.writeString(path, content, StandardCharsets.UTF_8);
    return path;
  }

  private static FittedTransform fit(Path vectors) {
    return Features.embeddings("t").vectors(vectors).fit(FitContext.of(TRAIN, "y", Split.random(0.5), 1));
  }

  private String refused(String content) throws IOException {
    Path path = file(content);
    return assertThrows(IllegalArgumentException.class, () -> fit(path)).getMessage();
  }

  private String where() {
    return "word vectors file '" + dir.resolve("vectors.txt") + "'";
  }

  @Test
  void read_tabsBlankLinesBomAndTrailingSpaces_areAccepted() throws IOException {
    EmbeddingTransform t = (EmbeddingTransform) fit(file("\uFEFFthe\t1 2\n\n  cat  3 4  \r\nowl 5 6\n"));
    assertEquals(List.of("cat", "the"), t.words());
    assertArrayEquals(new double[] {3, 4}, t.vector(0));
    assertArrayEquals(new double[] {1, 2}, t.vector(1));
  }

  @Test
  void read_header_isCheckedAgainstTheFile() throws IOException {
    EmbeddingTransform t = (EmbeddingTransform) fit(file("2 2\nthe 1 2\ncat 3 4\n"));
    assertEquals(2, t.dimensions());
    assertEquals("embeddings: line 3 of " + where() + " has 1 values for the word 'cat', but the header on line 1"
        + " says 2; every word needs the same number of values (a word with a space in it is not supported).",
        refused("2 2\nthe 1 2\ncat 3\n"));
    assertEquals("embeddings: the header on line 1 of " + where() + " announces 3 vectors, but the file has 2. Fix the"
        + " header or the file.", refused("3 2\nthe 1 2\ncat 3 4\n"));
    assertEquals("embeddings: the header on line 1 of " + where() + " says the vectors have 0 values; they need at"
        + " least 1.", refused("2 0\nthe 1 2\n"));
  }

  @Test
  void read_lineWithAnotherNumberOfValues_isRefusedWithBothLines() throws IOException {
    assertEquals("embeddings: line 3 of " + where() + " has 3 values for the word 'owl', but line 1 has 2; every"
        + " word needs the same number of values (a word with a space in it is not supported).",
        refused("the 1 2\ncat 3 4\nowl 5 6 7\n"));
  }

  @Test
  void read_wordWithoutValues_isRefused() throws IOException {
    assertEquals("embeddings: line 2 of " + where() + " has the word 'cat' but no values; each line must be a word"
        + " followed by its values, separated by spaces.", refused("the 1 2\ncat\n"));
  }

  @Test
  void read_valueThatIsNotAFiniteNumber_isRefusedForAWordInUse() throws IOException {
    assertEquals("embeddings: line 2 of " + where() + " has '4,5' as value 2 of the word 'cat', which is not a"
        + " number.", refused("the 1 2\ncat 3 4,5\n"));
    assertEquals("embeddings: line 1 of " + where() + " has 'NaN' as value 1 of the word 'the'; values must be finite"
        + " numbers.", refused("the NaN 2\ncat 3 4\n"));
    // the values of words the training rows do not use are counted, not parsed
    EmbeddingTransform t = (EmbeddingTransform) fit(file("the 1 2\nowl x y\n"));
    assertEquals(List.of("the"), t.words());
  }

  @Test
  void read_repeatedWordInUse_isRefusedWithBothLines() throws IOException {
    assertEquals("embeddings: line 3 of " + where() + " repeats the word 'the' of line 1; each word needs exactly one"
        + " vector.", refused("the 1 2\ncat 3 4\nthe 5 6\n"));
  }

  @Test
  void read_emptyFile_isRefused() throws IOException {
    String expected = "embeddings: " + where() + " holds no vectors; expected one line per word: the word, then its"
        + " values separated by spaces (the text format of GloVe and word2vec).";
    assertEquals(expected, refused(""));
    assertEquals(expected, refused("\n  \n"));
    assertEquals(expected, refused("0 50\n"));
  }

  @Test
  void read_invalidUtf8_isRefusedWithTheLine() throws IOException {
    Path path = dir.resolve("vectors.txt");
    Files.write(path, new byte[] {'t', 'h', 'e', ' ', '1', '\n', 'c', (byte) 0xC3, (byte) 0x28, ' ', '2', '\n'});
    assertEquals("embeddings: line 2 of " + where() + " is not valid UTF-8. Save the file as UTF-8.",
        assertThrows(IllegalArgumentException.class, () -> fit(path)).getMessage());
  }
}
