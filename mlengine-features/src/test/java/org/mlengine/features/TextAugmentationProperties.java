package org.mlengine.features;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.mlengine.core.Augmentation;
import org.mlengine.runtime.spi.FittedTransform;
import org.mlengine.core.spi.Metric;
import org.mlengine.core.spi.Outcomes;
import org.mlengine.core.Pipeline;
import org.mlengine.core.PipelineResult;
import org.mlengine.core.Split;
import org.mlengine.runtime.Table;
import org.mlengine.runtime.Task;
import org.mlengine.core.Trainers;

/** Properties of text augmentation over generated corpora, options and seeds. */
class TextAugmentationProperties {

  private static final List<String> WORDS = List.of("good", "Good,", "bad!", "movie", "(film)", "the", "a", "x1", "über");

  /** Single-word synonyms, so a copy never has more words than its source. */
  private static final Map<String, List<String>> SYNONYMS =
      Map.of("good", List.of("fine", "great"), "bad", List.of("poor"), "movie", List.of("film", "picture"));

  @Provide
  Arbitrary<String> documents() {
    Arbitrary<String> separator = Arbitraries.of(" ", "  ", "\t", "\n ");
    return Combinators.combine(Arbitraries.of(WORDS), separator).as((w, s) -> w + s)
        .list().ofMaxSize(7).map(parts -> String.join("", parts)).injectNull(0.1);
  }

  @Provide
  Arbitrary<List<String>> corpora() {
    return documents().list().ofMaxSize(12);
  }

  @Provide
  Arbitrary<TextAugmentation> augmenters() {
    return Combinators.combine(
            Arbitraries.of(0.0, 0.3, 1.0), Arbitraries.integers().between(0, 3), Arbitraries.of(0.0, 0.2, 0.7, 1.0),
            Arbitraries.integers().between(1, 3), Arbitraries.of(true, false))
        .as((synonymRate, swaps, deletion, copies, withSynonyms) -> {
          TextAugmentation a = Features.augmentText("t").synonymRate(synonymRate).randomSwaps(swaps)
              .randomDeletion(deletion).copies(copies);
          a = withSynonyms ? a.synonyms(SYNONYMS) : a;
          return (withSynonyms && synonymRate > 0) || swaps > 0 || deletion > 0 ? a : a.randomSwaps(1);
        });
  }

  private static Table corpus(List<String> docs) {
    String[] labels = new String[docs.size()];
    double[] n = new double[docs.size()];
    for (int r = 0; r < labels.length; r++) {
      labels[r] = r % 2 == 0 ? "even" : "odd";
      n[r] = r;
    }
    return Table.builder().text("t", docs.toArray(String[]::new)).numeric("n", n).categorical("y", labels).build();
  }

  @Property(tries = 300)
  void augment_addedRows_areNonEmptyCopiesMadeOfTheirSourcesWords(
      @ForAll("corpora") List<String> docs, @ForAll("augmenters") TextAugmentation augmenter, @ForAll long seed) {
    Table table = corpus(docs);
    int copies = (Integer) augmenter.spec().get("copies");

    Augmentation a = augmenter.augment(table, seed);

    assertEquals(table.rows(new int[0]).schema(), a.rows().rows(new int[0]).schema());
    int[] perSource = new int[table.rowCount()];
    int previous = -1;
    for (int i = 0; i < a.size(); i++) {
      int source = a.sourceRows().get(i);
      assertTrue(source >= previous, "copies follow the order of their source rows");
      previous = source;
      perSource[source]++;
      assertEquals(table.string("y", source), a.rows().string("y", i));
      assertEquals(table.numeric("n", source), a.rows().numeric("n", i));
      List<String> from = TextAugmenter.tokens(table.string("t", source));
      List<String> copy = TextAugmenter.tokens(a.rows().string("t", i));
      assertFalse(copy.isEmpty(), "a copy is never empty");
      assertTrue(copy.size() <= from.size(), copy + " from " + from);
      assertTrue(!copy.equals(from), "an unchanged copy is not added: " + copy);
      Set<String> allowed = allowedWords(from);
      assertTrue(allowed.containsAll(copy), copy + " from " + from);
    }
    for (int r = 0; r < table.rowCount(); r++) {
      assertTrue(perSource[r] <= copies, "row " + r);
      if (TextAugmenter.tokens(table.string("t", r)).isEmpty()) {
        assertEquals(0, perSource[r], "a missing or blank text gets no copy");
      }
    }
    Augmentation again = augmenter.augment(table, seed);
    assertArrayEquals(a.sourceRows().toArray(), again.sourceRows().toArray());
    assertArrayEquals(a.rows().stringColumn("t"), again.rows().stringColumn("t"));
  }

  /** The words of a source text and their synonym replacements (with their punctuation). */
  private static Set<String> allowedWords(List<String> from) {
    Set<String> out = new HashSet<>(from);
    for (String token : from) {
      int[] core = TextAugmenter.core(token);
      List<String> synonyms = SYNONYMS.get(token.substring(core[0], core[1]).toLowerCase(Locale.ROOT));
      if (synonyms != null) {
        synonyms.forEach(s -> out.add(token.substring(0, core[0]) + s + token.substring(core[1])));
      }
    }
    return out;
  }

  @Property(tries = 300)
  void augment_swapsOnly_keepTheWordsOfTheSource(
      @ForAll("corpora") List<String> docs, @ForAll long seed) {
    Table table = corpus(docs);
    Augmentation a = Features.augmentText("t").randomSwaps(2).copies(2).augment(table, seed);
    for (int i = 0; i < a.size(); i++) {
      List<String> from = new ArrayList<>(TextAugmenter.tokens(table.string("t", a.sourceRows().get(i))));
      List<String> copy = new ArrayList<>(TextAugmenter.tokens(a.rows().string("t", i)));
      from.sort(null);
      copy.sort(null);
      assertEquals(from, copy);
    }
  }

  /** A metric that records the true classes of every set of outcomes it is given. */
  private static Metric recorder(List<int[]> seen) {
    return new Metric() {
      @Override
      public String name() {
        return "rows";
      }

      @Override
      public boolean supports(Task task) {
        return true;
      }

      @Override
      public double evaluate(Outcomes outcomes) {
        seen.add(outcomes.trueClasses());
        return outcomes.size();
      }
    };
  }

  private static Pipeline.Builder pipeline(List<int[]> heldOut) {
    return Pipeline.builder()
        .target("y")
        .split(Split.stratified(0.7).validation(0.15))
        .drop("n")
        .add(Features.bagOfWords("t"))
        .trainer(Trainers.logisticRegression())
        .metrics(recorder(heldOut))
        .bootstrap(0)
        .seed(3);
  }

  @Property(tries = 50)
  void pipeline_augmentation_neverTouchesHeldOutRows_andLeavesNoStepInTheBundle(
      @ForAll("corpora") List<String> extra, @ForAll("augmenters") TextAugmentation augmenter) {
    List<String> docs = new ArrayList<>(List.of("good movie", "bad film", "the good x1", "a bad bad", "über movie",
        "good (film)", "bad!", "the movie", "Good, good", "a film", "x1 x1", "good bad"));
    docs.addAll(extra);
    Table data = corpus(docs);
    List<int[]> plainHeldOut = new ArrayList<>();
    List<int[]> augmentedHeldOut = new ArrayList<>();

    PipelineResult plain = pipeline(plainHeldOut).build().fit(data);
    PipelineResult augmented = pipeline(augmentedHeldOut).augment(augmenter).build().fit(data);

    assertEquals(plain.partition(), augmented.partition());
    assertEquals(plainHeldOut.size(), augmentedHeldOut.size());
    for (int i = 0; i < plainHeldOut.size(); i++) {
      assertArrayEquals(plainHeldOut.get(i), augmentedHeldOut.get(i), "held-out outcomes " + i);
    }
    assertEquals(plain.partition().test().length(), augmentedHeldOut.get(0).length);
    assertEquals(plain.bundle().trainingRows(), augmented.bundle().trainingRows());
    assertEquals(plain.bundle().trainingDataSha256(), augmented.bundle().trainingDataSha256());
    int copies = (Integer) augmenter.spec().get("copies");
    assertTrue(augmented.augmentedRows() <= copies * plain.partition().train().length());
    // nothing of the augmenter is in the bundle: the same steps, inputs and schema as without it
    assertEquals(tags(plain.pipeline().transforms()), tags(augmented.pipeline().transforms()));
    assertEquals(plain.pipeline().inputSchema(), augmented.pipeline().inputSchema());
    assertFalse(augmented.pipeline().transforms().stream().anyMatch(t -> t.tag().contains("augment")));
  }

  private static List<String> tags(List<FittedTransform> transforms) {
    return transforms.stream().map(FittedTransform::tag).toList();
  }
}
