package org.traumaflow.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.traumaflow.label.SliceTarget;

class SequenceModelConfigTest {

  @Test
  void everyPresetSurvivesAJsonRoundTrip() {
    for (SequenceTask task : SequenceTask.values()) {
      assertEquals(SequenceModelConfig.scripted(task, 64, new EncoderShape(256, 512, 512)),
          SequenceModelConfig.fromJson(SequenceModelConfig.scripted(task, 64, new EncoderShape(256, 512, 512)).toJson()));
      for (EncoderName encoder : List.of(EncoderName.RESNET18, EncoderName.RESNET34, EncoderName.EFFICIENTNET_V2_S)) {
        for (SequenceModelConfig config : List.of(SequenceModelConfig.method(task, encoder), SequenceModelConfig.tiny(task, encoder))) {
          assertEquals(config, SequenceModelConfig.fromJson(config.toJson()));
        }
      }
    }
  }

  @Test
  void theMethodPresetUses384PixelsAndTheCnnAuxHeads() {
    SequenceModelConfig config = SequenceModelConfig.method(SequenceTask.ORGANS, EncoderName.EFFICIENTNET_V2_S);
    assertEquals(384, config.inputSize());
    assertEquals(AuxHead.CNN, config.head());
    assertEquals(1.0, config.widthMultiplier());
  }

  @Test
  void everyPresetWeighsTheAuxLossAsTheSeedsLossDoes() {
    // The seed's CustomLoss: loss = loss1 + (loss2 * 0.125).
    for (SequenceTask task : SequenceTask.values()) {
      assertEquals(0.125, SequenceModelConfig.scripted(task, 64, new EncoderShape(8, 8, 8)).auxLossWeight());
      for (EncoderName encoder : List.of(EncoderName.RESNET18, EncoderName.RESNET34, EncoderName.EFFICIENTNET_V2_S)) {
        assertEquals(0.125, SequenceModelConfig.method(task, encoder).auxLossWeight(), encoder + " method");
        assertEquals(0.125, SequenceModelConfig.tiny(task, encoder).auxLossWeight(), encoder + " tiny");
      }
    }
  }

  @Test
  void theTasksPredictTheFirstTenTargetsOrBowelAndExtravasation() {
    assertEquals(10, SequenceTask.ORGANS.outputs());
    assertEquals(SliceTarget.LIVER_INJURY, SequenceTask.ORGANS.targets().get(0));
    assertEquals(SliceTarget.BOWEL, SequenceTask.ORGANS.targets().get(9));
    assertEquals(List.of(SliceTarget.BOWEL, SliceTarget.EXTRAVASATION), SequenceTask.BOWEL_EXTRAVASATION.targets());
  }

  @Test
  void channelsAreScaledAndRoundedToMultiplesOfEightLikeEfficientNet() {
    SequenceModelConfig tiny = SequenceModelConfig.tiny(SequenceTask.ORGANS, EncoderName.EFFICIENTNET_V2_S);
    assertEquals(8, tiny.channels(24)); // 3 -> at least 8
    assertEquals(16, tiny.channels(128));
    assertEquals(160, tiny.channels(1280));
    SequenceModelConfig wider = new SequenceModelConfig(SequenceTask.ORGANS, EncoderName.EFFICIENTNET_V2_S, 1.1, 1.2, 384, 256, 0.125, 0.1, null, AuxHead.CNN);
    assertEquals(176, wider.channels(160)); // 176 exactly
    assertEquals(16, wider.repeats(13)); // 15.6 rounded up
    assertEquals(2, SequenceModelConfig.tiny(SequenceTask.ORGANS, EncoderName.RESNET34).repeats(3));
  }

  @Test
  void invalidConfigsAreRefusedWithTheReason() {
    assertThrows(IllegalArgumentException.class, () -> SequenceModelConfig.tiny(SequenceTask.ORGANS, EncoderName.RESNET18).withInputSize(100));
    assertThrows(IllegalArgumentException.class, () -> SequenceModelConfig.tiny(SequenceTask.ORGANS, EncoderName.RESNET18).withDropout(1.0));
    assertThrows(IllegalArgumentException.class, () -> new SequenceModelConfig(null, EncoderName.RESNET18, 1, 1, 64, 16, 0.125, 0, null, AuxHead.CNN));
    assertThrows(IllegalArgumentException.class, () -> new SequenceModelConfig(SequenceTask.ORGANS, EncoderName.RESNET18, 0, 1, 64, 16, 0.125, 0, null, AuxHead.CNN));
    assertThrows(IllegalArgumentException.class, () -> new SequenceModelConfig(SequenceTask.ORGANS, EncoderName.RESNET18, 1, 1, 64, 0, 0.125, 0, null, AuxHead.CNN));
    assertThrows(IllegalArgumentException.class, () -> new SequenceModelConfig(SequenceTask.ORGANS, EncoderName.TORCHSCRIPT, 1, 1, 64, 16, 0.125, 0, null, AuxHead.CNN));
    assertThrows(IllegalArgumentException.class, () -> new SequenceModelConfig(SequenceTask.ORGANS, EncoderName.RESNET18, 1, 1, 64, 16, 0.125, 0, new EncoderShape(8, 8, 8), AuxHead.CNN));
    String json = SequenceModelConfig.tiny(SequenceTask.ORGANS, EncoderName.RESNET18).toJson();
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SequenceModelConfig.fromJson(json.replace("\"inputSize\" : 64", "\"inputSize\" : 65")));
    assertTrue(e.getMessage().contains("multiple of 32"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> SequenceModelConfig.fromJson(json.replace("\"encoder\" : \"RESNET18\"", "\"encoder\" : \"VGG\"")));
    assertThrows(IllegalArgumentException.class, () -> SequenceModelConfig.fromJson(json.replace("{", "{\"extra\": 1,")));
    assertThrows(IllegalArgumentException.class, () -> SequenceModelConfig.fromJson(json.replace("\"head\" : \"CNN\"", "\"head\" : \"FPN\"")));
  }
}
