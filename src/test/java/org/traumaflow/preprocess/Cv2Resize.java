package org.traumaflow.preprocess;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import org.traumaflow.testing.ReferenceTools;

/** OpenCV's cv2.resize on a float image, through {@code reference/cv2_resize.py}. */
public final class Cv2Resize {
  private Cv2Resize() {}

  /** cv2.resize with {@code interpolation} "linear" or "nearest", in a scratch folder {@code dir}. */
  public static float[] resize(Path dir, float[] image, int rows, int columns, int outRows, int outColumns, String interpolation) throws IOException {
    Path in = dir.resolve("in.raw");
    Path out = dir.resolve("out.raw");
    ByteBuffer bytes = ByteBuffer.allocate(image.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    bytes.asFloatBuffer().put(image);
    Files.write(in, bytes.array());
    ReferenceTools.python("reference/cv2_resize.py", in.toString(), "" + rows, "" + columns, "" + outRows, "" + outColumns, out.toString(), interpolation);
    float[] resized = new float[outRows * outColumns];
    ByteBuffer.wrap(Files.readAllBytes(out)).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(resized);
    return resized;
  }
}
