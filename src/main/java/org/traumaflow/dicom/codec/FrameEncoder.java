package org.traumaflow.dicom.codec;

import org.traumaflow.dicom.data.PixelDescription;

/**
 * Encodes one frame of sample values (row-major, samples interleaved, as
 * {@link FrameDecoder} produces them) into the bytes of one encapsulated fragment.
 * Lossless: decoding the result gives back the input's low {@code bitsAllocated} bits.
 */
public interface FrameEncoder {

  /** Returns the encoded frame; its length is even (padded with a zero byte if needed). */
  byte[] encode(int[] samples, PixelDescription pixels);
}
