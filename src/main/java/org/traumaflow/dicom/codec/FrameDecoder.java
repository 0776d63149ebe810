package org.traumaflow.dicom.codec;

import org.traumaflow.dicom.data.CorruptPixelDataException;
import org.traumaflow.dicom.data.PixelDescription;

/**
 * Decodes one compressed frame (the concatenated fragments of an encapsulated Pixel Data
 * element that belong to one frame) into sample values.
 *
 * <p>The output holds {@code pixels.samplesPerFrame()} values, row-major, samples of a pixel
 * interleaved. Values are the raw bit patterns of the stored samples as unsigned numbers of
 * {@code bitsAllocated} bits (or of the codestream's precision); sign extension from
 * BitsStored is the caller's job, done once for every codec. Implementations are stateless or
 * confine their state to the call, so one instance may be shared by threads.
 */
public interface FrameDecoder {

  /**
   * @param source names the file, for error messages
   * @param encoded the frame's compressed bytes (may be padded with a trailing zero byte)
   * @param pixels the declared image attributes; the decoded image must match them
   * @param out receives {@code pixels.samplesPerFrame()} values starting at index 0
   * @throws CorruptPixelDataException when the bytes do not decode into the declared image
   */
  void decode(String source, byte[] encoded, PixelDescription pixels, int[] out)
      throws CorruptPixelDataException;
}
