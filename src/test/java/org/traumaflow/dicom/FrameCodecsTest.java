package org.traumaflow.dicom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.traumaflow.dicom.codec.jpeg.JpegFrameDecoder;
import org.traumaflow.dicom.codec.jpeg2000.Jpeg2000FrameEncoder;
import org.traumaflow.dicom.codec.jpeg2000.OpenJpegFrameDecoder;
import org.traumaflow.dicom.codec.rle.RleFrameDecoder;
import org.traumaflow.dicom.codec.rle.RleFrameEncoder;
import org.traumaflow.dicom.data.TransferSyntax;
import org.traumaflow.dicom.data.UnsupportedTransferSyntaxException;

class FrameCodecsTest {

  @Test
  void jpegLsIsRefusedNamingItsUid() {
    UnsupportedTransferSyntaxException e = assertThrows(UnsupportedTransferSyntaxException.class,
        () -> FrameCodecs.decoderFor("mr.dcm", TransferSyntax.JPEG_LS_LOSSLESS));

    assertEquals("1.2.840.10008.1.2.4.80", e.transferSyntaxUid());
    assertEquals("mr.dcm: unsupported transfer syntax 1.2.840.10008.1.2.4.80 (JPEG-LS Lossless)", e.getMessage());
  }

  @ParameterizedTest
  @ValueSource(strings = {"1.2.840.10008.1.2.4.81", "1.2.840.10008.1.2.4.201", "1.2.3.4.5"})
  void otherEncapsulatedSyntaxesWithoutADecoderAreRefused(String uid) {
    UnsupportedTransferSyntaxException e = assertThrows(UnsupportedTransferSyntaxException.class,
        () -> FrameCodecs.decoderFor("x.dcm", TransferSyntax.forUid(uid)));

    assertEquals(uid, e.transferSyntaxUid());
  }

  @Test
  void nativeSyntaxesHaveNoFrameCodec() {
    assertThrows(UnsupportedTransferSyntaxException.class,
        () -> FrameCodecs.decoderFor("ct.dcm", TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN));
    assertThrows(UnsupportedTransferSyntaxException.class,
        () -> FrameCodecs.encoderFor("ct.dcm", TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN));
  }

  @Test
  void eachCompressionHasItsDecoderSharedByAllCallers() throws Exception {
    assertInstanceOf(RleFrameDecoder.class, FrameCodecs.decoderFor("a", TransferSyntax.RLE_LOSSLESS));
    for (TransferSyntax jpeg : new TransferSyntax[] {
      TransferSyntax.JPEG_BASELINE, TransferSyntax.JPEG_EXTENDED, TransferSyntax.JPEG_LOSSLESS,
      TransferSyntax.JPEG_LOSSLESS_SV1
    }) {
      assertInstanceOf(JpegFrameDecoder.class, FrameCodecs.decoderFor("a", jpeg), jpeg.name());
    }
    // OpenJPEG where Debian's libopenjp2-7 is installed, as .ci/run installs it (JAI is the fallback without it).
    assertInstanceOf(OpenJpegFrameDecoder.class, FrameCodecs.decoderFor("a", TransferSyntax.JPEG_2000_LOSSLESS));
    assertInstanceOf(OpenJpegFrameDecoder.class, FrameCodecs.decoderFor("a", TransferSyntax.JPEG_2000));
    assertSame(FrameCodecs.decoderFor("a", TransferSyntax.RLE_LOSSLESS),
        FrameCodecs.decoderFor("b", TransferSyntax.RLE_LOSSLESS));
  }

  @Test
  void encodersExistForTheLosslessSyntaxesWeWrite() throws Exception {
    assertInstanceOf(RleFrameEncoder.class, FrameCodecs.encoderFor("a", TransferSyntax.RLE_LOSSLESS));
    assertInstanceOf(Jpeg2000FrameEncoder.class, FrameCodecs.encoderFor("a", TransferSyntax.JPEG_2000_LOSSLESS));
  }

  @ParameterizedTest
  @ValueSource(strings = {"1.2.840.10008.1.2.4.91", "1.2.840.10008.1.2.4.50", "1.2.840.10008.1.2.4.70"})
  void lossyAndJpegEncodingIsRefused(String uid) {
    UnsupportedTransferSyntaxException e = assertThrows(UnsupportedTransferSyntaxException.class,
        () -> FrameCodecs.encoderFor("out.dcm", TransferSyntax.forUid(uid)));

    assertTrue(e.getMessage().contains(uid), e.getMessage());
  }
}
