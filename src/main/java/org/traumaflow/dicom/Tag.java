package org.traumaflow.dicom;

/** The data element tags this project reads or writes, as (group << 16 | element). */
public final class Tag {
  private Tag() {}

  public static final int FILE_META_INFORMATION_GROUP_LENGTH = 0x00020000;
  public static final int FILE_META_INFORMATION_VERSION = 0x00020001;
  public static final int MEDIA_STORAGE_SOP_CLASS_UID = 0x00020002;
  public static final int MEDIA_STORAGE_SOP_INSTANCE_UID = 0x00020003;
  public static final int TRANSFER_SYNTAX_UID = 0x00020010;
  public static final int IMPLEMENTATION_CLASS_UID = 0x00020012;
  public static final int IMPLEMENTATION_VERSION_NAME = 0x00020013;

  public static final int SPECIFIC_CHARACTER_SET = 0x00080005;
  public static final int IMAGE_TYPE = 0x00080008;
  public static final int SOP_CLASS_UID = 0x00080016;
  public static final int SOP_INSTANCE_UID = 0x00080018;
  public static final int STUDY_DATE = 0x00080020;
  public static final int CONTENT_DATE = 0x00080023;
  public static final int MODALITY = 0x00080060;
  public static final int MANUFACTURER = 0x00080070;
  public static final int SERIES_DESCRIPTION = 0x0008103E;

  public static final int PATIENT_NAME = 0x00100010;
  public static final int PATIENT_ID = 0x00100020;

  public static final int SLICE_THICKNESS = 0x00180050;
  public static final int KVP = 0x00180060;
  public static final int SPACING_BETWEEN_SLICES = 0x00180088;
  public static final int PATIENT_POSITION = 0x00185100;

  public static final int STUDY_INSTANCE_UID = 0x0020000D;
  public static final int SERIES_INSTANCE_UID = 0x0020000E;
  public static final int STUDY_ID = 0x00200010;
  public static final int SERIES_NUMBER = 0x00200011;
  public static final int INSTANCE_NUMBER = 0x00200013;
  public static final int IMAGE_POSITION_PATIENT = 0x00200032;
  public static final int IMAGE_ORIENTATION_PATIENT = 0x00200037;
  public static final int FRAME_OF_REFERENCE_UID = 0x00200052;
  public static final int SLICE_LOCATION = 0x00201041;

  public static final int SAMPLES_PER_PIXEL = 0x00280002;
  public static final int PHOTOMETRIC_INTERPRETATION = 0x00280004;
  public static final int PLANAR_CONFIGURATION = 0x00280006;
  public static final int NUMBER_OF_FRAMES = 0x00280008;
  public static final int ROWS = 0x00280010;
  public static final int COLUMNS = 0x00280011;
  public static final int PIXEL_SPACING = 0x00280030;
  public static final int BITS_ALLOCATED = 0x00280100;
  public static final int BITS_STORED = 0x00280101;
  public static final int HIGH_BIT = 0x00280102;
  public static final int PIXEL_REPRESENTATION = 0x00280103;
  public static final int PIXEL_PADDING_VALUE = 0x00280120;
  public static final int WINDOW_CENTER = 0x00281050;
  public static final int WINDOW_WIDTH = 0x00281051;
  public static final int RESCALE_INTERCEPT = 0x00281052;
  public static final int RESCALE_SLOPE = 0x00281053;
  public static final int RESCALE_TYPE = 0x00281054;
  public static final int LOSSY_IMAGE_COMPRESSION = 0x00282110;

  // Patient, study and equipment attributes the results copy from a study or state themselves.
  public static final int STUDY_TIME = 0x00080030;
  public static final int CONTENT_TIME = 0x00080033;
  public static final int ACCESSION_NUMBER = 0x00080050;
  public static final int CONVERSION_TYPE = 0x00080064;
  public static final int REFERRING_PHYSICIAN_NAME = 0x00080090;
  public static final int CODE_VALUE = 0x00080100;
  public static final int CODING_SCHEME_DESIGNATOR = 0x00080102;
  public static final int CODE_MEANING = 0x00080104;
  public static final int REFERENCED_PERFORMED_PROCEDURE_STEP_SEQUENCE = 0x00081111;
  public static final int REFERENCED_SERIES_SEQUENCE = 0x00081115;
  public static final int REFERENCED_SOP_CLASS_UID = 0x00081150;
  public static final int REFERENCED_SOP_INSTANCE_UID = 0x00081155;
  public static final int REFERENCED_SOP_SEQUENCE = 0x00081199;
  public static final int PATIENT_BIRTH_DATE = 0x00100030;
  public static final int PATIENT_SEX = 0x00100040;
  public static final int SOFTWARE_VERSIONS = 0x00181020;
  public static final int PATIENT_ORIENTATION = 0x00200020;
  public static final int LATERALITY = 0x00200060;
  public static final int BURNED_IN_ANNOTATION = 0x00280301;
  public static final int MEASUREMENT_UNITS_CODE_SEQUENCE = 0x004008EA;
  public static final int RELATIONSHIP_TYPE = 0x0040A010;
  public static final int VALUE_TYPE = 0x0040A040;
  public static final int CONCEPT_NAME_CODE_SEQUENCE = 0x0040A043;
  public static final int CONTINUITY_OF_CONTENT = 0x0040A050;
  public static final int TEXT_VALUE = 0x0040A160;
  public static final int FLOATING_POINT_VALUE = 0x0040A161;
  public static final int CONCEPT_CODE_SEQUENCE = 0x0040A168;
  public static final int MEASURED_VALUE_SEQUENCE = 0x0040A300;
  public static final int NUMERIC_VALUE = 0x0040A30A;
  public static final int PERFORMED_PROCEDURE_CODE_SEQUENCE = 0x0040A372;
  public static final int CURRENT_REQUESTED_PROCEDURE_EVIDENCE_SEQUENCE = 0x0040A375;
  public static final int COMPLETION_FLAG = 0x0040A491;
  public static final int VERIFICATION_FLAG = 0x0040A493;
  public static final int CONTENT_SEQUENCE = 0x0040A730;

  public static final int EXTENDED_OFFSET_TABLE = 0x7FE00001;
  public static final int EXTENDED_OFFSET_TABLE_LENGTHS = 0x7FE00002;
  public static final int PIXEL_DATA = 0x7FE00010;

  public static final int ITEM = 0xFFFEE000;
  public static final int ITEM_DELIMITATION = 0xFFFEE00D;
  public static final int SEQUENCE_DELIMITATION = 0xFFFEE0DD;

  /** The tag as DICOM writes it: {@code (7FE0,0010)}. */
  public static String format(int tag) {
    return String.format("(%04X,%04X)", tag >>> 16, tag & 0xFFFF);
  }
}
