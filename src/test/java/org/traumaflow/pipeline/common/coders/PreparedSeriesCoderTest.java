package org.traumaflow.pipeline.common.coders;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.apache.beam.sdk.testing.CoderProperties;
import org.apache.beam.sdk.util.CoderUtils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.traumaflow.dicom.SeriesReader;
import org.traumaflow.dicom.data.TransferSyntax;
import org.traumaflow.preprocess.PreparedSeries;
import org.traumaflow.preprocess.Preprocessing;
import org.traumaflow.preprocess.SliceWindow;
import org.traumaflow.preprocess.Stage1Input;
import org.traumaflow.testing.CtSeriesFixture;

/** The prepared-series coder streams its arrays in chunks: the same values back, in the same little-endian layout as one block. */
class PreparedSeriesCoderTest {
  @Test
  void aSeriesRoundTripsInTheSameBytesAsBefore() throws Exception {
    CodedElements.decodesToTheSameEncoding(PreparedSeriesCoder.of(), CodedElements.preparedSeries());
    CoderProperties.coderSerializable(PreparedSeriesCoder.of());
    assertEquals("f47e609889e0b855f19600a4414d42e5fac409cfd29ba2c5465bc165a8512f03",
        CodedElements.encodedSha256(PreparedSeriesCoder.of(), CodedElements.preparedSeries()));
  }

  @Test
  void aSeriesLongerThanSeveralChunksRoundTripsUnchanged(@TempDir Path dir) throws Exception {
    // 5 x 211 x 223 voxels: several chunks, the last one partial.
    CtSeriesFixture.of("1.2.826.0.1.3680043.8.498.55", 5).withSize(211, 223).writeTo(dir, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN);
    List<Path> files;
    try (Stream<Path> listed = Files.list(dir)) {
      files = listed.sorted().toList();
    }
    // A stage-1 input at full size: 3 x 211 x 223 floats, several chunks, the last one partial.
    Preprocessing.Settings settings = new Preprocessing.Settings(List.of(Preprocessing.OURS, Preprocessing.THEO), SliceWindow.SOFT_TISSUE,
        new Stage1Input.Settings(SliceWindow.SOFT_TISSUE, 211, 2));
    PreparedSeries series = Preprocessing.prepare(SeriesReader.read(files), settings);
    byte[] encoded = CoderUtils.encodeToByteArray(PreparedSeriesCoder.of(), series);
    PreparedSeries decoded = CoderUtils.decodeFromByteArray(PreparedSeriesCoder.of(), encoded);

    assertEquals(series.seriesInstanceUid(), decoded.seriesInstanceUid());
    assertArrayEquals(series.instanceNumbers(), decoded.instanceNumbers());
    assertArrayEquals(series.geometry().slicePositions(), decoded.geometry().slicePositions());
    for (int v = 0; v < 2; v++) {
      assertEquals(series.volumes().get(v).variant(), decoded.volumes().get(v).variant());
      assertArrayEquals(series.volumes().get(v).voxels(), decoded.volumes().get(v).voxels());
    }
    assertArrayEquals(series.stage1().sourceSlices(), decoded.stage1().sourceSlices());
    assertArrayEquals(series.stage1().voxels(), decoded.stage1().voxels());
    ByteBuffer block = ByteBuffer.allocate(series.stage1().voxels().length * 4).order(ByteOrder.LITTLE_ENDIAN);
    block.asFloatBuffer().put(series.stage1().voxels());
    assertArrayEquals(block.array(), Arrays.copyOfRange(encoded, encoded.length - block.capacity(), encoded.length),
        "the stage-1 input is the element's last bytes, little-endian float32");
  }
}
