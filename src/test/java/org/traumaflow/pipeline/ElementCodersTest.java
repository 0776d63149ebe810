package org.traumaflow.pipeline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.apache.beam.sdk.util.CoderUtils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.traumaflow.dicom.CtSeries;
import org.traumaflow.dicom.SeriesReader;
import org.traumaflow.dicom.TransferSyntax;
import org.traumaflow.testing.CtSeriesFixture;

/** The series coder streams the HU volume in chunks: the same values back, in the same little-endian layout as one block. */
class ElementCodersTest {
  @Test
  void aSeriesLongerThanSeveralChunksRoundTripsUnchanged(@TempDir Path dir) throws Exception {
    // 5 x 211 x 223 voxels: several chunks, the last one partial.
    CtSeriesFixture.of("1.2.826.0.1.3680043.8.498.55", 5).withSize(211, 223).writeTo(dir, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN);
    List<Path> files;
    try (Stream<Path> listed = Files.list(dir)) {
      files = listed.sorted().toList();
    }
    CtSeries series = SeriesReader.read(files);
    byte[] encoded = CoderUtils.encodeToByteArray(ElementCoders.CtSeriesCoder.of(), series);
    CtSeries decoded = CoderUtils.decodeFromByteArray(ElementCoders.CtSeriesCoder.of(), encoded);

    assertArrayEquals(series.hu(), decoded.hu());
    assertArrayEquals(series.instanceNumbers(), decoded.instanceNumbers());
    assertEquals(series.seriesInstanceUid(), decoded.seriesInstanceUid());
    assertArrayEquals(series.geometry().slicePositions(), decoded.geometry().slicePositions());
    ByteBuffer block = ByteBuffer.allocate(series.hu().length * 2).order(ByteOrder.LITTLE_ENDIAN);
    block.asShortBuffer().put(series.hu());
    assertArrayEquals(block.array(), Arrays.copyOfRange(encoded, encoded.length - block.capacity(), encoded.length),
        "the volume is the element's last bytes, little-endian int16");
  }
}
