package org.mlengine.features;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import com.google.common.collect.ImmutableSortedMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.mlengine.core.Augmentation;
import org.mlengine.core.spi.Augmenter;
import org.mlengine.runtime.ColumnType;
import org.mlengine.runtime.Schema;
import org.mlengine.runtime.Table;

/**
 * The text augmenter; see {@link Features#augmentText(String)}. Immutable: each option method
 * returns a changed copy.
 *
 * <pre>{@code
 * Pipeline.builder()
 *     .target("sentiment")
 *     .split(Split.stratified(0.8))
 *     .augment(Features.augmentText("review").randomSwaps(1).randomDeletion(0.1).copies(2))
 *     .add(Features.tfidf("review"))
 *     .trainer(Trainers.logisticRegression())
 *     .seed(42)
 *     .build();
 * }</pre>
 *
 * <p>In the manner of EDA (Wei and Zou, 2019, "Easy Data Augmentation Techniques for Boosting
 * Performance on Text Classification Tasks"), without its random insertion and without a
 * thesaurus of its own:
 *
 * <ul>
 *   <li>Words are the runs of characters between white space, so a copy keeps the case and the
 *       punctuation of the original and the text steps after it tokenize it as they tokenize
 *       every other text (the text steps' {@link Features#tokenizer()} would lowercase it and
 *       drop punctuation). A copy's words are joined with single spaces.
 *   <li>{@link #synonyms(Map)}: a word is looked up without the punctuation around it and
 *       ignoring case ({@code "Good,"} finds the key {@code "good"}); with probability {@link
 *       #synonymRate(double)} it is replaced by one of its synonyms, chosen uniformly, as the map
 *       spells it, keeping the punctuation ({@code "great,"}).
 *   <li>{@link #randomSwaps(int)}: then two words at different positions, chosen uniformly,
 *       trade places, n times (texts of one word are left as they are).
 *   <li>{@link #randomDeletion(double)}: then each word is dropped with that probability;
 *       when every word would go, one of them, chosen uniformly, is kept.
 * </ul>
 *
 * <p>A missing or blank text gets no copy, and a copy whose words came out unchanged is not
 * added, so a row gets at most {@link #copies(int)} copies. The other columns, the target
 * among them, are copied from the source row. The random choices of copy {@code c} of training
 * row {@code r} come from a {@link java.util.SplittableRandom} seeded with the pipeline's seed,
 * the column, {@code r} and {@code c}, so they do not depend on the other rows, the order the
 * rows are processed in or the thread. The spec records the options and, instead of the
 * synonym map itself, its number of words and a SHA-256 of it.
 */
public final class TextAugmentation implements Augmenter {
  static final String NAME = "augment_text";

  private final ImmutableList<String> columns;
  private final ImmutableSortedMap<String, ImmutableList<String>> synonyms;
  private final double synonymRate;
  private final int swaps;
  private final double deletionRate;
  private final int copies;

  TextAugmentation(ImmutableList<String> columns, ImmutableSortedMap<String, ImmutableList<String>> synonyms,
      double synonymRate, int swaps, double deletionRate, int copies) {
    this.columns = columns;
    this.synonyms = synonyms;
    this.synonymRate = synonymRate;
    this.swaps = swaps;
    this.deletionRate = deletionRate;
    this.copies = copies;
  }

  /**
   * Replace words by synonyms from this map, from a word to the words that may replace it;
   * replaces any earlier map. Keys are single words without surrounding punctuation and are
   * matched ignoring case; a synonym may be several words. Default: no synonyms.
   */
  public TextAugmentation synonyms(Map<String, List<String>> synonyms) {
    if (synonyms == null) {
      throw new IllegalArgumentException("synonyms(null): give a map from a word to its synonyms, e.g."
          + " Map.of(\"good\", List.of(\"fine\", \"great\"))");
    }
    Map<String, String> spelledAs = new java.util.HashMap<>();
    ImmutableSortedMap.Builder<String, ImmutableList<String>> out = ImmutableSortedMap.naturalOrder();
    for (Map.Entry<String, List<String>> e : synonyms.entrySet()) {
      String word = e.getKey();
      if (word == null || word.isBlank()) {
        throw new IllegalArgumentException("synonyms(...) has " + (word == null ? "a null" : "a blank")
            + " key; give each word as a non-empty string");
      }
      int[] core = TextAugmenter.core(word);
      if (core[0] != 0 || core[1] != word.length() || TextAugmenter.tokens(word).size() != 1) {
        throw new IllegalArgumentException("synonyms(...) has the key \"" + word + "\", which is not one word without"
            + " surrounding punctuation; words in the text are matched without spaces and without the punctuation"
            + " around them, so give a key like \"" + (core[1] > core[0] ? word.substring(core[0], core[1]) : "good")
            + "\"");
      }
      String key = word.toLowerCase(Locale.ROOT);
      String earlier = spelledAs.put(key, word);
      if (earlier != null) {
        throw new IllegalArgumentException("synonyms(...) has the keys \"" + earlier + "\" and \"" + word
            + "\", which are one word when case is ignored; merge their lists under one key");
      }
      List<String> list = e.getValue();
      if (list == null || list.isEmpty()) {
        throw new IllegalArgumentException("synonyms(...) gives \"" + word + "\" no synonyms; give it at least one,"
            + " or leave the word out of the map");
      }
      for (String synonym : list) {
        if (synonym == null || synonym.isBlank()) {
          throw new IllegalArgumentException("synonyms(...) gives \"" + word + "\" " + (synonym == null ? "a null" : "a blank")
              + " synonym; give each synonym as a non-empty string");
        }
      }
      out.put(key, ImmutableList.copyOf(list));
    }
    return new TextAugmentation(columns, out.buildOrThrow(), synonymRate, swaps, deletionRate, copies);
  }

  /** The probability that a word with synonyms is replaced, in [0, 1] (default 0.5). */
  public TextAugmentation synonymRate(double probability) {
    return new TextAugmentation(columns, synonyms, rate("synonymRate", probability,
        "the probability that a word with synonyms is replaced, e.g. synonymRate(0.3)"), swaps, deletionRate, copies);
  }

  /** How many times two random words trade places in each copy (default 0, none). */
  public TextAugmentation randomSwaps(int times) {
    if (times < 0) {
      throw new IllegalArgumentException("randomSwaps(" + times + ") must be 0 or more; it is how many times two"
          + " random words trade places, e.g. randomSwaps(1)");
    }
    return new TextAugmentation(columns, synonyms, synonymRate, times, deletionRate, copies);
  }

  /** The probability that each word is dropped from a copy, in [0, 1]; never every word (default 0, none). */
  public TextAugmentation randomDeletion(double probability) {
    return new TextAugmentation(columns, synonyms, synonymRate, swaps, rate("randomDeletion", probability,
        "the probability that each word is dropped (one word always stays), e.g. randomDeletion(0.1)"), copies);
  }

  /** How many augmented copies each training row gets, at least 1 (default 1). */
  public TextAugmentation copies(int copies) {
    if (copies < 1) {
      throw new IllegalArgumentException("copies(" + copies + ") must be at least 1; it is how many augmented rows"
          + " each training row gets, e.g. copies(2)");
    }
    return new TextAugmentation(columns, synonyms, synonymRate, swaps, deletionRate, copies);
  }

  private static double rate(String option, double probability, String meaning) {
    if (!(probability >= 0 && probability <= 1)) {
      throw new IllegalArgumentException(option + "(" + probability + ") is outside [0, 1]; it is " + meaning);
    }
    return probability;
  }

  /** Whether some operation is set: synonyms with a rate above 0, swaps, or deletion. */
  private boolean changesSomething() {
    return (!synonyms.isEmpty() && synonymRate > 0) || swaps > 0 || deletionRate > 0;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public List<String> columns() {
    return columns;
  }

  @Override
  public void check(Schema schema, List<String> problems) {
    Steps.checkColumns(name(), columns, schema, EnumSet.of(ColumnType.TEXT), problems);
    if (!changesSomething()) {
      problems.add(name() + " of '" + columns.get(0) + "' would only copy rows: "
          + (synonyms.isEmpty() ? "it has no synonyms" : "its synonymRate is 0") + ", no random swaps and no random"
          + " deletion. Add .synonyms(map), .randomSwaps(1) or .randomDeletion(0.1).");
    }
  }

  @Override
  public Augmentation augment(Table trainingPart, long seed) {
    List<String> problems = new java.util.ArrayList<>();
    check(trainingPart.schema(), problems);
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(String.join("\n", problems));
    }
    return new TextAugmenter(columns.get(0), synonyms, synonymRate, swaps, deletionRate, copies)
        .augment(trainingPart, seed);
  }

  @Override
  public Map<String, Object> spec() {
    Map<String, Object> spec = new LinkedHashMap<>();
    spec.put("column", columns.get(0));
    spec.put("tokens", "whitespace");
    if (!synonyms.isEmpty()) {
      spec.put("synonymWords", synonyms.size());
      spec.put("synonymsSha256", TextAugmenter.sha256(synonyms));
      spec.put("synonymRate", synonymRate);
    }
    spec.put("randomSwaps", swaps);
    spec.put("randomDeletion", deletionRate);
    spec.put("copies", copies);
    return ImmutableMap.copyOf(spec);
  }

  @Override
  public String toString() {
    return name() + spec();
  }
}
