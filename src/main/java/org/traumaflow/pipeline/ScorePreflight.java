package org.traumaflow.pipeline;

import java.io.IOException;
import org.traumaflow.ensemble.EnsembleSpec;
import org.traumaflow.model.SequencePredictor;
import org.traumaflow.seg.OrganSegmenter;
import org.traumaflow.storage.IntegrityException;
import org.traumaflow.storage.LocalMirror;
import org.traumaflow.storage.ObjectStore;
import org.traumaflow.training.RunFiles;

/**
 * What {@code score} checks before it reads a study, because a fault here would fail every series
 * the same way and leave every patient the fallback row: the segmentation model and every
 * member's run load (each file verified against its manifest), the segmentation model takes the
 * stage-1 slices the preprocessing spec makes, and every member the sequence slices it makes.
 * Each fault is one {@link InvalidSpecException} naming the file and both sides.
 */
final class ScorePreflight {
  private ScorePreflight() {}

  /**
   * @param segmentation the segmentation checkpoint's location, or null without one
   * @param spec the ensemble spec, read from {@code specFile}
   * @param runs where the registry runs are
   * @param preprocess the preprocessing spec the run makes its slices with, named {@code preprocessName} in messages
   */
  static void check(String segmentation, EnsembleSpec spec, String specFile, String runs, PreprocessSpec preprocess, String preprocessName)
      throws InvalidSpecException, IOException {
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
      }
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
