package org.traumaflow.sequence;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.traumaflow.label.Grade;
import org.traumaflow.label.PatientLabels;
import org.traumaflow.label.SliceTarget;
import org.traumaflow.preprocess.PreparedSeries;
import org.traumaflow.seg.CropBox;
import org.traumaflow.seg.Organ;
import org.traumaflow.seg.StudyOrgans;
import org.traumaflow.sequence.SequenceSample.MaskOrgan;

/** A series in, its stage-2 windows out: selection, crop and resize, targets and masks together. */
class SequenceMakerTest {
  private static final SequenceConfig CONFIG = SequenceConfig.method(16);
  private final SequenceMaker maker = new SequenceMaker(CONFIG);

  @Test
  void everyWindowHoldsItsSlicesInStepThenChannelOrder() {
    PreparedSeries series = SeriesFixture.constantSlices(250, 20, 24);
    List<SequenceSample> samples = maker.make(3, "77", series, "ours", Optional.empty(), Optional.empty());

    // 250 slices: windows from 0, 100 and the last 100 (150); step s channel c is slice start + 3s + c
    int[] starts = {0, 100, 150};
    assertEquals(3, samples.size());
    for (int w = 0; w < 3; w++) {
      SequenceSample sample = samples.get(w);
      assertEquals(w, sample.window());
      assertEquals(16, sample.size());
      for (int step = 0; step < SequenceSample.STEPS; step++) {
        for (int channel = 0; channel < SequenceSample.CHANNELS; channel++) {
          int slice = starts[w] + 3 * step + channel;
          int plane = (step * SequenceSample.CHANNELS + channel) * 16 * 16;
          assertEquals(slice, sample.sourceSlices()[step * SequenceSample.CHANNELS + channel]);
          assertEquals(slice, sample.images()[plane] & 0xFF, "window " + w + " step " + step + " channel " + channel);
          assertEquals(slice, sample.images()[plane + 16 * 16 - 1] & 0xFF);
        }
      }
    }
  }

  @Test
  void eachVariantIsMadeFromItsOwnVolume() {
    PreparedSeries series = SeriesFixture.constantSlices(100, 20, 20);
    SequenceSample theo = maker.make(3, "77", series, "theo", Optional.empty(), Optional.empty()).get(0);
    assertEquals("theo", theo.variant());
    assertEquals(255 - 95, theo.images()[theo.images().length - 1] & 0xFF, "the last kept slice is 95");
  }

  @Test
  void targetsComeFromEachStepsMiddleSlice() {
    PreparedSeries series = SeriesFixture.constantSlices(100, 20, 20);
    StudyOrgans organs = SeriesFixture.rampOrgans(series, CropBox.WHOLE);
    // spleen high, bowel injured; extravasation marked on instance 5 (slice 4: step 1's middle)
    PatientLabels patient = new PatientLabels(true, true, Grade.HEALTHY, Grade.HEALTHY, Grade.HIGH);
    SeriesLabels labels = new SeriesLabels(patient, Set.of(5));

    SequenceSample sample = maker.make(3, "77", series, "ours", Optional.of(organs), Optional.of(labels)).get(0);

    for (int step = 0; step < SequenceSample.STEPS; step++) {
      float visibility = (3 * step + 1) / 100f; // the ramp at the middle slice 3s + 1
      assertEquals(visibility, sample.target(step, SliceTarget.SPLEEN_INJURY), "step " + step);
      assertEquals(visibility, sample.target(step, SliceTarget.SPLEEN_HIGH));
      assertEquals(0f, sample.target(step, SliceTarget.SPLEEN_LOW));
      assertEquals(0f, sample.target(step, SliceTarget.LIVER_INJURY));
      assertEquals(visibility, sample.target(step, SliceTarget.BOWEL));
      assertEquals(step == 1 ? 1f : 0f, sample.target(step, SliceTarget.EXTRAVASATION), "step " + step);
    }
  }

  @Test
  void masksComeFromEachStepsMiddleSliceInTheCroppedFrame() {
    PreparedSeries series = SeriesFixture.constantSlices(100, 20, 20);
    StudyOrgans empty = SeriesFixture.rampOrgans(series, new CropBox(0, 0.5, 0, 0.5));
    // liver everywhere in the top-left quarter of stage-1 slice 2 (full-res slice 4: step 1's middle)
    var masks = empty.masks();
    for (int r = 0; r < 4; r++) {
      for (int c = 0; c < 4; c++) {
        masks.voxels()[masks.index(Organ.LIVER, 2, r, c)] = 1;
      }
    }
    StudyOrgans organs = new StudyOrgans(masks, empty.visibility(), empty.cropBox());

    SequenceSample sample = maker.make(3, "77", series, "ours", Optional.of(organs), Optional.empty()).get(0);

    int plane = CONFIG.maskSize() * CONFIG.maskSize();
    for (int step = 0; step < SequenceSample.STEPS; step++) {
      int liver = (step * MaskOrgan.COUNT + MaskOrgan.LIVER.ordinal()) * plane;
      int expected = step == 1 ? plane : 0; // the crop is that quarter: it fills the whole mask
      assertEquals(expected, IntStream.range(liver, liver + plane).map(i -> sample.masks()[i]).sum(), "step " + step);
    }
  }

  @Test
  void atInferenceWithoutSegmentationTargetsAndMasksAreZeroAndTheWholeImageIsUsed() {
    PreparedSeries series = SeriesFixture.constantSlices(99, 30, 40);
    List<SequenceSample> samples = maker.make(3, "77", series, "ours", Optional.empty(), Optional.empty());

    assertEquals(1, samples.size());
    SequenceSample sample = samples.get(0);
    assertArrayEquals(new float[SequenceSample.STEPS * SliceTarget.COUNT], sample.targets());
    assertArrayEquals(new byte[sample.masks().length], sample.masks());
    assertEquals(CONFIG.maskSize(), sample.maskSize());
  }

  @Test
  void labelsWithoutVisibilityOrAMissingVariantAreRefused() {
    PreparedSeries series = SeriesFixture.constantSlices(100, 20, 20);
    SeriesLabels labels = new SeriesLabels(PatientLabels.HEALTHY, Set.of());
    assertThrows(IllegalArgumentException.class, () -> maker.make(3, "77", series, "ours", Optional.empty(), Optional.of(labels)));
    assertThrows(IllegalArgumentException.class, () -> maker.make(3, "77", series, "soft", Optional.empty(), Optional.empty()));
  }

  @Test
  void organsOfAnotherSeriesAreRefused() {
    PreparedSeries series = SeriesFixture.constantSlices(100, 20, 20);
    StudyOrgans other = SeriesFixture.rampOrgans(SeriesFixture.constantSlices(120, 20, 20), CropBox.WHOLE);
    assertThrows(IllegalArgumentException.class, () -> maker.make(3, "77", series, "ours", Optional.of(other), Optional.empty()));
  }
}
