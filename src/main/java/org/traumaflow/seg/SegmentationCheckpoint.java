package org.traumaflow.seg;

import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.nn.Block;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.traumaflow.storage.CheckpointFiles;
import org.traumaflow.storage.CheckpointIntegrityException;
import org.traumaflow.engine.EngineSelfCheck;

/**
 * A trained segmentation network on disk, in one folder of {@link CheckpointFiles}:
 *
 * <ul>
 *   <li>{@value #PARAMETERS}: the parameters (DJL's {@code Block.saveParameters} format),
 *   <li>{@value #CONFIG}: the {@link SegmentationConfig} the network is built from,
 *   <li>{@value #MANIFEST}: the size and SHA-256 of both, written last.
 * </ul>
 *
 * {@link #load} refuses a checkpoint that differs from its manifest in any way with a
 * {@link CheckpointIntegrityException} naming the file.
 */
public final class SegmentationCheckpoint {
  public static final String PARAMETERS = "parameters.djl";
  public static final String CONFIG = "config.json";
  public static final String MANIFEST = CheckpointFiles.MANIFEST;
  /** The manifest's {@code format} value. */
  public static final String FORMAT = "traumaflow-seg-checkpoint/1";

  private SegmentationCheckpoint() {}

  /** Writes {@code model}'s config and parameters and their manifest into {@code dir} (created if needed). */
  public static void save(Path dir, SegmentationModel model) throws IOException {
    CheckpointFiles.writer(dir, FORMAT)
        .write(CONFIG, model.config().toJson().getBytes(StandardCharsets.UTF_8))
        .write(PARAMETERS, out -> model.block().saveParameters(new DataOutputStream(out)))
        .commit();
  }

  /**
   * Loads a checkpoint written by {@link #save}, after checking every file against the manifest.
   *
   * @throws CheckpointIntegrityException when the files differ from the manifest (see
   *     {@link CheckpointFiles#read})
   * @throws IOException when a verified file still cannot be read as a network
   */
  public static SegmentationModel load(Path dir) throws IOException {
    Map<String, byte[]> files = CheckpointFiles.read(dir, FORMAT, Set.of(CONFIG, PARAMETERS), Set.of());
    SegmentationConfig config;
    try {
      config = SegmentationConfig.fromJson(new String(files.get(CONFIG), StandardCharsets.UTF_8));
    } catch (IllegalArgumentException e) {
      throw new IOException(dir.resolve(CONFIG) + ": " + e.getMessage(), e);
    }
    EngineSelfCheck.requirePassed();
    Model model = Model.newInstance("unet3d");
    try {
      Block block = Unet3d.build(config);
      model.setBlock(block);
      block.loadParameters(model.getNDManager(), new DataInputStream(new ByteArrayInputStream(files.get(PARAMETERS))));
      return SegmentationModel.wrap(config, model);
    } catch (MalformedModelException | IOException | RuntimeException e) {
      model.close();
      throw new IOException(dir.resolve(PARAMETERS) + ": not parameters of the configured network: " + e.getMessage(), e);
    }
  }
}
