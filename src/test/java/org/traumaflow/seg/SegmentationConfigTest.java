package org.traumaflow.seg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.types.Shape;
import java.util.List;
import org.junit.jupiter.api.Test;

class SegmentationConfigTest {

  @Test
  void theMethodConfigIsAResNet18EncoderWithTheMethodsDecoder() {
    SegmentationConfig config = SegmentationConfig.method();
    assertEquals(128, config.inputSize());
    assertEquals(32, config.chunkDepth());
    assertEquals(List.of(64, 128, 256, 512), config.encoderChannels());
    assertEquals(2, config.blocksPerStage());
    assertEquals(List.of(256, 128, 64, 32), config.decoderChannels());
    assertEquals(5, config.outputs());
    assertEquals(32, config.downsampling());
    assertEquals(new Shape(2, 1, 32, 128, 128), config.inputShape(2));
  }

  @Test
  void aConfigSurvivesJson() {
    for (SegmentationConfig config : List.of(SegmentationConfig.method(), SegmentationConfig.tiny(), SegmentationConfig.tiny().withInputSize(64))) {
      assertEquals(config, SegmentationConfig.fromJson(config.toJson()));
    }
  }

  @Test
  void jsonWithAnUnknownOrMissingFieldIsRefused() {
    String json = SegmentationConfig.tiny().toJson();
    assertThrows(IllegalArgumentException.class, () -> SegmentationConfig.fromJson(json.replace("\"outputs\"", "\"outputz\"")));
    assertThrows(IllegalArgumentException.class, () -> SegmentationConfig.fromJson(json.replaceAll("\"blocksPerStage\"\\s*:\\s*2\\s*,", "")));
    assertThrows(IllegalArgumentException.class, () -> SegmentationConfig.fromJson("not json"));
  }

  @Test
  void jsonThatBreaksARuleIsRefusedWithTheRule() {
    String json = SegmentationConfig.tiny().toJson().replaceAll("\"inputSize\"\\s*:\\s*32", "\"inputSize\" : 48");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SegmentationConfig.fromJson(json));
    assertTrue(e.getMessage().contains("multiple of 32"), e.getMessage());
  }

  @Test
  void sizesTheNetworkCannotDownsampleAreRefused() {
    List<Integer> enc = List.of(8, 16, 32, 64);
    List<Integer> dec = List.of(32, 16, 8, 8);
    assertThrows(IllegalArgumentException.class, () -> new SegmentationConfig(48, 32, enc, 2, dec, 5));
    assertThrows(IllegalArgumentException.class, () -> new SegmentationConfig(32, 16, enc, 2, dec, 5));
    assertEquals(16, new SegmentationConfig(16, 16, List.of(8, 16, 32), 2, List.of(16, 8, 8), 5).downsampling());
  }

  @Test
  void theDecoderNeedsOneBlockPerEncoderStage() {
    IllegalArgumentException e = assertThrows(
        IllegalArgumentException.class, () -> new SegmentationConfig(128, 32, List.of(64, 128, 256, 512), 2, List.of(256, 128, 64), 5));
    assertTrue(e.getMessage().contains("one block per encoder stage"), e.getMessage());
  }

  @Test
  void nonPositiveWidthsBlocksAndOutputsAreRefused() {
    assertThrows(IllegalArgumentException.class, () -> new SegmentationConfig(32, 32, List.of(8, 0, 32, 64), 2, List.of(32, 16, 8, 8), 5));
    assertThrows(IllegalArgumentException.class, () -> new SegmentationConfig(32, 32, List.of(8, 16, 32, 64), 0, List.of(32, 16, 8, 8), 5));
    assertThrows(IllegalArgumentException.class, () -> new SegmentationConfig(32, 32, List.of(8, 16, 32, 64), 2, List.of(32, 16, 8, 8), 0));
    assertThrows(IllegalArgumentException.class, () -> new SegmentationConfig(32, 32, List.of(), 2, List.of(), 5));
  }
}
