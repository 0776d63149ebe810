package org.traumaflow.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.traumaflow.nn.NonFiniteTrainingException;
import org.traumaflow.sequence.DatasetWindows;
import org.traumaflow.sequence.SequenceConfig;
import org.traumaflow.sequence.SequenceDatasetReader;
import org.traumaflow.sequence.SequenceDatasetWriter;
import org.traumaflow.sequence.SequenceSample;
import org.traumaflow.sequence.WindowRef;
import org.traumaflow.testing.Gradients;
import org.traumaflow.testing.InMemoryWindows;
import org.traumaflow.testing.ShardReaders;
import org.traumaflow.testing.SingleThreadedTorch;

@ExtendWith(SingleThreadedTorch.class)
class SequenceTrainerTest {
  static final SequenceModelConfig CONFIG = SequenceModelConfig.tiny(SequenceTask.ORGANS, EncoderName.RESNET18).withInputSize(32);

  @TempDir Path dir;

  final InMemoryWindows training = InMemoryWindows.of(SyntheticSequences.windows(4, 32, 16, 1, 1));
  final InMemoryWindows validation = InMemoryWindows.of(SyntheticSequences.windows(2, 32, 16, 50, 2));
  static final InMemoryWindows NONE = InMemoryWindows.of(List.of());

  static SequenceTrainer.Builder trainer(int epochs) {
    return SequenceTrainer.builder().optEpochs(epochs).optBatchSize(2).optLearningRate(1e-3f).optSeed(9);
  }

  /** Thrown by a listener to stop a run after a given epoch, as a crash would. */
  static final class Interrupted extends RuntimeException {
    Interrupted() {
      super("interrupted");
    }
  }

  @Test
  void theSameSeedGivesTheSameRun() throws IOException {
    List<SequenceEpochReport> first;
    List<SequenceEpochReport> second;
    try (SequenceModel model = SequenceModel.create(CONFIG, 1)) {
      first = trainer(2).build().train(model, training, validation);
    }
    try (SequenceModel model = SequenceModel.create(CONFIG, 1)) {
      second = trainer(2).build().train(model, training, validation);
    }
    assertEquals(first, second);
  }

  @Test
  void aNetworkLoadedOnAnotherThreadMeanwhileDoesNotChangeTheRun() throws Exception {
    List<SequenceEpochReport> alone;
    try (SequenceModel model = SequenceModel.create(CONFIG, 1)) {
      alone = trainer(2).build().train(model, training, validation);
    }
    // A pipeline worker loading a network in the same JVM: it reseeds the engine's generator and draws from it.
    AtomicBoolean done = new AtomicBoolean();
    AtomicInteger loaded = new AtomicInteger();
    Thread worker = new Thread(() -> {
      while (!done.get()) {
        try (SequenceModel other = SequenceModel.create(CONFIG, 7)) {
          loaded.incrementAndGet();
        }
      }
    });
    worker.start();
    List<SequenceEpochReport> beside;
    try {
      while (loaded.get() == 0) {
        Thread.sleep(10);
      }
      try (SequenceModel model = SequenceModel.create(CONFIG, 1)) {
        beside = trainer(2).build().train(model, training, validation);
      }
    } finally {
      done.set(true);
      worker.join();
    }
    assertEquals(alone, beside);
  }

  @Test
  void aResumedRunGoesOnAtTheEpochAfterItsLastCheckpoint() throws IOException {
    List<SequenceEpochReport> uninterrupted;
    try (SequenceModel model = SequenceModel.create(CONFIG, 1)) {
      uninterrupted = trainer(4).optCheckpointDir(dir.resolve("whole")).build().train(model, training, validation);
    }
    Path run = dir.resolve("interrupted");
    try (SequenceModel model = SequenceModel.create(CONFIG, 1)) {
      SequenceTrainer crashing = trainer(4).optCheckpointDir(run).optListener(report -> {
        if (report.epoch() == 2) {
          throw new Interrupted();
        }
      }).build();
      assertThrows(Interrupted.class, () -> crashing.train(model, training, validation));
    }
    assertEquals(Optional.of(new EpochCheckpoints(run).folder(2)), new EpochCheckpoints(run).latest());

    List<SequenceEpochReport> heard = new ArrayList<>();
    List<SequenceEpochReport> resumed;
    // Another initial model: the checkpoint's parameters replace it.
    try (SequenceModel model = SequenceModel.create(CONFIG, 99)) {
      resumed = trainer(4).optCheckpointDir(run).optResume(true).optListener(heard::add).build().train(model, training, validation);
    }
    assertEquals(List.of(3, 4), heard.stream().map(SequenceEpochReport::epoch).toList(), "only the new epochs are trained");
    assertEquals(uninterrupted.subList(0, 2), resumed.subList(0, 2), "the saved epochs' reports come back from the checkpoint");
    assertEquals(heard, resumed.subList(2, 4));
    for (int e = 2; e < 4; e++) {
      // The schedule goes on where it was; the losses differ a little, as AdamW's moments restart.
      assertEquals(uninterrupted.get(e).learningRate(), resumed.get(e).learningRate());
      assertEquals(uninterrupted.get(e).steps(), resumed.get(e).steps());
      assertEquals(uninterrupted.get(e).validationLoss(), resumed.get(e).validationLoss(), 0.1 * uninterrupted.get(e).validationLoss());
    }
    assertEquals(Optional.of(new EpochCheckpoints(run).folder(4)), new EpochCheckpoints(run).latest());
    TrainingProgress progress = SequenceCheckpoint.progress(new EpochCheckpoints(run).folder(4)).orElseThrow();
    assertEquals(4, progress.epoch());
    assertEquals(resumed, progress.reports());

    // Resuming a finished run trains nothing and gives its history.
    heard.clear();
    try (SequenceModel model = SequenceModel.create(CONFIG, 1)) {
      assertEquals(resumed, trainer(4).optCheckpointDir(run).optResume(true).optListener(heard::add).build().train(model, training, validation));
    }
    assertEquals(List.of(), heard);
  }

  @Test
  void resumingUnderAnotherPlanIsRefused() throws IOException {
    Path run = dir.resolve("run");
    try (SequenceModel model = SequenceModel.create(CONFIG, 1)) {
      trainer(1).optCheckpointDir(run).build().train(model, training, NONE);
    }
    try (SequenceModel model = SequenceModel.create(CONFIG, 1)) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> trainer(3).optCheckpointDir(run).optResume(true).build().train(model, training, NONE));
      assertTrue(e.getMessage().contains("1 epochs"), e.getMessage());
    }
    try (SequenceModel model = SequenceModel.create(CONFIG.withDropout(0.2), 1)) {
      IOException e = assertThrows(IOException.class,
          () -> trainer(1).optCheckpointDir(run).optResume(true).build().train(model, training, NONE));
      assertTrue(e.getMessage().contains("another config"), e.getMessage());
    }
  }

  @Test
  void aNonFiniteStepStopsTheTrainingBeforeItsUpdateNamingTheStepTheBatchAndTheParameter() throws IOException {
    // Each window in turn gets NaN targets after epoch 1, as a window read lazily from a damaged
    // file might. One window per step, and healthy windows only, so that a balanced epoch takes
    // each once: the runs stop in epoch 2 at steps 1..3, once each.
    Set<Integer> steps = new TreeSet<>();
    for (int poisoned = 0; poisoned < 3; poisoned++) {
      Random random = new Random(1);
      List<SequenceSample> windows = List.of(SyntheticSequences.window(1, false, 32, 16, random),
          SyntheticSequences.window(2, false, 32, 16, random), SyntheticSequences.window(3, false, 32, 16, random));
      SequenceSample bad = windows.get(poisoned);
      Path run = dir.resolve("poisoned-" + poisoned);
      try (SequenceModel model = SequenceModel.create(CONFIG, 1)) {
        SequenceTrainer trainer = trainer(2).optBatchSize(1).optCheckpointDir(run)
            .optListener(report -> Arrays.fill(bad.targets(), Float.NaN)).build();
        NonFiniteTrainingException e = assertThrows(NonFiniteTrainingException.class, () -> trainer.train(model, InMemoryWindows.of(windows), NONE));
        assertEquals(2, e.epoch(), e.getMessage());
        assertEquals(List.of(bad.id()), e.sampleIds());
        assertTrue(Float.isNaN(e.loss()), e.getMessage());
        // A NaN loss spoils every gradient upstream of it: the first one named is the block's first.
        assertEquals(Optional.of(Gradients.firstTrainable(model.block())), e.parameter());
        assertTrue(e.getMessage().startsWith("training went non-finite at epoch 2, step " + e.step() + ", on batch [" + bad.id() + "]: loss NaN, "
            + "first non-finite gradient in " + e.parameter().orElseThrow()), e.getMessage());
        Gradients.assertTrainableParametersFinite(model.block());
        steps.add(e.step());
      }
      assertEquals(Optional.of(new EpochCheckpoints(run).folder(1)), new EpochCheckpoints(run).latest(), "no checkpoint after epoch 1");
    }
    assertEquals(Set.of(1, 2, 3), steps);
  }

  /** {@code windows} written as a dataset of {@code perShard}-window shards, as make-volumes writes them. */
  private SequenceDatasetReader dataset(List<SequenceSample> windows, int perShard) throws IOException {
    Path root = dir.resolve("dataset");
    try (SequenceDatasetWriter writer = SequenceDatasetWriter.create(root, new SequenceConfig(32, 16, 100, 2, 400, 96), perShard)) {
      for (SequenceSample window : windows) {
        writer.write(window);
      }
      writer.finish();
    }
    return SequenceDatasetReader.open(root);
  }


  @Test
  void windowsReadShardByShardTrainAsTheSameWindowsInMemoryWithTheSameShards() throws IOException {
    List<SequenceSample> windows = SyntheticSequences.windows(14, 32, 16, 1, 3);
    List<SequenceSample> heldOut = SyntheticSequences.windows(5, 32, 16, 50, 4);
    List<SequenceSample> all = new ArrayList<>(windows);
    all.addAll(heldOut);
    SequenceDatasetReader dataset = dataset(all, 3);
    List<WindowRef> refs = dataset.refs();
    // Blocks of 4 windows: an epoch of 14 reads several blocks of whole 3-window shards.
    SequenceTrainer trainer = trainer(2).optShuffleWindows(4).build();
    List<SequenceEpochReport> streamed;
    float[][] streamedParameters;
    try (SequenceModel model = SequenceModel.create(CONFIG, 1)) {
      streamed = trainer.train(model, new DatasetWindows(dataset, refs.subList(0, 14)), new DatasetWindows(dataset, refs.subList(14, 19)));
      streamedParameters = Gradients.parameters(model.block());
    }
    try (SequenceModel model = SequenceModel.create(CONFIG, 1)) {
      List<SequenceEpochReport> inMemory = trainer.train(model, InMemoryWindows.inShards(windows, w -> all.indexOf(w) / 3),
          InMemoryWindows.of(heldOut));
      assertEquals(inMemory, streamed, "the same losses, epoch by epoch");
      assertTrue(Arrays.deepEquals(Gradients.parameters(model.block()), streamedParameters), "the same weights");
    }
    assertEquals(0, ShardReaders.alive());
  }

  @Test
  void aNonFiniteStepMidEpochStopsTheReadingThreads() throws IOException {
    List<SequenceSample> windows = SyntheticSequences.windows(12, 32, 16, 1, 1);
    Arrays.fill(windows.get(7).targets(), Float.NaN);
    SequenceDatasetReader dataset = dataset(windows, 2);
    try (SequenceModel model = SequenceModel.create(CONFIG, 1)) {
      SequenceTrainer trainer = trainer(1).optBatchSize(1).build();
      NonFiniteTrainingException e = assertThrows(NonFiniteTrainingException.class,
          () -> trainer.train(model, new DatasetWindows(dataset, dataset.refs()), NONE));
      assertTrue(e.step() > 1, "mid-epoch, with shards read ahead: step " + e.step());
    }
    assertEquals(0, ShardReaders.alive(), "no reading thread outlives the failed training");
  }

  @Test
  void withoutValidationSamplesTheValidationLossIsNaN() throws IOException {
    try (SequenceModel model = SequenceModel.create(CONFIG, 1)) {
      SequenceEpochReport report = trainer(1).build().train(model, training, NONE).get(0);
      assertTrue(Double.isNaN(report.validationLoss()));
      assertTrue(!report.format().contains("val"), report.format());
    }
  }

  @Test
  void impossibleSettingsAreRefusedWhenBuilt() {
    assertThrows(IllegalArgumentException.class, () -> trainer(0).build());
    assertThrows(IllegalArgumentException.class, () -> trainer(1).optBatchSize(0).build());
    assertThrows(IllegalArgumentException.class, () -> trainer(1).optLearningRate(0).build());
    assertThrows(IllegalArgumentException.class, () -> trainer(1).optResume(true).build());
    assertThrows(IllegalArgumentException.class, () -> trainer(1).optInjuredPatients(null).build());
  }

  @Test
  void samplesOfAnotherSizeAreRefused() {
    try (SequenceModel model = SequenceModel.create(CONFIG, 1)) {
      List<SequenceSample> wrong = SyntheticSequences.windows(2, 64, 16, 1, 1);
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> trainer(1).build().train(model, InMemoryWindows.of(wrong), NONE));
      assertTrue(e.getMessage().contains("32 px"), e.getMessage());
    }
  }
}
