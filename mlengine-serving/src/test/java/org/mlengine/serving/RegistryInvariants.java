package org.mlengine.serving;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.OptionalInt;
import org.mlengine.runtime.BundleFormatException;
import org.mlengine.runtime.ModelBundle;

/**
 * What must hold of a registry at any moment, read while other threads or processes write it:
 * every alias resolves to a complete version whose bundle loads and has the version's id, and
 * the history chains (sequences 1, 2, 3, ...; each entry of an alias starts where that alias's
 * previous entry ended, the first from "not set").
 */
final class RegistryInvariants {
  private RegistryInvariants() {}

  /** The violations seen in one pass over {@code model}; empty when all holds. */
  static List<String> check(ModelRegistry registry, String model) throws IOException {
    List<String> violations = new ArrayList<>();
    for (Map.Entry<String, Integer> alias : registry.aliases(model).entrySet()) {
      int number = alias.getValue();
      try {
        ModelBundle bundle = registry.bundle(model, number);
        ModelVersion version = registry.version(model, number);
        if (!bundle.id().equals(version.bundleId())) {
          violations.add("alias '" + alias.getKey() + "' -> version " + number + ": bundle id " + bundle.id()
              + " but the version says " + version.bundleId());
        }
      } catch (NoSuchElementException e) {
        // Fine only when the alias has moved since (its old version may then be removed).
        if (Objects.equals(registry.aliases(model).get(alias.getKey()), number)) {
          violations.add("alias '" + alias.getKey() + "' points at version " + number + ", which is missing: " + e.getMessage());
        }
      } catch (BundleFormatException e) {
        violations.add("alias '" + alias.getKey() + "' -> version " + number + ": the bundle does not load: " + e.getMessage());
      }
    }
    violations.addAll(chain(registry.history(model)));
    return violations;
  }

  /** The history's own consistency: consecutive sequences, and each alias's entries chain. */
  static List<String> chain(List<AliasMove> history) {
    List<String> violations = new ArrayList<>();
    Map<String, OptionalInt> last = new HashMap<>();
    for (int i = 0; i < history.size(); i++) {
      AliasMove m = history.get(i);
      if (m.sequence() != i + 1) {
        violations.add("history entry " + (i + 1) + " has sequence " + m.sequence());
      }
      OptionalInt before = last.getOrDefault(m.alias(), OptionalInt.empty());
      if (!before.equals(m.from())) {
        violations.add("history entry " + m.sequence() + " moves '" + m.alias() + "' from " + m.from() + " but the entry before "
            + "left it at " + before);
      }
      last.put(m.alias(), m.to());
    }
    return violations;
  }

  /** With no writer running: also the aliases equal where the history left them. */
  static List<String> checkAtRest(ModelRegistry registry, String model) throws IOException {
    List<String> violations = check(registry, model);
    Map<String, Integer> expected = new HashMap<>();
    for (AliasMove m : registry.history(model)) {
      if (m.to().isPresent()) {
        expected.put(m.alias(), m.to().getAsInt());
      } else {
        expected.remove(m.alias());
      }
    }
    if (!expected.equals(registry.aliases(model))) {
      violations.add("the aliases are " + registry.aliases(model) + " but the history leaves them at " + expected);
    }
    return violations;
  }
}
