package org.traumaflow.pipeline.train;

import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.traumaflow.label.LabelTables;
import org.traumaflow.storage.FolderTransfer;
import org.traumaflow.storage.LocalObjectStore;
import org.traumaflow.storage.LocalTree;
import org.traumaflow.storage.ObjectStore;

/**
 * The part of a dataset that stage-1 training reads, as a local folder in the competition layout:
 * {@code segmentations/} and the {@code train_images/<patient>/<series>/} folders of the series
 * that have a mask. The segmentation trainer reads local files, and only about one training series
 * in twenty has a mask, so a {@code gs://} dataset is copied in that part alone (found through
 * {@code train_series_meta.csv} rather than by listing every slice of the bucket). Closing it
 * removes a copy and leaves a local dataset as it is.
 *
 * @param root the local dataset root
 * @param copied whether {@code root} is a copy made here
 */
public record Stage1TrainingData(Path root, boolean copied) implements AutoCloseable {
  private static final String MASKS = "segmentations";
  private static final String SERIES_META = "train_series_meta.csv";

  /** {@code dataset} itself when it is local; else a copy of its masked series in a new folder under {@code workDir}. */
  public static Stage1TrainingData of(String dataset, Path workDir) throws IOException {
    ObjectStore store = ObjectStore.at(dataset);
    if (store instanceof LocalObjectStore local) {
      return new Stage1TrainingData(local.root(), false);
    }
    Path root = Files.createTempDirectory(Files.createDirectories(workDir), "stage1-data");
    try {
      copyMaskedSeries(store, root);
    } catch (IOException | RuntimeException failed) {
      LocalTree.delete(root);
      throw failed;
    }
    return new Stage1TrainingData(root, true);
  }

  private static void copyMaskedSeries(ObjectStore store, Path root) throws IOException {
    List<String> masks = store.list(MASKS + "/");
    if (masks.isEmpty()) {
      throw new NoSuchFileException(store.uri(MASKS + "/"), null, "no masks: the segmentation model trains on the NIfTI masks there");
    }
    FolderTransfer.download(store.child(MASKS), root.resolve(MASKS));
    Set<String> masked = masks.stream().map(key -> key.substring(MASKS.length() + 1).replaceFirst("\\.nii(\\.gz)?$", ""))
        .collect(Collectors.toSet());
    List<String> folders = new ArrayList<>();
    try (Reader meta = new InputStreamReader(store.open(SERIES_META), StandardCharsets.UTF_8)) {
      LabelTables.forEachRow(store.uri(SERIES_META), meta, LabelTables.TRAIN_SERIES_META_COLUMNS, (line, cells) -> {
        if (masked.contains(cells[1])) {
          folders.add("train_images/" + cells[0] + "/" + cells[1]);
        }
      });
    }
    for (String folder : folders) {
      // A masked series without slices is left out and reported by the trainer, as in a local dataset.
      if (!store.list(folder + "/").isEmpty()) {
        FolderTransfer.download(store.child(folder), root.resolve(folder));
      }
    }
  }

  @Override
  public void close() throws IOException {
    if (copied) {
      LocalTree.delete(root);
    }
  }
}
