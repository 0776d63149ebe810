package org.traumaflow.seg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class VolumeChunksTest {

  @Test
  void trainingChunksStepBy16AndTheLastEndsAtTheLastSlice() {
    assertArrayEquals(new int[] {0, 16}, VolumeChunks.trainingStarts(48, 32, 16));
    assertArrayEquals(new int[] {0, 16, 32, 48, 64}, VolumeChunks.trainingStarts(96, 32, 16));
    assertArrayEquals(new int[] {0, 16, 18}, VolumeChunks.trainingStarts(50, 32, 16));
    assertArrayEquals(new int[] {0}, VolumeChunks.trainingStarts(32, 32, 16));
    assertArrayEquals(new int[] {0}, VolumeChunks.trainingStarts(7, 32, 16));
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 31, 32, 33, 47, 48, 49, 150, 301})
  void trainingChunksCoverEverySliceAndStayInside(int slices) {
    int[] starts = VolumeChunks.trainingStarts(slices, 32, 16);
    int[] cover = new int[slices];
    for (int start : starts) {
      assertTrue(start >= 0 && (start + 32 <= slices || slices < 32), "chunk at " + start + " of " + slices);
      for (int s = start; s < Math.min(slices, start + 32); s++) {
        cover[s]++;
      }
    }
    for (int s = 0; s < slices; s++) {
      assertTrue(cover[s] >= 1, "slice " + s + " of " + slices + " is in no chunk");
    }
    if (slices >= 64) {
      assertEquals((slices - 32) / 16 + 1 + ((slices - 32) % 16 == 0 ? 0 : 1), starts.length);
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 31, 32, 33, 64, 65, 150})
  void inferenceChunksCoverEverySliceWithFullChunksOnly(int slices) {
    int[] starts = VolumeChunks.inferenceStarts(slices, 32);
    assertEquals((slices + 31) / 32, starts.length);
    int[] cover = new int[slices];
    for (int start : starts) {
      if (slices >= 32) {
        assertTrue(start + 32 <= slices, "chunk at " + start + " would be padded");
      }
      for (int s = start; s < Math.min(slices, start + 32); s++) {
        cover[s]++;
      }
    }
    for (int s = 0; s < slices; s++) {
      assertTrue(cover[s] >= 1, "slice " + s);
      // Only the end-aligned last chunk overlaps its neighbour.
      assertTrue(cover[s] == 1 || s >= slices - 32, "slice " + s + " covered " + cover[s] + " times");
    }
  }

  @Test
  void aChunkPastTheEndIsZeroPadded() {
    float[] volume = new float[5 * 4];
    for (int i = 0; i < volume.length; i++) {
      volume[i] = i + 1;
    }
    float[] target = new float[3 * 4];
    java.util.Arrays.fill(target, -1f);
    VolumeChunks.copyChunk(volume, 5, 4, 3, 3, target, 0);
    assertArrayEquals(new float[] {13, 14, 15, 16, 17, 18, 19, 20, 0, 0, 0, 0}, target);
  }

  @Test
  void trainingSamplesCarryTheirSlicesAndMasks() {
    int slices = 40;
    int size = 4;
    float[] volume = new float[slices * size * size];
    OrganMasks masks = OrganMasks.empty(slices, size, size);
    for (int s = 0; s < slices; s++) {
      for (int p = 0; p < size * size; p++) {
        volume[s * size * size + p] = s;
      }
      masks.voxels()[masks.index(Organ.SPLEEN, s, s % size, 0)] = 1;
    }
    List<SegmentationSample> samples = VolumeChunks.trainingSamples("10001", "21057", volume, masks, 32, 16);
    assertEquals(2, samples.size()); // starts 0 and 8 (the last chunk ends at the last slice)
    SegmentationSample last = samples.get(1);
    assertEquals("10001/21057 from slice 8", last.id());
    assertEquals(8f, last.image()[0]);
    assertEquals(39f, last.image()[31 * size * size]);
    int plane = size * size;
    for (int z = 0; z < 32; z++) {
      int source = 8 + z;
      assertEquals(1, last.masks()[Organ.SPLEEN.channel() * 32 * plane + z * plane + (source % size) * size]);
    }
    long spleen = 0;
    for (byte b : last.masks()) {
      spleen += b;
    }
    assertEquals(32, spleen);
  }

  @Test
  void badArgumentsAreRefused() {
    assertThrows(IllegalArgumentException.class, () -> VolumeChunks.trainingStarts(0, 32, 16));
    assertThrows(IllegalArgumentException.class, () -> VolumeChunks.trainingStarts(40, 32, 0));
    assertThrows(IllegalArgumentException.class, () -> VolumeChunks.trainingStarts(40, 32, 33));
    assertThrows(IllegalArgumentException.class, () -> VolumeChunks.inferenceStarts(10, 0));
  }
}
