package org.mlengine.features.kernel;

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
  void codecs_listExactlyTheServicesFile_inItsOrder() throws IOException {
    List<String> listed = BuiltInSteps.codecs().stream()
        .map(c -> c.getClass().getName())
        .collect(Collectors.toList());
    assertEquals(servicesFile(), listed);
  }

  @Test
  void codecs_haveDistinctTags() {
    Set<String> tags = new HashSet<>();
    for (TransformCodec c : BuiltInSteps.codecs()) {
      assertTrue(tags.add(c.tag()), "tag " + c.tag() + " is listed twice");
    }
    assertEquals(21, tags.size());
  }

  /** The class names in this module's services file, in order, without comments and blank lines. */
  private static List<String> servicesFile() throws IOException {
    String name = "META-INF/services/" + TransformCodec.class.getName();
    List<String> out = new ArrayList<>();
    String home = BuiltInSteps.class.getProtectionDomain().getCodeSource().getLocation().toString();
    URL file = null;
    for (URL u : Collections.list(BuiltInSteps.class.getClassLoader().getResources(name))) {
      if (u.toString().startsWith(home) || u.toString().startsWith("jar:" + home)) {
        file = u;
      }
    }
    assertNotNull(file, "no " + name + " next to " + home);
    try (InputStream in = file.openStream();
        BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        String entry = line.replaceAll("#.*", "").strip();
        if (!entry.isEmpty()) {
          out.add(entry);
        }
      }
    }
    return out;
  }
}
