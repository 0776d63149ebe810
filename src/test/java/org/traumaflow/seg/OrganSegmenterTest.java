package org.traumaflow.seg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.training.ParameterStore;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.traumaflow.testing.SingleThreadedTorch;

@ExtendWith(SingleThreadedTorch.class)
class OrganSegmenterTest {
  @TempDir Path dir;


  /** The reference: one chunk through the network, {@code sigmoid > 0.5}, as (organ, slice, row, col) bytes. */
  static byte[] referenceMasks(SegmentationModel model, float[] chunk) {
    try (NDManager manager = model.model().getNDManager().newSubManager()) {
      NDArray x = manager.create(chunk, model.config().inputShape(1));
      NDArray logits = model.block().forward(new ParameterStore(manager, false), new NDList(x), false).singletonOrThrow();
      boolean[] above = Activation.sigmoid(logits).gt(0.5f).toBooleanArray();
      byte[] bytes = new byte[above.length];
      for (int i = 0; i < above.length; i++) {
        bytes[i] = (byte) (above[i] ? 1 : 0);
      }
      return bytes;
    }
  }

  @Test
  void chunksForwardedTogetherGetTheProbabilitiesAndMasksTheyGetOneAtATime() {
    int slices = 100; // chunks at 0, 32, 64 and 68: a batch of 3, then one of 1
    int size = 32;
    int plane = size * size;
    float[] volume = SyntheticOrgans.study("B", slices, size, 8).volume();
    try (OrganSegmenter segmenter = new OrganSegmenter(SegmentationModel.create(SegmentationConfig.tiny(), 9))) {
      OrganMasks alone = segmenter.segment(volume, slices, size, size, new SegmentationInference(32, 0.5, 1));
      OrganMasks together = segmenter.segment(volume, slices, size, size, new SegmentationInference(32, 0.5, 3));

      assertArrayEquals(alone.voxels(), together.voxels());
    }
    try (SegmentationModel model = SegmentationModel.create(SegmentationConfig.tiny(), 9);
        NDManager manager = model.model().getNDManager().newSubManager()) {
      float[] chunks = new float[3 * 32 * plane];
      for (int b = 0; b < 3; b++) {
        VolumeChunks.copyChunk(volume, slices, plane, 32 * b, 32, chunks, b * 32 * plane);
      }
      float[] batched = probabilities(model, manager, chunks, 3);
      for (int b = 0; b < 3; b++) {
        float[] one = probabilities(model, manager, Arrays.copyOfRange(chunks, b * 32 * plane, (b + 1) * 32 * plane), 1);
        float[] same = Arrays.copyOfRange(batched, b * one.length, (b + 1) * one.length);
        assertArrayEquals(one, same, 1e-6f, "chunk " + b);
      }
    }
  }

  private static float[] probabilities(SegmentationModel model, NDManager manager, float[] chunks, int batch) {
    NDArray x = manager.create(chunks, new Shape(batch, 1, 32, 32, 32));
    return Activation.sigmoid(model.block().forward(new ParameterStore(manager, false), new NDList(x), false).singletonOrThrow()).toFloatArray();
  }

  @Test
  void everySliceGetsMasksFromAFullChunkTheLastOneEndingAtTheLastSlice() throws IOException {
    Path checkpoint = dir.resolve("untrained");
    int slices = 40;
    int size = 32;
    int plane = size * size;
    float[] volume = SyntheticOrgans.study("Z", slices, size, 21).volume();
    byte[] first;
    byte[] second;
    try (SegmentationModel model = SegmentationModel.create(SegmentationConfig.tiny(), 5)) {
      SegmentationCheckpoint.save(checkpoint, model);
      float[] chunk = new float[32 * plane];
      VolumeChunks.copyChunk(volume, slices, plane, 0, 32, chunk, 0);
      first = referenceMasks(model, chunk);
      // 40 slices: the second chunk is moved back to slices 8..39 rather than zero-padded.
      VolumeChunks.copyChunk(volume, slices, plane, slices - 32, 32, chunk, 0);
      second = referenceMasks(model, chunk);
    }
    try (OrganSegmenter segmenter = OrganSegmenter.load(checkpoint)) {
      OrganMasks masks = segmenter.segment(volume, slices, size, size);
      assertEquals(slices, masks.slices());
      for (Organ organ : Organ.values()) {
        for (int s = 0; s < slices; s++) {
          // Slices the end-aligned chunk covers take its prediction, the others the first chunk's.
          boolean fromLast = s >= slices - 32;
          byte[] reference = fromLast ? second : first;
          int offset = (organ.channel() * 32 + (fromLast ? s - (slices - 32) : s)) * plane;
          assertArrayEquals(Arrays.copyOfRange(reference, offset, offset + plane), masks.slice(organ, s), organ + " slice " + s);
        }
      }
    }
  }

  static float[] probabilities(SegmentationModel model, float[] chunk) {
    try (NDManager manager = model.model().getNDManager().newSubManager()) {
      NDArray x = manager.create(chunk, model.config().inputShape(1));
      NDArray logits = model.block().forward(new ParameterStore(manager, false), new NDList(x), false).singletonOrThrow();
      return Activation.sigmoid(logits).toFloatArray();
    }
  }

  @Test
  void aCheckpointOfSeveralFoldModelsThresholdsTheMeanOfTheirProbabilities() throws IOException {
    Path checkpoint = SegmentationCheckpointTest.twoFoldCheckpoint(dir.resolve("two-folds"));
    float[] volume = SyntheticOrgans.study("E", 32, 32, 8).volume();
    float[] mean;
    byte[] alone;
    try (SegmentationModel first = SegmentationModel.create(SegmentationConfig.tiny(), 1);
        SegmentationModel second = SegmentationModel.create(SegmentationConfig.tiny(), 2)) {
      float[] p1 = probabilities(first, volume);
      float[] p2 = probabilities(second, volume);
      mean = new float[p1.length];
      for (int i = 0; i < p1.length; i++) {
        mean[i] = (p1[i] + p2[i]) / 2;
      }
      alone = referenceMasks(first, volume);
    }
    try (OrganSegmenter segmenter = OrganSegmenter.load(checkpoint)) {
      assertEquals(2, segmenter.folds().members().size());
      byte[] masks = segmenter.segment(volume, 32, 32, 32).voxels();
      int decided = 0;
      for (int i = 0; i < masks.length; i++) {
        // Voxels within float rounding of the threshold may go either way.
        if (Math.abs(mean[i] - 0.5f) > 1e-5f) {
          assertEquals(mean[i] > 0.5f ? 1 : 0, masks[i], "voxel " + i + " mean probability " + mean[i]);
          decided++;
        }
      }
      assertTrue(decided > masks.length * 0.99, decided + " of " + masks.length);
      assertTrue(!Arrays.equals(alone, masks), "the second fold model changes the masks");
    }
  }

  @Test
  void theThresholdFromTheSpecDecidesWhichVoxelsAreInAnOrgan() throws IOException {
    int slices = 32;
    int size = 32;
    float[] volume = SyntheticOrgans.study("T", slices, size, 4).volume();
    try (SegmentationModel model = SegmentationModel.create(SegmentationConfig.tiny(), 9);
        OrganSegmenter segmenter = new OrganSegmenter(model)) {
      OrganMasks method = segmenter.segment(volume, slices, size, size);
      OrganMasks loose = segmenter.segment(volume, slices, size, size, new SegmentationInference(32, 0.1));
      OrganMasks strict = segmenter.segment(volume, slices, size, size, new SegmentationInference(32, 0.9));
      long inMethod = 0;
      long inLoose = 0;
      long inStrict = 0;
      for (int i = 0; i < method.voxels().length; i++) {
        // A voxel above a high threshold is above every lower one.
        assertTrue(strict.voxels()[i] <= method.voxels()[i] && method.voxels()[i] <= loose.voxels()[i], "voxel " + i);
        inMethod += method.voxels()[i];
        inLoose += loose.voxels()[i];
        inStrict += strict.voxels()[i];
      }
      assertTrue(inLoose > inMethod && inMethod > inStrict, inLoose + " / " + inMethod + " / " + inStrict);
      assertThrows(IllegalArgumentException.class, () -> segmenter.segment(volume, slices, size, size, new SegmentationInference(20, 0.5)));
    }
  }

  @Test
  void concurrentCallsGiveTheSameMasksAsOneAtATime() throws Exception {
    Path checkpoint = dir.resolve("concurrent");
    try (SegmentationModel model = SegmentationModel.create(SegmentationConfig.tiny(), 6)) {
      SegmentationCheckpoint.save(checkpoint, model);
    }
    float[] a = SyntheticOrgans.study("A", 70, 32, 1).volume();
    float[] b = SyntheticOrgans.study("B", 33, 32, 2).volume();
    try (OrganSegmenter segmenter = OrganSegmenter.load(checkpoint)) {
      OrganMasks expectedA = segmenter.segment(a, 70, 32, 32);
      OrganMasks expectedB = segmenter.segment(b, 33, 32, 32);
      ExecutorService pool = Executors.newFixedThreadPool(2);
      try {
        for (int round = 0; round < 2; round++) {
          Future<OrganMasks> fa = pool.submit(() -> segmenter.segment(a, 70, 32, 32));
          Future<OrganMasks> fb = pool.submit(() -> segmenter.segment(b, 33, 32, 32));
          assertEquals(expectedA, fa.get());
          assertEquals(expectedB, fb.get());
        }
      } finally {
        pool.shutdownNow();
      }
    }
  }

  @Test
  void aVolumeOfAnotherSizeOrLengthIsRefused() {
    try (OrganSegmenter segmenter = new OrganSegmenter(SegmentationModel.create(SegmentationConfig.tiny(), 1))) {
      assertThrows(IllegalArgumentException.class, () -> segmenter.segment(new float[10 * 64 * 64], 10, 64, 64));
      assertThrows(IllegalArgumentException.class, () -> segmenter.segment(new float[10 * 32 * 32 - 1], 10, 32, 32));
      assertThrows(IllegalArgumentException.class, () -> segmenter.segment(new float[0], 0, 32, 32));
    }
  }
}
