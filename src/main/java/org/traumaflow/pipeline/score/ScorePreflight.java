package org.traumaflow.pipeline.score;

import java.io.IOException;
import java.util.List;
import java.util.Optional;
import org.traumaflow.ensemble.EnsembleSpec;
import org.traumaflow.model.SequencePredictor;
import org.traumaflow.pipeline.series.PreprocessSpec;
import org.traumaflow.pipeline.series.PreprocessSpecFile;
import org.traumaflow.seg.OrganSegmenter;
import org.traumaflow.spec.InvalidSpecException;
import org.traumaflow.storage.IntegrityException;
import org.traumaflow.storage.LocalMirror;
import org.traumaflow.storage.ObjectStore;
import org.traumaflow.zoo.RunFiles;

/**
 * What {@code score} checks before it reads a study, because a fault here would fail every series
 * the same way and leave every patient the fallback row: the segmentation model and every
 * member's run load (each file verified against its manifest), the segmentation model takes the
 * stage-1 slices the preprocessing spec makes, and every member the sequence slices it makes;
 * and a preprocessing spec the segmentation checkpoint or a run records
 * ({@link RecordedPreprocessing}) makes what the scoring spec makes: the same stage-1 slices for
 * the segmentation model (window, {@code stage1}), the same windows for a run (window, {@code crop},
 * {@code sequences}). Other settings (series selection, segmentation threshold, batch sizes) are
 * the scoring run's own to choose, so a recorded spec is compared by these settings, not by its
 * text's hash.
 * Each fault is one {@link InvalidSpecException} naming the file and both sides.
 */
final class ScorePreflight {
  private ScorePreflight() {}

  /**
   * @param segmentation the segmentation checkpoint's location, or null without one
   * @param spec the ensemble spec, read from {@code specFile}
   * @param runs where the registry runs are
   * @param used the preprocessing spec the run makes its slices with
   */
  static void check(String segmentation, EnsembleSpec spec, String specFile, String runs, PreprocessSpecFile used)
      throws InvalidSpecException, IOException {
    PreprocessSpec preprocess = used.spec();
    String preprocessName = used.name();
    if (segmentation != null) {
      int stage1 = preprocess.stage1Settings().size();
      try (OrganSegmenter model = OrganSegmenter.load(LocalMirror.of(segmentation, ObjectStore.at(segmentation), LocalMirror.defaultCache()))) {
        int takes = model.config().inputSize();
        if (takes != stage1) {
          throw new InvalidSpecException(segmentation + ": the segmentation model takes " + takes + " x " + takes + " stage-1 slices (its "
              + "config.json), " + preprocessName + " makes " + stage1 + " x " + stage1 + " (stage1.size); score with the preprocessing "
              + "spec the model was trained with", null);
        }
      } catch (IOException | RuntimeException unusable) {
        throw refused(segmentation, "the segmentation model", unusable);
      }
      Optional<PreprocessSpecFile> recorded = RecordedPreprocessing.ofSegmentation(segmentation);
      if (recorded.isPresent()) {
        requireSame("stage-1 slices (window, stage1)", recorded.get(), used, recorded.get().spec().stage1Settings(), preprocess.stage1Settings());
      }
    }
    int size = preprocess.sequenceConfig().size();
    for (EnsembleSpec.Member member : spec.members()) {
      if (!member.fromRegistry()) {
        requireLoads(member);
        continue;
      }
      for (EnsembleSpec.RunRef run : member.runs()) {
        String checkpoint = run.location(runs) + "/" + RunFiles.CHECKPOINT;
        try (SequencePredictor loaded = SequencePredictor.load(LocalMirror.of(checkpoint, ObjectStore.at(checkpoint), LocalMirror.defaultCache()), 1)) {
          if (loaded.inputSize() != size) {
            throw new InvalidSpecException(specFile + ": member '" + member.name() + "', run " + run.path() + " was trained on " + loaded.inputSize()
                + " x " + loaded.inputSize() + " slices (" + checkpoint + "/config.json), " + preprocessName + " makes " + size + " x " + size
                + " (sequences.size)", null);
          }
        } catch (IOException | RuntimeException unusable) {
          throw refused(checkpoint, "member '" + member.name() + "', run " + run.path(), unusable);
        }
        Optional<PreprocessSpecFile> recorded = RecordedPreprocessing.ofRun(run.location(runs));
        if (recorded.isPresent()) {
          PreprocessSpec trained = recorded.get().spec();
          requireSame("windows (window, crop, sequences)", recorded.get(), used, List.of(trained.sliceWindow(), trained.crop(), trained.sequenceConfig()),
              List.of(preprocess.sliceWindow(), preprocess.crop(), preprocess.sequenceConfig()));
        }
      }
    }
  }

  /**
   * Refuses scoring with slices other than those a model was trained on, as {@code recorded}
   * says: what matters to that model ({@code what}) must be equal, whatever else differs.
   */
  private static void requireSame(String what, PreprocessSpecFile recorded, PreprocessSpecFile used, Object trained, Object scoring)
      throws InvalidSpecException {
    if (!trained.equals(scoring)) {
      throw new InvalidSpecException(recorded.name() + " (the preprocessing spec the model was trained with) and " + used.name()
          + " (the spec to score with) disagree in the " + what + ": " + trained + " against " + scoring
          + "; score with the spec the model was trained with", null);
    }
  }

  /** A TorchScript member takes slices of any size: that it loads is all there is to check. */
  private static void requireLoads(EnsembleSpec.Member member) throws InvalidSpecException {
    try {
      SequencePredictor.loadTorchScript(LocalMirror.file(member.torchscript(), LocalMirror.defaultCache()), member.torchScriptTask(), 1).close();
    } catch (IOException | RuntimeException unusable) {
      throw refused(member.torchscript(), "member '" + member.name() + "'", unusable);
    }
  }

  private static InvalidSpecException refused(String location, String what, Exception unusable) {
    String detail = unusable instanceof IntegrityException ? location + "/" + unusable.getMessage() : location + ": " + unusable.getMessage();
    return new InvalidSpecException(detail + "; " + what + " cannot be loaded, so every series would fail", unusable);
  }
}
