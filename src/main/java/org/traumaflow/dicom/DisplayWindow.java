package org.traumaflow.dicom;

/**
 * The display window a file asks for (the "theo" preprocessing variant uses it).
 *
 * @param center (0028,1050), first value, in HU; NaN when absent
 * @param width (0028,1051), first value, in HU; NaN when absent
 * @param monochrome1 whether low values display bright (photometric MONOCHROME1)
 */
public record DisplayWindow(double center, double width, boolean monochrome1) {}
