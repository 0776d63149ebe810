package org.traumaflow.model;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.nn.Parameter;
import ai.djl.nn.recurrent.GRU;
import ai.djl.training.initializer.UniformInitializer;
import java.io.IOException;
import java.nio.file.Path;
import org.traumaflow.engine.EngineSelfCheck;
import org.traumaflow.model.statedict.StateDict;
import org.traumaflow.nn.ConfiguredNetwork;

/**
 * A stage-2 network and the DJL {@link Model} that owns its parameters, on the GPU when there is
 * one, else on the CPU; closing it frees them. Not thread-safe for training;
 * {@link SequencePredictor} documents concurrent inference.
 */
public final class SequenceModel extends ConfiguredNetwork<SequenceModelConfig> {

  private SequenceModel(SequenceModelConfig config, Model model) {
    super(config, model);
  }

  /**
   * A freshly initialised network: He-normal convolution and linear weights, GRU weights uniform
   * in +-1/sqrt(hidden) as PyTorch initialises them, batch norms at identity, biases 0; the same
   * seed gives the same weights.
   */
  public static SequenceModel create(SequenceModelConfig config, long seed) {
    Model model = newModel();
    try {
      initialize(model, SequenceNetwork.build(config), config, seed);
      return new SequenceModel(config, model);
    } catch (RuntimeException e) {
      model.close();
      throw e;
    }
  }

  /**
   * A network on the TorchScript encoder in {@code scriptedEncoder} (see {@link ScriptedEncoder}),
   * whose shape must be {@code config}'s: the encoder keeps its weights, the GRU and the heads are
   * initialised as by {@link #create(SequenceModelConfig, long)}.
   */
  public static SequenceModel create(SequenceModelConfig config, Path scriptedEncoder, long seed) throws IOException {
    if (config.encoder() != EncoderName.TORCHSCRIPT) {
      throw new IllegalArgumentException("the config names the built-in " + config.encoder() + " encoder, not a TorchScript one");
    }
    Model model = newModel();
    try {
      SequenceNetwork network = SequenceNetwork.build(config, ScriptedEncoder.load(scriptedEncoder, model.getNDManager()));
      initialize(model, network, config, seed);
      return new SequenceModel(config, model);
    } catch (IOException | RuntimeException e) {
      model.close();
      throw e;
    }
  }

  /**
   * Replaces the built-in encoder's weights and batch-norm statistics with those of a torchvision
   * or timm state dict ({@code .pt}, {@code .pth} or {@code .safetensors}; {@link
   * PretrainedEncoder}); the GRU and heads keep theirs.
   *
   * @return how many tensors were set
   * @throws PretrainedMismatchException when the file does not fit the encoder; nothing is set
   */
  public int loadPretrainedEncoder(Path stateDict) throws IOException {
    return PretrainedEncoder.load(StateDict.read(stateDict), ((SequenceNetwork) block()).encoder(), config());
  }

  private static void initialize(Model model, SequenceNetwork network, SequenceModelConfig config, long seed) {
    heNormalWeights(network);
    // The GRUs' own rule, set after the network-wide one, which it overrides.
    network.getChildren().values().stream()
        .filter(child -> child instanceof GRU)
        .forEach(gru -> gru.setInitializer(new UniformInitializer((float) (1 / Math.sqrt(config.gruHidden()))), Parameter.Type.WEIGHT));
    initialize(model, network, config.inputShape(1), seed);
  }

  /** An empty model on {@link #preferredDevice()}, once the engine has passed its self-check. */
  static Model newModel() {
    EngineSelfCheck.requirePassed();
    return Model.newInstance("sequence", preferredDevice());
  }

  /** Wraps a model whose block is a loaded {@link SequenceNetwork} of {@code config}; takes ownership. */
  static SequenceModel wrap(SequenceModelConfig config, Model model) {
    return new SequenceModel(config, model);
  }

  /** The first GPU when the engine sees one, else the CPU. */
  public static Device preferredDevice() {
    return Engine.getInstance().getGpuCount() > 0 ? Device.gpu() : Device.cpu();
  }
}
