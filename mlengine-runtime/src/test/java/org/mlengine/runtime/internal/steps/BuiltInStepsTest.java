package org.mlengine.runtime.internal.steps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.mlengine.runtime.spi.TransformCodec;

class BuiltInStepsTest {

  @Test
  void codecs_areFoundWithoutAServicesFile() {
    assertEquals(List.of(), servicesFiles(), "built-in steps are a closed registry; no services file lists them");
    for (TransformCodec c : BuiltInSteps.codecs()) {
      assertTrue(c.getClass().getName().startsWith(BuiltInSteps.class.getPackageName() + "."), c.getClass().getName());
    }
  }

  @Test
  void codecs_haveDistinctTags() {
    Set<String> tags = new HashSet<>();
    for (TransformCodec c : BuiltInSteps.codecs()) {
      assertTrue(tags.add(c.tag()), "tag " + c.tag() + " is listed twice");
    }
    assertEquals(22, tags.size());
  }

  /** The services files for codecs next to the built-in steps' classes. */
  private static List<URL> servicesFiles() {
    String name = "META-INF/services/" + TransformCodec.class.getName();
    String home = BuiltInSteps.class.getProtectionDomain().getCodeSource().getLocation().toString();
    try {
      return Collections.list(BuiltInSteps.class.getClassLoader().getResources(name)).stream()
          .filter(u -> u.toString().startsWith(home) || u.toString().startsWith("jar:" + home)).toList();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
