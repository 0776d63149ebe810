package org.traumaflow.sequence;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.traumaflow.label.SliceTarget;
import org.traumaflow.preprocess.PreparedSeries;
import org.traumaflow.preprocess.WindowedVolume;
import org.traumaflow.seg.CropBox;
import org.traumaflow.seg.OrganGroup;
import org.traumaflow.seg.StudyOrgans;

/**
 * Makes the stage-2 elements of one series in one preprocessing variant (METHOD.md, "Stage 2"):
 * the windows {@link SliceSelection} picks, each slice cropped to the study's box and resized
 * ({@link CroppedSlices}), each step's soft targets ({@link SoftTargets}) and aux masks
 * ({@link AuxMasks}) from the middle slice of its triplet.
 *
 * <pre>{@code
 * SequenceMaker maker = new SequenceMaker(SequenceConfig.method());
 * List<SequenceSample> samples =
 *     maker.make(patientId, seriesId, prepared, "ours", Optional.of(organs), Optional.of(labels));
 * }</pre>
 */
public final class SequenceMaker {
  private final SequenceConfig config;

  public SequenceMaker(SequenceConfig config) {
    this.config = config;
  }

  public SequenceConfig config() {
    return config;
  }

  /**
   * Every window of {@code variant}'s volume of {@code series}, in window order.
   *
   * @param organs what stage 1 found in the series; empty when it was not segmented: the whole
   *     image is used and the aux masks are zeros
   * @param labels the training labels; empty at inference, where every target is zero
   * @throws IllegalArgumentException when the series has no such variant, labels come without
   *     organs (organ targets need visibility), or the organs do not fit the series
   */
  public List<SequenceSample> make(
      int patientId, String seriesId, PreparedSeries series, String variant, Optional<StudyOrgans> organs, Optional<SeriesLabels> labels) {
    WindowedVolume volume = series.volumes().stream().filter(v -> v.variant().equals(variant)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("series " + seriesId + " has no " + variant + " volume, only "
            + series.volumes().stream().map(WindowedVolume::variant).toList()));
    if (labels.isPresent() && organs.isEmpty()) {
      throw new IllegalArgumentException("series " + seriesId + ": training targets need stage-1 organ visibility");
    }
    organs.ifPresent(o -> checkFits(o, volume, seriesId));
    CropBox crop = organs.map(StudyOrgans::cropBox).orElse(CropBox.WHOLE);
    CroppedSlices slices = new CroppedSlices(volume, crop, config.size());
    Optional<AuxMasks> masks = organs.map(o -> new AuxMasks(o.masks(), series.stage1(), crop, config.maskSize()));

    int size = config.size();
    int plane = size * size;
    int maskPlanes = SequenceSample.MaskOrgan.COUNT * config.maskSize() * config.maskSize();
    List<SequenceSample> samples = new ArrayList<>();
    for (SliceSelection.Window window : SliceSelection.windows(volume.slices(), config)) {
      int[] sources = window.sourceSlices();
      byte[] images = new byte[sources.length * plane];
      for (int i = 0; i < sources.length; i++) {
        slices.copyInto(sources[i], images, i * plane);
      }
      float[] targets = new float[SequenceSample.STEPS * SliceTarget.COUNT];
      byte[] stepMasks = new byte[SequenceSample.STEPS * maskPlanes];
      for (int step = 0; step < SequenceSample.STEPS; step++) {
        int middle = window.middleSlice(step);
        if (labels.isPresent()) {
          SoftTargets.write(labels.get(), organs.get().visibility(), middle, series.instanceNumbers()[middle], targets, step * SliceTarget.COUNT);
        }
        if (masks.isPresent()) {
          masks.get().copyInto(middle, stepMasks, step * maskPlanes);
        }
      }
      samples.add(new SequenceSample(
          patientId, seriesId, variant, window.index(), size, sources.clone(), images, targets, config.maskSize(), stepMasks));
    }
    return List.copyOf(samples);
  }

  private static void checkFits(StudyOrgans organs, WindowedVolume volume, String seriesId) {
    for (OrganGroup group : OrganGroup.values()) {
      float[] visibility = organs.visibility().get(group);
      if (visibility == null || visibility.length != volume.slices()) {
        throw new IllegalArgumentException("series " + seriesId + ": " + group + " visibility for "
            + (visibility == null ? "no" : visibility.length) + " slices, the volume has " + volume.slices());
      }
    }
  }
}
