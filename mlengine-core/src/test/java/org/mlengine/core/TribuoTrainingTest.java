package org.mlengine.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.mlengine.runtime.BundleFormatException;

/** Reading Tribuo's protobuf form of legacy models refuses what would deserialize Java objects. */
class TribuoTrainingTest {

  @Test
  void libLinearModel_isRefusedBeforeTribuoSeesIt() throws Exception {
    byte[] proto = org.tribuo.protos.core.ModelProto.newBuilder()
        .setClassName("org.tribuo.classification.liblinear.LibLinearClassificationModel").build().toByteArray();
    var e = assertThrows(BundleFormatException.class, () -> TribuoTraining.read(proto, "model.tribuo.pb"));
    assertEquals("entry 'model.tribuo.pb' holds a org.tribuo.classification.liblinear.LibLinearClassificationModel, whose Tribuo form"
        + " embeds Java serialization; mlengine never deserializes Java objects, so it refuses the model. Retrain with"
        + " Trainers.linearSgd() or Trainers.cart().", e.getMessage());
  }
}
