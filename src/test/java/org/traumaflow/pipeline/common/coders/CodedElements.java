package org.traumaflow.pipeline.common.coders;

import java.security.MessageDigest;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.testing.CoderProperties;
import org.apache.beam.sdk.util.CoderUtils;
import org.hamcrest.Description;
import org.hamcrest.TypeSafeMatcher;
import org.traumaflow.dicom.SeriesGeometry;
import org.traumaflow.dicom.SeriesIssue;
import org.traumaflow.label.SliceTarget;
import org.traumaflow.pipeline.common.DeadLetter;
import org.traumaflow.pipeline.common.SeriesRef;
import org.traumaflow.preprocess.PreparedSeries;
import org.traumaflow.preprocess.Stage1Input;
import org.traumaflow.preprocess.WindowedVolume;
import org.traumaflow.seg.CropBox;
import org.traumaflow.seg.Organ;
import org.traumaflow.seg.OrganGroup;
import org.traumaflow.seg.OrganMasks;
import org.traumaflow.seg.SegmentedSeries;
import org.traumaflow.seg.StudyOrgans;
import org.traumaflow.sequence.SequenceSample;

/**
 * Small elements with every field set (non-ASCII text, negative and fractional values), for the
 * coders' tests: each test pins its coder's wire format by the encoding's hash.
 */
final class CodedElements {
  private CodedElements() {}

  /** The SHA-256 of {@code value}'s encoding: what the tests pin, so a changed wire format fails them. */
  static <T> String encodedSha256(Coder<T> coder, T value) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(CoderUtils.encodeToByteArray(coder, value)));
  }

  /**
   * {@link CoderProperties#coderDecodeEncodeEqual} for elements without value equality (they hold
   * arrays): in every context, the decoded element encodes to the same bytes as the original.
   */
  static <T> void decodesToTheSameEncoding(Coder<T> coder, T value) throws Exception {
    for (Coder.Context context : CoderProperties.ALL_CONTEXTS) {
      byte[] expected = CoderUtils.encodeToByteArray(coder, value, context);
      CoderProperties.coderDecodeEncodeInContext(coder, context, value, new TypeSafeMatcher<T>() {
        @Override
        protected boolean matchesSafely(T decoded) {
          try {
            return Arrays.equals(expected, CoderUtils.encodeToByteArray(coder, decoded, context));
          } catch (Exception e) {
            throw new AssertionError(e);
          }
        }

        @Override
        public void describeTo(Description description) {
          description.appendText("an element that encodes to the original's " + expected.length + " bytes");
        }
      });
    }
  }

  static SeriesRef seriesRef() {
    return new SeriesRef("test", "10004", "21057", List.of("gs://rsna/10004/21057/1.dcm", "gs://rsna/10004/21057/2.dcm"),
        "5d41402abc4b2a76b9719d911017c592");
  }

  static DeadLetter deadLetter() {
    return new DeadLetter("read-series", "10004/21057", "gs://rsna/10004/21057/1.dcm", "DicomException", "no pixel data: Größe 0", true);
  }

  static PreparedSeries preparedSeries() {
    SeriesGeometry geometry = new SeriesGeometry(2, 3, new double[] {0.7, 0.75}, new double[] {1, 0, 0, 0, 1, 0},
        new double[] {-120.5, -80.25, 14}, new double[] {14, 16.5});
    List<WindowedVolume> volumes = List.of(new WindowedVolume("ours", 2, 2, 3, bytes(12, 0)), new WindowedVolume("theo", 2, 2, 3, bytes(12, 7)));
    Stage1Input stage1 = new Stage1Input(new int[] {0, 1, 1}, 2, floats(12));
    return new PreparedSeries("1.2.826.0.1.3680043.8.498.55", geometry, new int[] {3, 4}, List.of("1.2.840.10008.1.2.1", "1.2.840.10008.1.2.5"),
        List.of(new SeriesIssue(SeriesIssue.Kind.GAP, "between 14 and 16.5 mm")), volumes, stage1);
  }

  static SegmentedSeries segmentedSeries() {
    byte[] voxels = new byte[Organ.COUNT * 2 * 2 * 3];
    for (int i = 0; i < voxels.length; i += 5) {
      voxels[i] = 1;
    }
    Map<OrganGroup, float[]> visibility = new EnumMap<>(OrganGroup.class);
    for (OrganGroup group : OrganGroup.values()) {
      visibility.put(group, new float[] {group.ordinal() * 0.25f, 1 - group.ordinal() * 0.125f});
    }
    return new SegmentedSeries(preparedSeries(), new StudyOrgans(new OrganMasks(2, 2, 3, voxels), visibility, new CropBox(0.125, 0.875, 0.25, 0.75)));
  }

  static SequenceSample sequenceSample() {
    int size = 2;
    int maskSize = 1;
    int[] sources = new int[SequenceSample.STEPS * SequenceSample.CHANNELS];
    for (int i = 0; i < sources.length; i++) {
      sources[i] = i / 2;
    }
    return new SequenceSample(10004, "21057", "ours", 3, size, sources, bytes(SequenceSample.STEPS * SequenceSample.CHANNELS * size * size, 1),
        floats(SequenceSample.STEPS * SliceTarget.COUNT), maskSize, bytes(SequenceSample.STEPS * SequenceSample.MaskOrgan.COUNT * maskSize * maskSize, 2));
  }

  private static byte[] bytes(int n, int seed) {
    byte[] values = new byte[n];
    for (int i = 0; i < n; i++) {
      values[i] = (byte) (i * 37 + seed);
    }
    return values;
  }

  private static float[] floats(int n) {
    float[] values = new float[n];
    for (int i = 0; i < n; i++) {
      values[i] = (i - n / 2) / 8f;
    }
    return values;
  }
}
