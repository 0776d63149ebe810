package org.traumaflow.testing;

import java.util.ArrayList;
import java.util.List;
import org.traumaflow.dicom.DicomFile;
import org.traumaflow.dicom.PixelDecoder;
import org.traumaflow.dicom.data.DicomException;
import org.traumaflow.dicom.data.PixelDescription;

/**
 * Every frame of a file decoded, as the pipeline decodes one frame at a time: for tests that
 * compare or break whole files.
 */
public final class DecodedFrames {
  private DecodedFrames() {}

  public static List<int[]> of(DicomFile file) throws DicomException {
    PixelDescription pixels = PixelDecoder.describe(file);
    List<int[]> frames = new ArrayList<>(pixels.frames());
    for (int i = 0; i < pixels.frames(); i++) {
      int[] out = new int[pixels.samplesPerFrame()];
      PixelDecoder.decodeFrame(file, pixels, i, out);
      frames.add(out);
    }
    return frames;
  }
}
