package org.traumaflow.dicom;

import java.util.Map;

/**
 * The VRs of the tags this project interprets, for Implicit VR files where the bytes do not
 * say. Other tags are kept as UN bytes: the reader never needs their type.
 */
final class ImplicitVrDictionary {
  private ImplicitVrDictionary() {}

  private static final Map<Integer, VR> VRS =
      Map.ofEntries(
          Map.entry(Tag.SPECIFIC_CHARACTER_SET, VR.CS),
          Map.entry(Tag.IMAGE_TYPE, VR.CS),
          Map.entry(Tag.SOP_CLASS_UID, VR.UI),
          Map.entry(Tag.SOP_INSTANCE_UID, VR.UI),
          Map.entry(Tag.STUDY_DATE, VR.DA),
          Map.entry(Tag.CONTENT_DATE, VR.DA),
          Map.entry(Tag.MODALITY, VR.CS),
          Map.entry(Tag.MANUFACTURER, VR.LO),
          Map.entry(Tag.SERIES_DESCRIPTION, VR.LO),
          Map.entry(Tag.PATIENT_NAME, VR.PN),
          Map.entry(Tag.PATIENT_ID, VR.LO),
          Map.entry(Tag.SLICE_THICKNESS, VR.DS),
          Map.entry(Tag.KVP, VR.DS),
          Map.entry(Tag.SPACING_BETWEEN_SLICES, VR.DS),
          Map.entry(Tag.PATIENT_POSITION, VR.CS),
          Map.entry(Tag.STUDY_INSTANCE_UID, VR.UI),
          Map.entry(Tag.SERIES_INSTANCE_UID, VR.UI),
          Map.entry(Tag.STUDY_ID, VR.SH),
          Map.entry(Tag.SERIES_NUMBER, VR.IS),
          Map.entry(Tag.INSTANCE_NUMBER, VR.IS),
          Map.entry(Tag.IMAGE_POSITION_PATIENT, VR.DS),
          Map.entry(Tag.IMAGE_ORIENTATION_PATIENT, VR.DS),
          Map.entry(Tag.FRAME_OF_REFERENCE_UID, VR.UI),
          Map.entry(Tag.SLICE_LOCATION, VR.DS),
          Map.entry(Tag.SAMPLES_PER_PIXEL, VR.US),
          Map.entry(Tag.PHOTOMETRIC_INTERPRETATION, VR.CS),
          Map.entry(Tag.PLANAR_CONFIGURATION, VR.US),
          Map.entry(Tag.NUMBER_OF_FRAMES, VR.IS),
          Map.entry(Tag.ROWS, VR.US),
          Map.entry(Tag.COLUMNS, VR.US),
          Map.entry(Tag.PIXEL_SPACING, VR.DS),
          Map.entry(Tag.BITS_ALLOCATED, VR.US),
          Map.entry(Tag.BITS_STORED, VR.US),
          Map.entry(Tag.HIGH_BIT, VR.US),
          Map.entry(Tag.PIXEL_REPRESENTATION, VR.US),
          Map.entry(Tag.PIXEL_PADDING_VALUE, VR.US),
          Map.entry(Tag.WINDOW_CENTER, VR.DS),
          Map.entry(Tag.WINDOW_WIDTH, VR.DS),
          Map.entry(Tag.RESCALE_INTERCEPT, VR.DS),
          Map.entry(Tag.RESCALE_SLOPE, VR.DS),
          Map.entry(Tag.RESCALE_TYPE, VR.LO),
          Map.entry(Tag.LOSSY_IMAGE_COMPRESSION, VR.CS),
          Map.entry(Tag.EXTENDED_OFFSET_TABLE, VR.OV),
          Map.entry(Tag.EXTENDED_OFFSET_TABLE_LENGTHS, VR.OV),
          Map.entry(Tag.PIXEL_DATA, VR.OW));

  static VR vrOf(int tag) {
    if ((tag & 0xFFFF) == 0) {
      return VR.UL; // group length
    }
    return VRS.getOrDefault(tag, VR.UN);
  }
}
