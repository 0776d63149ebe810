package org.traumaflow.model;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDManager;
import ai.djl.pytorch.engine.PtSymbolBlock;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.ParameterStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.traumaflow.engine.EngineSelfCheck;

/**
 * A TorchScript 2D encoder as the stage-2 network's encoder, so that PyTorch encoders (torchvision
 * or timm models, with ImageNet weights where they can be had) train inside the DJL loop with
 * this project's GRU and heads on top.
 *
 * <p>Contract ({@code scripts/export_encoder.py} writes such modules): input float32
 * {@code (N, 3, S, S)} in [0, 1], output a tuple {@code (map16, map32, pooled)} of shapes
 * {@code (N, C16, S/16, S/16)}, {@code (N, C32, S/32, S/32)} and {@code (N, F)}. The module should
 * be scripted rather than traced, so that its batch norms follow DJL's training flag.
 *
 * <p>Loaded with every parameter trainable; saved inside the network's parameters (the whole
 * module, as DJL's {@link PtSymbolBlock} saves itself), so a checkpoint needs no side file.
 */
public final class ScriptedEncoder {
  private ScriptedEncoder() {}

  /**
   * The shape of the encoder in {@code file} for {@code inputSize} slices, from one inference
   * forward on the CPU, after checking the contract.
   */
  public static EncoderShape probe(Path file, int inputSize) throws IOException {
    if (inputSize % SequenceModelConfig.DOWNSAMPLING != 0) {
      throw new IllegalArgumentException("the input size must be a multiple of " + SequenceModelConfig.DOWNSAMPLING + ", got " + inputSize);
    }
    EngineSelfCheck.requirePassed();
    try (NDManager manager = NDManager.newBaseManager(ai.djl.Device.cpu(), "PyTorch")) {
      PtSymbolBlock block = load(file, manager);
      NDList out;
      try {
        out = block.forward(new ParameterStore(manager, false), new NDList(manager.zeros(new Shape(1, 3, inputSize, inputSize))), false);
      } catch (RuntimeException e) {
        // A traced module (CoaT) runs at the one size it was exported at.
        throw new IOException(file + ": not a stage-2 encoder for " + inputSize + " px slices: (1, 3, " + inputSize + ", " + inputSize
            + ") fails in it: " + e.getMessage(), e);
      }
      int s16 = inputSize / 16;
      int s32 = inputSize / 32;
      if (out.size() != 3 || out.get(0).getShape().dimension() != 4 || out.get(1).getShape().dimension() != 4 || out.get(2).getShape().dimension() != 2
          || out.get(0).getShape().get(2) != s16 || out.get(0).getShape().get(3) != s16
          || out.get(1).getShape().get(2) != s32 || out.get(1).getShape().get(3) != s32) {
        throw new IOException(file + ": not a stage-2 encoder: for (1, 3, " + inputSize + ", " + inputSize + ") it gives " + out.getShapes().length
            + " outputs " + java.util.Arrays.toString(out.getShapes()) + ", not (1, C16, " + s16 + ", " + s16 + "), (1, C32, " + s32 + ", " + s32 + "), (1, F)");
      }
      return new EncoderShape((int) out.get(0).getShape().get(1), (int) out.get(1).getShape().get(1), (int) out.get(2).getShape().get(1));
    }
  }

  /** The module in {@code file}, trainable, owned by {@code manager} (and on its device). */
  static PtSymbolBlock load(Path file, NDManager manager) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new IOException(file + ": no such TorchScript file");
    }
    try {
      return JniUtils.loadModule((PtNDManager) manager, file, true, new String[0], new String[0], true);
    } catch (RuntimeException e) {
      throw new IOException(file + ": not a loadable TorchScript module: " + e.getMessage(), e);
    }
  }

  /** An empty module owned by {@code manager}, for a checkpoint's parameters to fill. */
  static PtSymbolBlock empty(NDManager manager) {
    return new PtSymbolBlock((PtNDManager) manager);
  }
}
