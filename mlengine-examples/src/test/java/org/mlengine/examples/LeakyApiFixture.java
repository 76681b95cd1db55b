package org.mlengine.examples;

import java.util.List;
import org.tribuo.Example;
import org.tribuo.Model;
import org.tribuo.Output;

/**
 * Not a test: a public class whose public signatures leak Tribuo types in every way {@link
 * ArchitectureTest} looks for, so that test can prove its rule sees them. Test classes are not
 * imported by the real rules.
 */
public final class LeakyApiFixture {
  /** Leaks through a public field. */
  public Model<?> model;

  /** Not API: package-private members may use Tribuo freely. */
  Model<?> hidden;

  /** Leaks through a constructor parameter. */
  public LeakyApiFixture(Example<?> example) {
    this.model = null;
    this.hidden = null;
  }

  /** Leaks through a generic argument of the return type. */
  public List<Model<?>> models() {
    return List.of();
  }

  /** Leaks through a type parameter's bound (reported for the parameter and for the type parameter). */
  public <T extends Output<T>> void bounded(T output) {}

  /** Not API. */
  Model<?> internal(Example<?> example) {
    return null;
  }

  /** Plain Java types only: allowed. */
  public List<String> names() {
    return List.of();
  }
}
