package org.traumaflow.dicom;

/**
 * One instance this project made, as Part 10 bytes ready to store in a folder or an archive.
 *
 * @param sopClassUid its SOP class
 * @param sopInstanceUid its instance UID
 * @param seriesInstanceUid the series it belongs to
 * @param part10 the whole file: preamble, meta group and dataset
 */
public record DicomInstance(String sopClassUid, String sopInstanceUid, String seriesInstanceUid, byte[] part10) {}
