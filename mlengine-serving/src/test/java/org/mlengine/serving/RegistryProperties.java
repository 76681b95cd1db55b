package org.mlengine.serving;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.OptionalInt;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The registry against a plain model of its rules, over random operation sequences: version
 * numbers count up and are never reused, retention deletes exactly the old unaliased versions,
 * promote sets, remove unsets, and rollback undoes one move at a time (each alias keeps a stack
 * of the states it was moved to; a rollback returns to the nearest earlier state that is a
 * version other than the current one and still exists, dropping the states above it). After
 * every step the registry's aliases, versions and history agree with the model, and the
 * history chains. The directory store runs without fsync here (the property is about logic).
 */
class RegistryProperties {
  private static final List<String> ALIASES = List.of("production", "candidate");
  private static final Pattern ALIAS = Pattern.compile("[A-Za-z0-9_-]{1,255}");
  private static final Pattern MODEL = Pattern.compile("[A-Za-z0-9_.-]{1,255}");

  /** One operation: kind 0 register, 1-3 promote, 4-5 rollback, 6 remove, 7 retain; a and b pick arguments. */
  record Op(int kind, int a, int b) {}

  @Provide
  Arbitrary<List<Op>> operations() {
    Arbitrary<Op> op = Combinators.combine(Arbitraries.integers().between(0, 7), Arbitraries.integers().between(0, 9),
        Arbitraries.integers().between(0, 9)).as(Op::new);
    return op.list().ofMinSize(1).ofMaxSize(30);
  }

  @Property(tries = 60)
  void operations_agreeWithThePlainModel(@ForAll("operations") List<Op> ops) throws Exception {
    Path dir = Files.createTempDirectory("registry-property-");
    try (ModelRegistry registry = new ModelRegistry(new DirectoryRegistryStore(dir, Clock.systemUTC(), false), Clock.systemUTC())) {
      Model model = new Model();
      registry.register("m", RegistryBundles.firstFile(), Registration.by("p", "seed"));
      model.versions.add(1);
      model.last = 1;
      for (Op op : ops) {
        step(registry, model, op);
        assertEquals(model.aliases, registry.aliases("m"), "after " + op);
        assertEquals(List.copyOf(model.versions), registry.versions("m").stream().map(ModelVersion::number).toList());
        assertEquals(List.of(), RegistryInvariants.checkAtRest(registry, "m"));
      }
    } finally {
      try (Stream<Path> walk = Files.walk(dir)) {
        for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
          Files.delete(p);
        }
      }
    }
  }

  private static void step(ModelRegistry registry, Model model, Op op) throws IOException {
    String alias = ALIASES.get(op.a() % 2);
    if (op.kind() == 0) {
      assertEquals(model.last + 1, registry.register("m", RegistryBundles.firstFile(), Registration.by("p", "r")).number());
      model.last++;
      model.versions.add(model.last);
    } else if (op.kind() <= 3) {
      int version = 1 + op.b() % (model.last + 1); // sometimes one that never existed or was deleted
      if (model.versions.contains(version)) {
        AliasMove m = registry.promote("m", alias, version, "p", "r");
        assertEquals(OptionalInt.of(version), m.to());
        model.move(alias, OptionalInt.of(version));
      } else {
        assertThrows(NoSuchElementException.class, () -> registry.promote("m", alias, version, "p", "r"));
      }
    } else if (op.kind() <= 5) {
      rollback(registry, model, alias);
    } else if (op.kind() == 6) {
      if (model.aliases.containsKey(alias)) {
        assertEquals(OptionalInt.empty(), registry.removeAlias("m", alias, "p", "r").to());
        model.move(alias, OptionalInt.empty());
      } else {
        assertThrows(NoSuchElementException.class, () -> registry.removeAlias("m", alias, "p", "r"));
      }
    } else {
      int keep = 1 + op.b() % 3;
      List<Integer> expected = new ArrayList<>(model.versions).subList(0, Math.max(0, model.versions.size() - keep)).stream()
          .filter(v -> !model.aliases.containsValue(v)).toList();
      assertEquals(expected, registry.retainLatest("m", keep).stream().map(ModelVersion::number).toList());
      model.versions.removeAll(expected);
    }
  }

  private static void rollback(ModelRegistry registry, Model model, String alias) throws IOException {
    Deque<OptionalInt> stack = model.stacks.computeIfAbsent(alias, a -> initial());
    if (stack.peek().isEmpty()) {
      assertThrows(NoSuchElementException.class, () -> registry.rollback("m", alias, "p", "r"));
      return;
    }
    int current = stack.peek().getAsInt();
    int depth = 0;
    OptionalInt target = OptionalInt.empty();
    Iterator<OptionalInt> down = stack.iterator();
    down.next();
    while (down.hasNext()) {
      OptionalInt s = down.next();
      depth++;
      if (s.isPresent() && s.getAsInt() != current && model.versions.contains(s.getAsInt())) {
        target = s;
        break;
      }
    }
    if (target.isEmpty()) {
      assertThrows(IllegalStateException.class, () -> registry.rollback("m", alias, "p", "r"));
      return;
    }
    AliasMove m = registry.rollback("m", alias, "p", "r");
    assertEquals(OptionalInt.of(current), m.from());
    assertEquals(target, m.to());
    for (int i = 0; i < depth; i++) {
      stack.pop();
    }
    model.aliases.put(alias, target.getAsInt());
  }

  private static Deque<OptionalInt> initial() {
    Deque<OptionalInt> stack = new ArrayDeque<>();
    stack.push(OptionalInt.empty());
    return stack;
  }

  /** The plain model: existing version numbers, the last number given, the aliases and each alias's stack of states. */
  private static final class Model {
    final TreeSet<Integer> versions = new TreeSet<>();
    int last;
    final Map<String, Integer> aliases = new TreeMap<>();
    final Map<String, Deque<OptionalInt>> stacks = new HashMap<>();

    void move(String alias, OptionalInt to) {
      stacks.computeIfAbsent(alias, a -> initial()).push(to);
      if (to.isPresent()) {
        aliases.put(alias, to.getAsInt());
      } else {
        aliases.remove(alias);
      }
    }
  }

  // ---- names ----

  @Provide
  Arbitrary<String> names() {
    Arbitrary<String> chars = Arbitraries.strings().withChars("aZ09_-.v/ é").ofMinLength(0).ofMaxLength(6);
    Arbitrary<String> special = Arbitraries.of("latest", "LATEST", "v1", "V23", "v", "v1a", ".x", "x.", "..", "-");
    Arbitrary<String> longOnes = Arbitraries.of("a".repeat(255), "a".repeat(256));
    return Arbitraries.oneOf(chars, special, longOnes);
  }

  @Property(tries = 300)
  void aliases_areAcceptedExactlyWhenMlflowWouldAcceptThem(@ForAll("names") String alias) {
    boolean valid = ALIAS.matcher(alias).matches() && !alias.equalsIgnoreCase("latest") && !alias.matches("[vV][0-9]+");
    if (valid) {
      assertEquals(alias, RegistryNames.alias(alias));
    } else {
      assertThrows(IllegalArgumentException.class, () -> RegistryNames.alias(alias));
    }
  }

  @Property(tries = 300)
  void modelNames_areAcceptedExactlyWhenTheyMakeASafeFolderName(@ForAll("names") String model) {
    boolean valid = MODEL.matcher(model).matches() && !model.startsWith(".");
    if (valid) {
      assertEquals(model, RegistryNames.model(model));
    } else {
      assertThrows(IllegalArgumentException.class, () -> RegistryNames.model(model));
    }
  }
}
