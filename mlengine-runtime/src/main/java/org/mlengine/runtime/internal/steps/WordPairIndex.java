package org.mlengine.runtime.internal.steps;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntConsumer;

/**
 * A vocabulary of word unigrams and bigrams looked up without building n-gram strings: every
 * token that occurs in a vocabulary term gets an id, a unigram is found by its token's id and a
 * bigram by the pair of ids (an open-addressing table of longs). Valid only for tokens that
 * cannot contain a space (the default token pattern), so that a vocabulary bigram splits into
 * exactly its two tokens; {@link #of} returns null otherwise.
 */
final class WordPairIndex {
  private static final long EMPTY = Long.MIN_VALUE;

  private final Map<String, Integer> tokenIds;
  private final int[] unigram;
  private final long[] keys;
  private final int[] values;
  private final int mask;

  private WordPairIndex(Map<String, Integer> tokenIds, int[] unigram, long[] keys, int[] values) {
    this.tokenIds = tokenIds;
    this.unigram = unigram;
    this.keys = keys;
    this.values = values;
    this.mask = keys.length - 1;
  }

  /** The index of a vocabulary of unigrams and bigrams, or null when a term has another shape. */
  static WordPairIndex of(List<String> terms) {
    Map<String, Integer> tokenIds = new HashMap<>();
    int bigrams = 0;
    for (String term : terms) {
      String[] parts = term.split(" ", -1);
      if (parts.length > 2) {
        return null;
      }
      for (String part : parts) {
        if (part.isEmpty()) {
          return null;
        }
        tokenIds.putIfAbsent(part, tokenIds.size());
      }
      bigrams += parts.length == 2 ? 1 : 0;
    }
    int[] unigram = new int[tokenIds.size()];
    java.util.Arrays.fill(unigram, -1);
    int capacity = Integer.highestOneBit(Math.max(4, bigrams * 2)) * 2;
    long[] keys = new long[capacity];
    java.util.Arrays.fill(keys, EMPTY);
    int[] values = new int[capacity];
    WordPairIndex index = new WordPairIndex(tokenIds, unigram, keys, values);
    for (int i = 0; i < terms.size(); i++) {
      String[] parts = terms.get(i).split(" ", -1);
      if (parts.length == 1) {
        unigram[tokenIds.get(parts[0])] = i;
      } else {
        index.put(pair(tokenIds.get(parts[0]), tokenIds.get(parts[1])), i);
      }
    }
    return index;
  }

  /** Hands the vocabulary index of every n-gram (n in [minN, maxN], at most 2) of the tokens to the sink. */
  void forEachTerm(List<String> tokens, int minN, int maxN, IntConsumer sink) {
    int n = tokens.size();
    int[] ids = new int[n];
    for (int i = 0; i < n; i++) {
      Integer id = tokenIds.get(tokens.get(i));
      ids[i] = id == null ? -1 : id;
    }
    if (minN <= 1) {
      for (int i = 0; i < n; i++) {
        if (ids[i] >= 0 && unigram[ids[i]] >= 0) {
          sink.accept(unigram[ids[i]]);
        }
      }
    }
    if (maxN >= 2) {
      for (int i = 0; i + 1 < n; i++) {
        if (ids[i] >= 0 && ids[i + 1] >= 0) {
          int term = get(pair(ids[i], ids[i + 1]));
          if (term >= 0) {
            sink.accept(term);
          }
        }
      }
    }
  }

  private static long pair(int a, int b) {
    return ((long) a << 32) | (b & 0xffffffffL);
  }

  private static int slot(long key, int mask) {
    long h = key * 0x9E3779B97F4A7C15L;
    return (int) (h ^ (h >>> 32)) & mask;
  }

  private void put(long key, int value) {
    int s = slot(key, mask);
    while (keys[s] != EMPTY && keys[s] != key) {
      s = (s + 1) & mask;
    }
    keys[s] = key;
    values[s] = value;
  }

  private int get(long key) {
    int s = slot(key, mask);
    while (keys[s] != EMPTY) {
      if (keys[s] == key) {
        return values[s];
      }
      s = (s + 1) & mask;
    }
    return -1;
  }
}
