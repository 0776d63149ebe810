/**
 * A DICOMweb client: QIDO-RS search, WADO-RS retrieval and STOW-RS storage, with credentials read
 * from files and typed errors per status.
 *
 * <p>Uses {@code dicom}, {@code dicom.data}; never a package of a higher layer ({@code LayeringTest}
 * holds the order).
 */
package org.traumaflow.dicomweb;
