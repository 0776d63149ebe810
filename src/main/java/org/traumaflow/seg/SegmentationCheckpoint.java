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
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.IntStream;
import org.traumaflow.engine.EngineSelfCheck;
import org.traumaflow.preprocess.Preprocessing;
import org.traumaflow.storage.CheckpointFiles;
import org.traumaflow.storage.CheckpointIntegrityException;

/**
 * A trained stage-1 checkpoint on disk, in one folder of {@link CheckpointFiles}:
 *
 * <ul>
 *   <li>{@value #CONFIG}: the {@link SegmentationConfig} every fold model is built from,
 *   <li>{@value #FOLDS}: the {@link CheckpointFolds}: which fold models it holds, their held-out
 *       Dice, and whether inference averages them or it kept the best,
 *   <li>{@code parameters-fold<k>.djl} ({@link #parameters}): each fold model's parameters
 *       (DJL's {@code Block.saveParameters} format),
 *   <li>{@value Preprocessing#RECORDED_SPEC}, when the training recorded it: the preprocessing
 *       spec its stage-1 slices were made with ({@link Writer#withPreprocessing}),
 *   <li>{@value #MANIFEST}: the size and SHA-256 of all of them, written last.
 * </ul>
 *
 * {@link #load} refuses a checkpoint that differs from its manifest in any way with a
 * {@link CheckpointIntegrityException} naming the file.
 *
 * <pre>{@code
 * SegmentationCheckpoint.Writer writer = SegmentationCheckpoint.writer(dir, config);
 * writer.add(FoldMember.of(0, dice0), model0).add(FoldMember.of(1, dice1), model1);
 * writer.commit(FoldSelection.MEAN, 5);
 * }</pre>
 */
public final class SegmentationCheckpoint {
  public static final String CONFIG = "config.json";
  public static final String FOLDS = "folds.json";
  public static final String MANIFEST = CheckpointFiles.MANIFEST;
  /** The manifest's {@code format} value. */
  public static final String FORMAT = "traumaflow-seg-checkpoint/2";
  /** The most folds a checkpoint may be split into. */
  public static final int MAX_FOLDS = 20;

  private SegmentationCheckpoint() {}

  /** The file of fold {@code fold}'s parameters. */
  public static String parameters(int fold) {
    return "parameters-fold" + fold + ".djl";
  }

  /** Writes {@code model} alone as a checkpoint into {@code dir} (created if needed): fold 0 of 1. */
  public static void save(Path dir, SegmentationModel model) throws IOException {
    writer(dir, model.config()).add(new FoldMember(0, List.of()), model).commit(FoldSelection.MEAN, 1);
  }

  /**
   * Starts a checkpoint of fold models of {@code config} in {@code dir} (created if needed); an
   * old checkpoint there stops being one until {@link Writer#commit}.
   */
  public static Writer writer(Path dir, SegmentationConfig config) throws IOException {
    return new Writer(CheckpointFiles.writer(dir, FORMAT), config);
  }

  /** Writes fold models one at a time, as they finish, then the config, folds and manifest. */
  public static final class Writer {
    private final CheckpointFiles.Writer files;
    private final SegmentationConfig config;
    private final List<FoldMember> members = new ArrayList<>();
    private byte[] preprocessing;

    private Writer(CheckpointFiles.Writer files, SegmentationConfig config) {
      this.files = files;
      this.config = config;
    }

    /** Writes {@code model}'s parameters now, as {@code member}'s. */
    public Writer add(FoldMember member, SegmentationModel model) throws IOException {
      if (!model.config().equals(config)) {
        throw new IllegalArgumentException("fold " + member.fold() + "'s model is not of the checkpoint's config " + config);
      }
      if (member.fold() >= MAX_FOLDS) {
        throw new IllegalArgumentException("folds must be below " + MAX_FOLDS + ", got " + member.fold());
      }
      files.write(parameters(member.fold()), out -> model.block().saveParameters(new DataOutputStream(out)));
      members.add(member);
      return this;
    }

    /** Records the preprocessing spec (its YAML) the fold models were trained on, written with the config. */
    public Writer withPreprocessing(byte[] yaml) {
      this.preprocessing = yaml.clone();
      return this;
    }

    /**
     * Writes the config and the folds, then the manifest, which makes the checkpoint complete.
     *
     * @return the folds written
     */
    public CheckpointFolds commit(FoldSelection selection, int folds) throws IOException {
      CheckpointFolds kept = new CheckpointFolds(selection, folds, members);
      if (preprocessing != null) {
        files.write(Preprocessing.RECORDED_SPEC, preprocessing);
      }
      files.write(CONFIG, config.toJson().getBytes(StandardCharsets.UTF_8))
          .write(FOLDS, kept.toJson().getBytes(StandardCharsets.UTF_8))
          .commit();
      return kept;
    }
  }

  /**
   * Loads a checkpoint written by a {@link Writer}, after checking every file against the manifest.
   *
   * @throws CheckpointIntegrityException when the files differ from the manifest (see
   *     {@link CheckpointFiles#read})
   * @throws CheckpointIntegrityException also when {@value #FOLDS} lists a fold model whose
   *     parameters the manifest lacks
   * @throws IOException when a verified file still cannot be read as a config, folds or network
   */
  public static SegmentationEnsemble load(Path dir) throws IOException {
    Set<String> optionalFiles = new HashSet<>(IntStream.range(0, MAX_FOLDS).mapToObj(SegmentationCheckpoint::parameters).toList());
    optionalFiles.add(Preprocessing.RECORDED_SPEC);
    Map<String, byte[]> files = CheckpointFiles.read(dir, FORMAT, Set.of(CONFIG, FOLDS), optionalFiles);
    SegmentationConfig config;
    CheckpointFolds folds;
    try {
      config = SegmentationConfig.fromJson(new String(files.get(CONFIG), StandardCharsets.UTF_8));
    } catch (IllegalArgumentException e) {
      throw new IOException(dir.resolve(CONFIG) + ": " + e.getMessage(), e);
    }
    try {
      folds = CheckpointFolds.fromJson(new String(files.get(FOLDS), StandardCharsets.UTF_8));
    } catch (IllegalArgumentException e) {
      throw new IOException(dir.resolve(FOLDS) + ": " + e.getMessage(), e);
    }
    EngineSelfCheck.requirePassed();
    List<SegmentationModel> models = new ArrayList<>();
    try {
      for (FoldMember member : folds.members()) {
        String name = parameters(member.fold());
        byte[] parameters = files.get(name);
        if (parameters == null) {
          throw new CheckpointIntegrityException(name, "not listed in the manifest, though " + dir.resolve(FOLDS) + " lists fold " + member.fold());
        }
        models.add(model(dir.resolve(name), config, parameters));
      }
      return new SegmentationEnsemble(folds, models);
    } catch (IOException | RuntimeException e) {
      models.forEach(SegmentationModel::close);
      throw e;
    }
  }

  /**
   * The preprocessing spec the checkpoint in {@code dir} records, checked against its manifest;
   * empty for a checkpoint written without one.
   */
  public static Optional<byte[]> preprocessing(Path dir) throws IOException {
    return CheckpointFiles.readOne(dir, FORMAT, Preprocessing.RECORDED_SPEC);
  }

  private static SegmentationModel model(Path file, SegmentationConfig config, byte[] parameters) throws IOException {
    Model model = Model.newInstance("unet3d");
    try {
      Block block = Unet3d.build(config);
      model.setBlock(block);
      block.loadParameters(model.getNDManager(), new DataInputStream(new ByteArrayInputStream(parameters)));
      return SegmentationModel.wrap(config, model);
    } catch (MalformedModelException | IOException | RuntimeException e) {
      model.close();
      throw new IOException(file + ": not parameters of the configured network: " + e.getMessage(), e);
    }
  }
}
