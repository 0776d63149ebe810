package org.traumaflow.dicom.codec.jpeg2000;

import com.sun.jna.Callback;
import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.PointerByReference;
import java.util.ArrayList;
import java.util.List;

/**
 * The part of OpenJPEG 2's C API (openjpeg.h of 2.5) that decoding a codestream from memory
 * needs, bound through JNA. Only 64-bit builds are bound: OPJ_SIZE_T is mapped to a Java long.
 */
interface OpenJpegLibrary extends Library {
  /** OPJ_CODEC_J2K: a bare codestream, which is what DICOM encapsulates. */
  int CODEC_J2K = 0;

  /**
   * sizeof(opj_dparameters_t) in 2.5.0 is 8,252 bytes; twice that leaves room for a later 2.x
   * that grows it, since the struct is only ever filled by the library itself.
   */
  int DECODER_PARAMETERS_BYTES = 16_504;

  /** opj_image_t: numcomps and the comps pointer. */
  int IMAGE_NUMCOMPS = 16;
  int IMAGE_COMPS = 24;

  /** opj_image_comp_t (64 bytes): the fields read after decoding. */
  int COMP_BYTES = 64;
  int COMP_DX = 0;
  int COMP_DY = 4;
  int COMP_W = 8;
  int COMP_H = 12;
  int COMP_PREC = 24;
  int COMP_DATA = 48;

  /** The shared-object names tried in order: Debian's and Ubuntu's package, then the plain name. */
  List<String> NAMES = List.of("libopenjp2.so.7", "openjp2");

  String opj_version();

  Pointer opj_create_decompress(int format);

  void opj_set_default_decoder_parameters(Pointer parameters);

  int opj_setup_decoder(Pointer codec, Pointer parameters);

  int opj_set_error_handler(Pointer codec, MessageHandler handler, Pointer clientData);

  Pointer opj_stream_create(long bufferBytes, int isInput);

  void opj_stream_set_read_function(Pointer stream, ReadFunction function);

  void opj_stream_set_skip_function(Pointer stream, SkipFunction function);

  void opj_stream_set_seek_function(Pointer stream, SeekFunction function);

  void opj_stream_set_user_data(Pointer stream, Pointer userData, Pointer freeFunction);

  void opj_stream_set_user_data_length(Pointer stream, long length);

  int opj_read_header(Pointer stream, Pointer codec, PointerByReference image);

  int opj_decode(Pointer codec, Pointer stream, Pointer image);

  int opj_end_decompress(Pointer codec, Pointer stream);

  void opj_image_destroy(Pointer image);

  void opj_stream_destroy(Pointer stream);

  void opj_destroy_codec(Pointer codec);

  /** opj_stream_read_fn: bytes copied into buffer, or (size_t) -1 at the end. */
  interface ReadFunction extends Callback {
    long invoke(Pointer buffer, long bytes, Pointer userData);
  }

  /** opj_stream_skip_fn: bytes skipped, or -1. */
  interface SkipFunction extends Callback {
    long invoke(long bytes, Pointer userData);
  }

  /** opj_stream_seek_fn: OPJ_TRUE when the position exists. */
  interface SeekFunction extends Callback {
    int invoke(long position, Pointer userData);
  }

  /** opj_msg_callback. */
  interface MessageHandler extends Callback {
    void invoke(String message, Pointer clientData);
  }

  /**
   * Loads the first of {@link #NAMES} that links and is an OpenJPEG 2.
   *
   * @throws UnsatisfiedLinkError naming every attempt when none does
   */
  static OpenJpegLibrary load() {
    if (Native.POINTER_SIZE != 8) {
      throw new UnsatisfiedLinkError("the OpenJPEG binding is for 64-bit JVMs");
    }
    List<String> failures = new ArrayList<>();
    for (String name : NAMES) {
      try {
        OpenJpegLibrary library = Native.load(name, OpenJpegLibrary.class);
        String version = library.opj_version();
        if (version.startsWith("2.")) {
          return library;
        }
        failures.add(name + " is OpenJPEG " + version + ", not 2.x");
      } catch (UnsatisfiedLinkError e) {
        failures.add(name + ": " + e.getMessage().lines().findFirst().orElse("not found"));
      }
    }
    throw new UnsatisfiedLinkError(String.join("; ", failures));
  }
}
