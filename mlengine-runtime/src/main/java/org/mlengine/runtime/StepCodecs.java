package org.mlengine.runtime;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.Set;
import org.mlengine.runtime.internal.Immutables;
import org.mlengine.runtime.internal.steps.BuiltInSteps;
import org.mlengine.runtime.spi.TransformCodec;

/**
 * The transform codecs by tag: the built-in steps' closed registry, then users' own codecs from
 * the service loader. A user codec that cannot be loaded, claims a built-in tag or shares a tag
 * with another user codec is left out, and said why where its tag is looked up; it never stops
 * bundles of other steps from being written or read.
 *
 * <pre>{@code
 * TransformCodec codec = StepCodecs.installed().forTag("standardize").orElseThrow();
 * }</pre>
 */
final class StepCodecs {
  /** At most this many failing service entries are skipped before the rest are given up. */
  private static final int MAX_FAILURES = 64;

  private static final StepCodecs INSTALLED =
      load(ServiceLoader.load(TransformCodec.class, ModelBundle.class.getClassLoader()));

  private final Map<String, TransformCodec> byTag;
  private final List<String> problems;

  private StepCodecs(Map<String, TransformCodec> byTag, List<String> problems) {
    this.byTag = Immutables.map(byTag);
    this.problems = List.copyOf(problems);
  }

  /** The built-in codecs and those the class path's services files list. */
  static StepCodecs installed() {
    return INSTALLED;
  }

  /** The built-in codecs, then the user codecs {@code providers} gives (a service loader's iterable). */
  static StepCodecs load(Iterable<TransformCodec> providers) {
    Map<String, TransformCodec> byTag = new LinkedHashMap<>();
    for (TransformCodec codec : BuiltInSteps.codecs()) {
      byTag.put(codec.tag(), codec);
    }
    Set<String> builtIn = Set.copyOf(byTag.keySet());
    Set<String> clashing = new HashSet<>();
    List<String> problems = new ArrayList<>();
    Iterator<TransformCodec> it = providers.iterator();
    for (int failures = 0; failures < MAX_FAILURES; ) {
      TransformCodec codec;
      try {
        if (!it.hasNext()) {
          break;
        }
        codec = it.next();
      } catch (ServiceConfigurationError | LinkageError e) {
        failures++;
        problems.add("a codec listed in META-INF/services/" + TransformCodec.class.getName() + " could not be loaded (" + e.getMessage()
            + "); fix or remove that line, or add the jar that holds the class");
        continue;
      }
      String tag = codec.tag();
      if (builtIn.contains(tag)) {
        problems.add("codec " + codec.getClass().getName() + " claims the built-in tag '" + tag
            + "', which is reserved for mlengine's own step; give your codec and its transform another tag");
        continue;
      }
      TransformCodec previous = byTag.putIfAbsent(tag, codec);
      if (previous != null && previous.getClass() != codec.getClass()) {
        problems.add("codecs " + previous.getClass().getName() + " and " + codec.getClass().getName() + " both claim tag '" + tag
            + "'; each tag needs exactly one codec: remove one of them from the class path");
        clashing.add(tag);
      }
    }
    clashing.forEach(byTag::remove);
    return new StepCodecs(byTag, problems);
  }

  /** The codec of this tag, if one is registered and usable. */
  Optional<TransformCodec> forTag(String tag) {
    return Optional.ofNullable(byTag.get(tag));
  }

  /** The usable tags, built-in ones first. */
  Set<String> tags() {
    return byTag.keySet();
  }

  /** What was wrong with the user codecs left out, in the order found; empty when nothing was. */
  List<String> problems() {
    return problems;
  }

  /** The error text for a tag without a codec: what is known, why codecs were left out, and the fix. */
  String missing(String tag, String where) {
    return "step '" + tag + "' in " + where + " has no codec on the class path; known tags are " + tags()
        + ". The built-in steps are in mlengine-runtime; a step of your own needs its codec's jar on the class path,"
        + " listed in META-INF/services/" + TransformCodec.class.getName() + "."
        + (problems.isEmpty() ? "" : " Codecs left out: " + String.join("; ", problems) + ".");
  }
}
