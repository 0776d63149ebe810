package org.traumaflow.dicom.codec.jpeg2000;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.PointerByReference;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.traumaflow.dicom.codec.DecodedRaster;
import org.traumaflow.dicom.codec.FrameDecoder;
import org.traumaflow.dicom.data.CorruptPixelDataException;
import org.traumaflow.dicom.data.PixelDescription;

/**
 * Decodes JPEG 2000 frames with OpenJPEG, the standard's reference implementation, in native
 * code (about twice as fast as JAI's pure-Java decoder; BENCHMARKS.md, "DICOM decoding"). Its
 * output is the same as {@link Jpeg2000FrameDecoder}'s for every lossless codestream: raw bit
 * patterns masked to Bits Allocated, colour codestreams after the inverse component transform,
 * and the same checks and messages for frames that are not the declared image.
 *
 * <p>OpenJPEG reads the codestream through callbacks. They are shared by every call (JNA keeps
 * one native trampoline per callback object) and find the frame being decoded by the handle
 * OpenJPEG passes back to them, so decoders on several threads do not meet.
 */
public final class OpenJpegFrameDecoder implements FrameDecoder {
  private static final String CODEC = "JPEG 2000";
  private static final Map<Long, Frame> FRAMES = new ConcurrentHashMap<>();
  private static final AtomicLong HANDLES = new AtomicLong();

  private static final OpenJpegLibrary.ReadFunction READ = (buffer, bytes, handle) -> FRAMES.get(Pointer.nativeValue(handle)).read(buffer, bytes);
  private static final OpenJpegLibrary.SkipFunction SKIP = (bytes, handle) -> FRAMES.get(Pointer.nativeValue(handle)).skip(bytes);
  private static final OpenJpegLibrary.SeekFunction SEEK = (position, handle) -> FRAMES.get(Pointer.nativeValue(handle)).seek(position);
  private static final OpenJpegLibrary.MessageHandler ERROR = (message, handle) -> {
    Frame frame = FRAMES.get(Pointer.nativeValue(handle));
    if (frame != null) {
      frame.error(message);
    }
  };

  private final OpenJpegLibrary library;
  private final String version;

  private OpenJpegFrameDecoder(OpenJpegLibrary library) {
    this.library = library;
    this.version = library.opj_version();
  }

  /**
   * The decoder over the OpenJPEG 2 library installed on this machine.
   *
   * @throws UnsatisfiedLinkError when no OpenJPEG 2 library can be loaded, saying what was tried
   */
  public static OpenJpegFrameDecoder load() {
    return new OpenJpegFrameDecoder(OpenJpegLibrary.load());
  }

  /** The library's version, e.g. "2.5.0". */
  public String version() {
    return version;
  }

  @Override
  public void decode(String source, byte[] encoded, PixelDescription pixels, int[] out)
      throws CorruptPixelDataException {
    Jpeg2000Codestream.check(source, encoded);
    long handle = HANDLES.incrementAndGet();
    Frame frame = new Frame(encoded);
    FRAMES.put(handle, frame);
    Pointer codec = library.opj_create_decompress(OpenJpegLibrary.CODEC_J2K);
    Pointer stream = library.opj_stream_create(Math.max(encoded.length, 1), 1);
    Pointer image = null;
    try {
      Memory parameters = new Memory(OpenJpegLibrary.DECODER_PARAMETERS_BYTES);
      library.opj_set_default_decoder_parameters(parameters);
      library.opj_set_error_handler(codec, ERROR, new Pointer(handle));
      if (library.opj_setup_decoder(codec, parameters) == 0) {
        throw new IllegalStateException("OpenJPEG " + version + " refused its own default decoder parameters");
      }
      library.opj_stream_set_read_function(stream, READ);
      library.opj_stream_set_skip_function(stream, SKIP);
      library.opj_stream_set_seek_function(stream, SEEK);
      library.opj_stream_set_user_data(stream, new Pointer(handle), null);
      library.opj_stream_set_user_data_length(stream, encoded.length);
      PointerByReference header = new PointerByReference();
      boolean read = library.opj_read_header(stream, codec, header) != 0;
      image = header.getValue();
      if (!read || image == null) {
        throw frame.corrupt(source, "frame does not decode (main header)");
      }
      if (library.opj_decode(codec, stream, image) == 0 || library.opj_end_decompress(codec, stream) == 0) {
        throw frame.corrupt(source, "frame does not decode");
      }
      copy(source, image, pixels, out);
    } finally {
      if (image != null) {
        library.opj_image_destroy(image);
      }
      library.opj_stream_destroy(stream);
      library.opj_destroy_codec(codec);
      FRAMES.remove(handle);
    }
  }

  /** Checks the decoded image against the header, then copies its components, interleaved. */
  private static void copy(String source, Pointer image, PixelDescription pixels, int[] out)
      throws CorruptPixelDataException {
    int components = image.getInt(OpenJpegLibrary.IMAGE_NUMCOMPS);
    Pointer comps = image.getPointer(OpenJpegLibrary.IMAGE_COMPS);
    if (components < 1 || comps == null) {
      throw new CorruptPixelDataException(source, CODEC + " image has no components");
    }
    int width = comps.getInt(OpenJpegLibrary.COMP_W);
    int height = comps.getInt(OpenJpegLibrary.COMP_H);
    int depth = 0;
    for (int c = 0; c < components; c++) {
      Pointer comp = comps.share((long) c * OpenJpegLibrary.COMP_BYTES);
      if (comp.getInt(OpenJpegLibrary.COMP_DX) != 1 || comp.getInt(OpenJpegLibrary.COMP_DY) != 1
          || comp.getInt(OpenJpegLibrary.COMP_W) != width || comp.getInt(OpenJpegLibrary.COMP_H) != height) {
        throw new CorruptPixelDataException(source, CODEC + " image has subsampled components, which DICOM's JPEG 2000 frames do not");
      }
      if (comp.getPointer(OpenJpegLibrary.COMP_DATA) == null) {
        throw new CorruptPixelDataException(source, CODEC + " component " + c + " has no decoded data");
      }
      depth = Math.max(depth, comp.getInt(OpenJpegLibrary.COMP_PREC));
    }
    DecodedRaster.check(source, CODEC, width, height, components, depth, pixels, out);
    int samples = width * height;
    if (components == 1) {
      comps.getPointer(OpenJpegLibrary.COMP_DATA).read(0, out, 0, samples);
    } else {
      int[] plane = new int[samples];
      for (int c = 0; c < components; c++) {
        comps.share((long) c * OpenJpegLibrary.COMP_BYTES).getPointer(OpenJpegLibrary.COMP_DATA).read(0, plane, 0, samples);
        for (int i = 0, o = c; i < samples; i++, o += components) {
          out[o] = plane[i];
        }
      }
    }
    DecodedRaster.keepBitPatterns(pixels, out);
  }

  /** The codestream being decoded: OpenJPEG's read position in it and the errors it reported. */
  private static final class Frame {
    private final byte[] bytes;
    private long position;
    private final StringBuilder errors = new StringBuilder();

    Frame(byte[] bytes) {
      this.bytes = bytes;
    }

    long read(Pointer buffer, long wanted) {
      if (position >= bytes.length) {
        return -1;
      }
      int n = (int) Math.min(wanted, bytes.length - position);
      buffer.write(0, bytes, (int) position, n);
      position += n;
      return n;
    }

    long skip(long bytes) {
      long target = position + bytes;
      if (target < 0) {
        return -1;
      }
      long from = position;
      position = Math.min(target, this.bytes.length);
      return position - from;
    }

    int seek(long target) {
      if (target < 0 || target > bytes.length) {
        return 0;
      }
      position = target;
      return 1;
    }

    synchronized void error(String message) {
      errors.append(errors.length() == 0 ? "" : "; ").append(message.strip());
    }

    synchronized CorruptPixelDataException corrupt(String source, String what) {
      return new CorruptPixelDataException(source,
          CODEC + " " + what + (errors.length() == 0 ? "" : ": OpenJPEG: " + errors));
    }
  }
}
