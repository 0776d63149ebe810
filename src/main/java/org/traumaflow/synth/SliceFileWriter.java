package org.traumaflow.synth;

import java.io.IOException;
import java.nio.file.Path;
import org.traumaflow.dicom.CtImageHeader;

/** Writes one slice file; the DICOM writer in production, a recording fake in some tests. */
@FunctionalInterface
interface SliceFileWriter {
  void write(Path file, CtImageHeader header, short[] stored) throws IOException;
}
