package org.traumaflow.model;

import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.training.ParameterStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.traumaflow.engine.EngineSelfCheck;
import org.traumaflow.sequence.SequenceSample;

/**
 * Stage-2 inference for one ensemble member: per-step sigmoid probabilities of a
 * {@link SequenceTask}'s outputs for each window, and a study's prediction, the max over steps
 * and windows (METHOD.md, "Study prediction").
 *
 * <p>A member is either a {@link SequenceCheckpoint} of this project, or a TorchScript file with
 * the contract: input float32 {@code (B, 32, 3, H, W)} in [0, 1] (the sample's bytes / 255),
 * output {@code (B, 32, outputs)} logits (the first output when the module returns several), in
 * the task's {@link SequenceTask#targets() target order}. Both run through DJL with the same
 * input batch.
 *
 * <p>Load once (per worker) and reuse: parameters are frozen, every call runs in its own
 * {@link NDManager} closed before it returns, so memory stays flat over any number of calls.
 * {@link #predict} may be called from several threads at once. Closing the predictor while a
 * call runs is not allowed.
 *
 * <pre>{@code
 * try (SequencePredictor member = SequencePredictor.load(checkpointDir)) {
 *   List<float[][]> perWindow = member.predict(windows);    // [window][step][output]
 *   float[] study = member.predictStudy(windows);            // [output]
 * }
 * }</pre>
 */
public final class SequencePredictor implements AutoCloseable {
  /** Windows per forward pass unless told otherwise. */
  public static final int DEFAULT_BATCH_SIZE = 4;

  private final Model model;
  private final SequenceTask task;
  private final int inputSize;
  private final InferenceBatch batch;

  private SequencePredictor(Model model, SequenceTask task, int inputSize, InferenceBatch batch) {
    // Frozen parameters record no autograd graph, whatever the calling thread's grad mode.
    model.getBlock().freezeParameters(true);
    this.model = model;
    this.task = task;
    this.inputSize = inputSize;
    this.batch = batch.on(model.getNDManager().getDevice());
  }

  /** Takes ownership of {@code model} (closed with the predictor); {@code batchSize} whole windows per forward pass. */
  public static SequencePredictor of(SequenceModel model, int batchSize) {
    return of(model, InferenceBatch.wholeWindows(batchSize));
  }

  /** Takes ownership of {@code model} (closed with the predictor). */
  public static SequencePredictor of(SequenceModel model, InferenceBatch batch) {
    return new SequencePredictor(model.model(), model.config().task(), model.config().inputSize(), batch);
  }

  /** The slice size the network was trained on; 0 for a TorchScript member, which takes any. */
  public int inputSize() {
    return inputSize;
  }

  /** Loads and verifies a checkpoint (see {@link SequenceCheckpoint#load}); {@value #DEFAULT_BATCH_SIZE} windows a batch. */
  public static SequencePredictor load(Path checkpoint) throws IOException {
    return load(checkpoint, DEFAULT_BATCH_SIZE);
  }

  /** Loads and verifies a checkpoint (see {@link SequenceCheckpoint#load}); {@code batchSize} whole windows per forward pass. */
  public static SequencePredictor load(Path checkpoint, int batchSize) throws IOException {
    return load(checkpoint, InferenceBatch.wholeWindows(batchSize));
  }

  /** Loads and verifies a checkpoint (see {@link SequenceCheckpoint#load}). */
  public static SequencePredictor load(Path checkpoint, InferenceBatch batch) throws IOException {
    return of(SequenceCheckpoint.load(checkpoint), batch);
  }

  /**
   * Loads a TorchScript member (see the class comment for its contract) onto
   * {@link SequenceModel#preferredDevice()}; it takes windows of any slice size, {@code batchSize} per forward pass.
   */
  public static SequencePredictor loadTorchScript(Path file, SequenceTask task, int batchSize) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new IOException(file + ": no such TorchScript file");
    }
    EngineSelfCheck.requirePassed();
    Model model = Model.newInstance(file.getFileName().toString(), SequenceModel.preferredDevice(), "PyTorch");
    try {
      // mapLocation: a module saved on one device is loaded onto the model's.
      model.load(file, null, Map.of("mapLocation", "true"));
      return new SequencePredictor(model, task, 0, InferenceBatch.wholeWindows(batchSize));
    } catch (MalformedModelException | IOException | RuntimeException e) {
      model.close();
      throw new IOException(file + ": not a loadable TorchScript module: " + e.getMessage(), e);
    }
  }

  public SequenceTask task() {
    return task;
  }

  /** Per-step probabilities of one window: {@code [step][output]}. */
  public float[][] predict(SequenceSample window) {
    return predict(List.of(window)).get(0);
  }

  /** Per-step probabilities of each window, {@code [window][step][output]}, in batches. */
  public List<float[][]> predict(List<SequenceSample> windows) {
    for (SequenceSample w : windows) {
      if (inputSize != 0 && w.size() != inputSize) {
        throw new IllegalArgumentException(w + " does not match the model's " + inputSize + " px input");
      }
    }
    List<float[][]> result = new ArrayList<>(windows.size());
    int outputs = task.outputs();
    for (int from = 0; from < windows.size(); from += batch.windows()) {
      List<SequenceSample> group = windows.subList(from, Math.min(windows.size(), from + batch.windows()));
      float[] probabilities;
      try (NDManager call = model.getNDManager().newSubManager()) {
        NDArray images = SequenceBatch.images(call, group);
        ParameterStore store = new ParameterStore(call, false);
        NDArray logits = model.getBlock() instanceof SequenceNetwork network
            ? network.logits(store, images, batch.tripletsPerPass())
            : model.getBlock().forward(store, new NDList(images), false).get(0);
        Shape expected = new Shape(group.size(), SequenceSample.STEPS, outputs);
        if (!logits.getShape().equals(expected)) {
          throw new IllegalStateException("the model gave " + logits.getShape() + " logits, the " + task + " task needs " + expected);
        }
        probabilities = Activation.sigmoid(logits).toFloatArray();
      }
      for (int i = 0; i < group.size(); i++) {
        float[][] window = new float[SequenceSample.STEPS][outputs];
        for (int step = 0; step < SequenceSample.STEPS; step++) {
          System.arraycopy(probabilities, (i * SequenceSample.STEPS + step) * outputs, window[step], 0, outputs);
        }
        result.add(window);
      }
    }
    return result;
  }

  /** A study's prediction per output: the max over all steps of all {@code windows} (METHOD.md). */
  public float[] predictStudy(List<SequenceSample> windows) {
    if (windows.isEmpty()) {
      throw new IllegalArgumentException("a study needs at least one window");
    }
    return studyMax(predict(windows));
  }

  /** The max over windows and steps of per-step probabilities {@code [window][step][output]}. */
  public static float[] studyMax(List<float[][]> windows) {
    float[] max = new float[windows.get(0)[0].length];
    java.util.Arrays.fill(max, Float.NEGATIVE_INFINITY);
    for (float[][] window : windows) {
      for (float[] step : window) {
        for (int i = 0; i < max.length; i++) {
          max[i] = Math.max(max[i], step[i]);
        }
      }
    }
    return max;
  }

  @Override
  public void close() {
    model.close();
  }
}
