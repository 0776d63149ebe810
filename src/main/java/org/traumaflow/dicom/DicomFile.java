package org.traumaflow.dicom;

import org.traumaflow.dicom.data.TransferSyntax;

/**
 * A parsed Part 10 file (or bare dataset).
 *
 * @param source the file it came from, for messages
 * @param fileMeta the group 0002 elements; empty for a file without a meta group
 * @param dataset the main dataset; without Pixel Data when read header-only
 * @param transferSyntax how the dataset is encoded
 * @param hasPixelData whether a top-level Pixel Data element was present (also header-only)
 */
public record DicomFile(
    String source, DicomDataset fileMeta, DicomDataset dataset, TransferSyntax transferSyntax, boolean hasPixelData) {}
