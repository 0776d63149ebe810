package org.traumaflow.seg;

import ai.djl.ndarray.types.Shape;
import java.util.List;
import org.traumaflow.storage.StrictJson;

/**
 * The shape of the stage-1 segmentation network (METHOD.md, "Stage 1"): a ResNet-18-style 3D
 * encoder (a 7x7x7 stride-2 stem, a 3x3x3 stride-2 max pool, then one stage of
 * {@code blocksPerStage} basic residual blocks per entry of {@code encoderChannels}, every
 * stage after the first halving the resolution) and a U-Net decoder with one block per entry of
 * {@code decoderChannels}, then a final 2x upsampling and a 1x1x1 convolution to
 * {@code outputs} logits. Validated here, so the network builder can trust it; saved with every
 * checkpoint as {@code config.json}.
 *
 * @param inputSize rows and columns of the model's input slices (128 in the method)
 * @param chunkDepth slices per input chunk (32 in the method)
 * @param encoderChannels channels of each encoder stage (64, 128, 256, 512); the stem has the
 *     first stage's channels
 * @param blocksPerStage basic residual blocks per encoder stage (2 for ResNet-18)
 * @param decoderChannels channels of each decoder block, deepest first (256, 128, 64, 32); as
 *     many as encoder stages
 * @param outputs output channels (5: {@link Organ})
 */
public record SegmentationConfig(
    int inputSize,
    int chunkDepth,
    List<Integer> encoderChannels,
    int blocksPerStage,
    List<Integer> decoderChannels,
    int outputs) {

  /** Largest input side and chunk depth accepted (a guard against typos, not a model limit). */
  public static final int MAX_EXTENT = 1024;

  public SegmentationConfig {
    if (encoderChannels == null || decoderChannels == null) {
      throw new IllegalArgumentException("encoder and decoder channels are required");
    }
    encoderChannels = List.copyOf(encoderChannels);
    decoderChannels = List.copyOf(decoderChannels);
    if (encoderChannels.isEmpty() || encoderChannels.size() > 6) {
      throw new IllegalArgumentException("the encoder needs 1..6 stages, got " + encoderChannels.size());
    }
    if (decoderChannels.size() != encoderChannels.size()) {
      throw new IllegalArgumentException(
          "the decoder needs one block per encoder stage: " + encoderChannels.size() + " stages, "
              + decoderChannels.size() + " decoder blocks");
    }
    for (List<Integer> channels : List.of(encoderChannels, decoderChannels)) {
      for (int c : channels) {
        if (c < 1 || c > 4096) {
          throw new IllegalArgumentException("channel counts must be 1..4096, got " + channels);
        }
      }
    }
    if (blocksPerStage < 1 || blocksPerStage > 8) {
      throw new IllegalArgumentException("blocks per stage must be 1..8, got " + blocksPerStage);
    }
    if (outputs < 1 || outputs > 64) {
      throw new IllegalArgumentException("outputs must be 1..64, got " + outputs);
    }
    int factor = 1 << (encoderChannels.size() + 1);
    if (inputSize < factor || inputSize > MAX_EXTENT || inputSize % factor != 0) {
      throw new IllegalArgumentException(
          "the input size must be a multiple of " + factor + " (the network's total downsampling) up to " + MAX_EXTENT
              + ", got " + inputSize);
    }
    if (chunkDepth < factor || chunkDepth > MAX_EXTENT || chunkDepth % factor != 0) {
      throw new IllegalArgumentException(
          "the chunk depth must be a multiple of " + factor + " (the network's total downsampling) up to " + MAX_EXTENT
              + ", got " + chunkDepth);
    }
  }

  /** The method's network: 128 x 128 x 32 input, ResNet-18 encoder, decoder 256/128/64/32, 5 organs. */
  public static SegmentationConfig method() {
    return new SegmentationConfig(128, 32, List.of(64, 128, 256, 512), 2, List.of(256, 128, 64, 32), Organ.COUNT);
  }

  /**
   * The same topology, 8x narrower and on 32 x 32 slices, for tests and demos on a CPU (0.67 M
   * parameters instead of 42.6 M).
   */
  public static SegmentationConfig tiny() {
    return new SegmentationConfig(32, 32, List.of(8, 16, 32, 64), 2, List.of(32, 16, 8, 8), Organ.COUNT);
  }

  /** A copy with another input size. */
  public SegmentationConfig withInputSize(int size) {
    return new SegmentationConfig(size, chunkDepth, encoderChannels, blocksPerStage, decoderChannels, outputs);
  }

  /** Encoder stages (and decoder blocks). */
  public int stages() {
    return encoderChannels.size();
  }

  /** The ratio between the input and the deepest feature map's extent (32 for four stages). */
  public int downsampling() {
    return 1 << (stages() + 1);
  }

  /** The network's input shape for a batch of {@code batch} chunks: (batch, 1, depth, size, size). */
  public Shape inputShape(int batch) {
    return new Shape(batch, 1, chunkDepth, inputSize, inputSize);
  }

  public String toJson() {
    return StrictJson.write(this);
  }

  /** Reads a config written by {@link #toJson()}; unknown or missing fields are refused. */
  public static SegmentationConfig fromJson(String json) {
    return StrictJson.read(json, SegmentationConfig.class, "segmentation config");
  }
}
