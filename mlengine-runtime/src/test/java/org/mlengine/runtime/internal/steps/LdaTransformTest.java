package org.mlengine.runtime.internal.steps;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The LDA kernel's special functions. */
class LdaTransformTest {

  @Test
  void digamma_matchesKnownValues() {
    // scipy.special.psi
    assertEquals(-0.5772156649015329, LdaTransform.digamma(1), 1e-13);
    assertEquals(0.9227843350984671, LdaTransform.digamma(3), 1e-13);
    assertEquals(-1.9635100260214235, LdaTransform.digamma(0.5), 1e-13);
    assertEquals(4.600161852738088, LdaTransform.digamma(100), 1e-13);
    assertEquals(-1000.5755719318103, LdaTransform.digamma(0.001), 1e-11);
  }
}
