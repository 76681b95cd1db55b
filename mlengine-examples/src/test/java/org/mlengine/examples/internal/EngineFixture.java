package org.mlengine.examples.internal;

/** Not a test: an engine type in an {@code .internal} package, for {@code InternalLeakFixture}. */
public final class EngineFixture {
  /** Creates the fixture. */
  public EngineFixture() {}
}
