package org.traumaflow.dicom.codec.rle;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.traumaflow.dicom.codec.ReferenceDicomTools.Decoded;
import org.traumaflow.dicom.codec.ReferenceDicomTools;
import org.traumaflow.dicom.codec.TestFrames.Content;
import org.traumaflow.dicom.codec.TestFrames;
import org.traumaflow.dicom.data.CorruptPixelDataException;
import org.traumaflow.dicom.data.PixelDescription;
import org.traumaflow.dicom.data.TransferSyntax;

/** Our RLE agrees with dcmtk, GDCM and pydicom, in both directions. */
class RleReferenceToolsTest {

  private static final String RLE = TransferSyntax.RLE_LOSSLESS.uid();

  @TempDir Path work;

  private final RleFrameDecoder decoder = new RleFrameDecoder();
  private final RleFrameEncoder encoder = new RleFrameEncoder();

  @Test
  void decodesDcmtkRleOfASigned16BitCtFrameExactly() throws Exception {
    PixelDescription ct = TestFrames.grayscale(131, 257, 16, 16, true);
    int[] hounsfield = ctHounsfield(ct);
    Path compressed = work.resolve("dcmcrle.dcm");
    ReferenceDicomTools.convert("/usr/bin/dcmcrle", "dcmtk",
        ReferenceDicomTools.nativeDicom(hounsfield, ct, work).toString(), compressed.toString());

    assertDecodesTo(compressed, TestFrames.lowBits(hounsfield, 16, hounsfield.length));
  }

  @Test
  void decodesGdcmRleOfASigned16BitCtFrameExactly() throws Exception {
    PixelDescription ct = TestFrames.grayscale(131, 257, 16, 16, true);
    int[] hounsfield = ctHounsfield(ct);
    Path compressed = work.resolve("gdcmconv.dcm");
    ReferenceDicomTools.convert("/usr/bin/gdcmconv", "libgdcm-tools",
        "--rle", ReferenceDicomTools.nativeDicom(hounsfield, ct, work).toString(), compressed.toString());

    assertDecodesTo(compressed, TestFrames.lowBits(hounsfield, 16, hounsfield.length));
  }

  @Test
  void decodesDcmtkRleOf8BitColourWithOddSizeInterleaved() throws Exception {
    PixelDescription rgb = TestFrames.colour(37, 53, 8);
    int[] samples = TestFrames.frame(Content.RUN_HEAVY, rgb, 17);
    Path compressed = work.resolve("dcmcrle-rgb.dcm");
    ReferenceDicomTools.convert("/usr/bin/dcmcrle", "dcmtk",
        ReferenceDicomTools.nativeDicom(samples, rgb, work).toString(), compressed.toString());

    assertDecodesTo(compressed, samples);
  }

  @Test
  void decodesGdcmRleOf8BitColourInterleaved() throws Exception {
    // Even sizes: gdcmconv 3.0.21 aborts (assertion in RLECodec::Code) on odd-sized colour.
    PixelDescription rgb = TestFrames.colour(36, 54, 8);
    int[] samples = TestFrames.frame(Content.RUN_HEAVY, rgb, 17);
    Path compressed = work.resolve("gdcmconv-rgb.dcm");
    ReferenceDicomTools.convert("/usr/bin/gdcmconv", "libgdcm-tools",
        "--rle", ReferenceDicomTools.nativeDicom(samples, rgb, work).toString(), compressed.toString());

    assertDecodesTo(compressed, samples);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {
    "MR_small_RLE.dcm", "SC_rgb_rle.dcm", "SC_rgb_rle_16bit.dcm", "SC_rgb_rle_32bit.dcm",
    "SC_rgb_rle_2frame.dcm", "rtdose_rle_1frame.dcm"
  })
  void decodesPydicomRleTestFilesAsPydicomDoes(String name) throws Exception {
    Decoded reference = ReferenceDicomTools.decodeWithPydicom(ReferenceDicomTools.pydicomTestFile(name), work);
    int[] out = new int[reference.pixels().samplesPerFrame()];

    decoder.decode(name, reference.frame(), reference.pixels(), out);

    assertArrayEquals(reference.values(), out);
  }

  @Test
  void pydicomDecodesOurSigned16BitRleExactly() throws Exception {
    PixelDescription ct = TestFrames.grayscale(131, 257, 16, 16, true);
    int[] hounsfield = ctHounsfield(ct);

    assertPydicomDecodes(encoder.encode(hounsfield, ct), ct, TestFrames.lowBits(hounsfield, 16, hounsfield.length));
  }

  @ParameterizedTest(name = "{0}-bit")
  @ValueSource(ints = {8, 16, 32})
  void pydicomDecodesOurColourRleExactly(int bitsAllocated) throws Exception {
    PixelDescription rgb = TestFrames.colour(29, 31, bitsAllocated);
    int[] samples = TestFrames.frame(Content.RUN_HEAVY, rgb, bitsAllocated);

    assertPydicomDecodes(encoder.encode(samples, rgb), rgb, samples);
  }

  @Test
  void pydicomDecodesOurRandom8BitRleExactly() throws Exception {
    PixelDescription gray = TestFrames.grayscale(7, 5, 8, 8, false);
    int[] samples = TestFrames.frame(Content.RANDOM, gray, 1);

    assertPydicomDecodes(encoder.encode(samples, gray), gray, samples);
  }

  private void assertPydicomDecodes(byte[] frame, PixelDescription pixels, int[] expected) throws IOException {
    Path dicom = ReferenceDicomTools.encapsulatedDicom(frame, RLE, pixels, work);
    Decoded reference = ReferenceDicomTools.decodeWithPydicom(dicom, work);

    assertArrayEquals(expected, reference.values());
  }

  private void assertDecodesTo(Path compressed, int[] expected) throws IOException, CorruptPixelDataException {
    Decoded reference = ReferenceDicomTools.decodeWithPydicom(compressed, work);
    assertEquals(RLE, reference.transferSyntax(), "the tool wrote RLE");
    int[] out = new int[reference.pixels().samplesPerFrame()];

    decoder.decode(compressed.toString(), reference.frame(), reference.pixels(), out);

    assertArrayEquals(expected, out, "ours against the original");
    assertArrayEquals(reference.values(), out, "ours against pydicom");
  }

  /** CT-like values in HU, -1024 for air, so the sign bit is exercised. */
  private static int[] ctHounsfield(PixelDescription ct) {
    int[] stored = TestFrames.frame(Content.CT_LIKE, TestFrames.grayscale(ct.rows(), ct.columns(), 16, 12, false), 99);
    int[] hounsfield = new int[stored.length];
    for (int i = 0; i < stored.length; i++) {
      hounsfield[i] = stored[i] - 1024;
    }
    return hounsfield;
  }
}
