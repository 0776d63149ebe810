package org.traumaflow.model;

import ai.djl.MalformedModelException;
import ai.djl.Model;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.traumaflow.storage.CheckpointFiles;
import org.traumaflow.storage.CheckpointIntegrityException;
import org.traumaflow.storage.StrictJson;

/**
 * A stage-2 network on disk, in one folder of {@link CheckpointFiles}:
 *
 * <ul>
 *   <li>{@value #PARAMETERS}: the parameters (DJL's {@code Block.saveParameters} format),
 *   <li>{@value #CONFIG}: the {@link SequenceModelConfig} the network is built from,
 *   <li>{@value #TRAINING}: the {@link TrainingProgress} when the trainer wrote it (optional),
 *   <li>{@value #MANIFEST}: the size and SHA-256 of the others, written last.
 * </ul>
 *
 * Loading checks every file against the manifest first and refuses a checkpoint that differs
 * in any way with a {@link CheckpointIntegrityException} naming the file.
 */
public final class SequenceCheckpoint {
  public static final String PARAMETERS = "parameters.djl";
  public static final String CONFIG = "config.json";
  public static final String TRAINING = "training.json";
  public static final String MANIFEST = CheckpointFiles.MANIFEST;
  /** The manifest's {@code format} value. */
  public static final String FORMAT = "traumaflow-sequence-checkpoint/1";

  private SequenceCheckpoint() {}

  /** Writes {@code model}'s config and parameters and their manifest into {@code dir} (created if needed). */
  public static void save(Path dir, SequenceModel model) throws IOException {
    writer(dir, model).commit();
  }

  /** The same with the progress of the training that is writing it. */
  static void save(Path dir, SequenceModel model, TrainingProgress progress) throws IOException {
    writer(dir, model).write(TRAINING, StrictJson.write(progress).getBytes(StandardCharsets.UTF_8)).commit();
  }

  private static CheckpointFiles.Writer writer(Path dir, SequenceModel model) throws IOException {
    return CheckpointFiles.writer(dir, FORMAT)
        .write(CONFIG, model.config().toJson().getBytes(StandardCharsets.UTF_8))
        .write(PARAMETERS, out -> model.block().saveParameters(new DataOutputStream(out)));
  }

  /**
   * Loads a checkpoint written by {@link #save}, after checking every file against the manifest,
   * onto {@link SequenceModel#preferredDevice()}.
   *
   * @throws CheckpointIntegrityException when the files differ from the manifest
   * @throws IOException when a verified file still cannot be read as a network
   */
  public static SequenceModel load(Path dir) throws IOException {
    Map<String, byte[]> files = verified(dir);
    SequenceModelConfig config = config(dir, files);
    Model model = SequenceModel.newModel();
    try {
      SequenceNetwork network = config.encoder() == EncoderName.TORCHSCRIPT
          ? SequenceNetwork.build(config, ScriptedEncoder.empty(model.getNDManager()))
          : SequenceNetwork.build(config);
      model.setBlock(network);
      readParameters(dir, files, model);
      return SequenceModel.wrap(config, model);
    } catch (IOException | RuntimeException e) {
      model.close();
      throw e;
    }
  }

  /** The training progress saved with a checkpoint; empty for one saved without. */
  public static Optional<TrainingProgress> progress(Path dir) throws IOException {
    return progress(dir, verified(dir));
  }

  /**
   * Puts a checkpoint's parameters into {@code model}, whose config must be the checkpoint's, and
   * returns the training progress saved with them.
   */
  static TrainingProgress restore(Path dir, SequenceModel model) throws IOException {
    Map<String, byte[]> files = verified(dir);
    SequenceModelConfig config = config(dir, files);
    if (!config.equals(model.config())) {
      throw new IOException(dir + " holds a model of another config: " + config + ", not " + model.config());
    }
    if (config.encoder() == EncoderName.TORCHSCRIPT) {
      // DJL's PtSymbolBlock keeps the parameter list of the module it first loaded: after a
      // reload the optimizer would update arrays the network no longer uses.
      throw new IOException(dir + ": resuming a model with a TorchScript encoder is not supported; load it with SequenceCheckpoint.load to predict");
    }
    TrainingProgress progress = progress(dir, files)
        .orElseThrow(() -> new IOException(dir + " has no " + TRAINING + ": it was not saved by a training run"));
    readParameters(dir, files, model.model());
    // Loaded arrays do not record gradients: training goes on with them, so they must again.
    for (var parameter : model.block().getParameters().values()) {
      if (parameter.requiresGradient()) {
        parameter.getArray().setRequiresGradient(true);
      }
    }
    return progress;
  }

  private static Map<String, byte[]> verified(Path dir) throws IOException {
    return CheckpointFiles.read(dir, FORMAT, Set.of(CONFIG, PARAMETERS), Set.of(TRAINING));
  }

  private static SequenceModelConfig config(Path dir, Map<String, byte[]> files) throws IOException {
    try {
      return SequenceModelConfig.fromJson(new String(files.get(CONFIG), StandardCharsets.UTF_8));
    } catch (IllegalArgumentException e) {
      throw new IOException(dir.resolve(CONFIG) + ": " + e.getMessage(), e);
    }
  }

  private static Optional<TrainingProgress> progress(Path dir, Map<String, byte[]> files) throws IOException {
    byte[] bytes = files.get(TRAINING);
    if (bytes == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(StrictJson.read(new String(bytes, StandardCharsets.UTF_8), TrainingProgress.class, "training progress record"));
    } catch (IllegalArgumentException e) {
      throw new IOException(dir.resolve(TRAINING) + ": " + e.getMessage(), e);
    }
  }

  private static void readParameters(Path dir, Map<String, byte[]> files, Model model) throws IOException {
    try {
      model.getBlock().loadParameters(model.getNDManager(), new DataInputStream(new ByteArrayInputStream(files.get(PARAMETERS))));
    } catch (MalformedModelException | IOException | RuntimeException e) {
      throw new IOException(dir.resolve(PARAMETERS) + ": not parameters of the configured network: " + e.getMessage(), e);
    }
  }
}
