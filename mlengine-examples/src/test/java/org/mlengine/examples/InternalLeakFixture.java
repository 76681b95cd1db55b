package org.mlengine.examples;

import java.util.List;
import org.mlengine.examples.internal.EngineFixture;

/**
 * Not a test: a public class whose public signatures name a type of an {@code .internal}
 * package in every way {@link ArchitectureTest} looks for, so that test can prove its rule sees
 * them. Test classes are not imported by the real rules.
 */
public final class InternalLeakFixture {
  /** Leaks through a public field. */
  public EngineFixture engine;

  /** Not API: package-private members may use internal types freely. */
  EngineFixture hidden;

  /** Leaks through a constructor parameter. */
  public InternalLeakFixture(EngineFixture engine) {
    this.engine = engine;
    this.hidden = engine;
  }

  /** Leaks through a generic argument of the return type. */
  public List<EngineFixture> engines() {
    return List.of();
  }

  /** Plain Java types only: allowed. */
  public List<String> names() {
    return List.of();
  }
}
