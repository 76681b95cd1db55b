package org.mlengine.features;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableSortedMap;
import com.google.common.hash.Hasher;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.regex.Pattern;
import org.mlengine.core.Augmentation;
import org.mlengine.runtime.Table;

/**
 * The arithmetic of {@link TextAugmentation}: whitespace tokens, synonym replacement,
 * random swaps and random deletion, with one random generator per source row and copy.
 */
final class TextAugmenter {
  private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;
  private static final Pattern WHITESPACE = Pattern.compile("\\s+", Pattern.UNICODE_CHARACTER_CLASS);

  private final String column;
  private final ImmutableSortedMap<String, ImmutableList<String>> synonyms;
  private final double synonymRate;
  private final int swaps;
  private final double deletionRate;
  private final int copies;

  TextAugmenter(String column, ImmutableSortedMap<String, ImmutableList<String>> synonyms, double synonymRate, int swaps,
      double deletionRate, int copies) {
    this.column = column;
    this.synonyms = synonyms;
    this.synonymRate = synonymRate;
    this.swaps = swaps;
    this.deletionRate = deletionRate;
    this.copies = copies;
  }

  /** The copies of every training row with a text, skipping copies whose words came out unchanged. */
  Augmentation augment(Table trainingPart, long seed) {
    String[] texts = trainingPart.stringColumn(column);
    List<Integer> sources = new ArrayList<>();
    List<String> augmented = new ArrayList<>();
    for (int r = 0; r < texts.length; r++) {
      List<String> tokens = tokens(texts[r]);
      if (tokens.isEmpty()) {
        continue; // a missing or blank text gets no copy
      }
      for (int c = 0; c < copies; c++) {
        List<String> out = transform(tokens, new SplittableRandom(rowSeed(seed, column, r, c)));
        if (!out.equals(tokens)) {
          sources.add(r);
          augmented.add(String.join(" ", out));
        }
      }
    }
    int[] rows = sources.stream().mapToInt(Integer::intValue).toArray();
    return Augmentation.of(trainingPart.rows(rows).withText(column, augmented.toArray(String[]::new)), rows);
  }

  /** One augmented copy: synonyms first, then swaps, then deletion. */
  List<String> transform(List<String> tokens, SplittableRandom random) {
    List<String> out = new ArrayList<>(tokens);
    if (!synonyms.isEmpty() && synonymRate > 0) {
      replaceSynonyms(out, random);
    }
    for (int s = 0; s < swaps && out.size() >= 2; s++) {
      int i = random.nextInt(out.size());
      int j = random.nextInt(out.size() - 1);
      Collections.swap(out, i, j >= i ? j + 1 : j);
    }
    if (deletionRate > 0) {
      out = delete(out, random);
    }
    return out;
  }

  private void replaceSynonyms(List<String> tokens, SplittableRandom random) {
    for (int i = 0; i < tokens.size(); i++) {
      String token = tokens.get(i);
      int[] core = core(token);
      List<String> choices = synonyms.get(token.substring(core[0], core[1]).toLowerCase(Locale.ROOT));
      if (choices != null && random.nextDouble() < synonymRate) {
        String synonym = choices.get(random.nextInt(choices.size()));
        tokens.set(i, token.substring(0, core[0]) + synonym + token.substring(core[1]));
      }
    }
  }

  /** Drops each token with the deletion rate, keeping one at random when every token would go. */
  private List<String> delete(List<String> tokens, SplittableRandom random) {
    List<String> kept = new ArrayList<>(tokens.size());
    for (String t : tokens) {
      if (random.nextDouble() >= deletionRate) {
        kept.add(t);
      }
    }
    if (kept.isEmpty()) {
      kept.add(tokens.get(random.nextInt(tokens.size())));
    }
    return kept;
  }

  /** The runs of characters other than Unicode white space; none for a missing or blank text. */
  static List<String> tokens(String text) {
    if (text == null) {
      return List.of();
    }
    List<String> out = new ArrayList<>();
    for (String t : WHITESPACE.split(text)) {
      if (!t.isEmpty()) {
        out.add(t);
      }
    }
    return out;
  }

  /**
   * The start and end of a token's word: the token without the characters other than letters
   * and digits at either end ({@code "(Good!)"} gives {@code "Good"}); empty for punctuation.
   */
  static int[] core(String token) {
    int start = 0;
    int end = token.length();
    while (start < end && !Character.isLetterOrDigit(token.codePointAt(start))) {
      start += Character.charCount(token.codePointAt(start));
    }
    while (end > start && !Character.isLetterOrDigit(token.codePointBefore(end))) {
      end -= Character.charCount(token.codePointBefore(end));
    }
    return new int[] {start, end};
  }

  /**
   * The seed of one copy of one row: the pipeline seed, the column, the row's index in the
   * training part and the copy's number, mixed (SplitMix64's finalizer), so a row's copies do
   * not depend on the other rows or on the order they are made in.
   */
  static long rowSeed(long seed, String column, int row, int copy) {
    long h = mix64(seed ^ mix64(column.hashCode() + GOLDEN_GAMMA));
    h = mix64(h + GOLDEN_GAMMA * (row + 1L));
    return mix64(h + GOLDEN_GAMMA * (copy + 1L));
  }

  private static long mix64(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  /** A SHA-256 of a synonym map (keys sorted, lowercased; lists in order), for the spec. */
  static String sha256(ImmutableSortedMap<String, ImmutableList<String>> synonyms) {
    Hasher h = com.google.common.hash.Hashing.sha256().newHasher();
    h.putInt(synonyms.size());
    synonyms.forEach((word, list) -> {
      h.putInt(word.length()).putString(word, StandardCharsets.UTF_8).putInt(list.size());
      list.forEach(s -> h.putInt(s.length()).putString(s, StandardCharsets.UTF_8));
    });
    return h.hash().toString();
  }
}
