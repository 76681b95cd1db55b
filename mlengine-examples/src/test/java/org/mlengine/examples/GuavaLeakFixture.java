package org.mlengine.examples;

import com.google.common.base.VerifyException;
import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import com.google.common.collect.ImmutableSet;
import com.google.common.primitives.ImmutableIntArray;
import java.util.List;

/**
 * Not a test: a public class whose public signatures leak Guava types in every way {@link
 * ArchitectureTest} looks for (field, constructor parameter, return type, generic argument,
 * declared exception), so that test can prove its rule sees them. Test classes are not imported
 * by the real rules.
 */
public final class GuavaLeakFixture {
  /** Leaks through a public field. */
  public ImmutableIntArray rows;

  /** Not API: package-private members may use Guava freely. */
  ImmutableList<String> hidden;

  /** Leaks through a constructor parameter. */
  public GuavaLeakFixture(ImmutableMap<String, Integer> counts) {
    this.rows = ImmutableIntArray.of(counts.size());
    this.hidden = ImmutableList.of();
  }

  /** Leaks through the return type. */
  public ImmutableList<String> names() {
    return ImmutableList.of();
  }

  /** Leaks through a generic argument of the return type. */
  public List<ImmutableSet<String>> groups() {
    return List.of();
  }

  /** Leaks through a declared exception. */
  public void check(String value) throws VerifyException {
    if (value.isEmpty()) {
      throw new VerifyException("empty");
    }
  }

  /** Not API. */
  ImmutableSet<String> internal(ImmutableList<String> values) {
    return ImmutableSet.copyOf(values);
  }

  /** Plain Java types only: allowed. */
  public List<String> plain() {
    return List.of();
  }
}
