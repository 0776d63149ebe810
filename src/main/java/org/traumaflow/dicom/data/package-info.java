/**
 * The DICOM vocabulary the reader and the codecs share: transfer syntaxes, the pixel module's
 * description, and the errors a DICOM file can raise.
 *
 * <p>Uses no other package of TraumaFlow: it is a bottom layer.
 */
package org.traumaflow.dicom.data;
