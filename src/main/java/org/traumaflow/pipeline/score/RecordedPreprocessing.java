package org.traumaflow.pipeline.score;

import java.io.IOException;
import java.util.Optional;
import org.traumaflow.ensemble.EnsembleSpec;
import org.traumaflow.pipeline.series.PreprocessSpecFile;
import org.traumaflow.preprocess.Preprocessing;
import org.traumaflow.seg.SegmentationCheckpoint;
import org.traumaflow.spec.InvalidSpecException;
import org.traumaflow.storage.LocalMirror;
import org.traumaflow.storage.ObjectStore;
import org.traumaflow.zoo.RunFiles;

/**
 * The preprocessing specs a segmentation checkpoint and the ensemble's runs record
 * ({@value Preprocessing#RECORDED_SPEC}, verified against their manifests), and the one
 * {@code score} makes its slices with: the one given, else the segmentation checkpoint's, else
 * the first run's that records one, else the built-in spec. Whether every recorded spec agrees
 * with the one chosen is {@link ScorePreflight}'s check.
 */
final class RecordedPreprocessing {
  private RecordedPreprocessing() {}

  /**
   * The spec {@code score} makes its slices with, and where it came from.
   *
   * @param origin why this spec, e.g. {@code recorded by the segmentation checkpoint}
   */
  record Chosen(PreprocessSpecFile file, String origin) {
    /** The one line that tells the user which spec the run uses. */
    String describe() {
      return "score: preprocessing spec " + file.name() + " (" + origin + ")";
    }
  }

  /**
   * The spec to score with.
   *
   * @param given the {@code --spec} location, or null or blank when none was given
   * @param segmentation the segmentation checkpoint's location, or null without one
   */
  static Chosen choose(String given, String segmentation, EnsembleSpec spec, String runs) throws InvalidSpecException, IOException {
    if (given != null && !given.isBlank()) {
      return new Chosen(PreprocessSpecFile.given(given), "given with --spec");
    }
    Optional<PreprocessSpecFile> recorded = segmentation == null ? Optional.empty() : ofSegmentation(segmentation);
    if (recorded.isPresent()) {
      return new Chosen(recorded.get(), "recorded by the segmentation checkpoint");
    }
    for (EnsembleSpec.Member member : spec.members()) {
      if (!member.fromRegistry()) {
        continue;
      }
      for (EnsembleSpec.RunRef run : member.runs()) {
        Optional<PreprocessSpecFile> ofRun = ofRun(run.location(runs));
        if (ofRun.isPresent()) {
          return new Chosen(ofRun.get(), "recorded by member '" + member.name() + "', run " + run.path());
        }
      }
    }
    return new Chosen(PreprocessSpecFile.given(null), "no --spec, and no model records one");
  }

  /** The spec the segmentation checkpoint at {@code location} records; empty for a checkpoint trained before checkpoints recorded it. */
  static Optional<PreprocessSpecFile> ofSegmentation(String location) throws InvalidSpecException, IOException {
    Optional<byte[]> yaml = SegmentationCheckpoint.preprocessing(LocalMirror.of(location, ObjectStore.at(location), LocalMirror.defaultCache()));
    return yaml.isEmpty() ? Optional.empty() : Optional.of(PreprocessSpecFile.parse(location + "/" + Preprocessing.RECORDED_SPEC, yaml.get()));
  }

  /** The spec the run at {@code location} records; empty for a run trained on a dataset that did not record it. */
  static Optional<PreprocessSpecFile> ofRun(String location) throws InvalidSpecException, IOException {
    Optional<byte[]> yaml = RunFiles.listed(ObjectStore.at(location), Preprocessing.RECORDED_SPEC);
    return yaml.isEmpty() ? Optional.empty() : Optional.of(PreprocessSpecFile.parse(location + "/" + Preprocessing.RECORDED_SPEC, yaml.get()));
  }
}
