package org.traumaflow.zoo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.traumaflow.label.GroupKFold;
import org.traumaflow.label.LabelTables;
import org.traumaflow.label.PatientLabels;
import org.traumaflow.model.EncoderName;
import org.traumaflow.model.SequenceCheckpoint;
import org.traumaflow.model.SequenceEpochReport;
import org.traumaflow.model.SequenceModel;
import org.traumaflow.model.SequenceModelConfig;
import org.traumaflow.model.SequencePredictor;
import org.traumaflow.model.SequenceTask;
import org.traumaflow.model.SequenceTrainer;
import org.traumaflow.sequence.SequenceDatasetReader;
import org.traumaflow.sequence.SequenceSample;
import org.traumaflow.storage.IntegrityException;
import org.traumaflow.storage.LocalObjectStore;
import org.traumaflow.testing.Gradients;
import org.traumaflow.testing.InMemoryWindows;
import org.traumaflow.testing.ShardReaders;
import org.traumaflow.testing.SingleThreadedTorch;
import org.traumaflow.testing.StageTwoDataset;

/** One run of the zoo on the demo's stage-2 data, its windows read shard by shard. */
@ExtendWith(SingleThreadedTorch.class)
class RunTrainerTest {
  private static final SequenceModelConfig CONFIG = SequenceModelConfig.tiny(SequenceTask.ORGANS, EncoderName.RESNET18).withInputSize(64);

  @TempDir static Path dir;
  static Path dataset;

  @BeforeAll
  static void demoData() throws IOException {
    dataset = StageTwoDataset.make(dir);
  }

  private static TrainingRun run(Path data) {
    return new TrainingRun("tiny-resnet18-organs", CONFIG.toJson(), null, null, "ours", 2, 0, 1, 2, 2, 1, 3e-3, 1, data.toString());
  }


  @Test
  void aRunTrainsAsTheInMemoryPathDidOnTheSameWindowsWithTheSameSeed() throws IOException {
    TrainingRun run = run(dataset);
    Path published = dir.resolve("streamed");
    RunRecord record = new RunTrainer(dir.resolve("work"), false, line -> {}).train(run, new LocalObjectStore(published));

    // The path this one replaced: every window of the variant in memory, the folds from them.
    List<SequenceSample> samples = SequenceDatasetReader.open(dataset).samples().filter(s -> s.variant().equals(run.variant())).toList();
    Map<String, Integer> windowsPerPatient = new TreeMap<>();
    samples.forEach(s -> windowsPerPatient.merge(Integer.toString(s.patientId()), 1, Integer::sum));
    Map<String, Integer> foldOf = GroupKFold.assign(windowsPerPatient, run.folds());
    List<SequenceSample> training = new ArrayList<>();
    List<SequenceSample> validation = new ArrayList<>();
    samples.forEach(s -> (foldOf.get(Integer.toString(s.patientId())) == run.fold() ? validation : training).add(s));
    Map<Integer, PatientLabels> truth = LabelTables.readTrain(dataset.resolve("train.csv"));
    Set<Integer> injured = truth.entrySet().stream().filter(e -> e.getValue().anyInjury()).map(Map.Entry::getKey).collect(Collectors.toSet());
    SequenceTrainer trainer = SequenceTrainer.builder()
        .optEpochs(run.epochs()).optBatchSize(run.batchSize()).optLearningRate((float) run.learningRate())
        .optWarmupEpochs(run.warmupEpochs()).optSeed(run.seed()).optInjuredPatients(injured)
        .build();
    List<SequenceEpochReport> reports;
    float[][] parameters;
    SortedMap<Integer, float[]> studies = new TreeMap<>();
    SortedMap<String, float[]> series = new TreeMap<>();
    try (SequenceModel model = SequenceModel.create(CONFIG, run.seed())) {
      reports = trainer.train(model, InMemoryWindows.of(training), InMemoryWindows.of(validation));
      parameters = Gradients.parameters(model.block());
      List<float[][]> outputs = SequencePredictor.of(model, run.batchSize()).predict(validation);
      for (int w = 0; w < validation.size(); w++) {
        float[] max = studies.computeIfAbsent(validation.get(w).patientId(), p -> new float[SequenceTask.ORGANS.outputs()]);
        float[] seriesMax = series.computeIfAbsent(validation.get(w).patientId() + "/" + validation.get(w).seriesId(),
            s -> new float[SequenceTask.ORGANS.outputs()]);
        float[] windowMax = SequencePredictor.studyMax(List.<float[][]>of(outputs.get(w)));
        for (int t = 0; t < max.length; t++) {
          max[t] = Math.max(max[t], windowMax[t]);
          seriesMax[t] = Math.max(seriesMax[t], windowMax[t]);
        }
      }
    }

    assertTrue(training.size() <= SequenceTrainer.Builder.DEFAULT_SHUFFLE_WINDOWS && !validation.isEmpty(),
        "the demo's epochs fit one block: the order is the sampler's draw, as it was (" + training.size() + " windows)");
    assertEquals(training.size(), record.trainingWindows());
    assertEquals(validation.size(), record.validationWindows());
    assertEquals(reports.stream().map(r -> new RunRecord.Epoch(r.epoch(), r.meanLoss(), r.validationLoss())).toList(), record.epochs(),
        "the same training and validation losses, epoch by epoch");
    try (SequenceModel published1 = SequenceCheckpoint.load(published.resolve(RunFiles.CHECKPOINT))) {
      assertTrue(Arrays.deepEquals(parameters, Gradients.parameters(published1.block())), "the same weights");
    }
    assertEquals(studies.keySet(), record.studyPredictions().keySet());
    studies.forEach((patient, max) -> {
      for (int t = 0; t < max.length; t++) {
        assertEquals((double) max[t], record.studyPredictions().get(patient).get(SequenceTask.ORGANS.targets().get(t).column()),
            "patient " + patient + ", " + SequenceTask.ORGANS.targets().get(t));
      }
    });
    SortedMap<String, float[]> recorded = new TreeMap<>();
    record.seriesPredictions().forEach((patient, bySeries) -> bySeries.forEach((seriesId, row) -> {
      float[] p = new float[SequenceTask.ORGANS.outputs()];
      for (int t = 0; t < p.length; t++) {
        p[t] = row.get(SequenceTask.ORGANS.targets().get(t).column()).floatValue();
      }
      recorded.put(patient + "/" + seriesId, p);
    }));
    assertEquals(series.keySet(), recorded.keySet(), "a prediction per held-out series");
    series.forEach((key, max) -> assertArrayEquals(max, recorded.get(key), key));
    assertEquals(0, ShardReaders.alive());
  }

  @Test
  void aShardThatChangedAfterTheIndexWasReadFailsTheRunNamingItsFileAndStopsTheReading() throws IOException {
    Path broken = dir.resolve("broken");
    try (Stream<Path> files = Files.walk(dataset)) {
      for (Path file : files.toList()) {
        Path copy = broken.resolve(dataset.relativize(file).toString());
        if (Files.isDirectory(file)) {
          Files.createDirectories(copy);
        } else if (file.getFileName().toString().equals("images.npy")) {
          // Pixels the index never reads: the run starts, and its first read fails.
          byte[] bytes = Files.readAllBytes(file);
          bytes[bytes.length - 1] ^= 1;
          Files.write(copy, bytes);
        } else {
          Files.copy(file, copy);
        }
      }
    }
    Path published = dir.resolve("never-published");
    IOException e = assertThrows(IOException.class,
        () -> new RunTrainer(dir.resolve("broken-work"), false, line -> {}).train(run(broken), new LocalObjectStore(published)));
    IntegrityException cause = assertInstanceOf(IntegrityException.class, e.getCause(), e.toString());
    assertTrue(cause.file().endsWith("/images.npy") && e.getMessage().contains(cause.file()), e.getMessage());
    assertTrue(e.getMessage().startsWith("reading shard "), e.getMessage());
    assertEquals(0, ShardReaders.alive(), "no reading thread outlives the failed run");
    assertTrue(RunFiles.completed(new LocalObjectStore(published)).isEmpty(), "the run is not published");
  }
}
