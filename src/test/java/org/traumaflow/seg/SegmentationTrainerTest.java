package org.traumaflow.seg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.traumaflow.nn.NonFiniteTrainingException;
import org.traumaflow.testing.Gradients;
import org.traumaflow.testing.SingleThreadedTorch;

@ExtendWith(SingleThreadedTorch.class)
class SegmentationTrainerTest {

  @Test
  void aNonFiniteStepStopsTheTrainingBeforeItsUpdateNamingTheStepTheBatchAndTheParameter() {
    // One study of 80 slices: four chunks, two steps of two (batch norm needs two). Each chunk in
    // turn gets a NaN voxel after epoch 1, as a volume read lazily from a damaged file might; the
    // run stops in epoch 2 at the step that draws it. The same seed draws the same batches in every
    // run, so the runs name two batches, one per step, that hold every chunk.
    Map<Integer, Set<String>> batches = new TreeMap<>();
    for (int poisoned = 0; poisoned < 4; poisoned++) {
      List<SegmentationSample> chunks = SyntheticOrgans.chunks(SyntheticOrgans.studies(1, 80, 32, 6), 32);
      SegmentationSample bad = chunks.get(poisoned);
      // Without augmentation: a rotation or zoom may move the corner voxel out of the chunk, and the step would be finite.
      SegmentationTrainer trainer = SegmentationTrainer.builder().optEpochs(2).optBatchSize(2).optSeed(3)
          .optAugmentation(ChunkAugmentation.NONE).optListener(report -> bad.image()[0] = Float.NaN).build();
      try (SegmentationModel model = SegmentationModel.create(SegmentationConfig.tiny(), 3)) {
        NonFiniteTrainingException e = assertThrows(NonFiniteTrainingException.class, () -> trainer.train(model, chunks, List.of()));
        assertEquals(2, e.epoch(), e.getMessage());
        Set<String> batch = new TreeSet<>(e.sampleIds());
        assertTrue(batch.size() == 2 && batch.contains(bad.id()), e.getMessage());
        assertEquals(batch, batches.computeIfAbsent(e.step(), step -> batch), "step " + e.step() + " draws the same batch in every run");
        assertTrue(Float.isNaN(e.loss()), e.getMessage());
        // A NaN voxel spoils every activation after batch norm, so every gradient: the first one named is the block's first.
        assertEquals(Optional.of(Gradients.firstTrainable(model.block())), e.parameter());
        assertTrue(e.getMessage().contains("at epoch 2, step " + e.step() + ", on batch " + e.sampleIds()), e.getMessage());
        Gradients.assertTrainableParametersFinite(model.block());
      }
    }
    assertEquals(Set.of(1, 2), batches.keySet());
    assertEquals(Set.of("P000/1 from slice 0", "P000/1 from slice 16", "P000/1 from slice 32", "P000/1 from slice 48"),
        batches.values().stream().flatMap(Set::stream).collect(java.util.stream.Collectors.toSet()));
  }
}
