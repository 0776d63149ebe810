package org.traumaflow.dicom;

/**
 * The attributes a CT image slice is written with. Pixel values given alongside it are
 * stored values: HU = stored x {@code rescaleSlope} + {@code rescaleIntercept}.
 *
 * @param patientId (0010,0020), the competition's patient folder name
 * @param studyInstanceUid (0020,000D)
 * @param seriesInstanceUid (0020,000E)
 * @param sopInstanceUid (0008,0018)
 * @param instanceNumber (0020,0013), the file name in the competition layout
 * @param imagePositionPatient (0020,0032), x, y, z of the first voxel in mm
 * @param imageOrientationPatient (0020,0037), row then column direction cosines
 * @param pixelSpacing (0028,0030), row spacing then column spacing in mm
 * @param sliceThickness (0018,0050) in mm
 * @param rows (0028,0010)
 * @param columns (0028,0011)
 * @param bitsStored (0028,0101); BitsAllocated is always 16
 * @param pixelRepresentation (0028,0103), 0 unsigned or 1 signed
 * @param rescaleIntercept (0028,1052)
 * @param rescaleSlope (0028,1053)
 * @param windowCenter (0028,1050)
 * @param windowWidth (0028,1051)
 * @param patientPosition (0018,5100), HFS or FFS
 * @param seriesDescription (0008,103E)
 */
public record CtImageHeader(
    String patientId,
    String studyInstanceUid,
    String seriesInstanceUid,
    String sopInstanceUid,
    int instanceNumber,
    double[] imagePositionPatient,
    double[] imageOrientationPatient,
    double[] pixelSpacing,
    double sliceThickness,
    int rows,
    int columns,
    int bitsStored,
    int pixelRepresentation,
    double rescaleIntercept,
    double rescaleSlope,
    double windowCenter,
    double windowWidth,
    String patientPosition,
    String seriesDescription) {}
