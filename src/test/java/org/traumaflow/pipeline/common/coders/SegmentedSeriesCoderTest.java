package org.traumaflow.pipeline.common.coders;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.apache.beam.sdk.testing.CoderProperties;
import org.apache.beam.sdk.util.CoderUtils;
import org.junit.jupiter.api.Test;
import org.traumaflow.seg.OrganGroup;
import org.traumaflow.seg.SegmentedSeries;

/** A segmented series: the prepared series, then the organs when stage 1 found them, in the bytes written before. */
class SegmentedSeriesCoderTest {
  @Test
  void aSeriesWithOrgansRoundTripsInTheSameBytesAsBefore() throws Exception {
    SegmentedSeries series = CodedElements.segmentedSeries();
    CodedElements.decodesToTheSameEncoding(SegmentedSeriesCoder.of(), series);
    CoderProperties.coderSerializable(SegmentedSeriesCoder.of());
    assertEquals("71aeb467b60e7f805ee1f1d60931d62ac2b7788bb6be798098ae9ef9cb077e4f", CodedElements.encodedSha256(SegmentedSeriesCoder.of(), series));
    SegmentedSeries decoded = CoderUtils.decodeFromByteArray(SegmentedSeriesCoder.of(), CoderUtils.encodeToByteArray(SegmentedSeriesCoder.of(), series));
    assertArrayEquals(series.organs().masks().voxels(), decoded.organs().masks().voxels());
    assertArrayEquals(series.organs().visibility().get(OrganGroup.KIDNEY), decoded.organs().visibility().get(OrganGroup.KIDNEY));
    assertEquals(series.organs().cropBox(), decoded.organs().cropBox());
  }

  @Test
  void aSeriesWithoutOrgansDecodesWithoutThem() throws Exception {
    SegmentedSeries series = new SegmentedSeries(CodedElements.preparedSeries(), null);
    CodedElements.decodesToTheSameEncoding(SegmentedSeriesCoder.of(), series);
    assertEquals("5e214ecf8615bfbbe489ddf07df4384b3595892e8ef4299cb5b4473b78a977c7", CodedElements.encodedSha256(SegmentedSeriesCoder.of(), series));
    assertNull(CoderUtils.decodeFromByteArray(SegmentedSeriesCoder.of(), CoderUtils.encodeToByteArray(SegmentedSeriesCoder.of(), series)).organs());
  }
}
