package org.traumaflow.preprocess;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.traumaflow.dicom.CtSeries;
import org.traumaflow.dicom.DicomSource;
import org.traumaflow.dicom.SeriesReader;
import org.traumaflow.dicom.SeriesSelection;
import org.traumaflow.testing.SmallDataset;

/** The pipeline prepares series slice by slice; that must change nothing in what it writes. */
class PreprocessingTest {
  private static final Preprocessing.Settings SETTINGS = new Preprocessing.Settings(
      List.of(Preprocessing.OURS, Preprocessing.THEO), SliceWindow.SOFT_TISSUE, new Stage1Input.Settings(SliceWindow.SOFT_TISSUE, 32, 2));

  @Test
  void slicesPreparedAsTheyAreDecodedEqualThoseMadeFromTheWholeHuVolume() throws Exception {
    for (Path folder : SmallDataset.seriesDirectories(true).subList(0, 2)) {
      List<Path> files = SmallDataset.slices(folder);
      CtSeries series = SeriesReader.read(files);
      PreparedSeries whole = Preprocessing.prepare(series, SETTINGS);
      PreparedSeries streamed = SeriesReader.readTolerant(folder.toString(), files.stream().map(DicomSource::of).toList(),
          new SeriesSelection(List.of("CT"), List.of(), 90, 1, List.of(0.05, 20.0), 32),
          layout -> Preprocessing.prepare(layout, SETTINGS)).series();

      assertEquals(whole.seriesInstanceUid(), streamed.seriesInstanceUid());
      assertArrayEquals(whole.instanceNumbers(), streamed.instanceNumbers());
      assertEquals(whole.transferSyntaxUids(), streamed.transferSyntaxUids());
      assertEquals(2, streamed.volumes().size());
      for (int v = 0; v < whole.volumes().size(); v++) {
        assertEquals(whole.volumes().get(v).variant(), streamed.volumes().get(v).variant());
        assertArrayEquals(whole.volumes().get(v).voxels(), streamed.volumes().get(v).voxels(), whole.volumes().get(v).variant());
      }
      byte[] ours = new byte[series.hu().length];
      for (int i = 0; i < ours.length; i++) {
        ours[i] = (byte) SliceWindow.SOFT_TISSUE.uint8(series.hu()[i]);
      }
      assertArrayEquals(ours, streamed.volumes().get(0).voxels(), "the ours window of the whole HU volume");
      assertArrayEquals(whole.stage1().sourceSlices(), streamed.stage1().sourceSlices());
      assertArrayEquals(whole.stage1().voxels(), streamed.stage1().voxels());
    }
  }
}
