package org.traumaflow.testing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.traumaflow.label.SliceTarget;
import org.traumaflow.sequence.NpyArray;
import org.traumaflow.sequence.SequenceSample;

/**
 * A small TorchScript stage-2 member made by PyTorch at test time ({@code reference/torchscript_member.py}),
 * with two seeded windows of images and the probabilities PyTorch itself computes on them: the
 * reference a member run through DJL is compared with.
 *
 * @param file the TorchScript module
 * @param size the windows' slice size
 * @param outputs the member's outputs per step
 * @param images per window, its {@code 32 x 3 x size x size} bytes
 * @param probabilities per window, PyTorch's sigmoid outputs, {@code [step][output]}
 */
public record TorchScriptMember(Path file, int size, int outputs, byte[][] images, float[][][] probabilities) {
  /** How many windows {@link #images} holds. */
  public static final int WINDOWS = 2;

  /** Exports the member into {@code dir}; fails the calling test, naming the packages, without PyTorch. */
  public static TorchScriptMember export(Path dir, int size, int outputs) throws IOException {
    TorchReference.requireInstalled();
    ReferenceTools.python("reference/torchscript_member.py", dir.toString(), Integer.toString(size), Integer.toString(outputs));
    NpyArray images = npy(dir.resolve("images.npy"));
    assertArrayEquals(new int[] {WINDOWS, SequenceSample.STEPS, SequenceSample.CHANNELS, size, size}, images.shape());
    int perWindow = SequenceSample.STEPS * SequenceSample.CHANNELS * size * size;
    byte[][] windows = new byte[WINDOWS][];
    for (int w = 0; w < WINDOWS; w++) {
      windows[w] = Arrays.copyOfRange(images.data(), w * perWindow, (w + 1) * perWindow);
    }
    NpyArray npy = npy(dir.resolve("probabilities.npy"));
    assertArrayEquals(new int[] {WINDOWS, SequenceSample.STEPS, outputs}, npy.shape());
    float[] flat = new float[WINDOWS * SequenceSample.STEPS * outputs];
    ByteBuffer.wrap(npy.data()).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(flat);
    float[][][] probabilities = new float[WINDOWS][SequenceSample.STEPS][outputs];
    for (int w = 0; w < WINDOWS; w++) {
      for (int step = 0; step < SequenceSample.STEPS; step++) {
        System.arraycopy(flat, (w * SequenceSample.STEPS + step) * outputs, probabilities[w][step], 0, outputs);
      }
    }
    return new TorchScriptMember(dir.resolve("member.pt"), size, outputs, windows, probabilities);
  }

  /** Image {@code image} of {@link #images} as window {@code window} of a series, at inference (no targets, no masks). */
  public SequenceSample window(int image, int patientId, String seriesId, String variant, int window) {
    return new SequenceSample(patientId, seriesId, variant, window, size, new int[SequenceSample.STEPS * SequenceSample.CHANNELS],
        images[image], new float[SequenceSample.STEPS * SliceTarget.COUNT], 8,
        new byte[SequenceSample.STEPS * SequenceSample.MaskOrgan.COUNT * 64]);
  }

  private static NpyArray npy(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return NpyArray.read(in);
    }
  }
}
