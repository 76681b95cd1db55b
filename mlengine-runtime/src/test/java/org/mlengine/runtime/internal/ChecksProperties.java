package org.mlengine.runtime.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.common.base.Preconditions;
import com.google.common.base.Strings;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** {@link Checks} against Guava's {@code Strings.lenientFormat} and {@code checkArgument}. */
class ChecksProperties {

  @Provide
  Arbitrary<String> templates() {
    return Arbitraries.of("", "%s", "%s%s", "a %s b", "no placeholder", "%s and %s; %s", "100%", "%d %s %", "%%s", "s%")
        .list().ofMaxSize(4).map(parts -> String.join("x", parts));
  }

  @Provide
  Arbitrary<List<Object>> arguments() {
    return Arbitraries.<Object>oneOf(
        Arbitraries.integers(), Arbitraries.doubles(), Arbitraries.strings().ofMaxLength(5),
        Arbitraries.just(null), Arbitraries.just(List.of("a", "b")), Arbitraries.just(Optional.empty()),
        Arbitraries.chars().ascii()).list().ofMaxSize(5);
  }

  @Property(tries = 1000)
  void format_anyTemplate_matchesLenientFormat(@ForAll("templates") String template, @ForAll("arguments") List<Object> args) {
    assertEquals(Strings.lenientFormat(template, args.toArray()), Checks.format(template, args.toArray()));
  }

  @Property(tries = 300)
  void checkArgument_false_throwsGuavasMessage(@ForAll("templates") String template, @ForAll("arguments") List<Object> args) {
    Object[] a = args.toArray();
    IllegalArgumentException guava =
        assertThrows(IllegalArgumentException.class, () -> Preconditions.checkArgument(false, template, a));
    IllegalArgumentException ours = assertThrows(IllegalArgumentException.class, () -> Checks.checkArgument(false, template, a));
    assertEquals(guava.getMessage(), ours.getMessage());
  }

  @Example
  void format_examples_matchGuava() {
    assertEquals("column 'x' is listed twice; give each column once",
        Checks.format("column '%s' is listed twice; give each column once", "x"));
    assertEquals("k is 3 [4, null]", Checks.format("k is %s", 3, 4, null));
    assertEquals("a null b %s", Checks.format("a %s b %s", (Object) null));
    assertEquals("no placeholder [1]", Checks.format("no placeholder", 1));
    assertEquals(Strings.lenientFormat("x %s", (Object[]) null), Checks.format("x %s", (Object[]) null));
    assertEquals(Strings.lenientFormat(null, 1), Checks.format(null, 1));
    Object broken = new Object() {
      @Override
      public String toString() {
        throw new IllegalStateException("no");
      }
    };
    assertEquals(Strings.lenientFormat("%s", broken), Checks.format("%s", broken));
    assertEquals(Arrays.asList("unchanged"), List.of(Checks.format("unchanged")));
  }

  @Example
  void checkArgument_true_doesNothing() {
    Checks.checkArgument(true, "never %s", "shown");
  }
}
