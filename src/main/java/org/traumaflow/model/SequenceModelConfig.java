package org.traumaflow.model;

import ai.djl.ndarray.types.Shape;
import org.traumaflow.sequence.SequenceSample;
import org.traumaflow.storage.StrictJson;

/**
 * The shape of a stage-2 model (METHOD.md, "Stage 2"): a 2D {@code encoder} per slice triplet,
 * scaled by {@code widthMultiplier} (channels) and {@code depthMultiplier} (blocks per stage) the
 * way EfficientNet scales (channels rounded to multiples of 8, blocks rounded up); a
 * bidirectional GRU of {@code gruHidden} units per direction over the {@value
 * SequenceSample#STEPS} steps; a linear head per step with one logit per {@link SequenceTask}
 * output; and an auxiliary segmentation {@code head} on the encoder's stride-16 and stride-32
 * feature maps, weighted by {@code auxLossWeight} in the loss. Validated here, so the network builder can
 * trust it; saved with every checkpoint as {@code config.json}.
 *
 * @param task what the model predicts per step
 * @param encoder the encoder family and reference layout
 * @param widthMultiplier channel multiplier of the reference layout (1 = the reference)
 * @param depthMultiplier block-count multiplier of the reference layout (1 = the reference)
 * @param inputSize rows and columns of the input slices (384 in the method), a multiple of 32
 * @param gruHidden hidden units of each GRU direction
 * @param auxLossWeight weight of the aux heads' Dice losses: the seed's {@code loss1 + loss2 * 0.125}
 * @param dropout dropout rate on the per-step features and on the GRU's outputs
 * @param scriptedEncoder the shape of a {@link EncoderName#TORCHSCRIPT TorchScript encoder}
 *     (see {@link ScriptedEncoder#probe}); null for the built-in encoders, whose shape follows
 *     from the rest
 * @param head the auxiliary segmentation head's type
 */
public record SequenceModelConfig(
    SequenceTask task,
    EncoderName encoder,
    double widthMultiplier,
    double depthMultiplier,
    int inputSize,
    int gruHidden,
    double auxLossWeight,
    double dropout,
    EncoderShape scriptedEncoder,
    AuxHead head) {

  /** The aux loss weight of the seed's loss, {@code loss1 + loss2 * 0.125}. */
  public static final double AUX_LOSS_WEIGHT = 0.125;
  /** The total downsampling of every encoder: its last feature map is 1/32 of the input. */
  public static final int DOWNSAMPLING = 32;

  public SequenceModelConfig {
    if (task == null || encoder == null || head == null) {
      throw new IllegalArgumentException("the task, the encoder and the aux head are required");
    }
    if (!(widthMultiplier > 0 && widthMultiplier <= 4) || !(depthMultiplier > 0 && depthMultiplier <= 4)) {
      throw new IllegalArgumentException("width and depth multipliers must be in (0, 4], got " + widthMultiplier + " and " + depthMultiplier);
    }
    if (inputSize < DOWNSAMPLING || inputSize > 1024 || inputSize % DOWNSAMPLING != 0) {
      throw new IllegalArgumentException("the input size must be a multiple of " + DOWNSAMPLING + " up to 1024, got " + inputSize);
    }
    if (gruHidden < 1 || gruHidden > 4096) {
      throw new IllegalArgumentException("the GRU needs 1..4096 hidden units, got " + gruHidden);
    }
    if (!(auxLossWeight >= 0 && auxLossWeight <= 10)) {
      throw new IllegalArgumentException("the aux loss weight must be in [0, 10], got " + auxLossWeight);
    }
    if (!(dropout >= 0 && dropout < 1)) {
      throw new IllegalArgumentException("the dropout rate must be in [0, 1), got " + dropout);
    }
    if ((encoder == EncoderName.TORCHSCRIPT) != (scriptedEncoder != null)) {
      throw new IllegalArgumentException("a TorchScript encoder, and only one, needs its shape: " + encoder + " with " + scriptedEncoder);
    }
  }

  /**
   * The method's size for {@code encoder}: the reference layout on 384 x 384 slices, a GRU of
   * 256 units per direction, aux weight 0.125, dropout 0.1, the CNN aux heads.
   */
  public static SequenceModelConfig method(SequenceTask task, EncoderName encoder) {
    return new SequenceModelConfig(task, encoder, 1.0, 1.0, 384, 256, AUX_LOSS_WEIGHT, 0.1, null, AuxHead.CNN);
  }

  /**
   * The method's head on a TorchScript encoder of {@code shape} ({@link ScriptedEncoder#probe})
   * for {@code inputSize} slices: a GRU of 256 units per direction, aux weight 0.125, dropout 0.1, the CNN aux heads.
   */
  public static SequenceModelConfig scripted(SequenceTask task, int inputSize, EncoderShape shape) {
    return new SequenceModelConfig(task, EncoderName.TORCHSCRIPT, 1.0, 1.0, inputSize, 256, AUX_LOSS_WEIGHT, 0.1, shape, AuxHead.CNN);
  }

  /**
   * The same topology, 8x narrower, with at most half the blocks and on 64 x 64 slices, for
   * tests and demos on a CPU.
   */
  public static SequenceModelConfig tiny(SequenceTask task, EncoderName encoder) {
    return new SequenceModelConfig(task, encoder, 0.125, encoder.isResNet() ? 0.5 : 0.25, 64, 16, AUX_LOSS_WEIGHT, 0.0, null, AuxHead.CNN);
  }

  /** A copy with another input size. */
  public SequenceModelConfig withInputSize(int size) {
    return new SequenceModelConfig(task, encoder, widthMultiplier, depthMultiplier, size, gruHidden, auxLossWeight, dropout, scriptedEncoder, head);
  }

  /** A copy with another GRU size. */
  public SequenceModelConfig withGruHidden(int hidden) {
    return new SequenceModelConfig(task, encoder, widthMultiplier, depthMultiplier, inputSize, hidden, auxLossWeight, dropout, scriptedEncoder, head);
  }

  /** A copy with another aux head type. */
  public SequenceModelConfig withHead(AuxHead type) {
    return new SequenceModelConfig(task, encoder, widthMultiplier, depthMultiplier, inputSize, gruHidden, auxLossWeight, dropout, scriptedEncoder, type);
  }

  /** A copy with another dropout rate. */
  public SequenceModelConfig withDropout(double rate) {
    return new SequenceModelConfig(task, encoder, widthMultiplier, depthMultiplier, inputSize, gruHidden, auxLossWeight, rate, scriptedEncoder, head);
  }

  /**
   * {@code reference} channels scaled by the width multiplier, rounded to a multiple of 8 (at
   * least 8, and never more than 10% below the exact value), as EfficientNet's
   * {@code make_divisible} does.
   */
  public int channels(int reference) {
    double exact = reference * widthMultiplier;
    int rounded = Math.max(8, (int) (exact + 4) / 8 * 8);
    return rounded < 0.9 * exact ? rounded + 8 : rounded;
  }

  /** {@code reference} blocks scaled by the depth multiplier, rounded up. */
  public int repeats(int reference) {
    return (int) Math.ceil(reference * depthMultiplier);
  }

  /** Logits per step. */
  public int outputs() {
    return task.outputs();
  }

  /** The network's input shape for {@code batch} samples: (batch, 32, 3, size, size). */
  public Shape inputShape(int batch) {
    return new Shape(batch, SequenceSample.STEPS, SequenceSample.CHANNELS, inputSize, inputSize);
  }

  public String toJson() {
    return StrictJson.write(this);
  }

  /** Reads a config written by {@link #toJson()}; unknown or missing fields are refused. */
  public static SequenceModelConfig fromJson(String json) {
    return StrictJson.read(json, SequenceModelConfig.class, "sequence model config");
  }
}
