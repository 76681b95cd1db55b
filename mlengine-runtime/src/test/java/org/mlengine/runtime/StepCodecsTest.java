package org.mlengine.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.ServiceConfigurationError;
import org.junit.jupiter.api.Test;
import org.mlengine.runtime.internal.steps.BuiltInSteps;
import org.mlengine.runtime.spi.FittedTransform;
import org.mlengine.runtime.spi.TransformCodec;

/** The codec registry: built-in steps always, users' codecs when they load and claim a tag of their own. */
class StepCodecsTest {

  /** A user's step that passes its table through unchanged, under its codec's tag. */
  private record Unchanged(String tag) implements FittedTransform {
    @Override
    public List<String> inputColumns() {
      return List.of();
    }

    @Override
    public Table apply(Table table) {
      return table;
    }
  }

  /** A user's codec claiming {@code tag}, for the {@link Unchanged} step: its state is its tag alone. */
  private static class UserCodec implements TransformCodec {
    private final String tag;

    UserCodec(String tag) {
      this.tag = tag;
    }

    @Override
    public String tag() {
      return tag;
    }

    @Override
    public ObjectNode write(FittedTransform transform) {
      return JsonNodeFactory.instance.objectNode().put("tag", transform.tag());
    }

    @Override
    public FittedTransform read(JsonNode state) {
      return new Unchanged(state.get("tag").asText());
    }
  }

  private static final class OtherUserCodec extends UserCodec {
    OtherUserCodec(String tag) {
      super(tag);
    }
  }

  @Test
  void load_noUserCodecs_hasEveryBuiltInStepAndNoProblem() {
    StepCodecs codecs = StepCodecs.load(List.of());
    assertEquals(BuiltInSteps.codecs().size(), codecs.tags().size());
    assertTrue(codecs.forTag("standardize").isPresent());
    assertEquals(List.of(), codecs.problems());
  }

  @Test
  void load_userCodecWithItsOwnTag_isFoundAndRoundTripsItsStep() {
    UserCodec clamp = new UserCodec("clamp");
    TransformCodec found = StepCodecs.load(List.of(clamp)).forTag("clamp").orElseThrow();
    assertSame(clamp, found);
    assertEquals(new Unchanged("clamp"), found.read(found.write(new Unchanged("clamp"))));
  }

  @Test
  void load_userCodecClaimingABuiltInTag_isLeftOutAndTheBuiltInStays() {
    StepCodecs codecs = StepCodecs.load(List.of(new UserCodec("standardize")));
    assertTrue(codecs.forTag("standardize").orElseThrow().getClass().getName().startsWith("org.mlengine.runtime.internal.steps."));
    assertEquals(List.of("codec " + UserCodec.class.getName() + " claims the built-in tag 'standardize', which is reserved for"
        + " mlengine's own step; give your codec and its transform another tag"), codecs.problems());
  }

  @Test
  void load_twoUserCodecsSharingATag_leavesTheTagOutAndSaysWhyWhereItIsLookedUp() {
    StepCodecs codecs = StepCodecs.load(List.of(new UserCodec("clamp"), new OtherUserCodec("clamp")));
    assertTrue(codecs.forTag("clamp").isEmpty());
    String message = codecs.missing("clamp", "transforms.json");
    assertTrue(message.startsWith("step 'clamp' in transforms.json has no codec on the class path; known tags are ["), message);
    assertTrue(message.endsWith(" Codecs left out: codecs " + UserCodec.class.getName() + " and " + OtherUserCodec.class.getName()
        + " both claim tag 'clamp'; each tag needs exactly one codec: remove one of them from the class path."), message);
  }

  @Test
  void load_aServicesLineThatFails_isSkippedAndTheNextCodecStillLoads() {
    UserCodec clamp = new UserCodec("clamp");
    Iterable<TransformCodec> providers = () -> new Iterator<>() {
      private int next;

      @Override
      public boolean hasNext() {
        return next < 2;
      }

      @Override
      public TransformCodec next() {
        if (next >= 2) {
          throw new NoSuchElementException();
        }
        if (next++ == 0) {
          throw new ServiceConfigurationError("com.acme.Gone: Provider com.acme.Gone not found");
        }
        return clamp;
      }
    };
    StepCodecs codecs = StepCodecs.load(providers);
    assertSame(clamp, codecs.forTag("clamp").orElseThrow());
    assertEquals(List.of("a codec listed in META-INF/services/org.mlengine.runtime.spi.TransformCodec could not be loaded"
        + " (com.acme.Gone: Provider com.acme.Gone not found); fix or remove that line, or add the jar that holds the class"),
        codecs.problems());
  }
}
