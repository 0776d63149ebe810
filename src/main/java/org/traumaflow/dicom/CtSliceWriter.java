package org.traumaflow.dicom;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.traumaflow.dicom.codec.FrameEncoder;
import org.traumaflow.dicom.data.PixelDescription;
import org.traumaflow.dicom.data.TransferSyntax;
import org.traumaflow.dicom.data.UnsupportedTransferSyntaxException;

/**
 * Writes CT image slices as DICOM Part 10 files in one transfer syntax (Explicit VR Little
 * Endian, RLE Lossless or JPEG 2000 lossless), with the CT Image attributes the competition's
 * files carry. Files appear atomically under their final name. Thread-safe.
 */
public final class CtSliceWriter {
  static final String CT_IMAGE_STORAGE = "1.2.840.10008.5.1.4.1.1.2";

  private final TransferSyntax syntax;
  private final FrameEncoder encoder;

  public CtSliceWriter(TransferSyntax syntax) {
    if (syntax.compression().encapsulated()) {
      try {
        this.encoder = FrameCodecs.encoderFor(syntax.name(), syntax);
      } catch (UnsupportedTransferSyntaxException noEncoder) {
        throw new IllegalArgumentException("cannot write " + syntax.name(), noEncoder);
      }
    } else if (syntax.equals(TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN)) {
      this.encoder = null;
    } else {
      throw new IllegalArgumentException("cannot write " + syntax.name());
    }
    this.syntax = syntax;
  }

  public TransferSyntax syntax() {
    return syntax;
  }

  /** Writes one slice; {@code stored} holds rows x columns stored values, row-major. */
  public void write(Path file, CtImageHeader header, short[] stored) throws IOException {
    int pixels = header.rows() * header.columns();
    if (stored.length != pixels) {
      throw new IllegalArgumentException(stored.length + " values for a " + header.rows() + "x" + header.columns() + " slice");
    }
    if (header.bitsStored() < 1 || header.bitsStored() > 16) {
      throw new IllegalArgumentException("BitsStored " + header.bitsStored());
    }
    DatasetEncoder dataset = new DatasetEncoder()
        .text(Tag.SPECIFIC_CHARACTER_SET, VR.CS, "ISO_IR 100")
        .text(Tag.IMAGE_TYPE, VR.CS, "ORIGINAL\\PRIMARY\\AXIAL")
        .text(Tag.SOP_CLASS_UID, VR.UI, CT_IMAGE_STORAGE)
        .text(Tag.SOP_INSTANCE_UID, VR.UI, header.sopInstanceUid())
        .text(Tag.MODALITY, VR.CS, "CT")
        .text(Tag.SERIES_DESCRIPTION, VR.LO, header.seriesDescription())
        .text(Tag.PATIENT_ID, VR.LO, header.patientId())
        .decimals(Tag.SLICE_THICKNESS, header.sliceThickness())
        .text(Tag.PATIENT_POSITION, VR.CS, header.patientPosition())
        .text(Tag.STUDY_INSTANCE_UID, VR.UI, header.studyInstanceUid())
        .text(Tag.SERIES_INSTANCE_UID, VR.UI, header.seriesInstanceUid())
        .text(Tag.INSTANCE_NUMBER, VR.IS, Integer.toString(header.instanceNumber()))
        .decimals(Tag.IMAGE_POSITION_PATIENT, header.imagePositionPatient())
        .decimals(Tag.IMAGE_ORIENTATION_PATIENT, header.imageOrientationPatient())
        .unsignedShort(Tag.SAMPLES_PER_PIXEL, 1)
        .text(Tag.PHOTOMETRIC_INTERPRETATION, VR.CS, "MONOCHROME2")
        .unsignedShort(Tag.ROWS, header.rows())
        .unsignedShort(Tag.COLUMNS, header.columns())
        .decimals(Tag.PIXEL_SPACING, header.pixelSpacing())
        .unsignedShort(Tag.BITS_ALLOCATED, 16)
        .unsignedShort(Tag.BITS_STORED, header.bitsStored())
        .unsignedShort(Tag.HIGH_BIT, header.bitsStored() - 1)
        .unsignedShort(Tag.PIXEL_REPRESENTATION, header.pixelRepresentation())
        .decimals(Tag.WINDOW_CENTER, header.windowCenter())
        .decimals(Tag.WINDOW_WIDTH, header.windowWidth())
        .decimals(Tag.RESCALE_INTERCEPT, header.rescaleIntercept())
        .decimals(Tag.RESCALE_SLOPE, header.rescaleSlope())
        .text(Tag.RESCALE_TYPE, VR.LO, "HU");
    PixelDescription description = new PixelDescription(
        header.rows(), header.columns(), 1, 16, header.bitsStored(), header.bitsStored() - 1,
        header.pixelRepresentation(), "MONOCHROME2", 0, 1);
    if (encoder == null) {
      byte[] bytes = new byte[pixels * 2];
      for (int i = 0; i < pixels; i++) {
        bytes[2 * i] = (byte) stored[i];
        bytes[2 * i + 1] = (byte) (stored[i] >>> 8);
      }
      dataset.bytes(Tag.PIXEL_DATA, VR.OW, bytes);
    } else {
      int[] samples = new int[pixels];
      boolean signed = header.pixelRepresentation() == 1;
      for (int i = 0; i < pixels; i++) {
        samples[i] = signed ? stored[i] : stored[i] & 0xFFFF;
      }
      dataset.encapsulatedPixelData(List.of(encoder.encode(samples, description)));
    }
    Part10Writer.write(file, CT_IMAGE_STORAGE, header.sopInstanceUid(), syntax, dataset);
  }
}
