package org.mlengine.runtime.internal.steps;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The hashing kernel's murmur3 hash and bucket, against scikit-learn's. */
class HashingTransformTest {

  @Test
  void hash_tokens_matchScikitLearnsMurmurhash3() {
    // murmurhash3_32(token, seed=0); abs(h) % 2**20; abs(h) % 16; sign
    String[] tokens = {"the", "cat", "sat", "hello", "naïve", "日本語", "the cat"};
    int[] hashes = {-1132748958, 1751422759, 703717300, 613153351, 992511445, -1515949417, 1192667458};
    int[] big = {286878, 300839, 122804, 784967, 558549, 757097, 436546};
    int[] small = {14, 7, 4, 7, 5, 9, 2};
    for (int i = 0; i < tokens.length; i++) {
      int h = HashingTransform.hash(tokens[i]);
      assertEquals(hashes[i], h, tokens[i]);
      assertEquals(big[i], HashingTransform.bucket(h, 1 << 20), tokens[i]);
      assertEquals(small[i], HashingTransform.bucket(h, 16), tokens[i]);
    }
  }

  @Test
  void bucket_ofMinusTwoToThe31_isScikitLearnsSpecialCase() {
    // _hashing_fast.pyx: (2147483647 - (n_features - 1)) % n_features
    for (int n : new int[] {1, 7, 10, 16, 4096, 65536}) {
      assertEquals((int) ((2147483647L - (n - 1)) % n), HashingTransform.bucket(Integer.MIN_VALUE, n), "n = " + n);
    }
  }
}
