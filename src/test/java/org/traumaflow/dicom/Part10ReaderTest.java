package org.traumaflow.dicom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.traumaflow.testing.ReferenceTools.pydicomTestFile;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.traumaflow.testing.DecodedFrames;
import org.traumaflow.testing.ReferenceTools;

/** The Part 10 structure as pydicom sees it: every element, every sequence item, every syntax. */
class Part10ReaderTest {
  @TempDir Path dir;

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {
    "CT_small.dcm", "MR_small_implicit.dcm", "MR_small_bigendian.dcm", "MR_small_expb.dcm", "MR_small_RLE.dcm",
    "image_dfl.dcm", "ExplVR_BigEndNoMeta.dcm", "ExplVR_LitEndNoMeta.dcm", "no_meta_group_length.dcm",
    "meta_missing_tsyntax.dcm", "nested_priv_SQ.dcm", "priv_SQ.dcm", "UN_sequence.dcm", "rtplan.dcm", "rtstruct.dcm",
    "test-SR.dcm", "reportsi.dcm", "waveform_ecg.dcm", "empty_charset_LEI.dcm", "rtdose_expb.dcm", "JPEG2000.dcm"
  })
  void elementTreeMatchesPydicom(String name) throws Exception {
    Path file = pydicomTestFile(name);
    JsonNode reference = new ObjectMapper().readTree(ReferenceTools.python("reference/pydicom_structure.py", file.toString()));
    DicomFile ours = Part10Reader.read(file);
    assertEquals(reference.get("dataset"), tree(ours.dataset()), name + ": dataset");
    assertEquals(reference.get("meta"), tree(ours.fileMeta()), name + ": file meta");
  }

  @Test
  void fileWithoutPreambleReadsLikeTheOriginal() throws Exception {
    byte[] original = Files.readAllBytes(pydicomTestFile("CT_small.dcm"));
    Path bare = dir.resolve("no-preamble.dcm");
    Files.write(bare, Arrays.copyOfRange(original, 132, original.length));
    DicomFile withPreamble = Part10Reader.read(pydicomTestFile("CT_small.dcm"));
    DicomFile without = Part10Reader.read(bare);
    assertEquals(withPreamble.transferSyntax(), without.transferSyntax());
    assertEquals(withPreamble.dataset().elements().keySet(), without.dataset().elements().keySet());
    assertArrayEquals(DecodedFrames.of(withPreamble).get(0), DecodedFrames.of(without).get(0));
  }

  @Test
  void headerOnlyReadStopsBeforePixelDataButKnowsItIsThere() throws Exception {
    DicomFile header = Part10Reader.readHeader(pydicomTestFile("CT_small.dcm"));
    assertTrue(header.hasPixelData());
    assertFalse(header.dataset().element(Tag.PIXEL_DATA).isPresent());
    assertEquals(128, header.dataset().integer(Tag.ROWS).getAsInt());
    assertEquals("1.3.6.1.4.1.5962.1.3.1.1.20040119072730.12322", header.dataset().string(Tag.SERIES_INSTANCE_UID).orElseThrow());
  }

  @Test
  void headerOnlyReadOfHeaderLargerThanPrefixReadsTheRest() throws Exception {
    // waveform_ecg.dcm holds 290 KB of waveform data before any pixel data: beyond the prefix.
    DicomFile header = Part10Reader.readHeader(pydicomTestFile("waveform_ecg.dcm"));
    assertEquals(Part10Reader.read(pydicomTestFile("waveform_ecg.dcm")).dataset().elements().keySet(),
        header.dataset().elements().keySet());
  }

  @Test
  void headerValuesAreTyped() throws Exception {
    DicomDataset ds = Part10Reader.readHeader(pydicomTestFile("CT_small.dcm")).dataset();
    assertArrayEquals(new double[] {-158.135803, -179.035797, -75.699997}, ds.doubles(Tag.IMAGE_POSITION_PATIENT), 1e-6);
    assertEquals(List.of("ORIGINAL", "PRIMARY", "AXIAL"), ds.strings(Tag.IMAGE_TYPE));
    assertEquals(16, ds.integer(Tag.BITS_STORED).getAsInt());
    assertEquals(1, ds.integer(Tag.PIXEL_REPRESENTATION).getAsInt());
  }

  /** The element tree in the shape pydicom_structure.py prints. */
  private static ObjectNode tree(DicomDataset dataset) {
    ObjectNode node = JsonNodeFactory.instance.objectNode();
    for (Map.Entry<Integer, DicomElement> entry : dataset.elements().entrySet()) {
      if (entry.getKey() == Tag.PIXEL_DATA) {
        continue;
      }
      String key = String.format("%08X", entry.getKey());
      DicomElement element = entry.getValue();
      if (element.vr() == VR.SQ) {
        var items = node.putArray(key);
        element.items().forEach(item -> items.add(tree(item)));
      } else {
        node.putNull(key);
      }
    }
    return node;
  }
}
