package org.traumaflow.pipeline.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.traumaflow.ensemble.EnsembleSpec;
import org.traumaflow.model.AuxHead;
import org.traumaflow.model.SequenceCheckpoint;
import org.traumaflow.model.SequenceModel;
import org.traumaflow.model.SequenceNetwork;
import org.traumaflow.model.SequencePredictor;
import org.traumaflow.model.statedict.StateDict;
import org.traumaflow.pipeline.volumes.MakeVolumesPipeline;
import org.traumaflow.preprocess.Preprocessing;
import org.traumaflow.sequence.SequenceDatasetReader;
import org.traumaflow.sequence.SequenceDatasetWriter;
import org.traumaflow.sequence.SequenceSample;
import org.traumaflow.storage.LocalObjectStore;
import org.traumaflow.storage.OutputLock;
import org.traumaflow.testing.CliRun;
import org.traumaflow.testing.ReferenceTools;
import org.traumaflow.testing.SingleThreadedTorch;
import org.traumaflow.testing.SmallDataset;
import org.traumaflow.testing.StageTwoDataset;
import org.traumaflow.testing.TorchReference;
import org.traumaflow.testing.TraumaflowProcess;
import org.traumaflow.zoo.RunFiles;

/** {@code traumaflow train}: a 2-fold x 2-seed zoo end to end, re-runs, resume, pretrained weights, the UNet head, full-data runs, and bad specs. */
@ExtendWith(SingleThreadedTorch.class)
class TrainPipelineTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final List<String> RUNS = List.of(
      "tiny-resnet18-organs/fold-0-seed-1", "tiny-resnet18-organs/fold-0-seed-2",
      "tiny-resnet18-organs/fold-1-seed-1", "tiny-resnet18-organs/fold-1-seed-2");
  @TempDir static Path dir;
  static Path dataset;
  static Path spec;

  @BeforeAll
  static void datasetAndSpec() throws Exception {
    dataset = StageTwoDataset.make(dir);
    spec = Files.writeString(dir.resolve("train.yaml"), Files.readString(Path.of("pipelines/train-tiny.yaml"))
        .replace("epochs: 4", "epochs: 2"));
  }

  /** A tiny organs model's keys after its name (and head), for specs written here. */
  private static final String TINY = """
        encoder: resnet18
        preset: tiny
        task: organs
        variant: ours
        size: 64
        epochs: 1
        batch_size: 2
        learning_rate: 3.0e-3
        warmup_epochs: 0
    """;

  private static CliRun train(Path output, String... extra) {
    List<String> args = new ArrayList<>(List.of("train", "--spec", spec.toString(), "--data", dataset.toString(), "--output", output.toString()));
    args.addAll(List.of(extra));
    return CliRun.of(args.toArray(String[]::new));
  }

  @Test
  void trainsEveryRunPublishesItAndRegistersItsScores() throws Exception {
    Path output = dir.resolve("zoo");
    CliRun run = train(output);
    assertEquals(0, run.exitCode(), run.stderr());
    assertArrayEquals(Files.readAllBytes(dir.resolve("preprocess.yaml")), Files.readAllBytes(dataset.resolve(Preprocessing.RECORDED_SPEC)),
        "make-volumes records the spec it was given");
    for (String id : RUNS) {
      assertTrue(RunFiles.completed(new LocalObjectStore(output.resolve(id))).isPresent(), id + " is complete and verifies");
      assertTrue(Files.exists(output.resolve(id).resolve("checkpoint/parameters.djl")), id);
      assertTrue(Files.readAllLines(output.resolve(id).resolve(RunFiles.OOF_STUDIES)).size() > 1, id + " has out-of-fold predictions");
      assertArrayEquals(Files.readAllBytes(dataset.resolve(Preprocessing.RECORDED_SPEC)),
          RunFiles.listed(new LocalObjectStore(output.resolve(id)), Preprocessing.RECORDED_SPEC).orElseThrow(),
          id + " records, in its manifest, the preprocessing spec its dataset was made with");
    }
    JsonNode registry = JSON.readTree(output.resolve(TrainPipeline.REGISTRY).toFile());
    List<String> ids = new ArrayList<>();
    registry.get("runs").forEach(r -> ids.add(r.get("id").asText()));
    assertEquals(RUNS, ids);
    JsonNode model = registry.get("models").get("tiny-resnet18-organs");
    assertEquals(4, model.get("runs").asInt());
    // Two folds hold out every labelled training patient once.
    assertEquals(6, model.get("patients").asInt());
    assertTrue(model.get("oof_score").isNumber() && model.get("prior_score").isNumber(), model.toString());
    for (JsonNode r : registry.get("runs")) {
      assertEquals(2, r.get("epochs").size());
      assertTrue(r.get("files").has("checkpoint/parameters.djl"));
    }

    // A second run trains nothing: every run is complete and verifies.
    Map<String, FileTime> before = checkpointTimes(output);
    CliRun again = train(output);
    assertEquals(0, again.exitCode(), again.stderr());
    assertEquals(before, checkpointTimes(output), "no finished run is trained again");

    // A run whose manifest is gone (killed before it finished) is trained again, and only it.
    Files.delete(output.resolve(RUNS.get(2)).resolve(RunFiles.MANIFEST));
    CliRun repaired = train(output);
    assertEquals(0, repaired.exitCode(), repaired.stderr());
    Map<String, FileTime> after = checkpointTimes(output);
    for (String id : RUNS) {
      assertEquals(id.equals(RUNS.get(2)), !before.get(id).equals(after.get(id)), id);
    }
    assertTrue(RunFiles.completed(new LocalObjectStore(output.resolve(RUNS.get(2)))).isPresent());
  }

  @Test
  void embeddedFlinkWithTwoWorkersTrainsTheSameZoo() throws Exception {
    Path direct = dir.resolve("zoo-direct");
    Path flink = dir.resolve("zoo-flink");
    assertEquals(0, train(direct).exitCode());
    CliRun run = train(flink, "--runner=FlinkRunner", "--flinkMaster=[local]", "--parallelism=2");
    assertEquals(0, run.exitCode(), run.stderr());
    JsonNode a = JSON.readTree(direct.resolve(TrainPipeline.REGISTRY).toFile());
    JsonNode b = JSON.readTree(flink.resolve(TrainPipeline.REGISTRY).toFile());
    for (int i = 0; i < RUNS.size(); i++) {
      JsonNode x = a.get("runs").get(i);
      JsonNode y = b.get("runs").get(i);
      assertEquals(x.get("id"), y.get("id"));
      // One libtorch thread, seeded sampling and augmentation: the same run trains to the same weights.
      assertEquals(x.get("files").get("checkpoint/parameters.djl"), y.get("files").get("checkpoint/parameters.djl"), x.get("id").asText());
    }
    assertEquals(a.get("models"), b.get("models"));
  }

  @Test
  void aTrainingKilledMidWayIsCompletedByARerunWithoutRetrainingFinishedRuns() throws Exception {
    Path output = dir.resolve("killed");
    // A real process, killed with SIGKILL once its first run is published: no shutdown hook runs.
    Process process = startTrain(output, dir.resolve("killed.log"));
    String first = null;
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
    while (first == null && process.isAlive() && System.nanoTime() < deadline) {
      Thread.sleep(200);
      first = firstPublished(output);
    }
    process.destroyForcibly().waitFor();
    assertTrue(first != null, "a run finished before the kill: " + Files.readString(dir.resolve("killed.log")));
    assertFalse(Files.exists(output.resolve(TrainPipeline.REGISTRY)), "killed before the registry");
    FileTime finished = Files.getLastModifiedTime(output.resolve(first).resolve("checkpoint/parameters.djl"));

    CliRun rerun = train(output);
    assertEquals(0, rerun.exitCode(), rerun.stderr());
    for (String id : RUNS) {
      assertTrue(RunFiles.completed(new LocalObjectStore(output.resolve(id))).isPresent(), id);
    }
    assertEquals(finished, Files.getLastModifiedTime(output.resolve(first).resolve("checkpoint/parameters.djl")), first + " was not retrained");
    assertEquals(4, JSON.readTree(output.resolve(TrainPipeline.REGISTRY).toFile()).get("runs").size());
  }

  @Test
  void sigtermStopsTrainingReleasesTheLockAndARerunRegistersEveryRunOnce() throws Exception {
    Path output = dir.resolve("terminated");
    Path log = dir.resolve("terminated.log");
    Process process = startTrain(output, log);
    String first = null;
    while (first == null && process.isAlive()) {
      Thread.sleep(100);
      first = firstPublished(output);
    }
    process.destroy();
    assertTrue(process.waitFor(2, TimeUnit.MINUTES), "training stopped");
    String said = Files.readString(log);
    assertTrue(first != null, "a run finished before the signal: " + said);
    assertEquals(143, process.exitValue(), "128 + SIGTERM, as a shell reports a terminated job: " + said);
    assertTrue(said.contains("train: stopped by a signal; the pipeline stops with this process, released the output lock;"), said);
    assertFalse(Files.exists(output.resolve(OutputLock.KEY)), "the lock is gone, not left for the next run to reclaim");
    assertFalse(Files.exists(output.resolve(TrainPipeline.REGISTRY)), "no registry for a training that did not finish");
    assertEverythingVisibleIsComplete(output);
    String finished = Files.readString(output.resolve(first).resolve(RunFiles.MANIFEST));

    CliRun rerun = train(output);
    assertEquals(0, rerun.exitCode(), rerun.stderr());
    assertEveryRunRegisteredOnceAndVerified(output);
    assertEquals(finished, Files.readString(output.resolve(first).resolve(RunFiles.MANIFEST)), first + " was not trained again");
  }

  @Test
  void killedAtSeveralPointsARerunRegistersEveryRunOnceAndEachVerifies() throws Exception {
    Path output = dir.resolve("killed-repeatedly");
    Random random = new Random(20261128);
    Map<String, String> published = new TreeMap<>();
    int kills = 0;
    for (int attempt = 0; attempt < 4; attempt++) {
      // Seeded delays from the JVM's start to well into training: while loading, mid-epoch, between runs.
      long delayMillis = 1_000 + random.nextInt(12_000);
      Process process = startTrain(output, dir.resolve("killed-" + attempt + ".log"));
      if (!process.waitFor(delayMillis, TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        kills++;
      }
      process.waitFor();
      assertEverythingVisibleIsComplete(output);
      for (Map.Entry<String, String> run : published.entrySet()) {
        assertEquals(run.getValue(), Files.readString(output.resolve(run.getKey()).resolve(RunFiles.MANIFEST)),
            run.getKey() + " stays as published, not trained again");
      }
      for (String id : RUNS) {
        if (Files.exists(output.resolve(id).resolve(RunFiles.MANIFEST))) {
          published.putIfAbsent(id, Files.readString(output.resolve(id).resolve(RunFiles.MANIFEST)));
        }
      }
    }
    assertTrue(kills >= 2, "at least two trainings were killed before they finished");

    CliRun rerun = train(output);
    assertEquals(0, rerun.exitCode(), rerun.stderr());
    assertEveryRunRegisteredOnceAndVerified(output);
    for (Map.Entry<String, String> run : published.entrySet()) {
      assertEquals(run.getValue(), Files.readString(output.resolve(run.getKey()).resolve(RunFiles.MANIFEST)), run.getKey());
    }
  }

  @Test
  void resumeContinuesAnInterruptedRunFromItsLastStoredEpoch() throws Exception {
    Path output = dir.resolve("resumed");
    assertEquals(0, train(output).exitCode());
    // As if the run died after its first epoch: no manifest, no final files, epoch 1 stored.
    Path run = output.resolve(RUNS.get(0));
    Files.delete(run.resolve(RunFiles.MANIFEST));
    SmallDataset.deleteTree(run.resolve("epochs/epoch-002"));
    FileTime firstEpoch = Files.getLastModifiedTime(run.resolve("epochs/epoch-001/parameters.djl"));
    CliRun resumed = train(output, "--resume");
    assertEquals(0, resumed.exitCode(), resumed.stderr());
    assertTrue(RunFiles.completed(new LocalObjectStore(run)).isPresent());
    assertEquals(firstEpoch, Files.getLastModifiedTime(run.resolve("epochs/epoch-001/parameters.djl")), "epoch 1 was not trained again");
    assertTrue(Files.exists(run.resolve("epochs/epoch-002/manifest.json")), "epoch 2 was trained");
    JsonNode record = JSON.readTree(run.resolve(RunFiles.RUN).toFile());
    assertEquals(2, record.get("epochs").size(), "the record keeps the resumed epoch's report");
  }

  @Test
  void aFailingRunIsReportedAndTheOthersStillFinish() throws Exception {
    // The second model asks for 96 px windows from a 64 px dataset: each of its runs fails when training starts.
    String text = Files.readString(spec);
    String broken = text.replace("models:\n", "models:\n  - name: wrong-size\n    encoder: resnet18\n    preset: tiny\n    task: organs\n"
        + "    variant: ours\n    size: 96\n    epochs: 1\n    batch_size: 2\n    learning_rate: 1.0e-3\n    warmup_epochs: 0\n"
        + "    folds: [0]\n    seeds: [1]\n");
    Path mixed = Files.writeString(dir.resolve("mixed.yaml"), broken);
    Path output = dir.resolve("mixed");
    CliRun run = CliRun.of("train", "--spec", mixed.toString(), "--data", dataset.toString(), "--output", output.toString());
    assertEquals(1, run.exitCode(), run.stderr());
    assertTrue(run.stderr().contains("1 runs failed"), run.stderr());
    List<String> letters = Files.readAllLines(output.resolve(TrainPipeline.DEAD_LETTERS));
    assertEquals(1, letters.size(), String.join("\n", letters));
    assertTrue(letters.get(0).contains("wrong-size/fold-0-seed-1"), letters.get(0));
    for (String id : RUNS) {
      assertTrue(RunFiles.completed(new LocalObjectStore(output.resolve(id))).isPresent(), id + " finished despite the failure");
    }
    JsonNode registry = JSON.readTree(output.resolve(TrainPipeline.REGISTRY).toFile());
    assertTrue(registry.get("failed").has("wrong-size/fold-0-seed-1"), registry.get("failed").toString());
    assertEquals(4, registry.get("runs").size());
  }

  @Test
  void aRunThatGoesNonFiniteFailsWithTheStepAndPublishesNoRun() throws Exception {
    // The dataset's windows with NaN targets, as a broken soft-target computation would write them:
    // the run's first step has a NaN loss.
    Path poisoned = dir.resolve("poisoned-dataset");
    SequenceDatasetReader source = SequenceDatasetReader.open(dataset);
    try (SequenceDatasetWriter writer = SequenceDatasetWriter.create(poisoned, source.config(), 4)) {
      for (SequenceSample window : source.samples().toList()) {
        Arrays.fill(window.targets(), Float.NaN);
        writer.write(window);
      }
      writer.finish();
    }
    Files.copy(dataset.resolve(MakeVolumesPipeline.TRAIN_CSV), poisoned.resolve(MakeVolumesPipeline.TRAIN_CSV));
    Path oneRun = Files.writeString(dir.resolve("one-run.yaml"), Files.readString(spec).replace("folds: [0, 1]", "folds: [0]")
        .replace("seeds: [1, 2]", "seeds: [1]"));
    Path output = dir.resolve("non-finite");
    CliRun run = CliRun.of("train", "--spec", oneRun.toString(), "--data", poisoned.toString(), "--output", output.toString());
    assertEquals(1, run.exitCode(), run.stderr());
    assertTrue(run.stderr().contains("train: " + RUNS.get(0) + " failed: NonFiniteTrainingException: training went non-finite at epoch 1, step 1, on batch ["),
        run.stderr());
    Path published = output.resolve(RUNS.get(0));
    assertFalse(Files.exists(published.resolve(RunFiles.MANIFEST)), "no manifest under the run's name");
    assertFalse(Files.exists(published.resolve(RunFiles.CHECKPOINT)), "no final checkpoint under the run's name");
    assertTrue(RunFiles.completed(new LocalObjectStore(published)).isEmpty());
    JsonNode registry = JSON.readTree(output.resolve(TrainPipeline.REGISTRY).toFile());
    assertEquals(0, registry.get("runs").size(), registry.toString());
    assertTrue(registry.get("failed").get(RUNS.get(0)).asText().contains("non-finite"), registry.toString());
  }

  /**
   * The seed's other kinds of run: a model with the UNet aux head ({@code head: unet}) on two
   * folds, and a full-data twin trained on every patient ({@code folds: [all]}), which joins the
   * fold runs' ensemble member and is tuned with it.
   */
  @Test
  void aUnetHeadModelAndAFullDataTwinTrainScoreFromTheirCheckpointsAndTuneAsOneMember() throws Exception {
    Path kinds = Files.writeString(dir.resolve("kinds.yaml"), "data: " + dataset + "\nfolds: 2\nmodels:\n"
        + "  - name: tiny-unet\n    head: unet\n" + TINY + "    folds: [0, 1]\n    seeds: [1]\n"
        + "  - name: tiny-full\n" + TINY + "    folds: [all]\n    seeds: [5]\n");
    Path zoo = dir.resolve("zoo-kinds");
    CliRun train = CliRun.of("train", "--spec", kinds.toString(), "--output", zoo.toString());
    assertEquals(0, train.exitCode(), train.stderr());

    Map<String, JsonNode> runs = new TreeMap<>();
    JSON.readTree(zoo.resolve(TrainPipeline.REGISTRY).toFile()).get("runs").forEach(r -> runs.put(r.get("id").asText(), r));
    assertEquals(List.of("tiny-full/fold-all-seed-5", "tiny-unet/fold-0-seed-1", "tiny-unet/fold-1-seed-1"), List.copyOf(runs.keySet()));
    JsonNode full = runs.get("tiny-full/fold-all-seed-5");
    int windows = runs.get("tiny-unet/fold-0-seed-1").get("training_windows").asInt() + runs.get("tiny-unet/fold-0-seed-1").get("validation_windows").asInt();
    assertEquals(windows, full.get("training_windows").asInt(), "the full-data run trains on every window");
    assertEquals(0, full.get("validation_windows").asInt());
    assertTrue(full.get("study_predictions").isEmpty() && full.get("series_predictions").isEmpty(), "and has no out-of-fold predictions");
    assertTrue(RunFiles.completed(new LocalObjectStore(zoo.resolve("tiny-full/fold-all-seed-5"))).isPresent());

    Path unet = zoo.resolve("tiny-unet/fold-0-seed-1").resolve(RunFiles.CHECKPOINT);
    assertTrue(Files.readString(unet.resolve(SequenceCheckpoint.CONFIG)).contains("\"head\" : \"UNET\""), "the head type is recorded");
    try (SequenceModel model = SequenceCheckpoint.load(unet)) {
      assertEquals(AuxHead.UNET, model.config().head());
      assertEquals(0.125, model.config().auxLossWeight(), "the seed's loss1 + loss2 * 0.125");
      Shape[] outputs = model.block().getOutputShapes(new Shape[] {model.config().inputShape(2)});
      assertEquals(List.of(new Shape(2, 32, 10), new Shape(64, 4, 16, 16)), List.of(outputs), "logits, then the masks at a quarter of 64 px");
    }
    // score loads a member's runs with SequencePredictor.load, from the checkpoint alone.
    List<SequenceSample> some = SequenceDatasetReader.open(dataset).readShard(0);
    try (SequencePredictor predictor = SequencePredictor.load(unet, 2)) {
      for (float[][] window : predictor.predict(some)) {
        assertEquals(32, window.length);
        for (float[] step : window) {
          for (float p : step) {
            assertTrue(p >= 0 && p <= 1, "a probability: " + p);
          }
        }
      }
    }

    // The full-data twin joins the UNet model's member: tuned on the fold runs, it keeps their weight.
    StringBuilder ensemble = new StringBuilder("members:\n  - name: organs\n    model: tiny-unet\n    variant: ours\n    weight: 1.0\n    runs:\n");
    for (JsonNode run : runs.values()) {
      ensemble.append("      - {path: ").append(run.get("id").asText()).append(", sha256: \"")
          .append(run.get("files").get(EnsembleSpec.CHECKPOINT_PARAMETERS).asText()).append("\"}\n");
    }
    Path tuned = dir.resolve("kinds-tuned.yaml");
    CliRun tune = CliRun.of("tune-ensemble", "--registry", zoo.resolve(TrainPipeline.REGISTRY).toString(), "--truth",
        dataset.resolve("train.csv").toString(), "--spec", Files.writeString(dir.resolve("kinds-ensemble.yaml"), ensemble).toString(),
        "--output", tuned.toString());
    assertEquals(0, tune.exitCode(), tune.stderr());
    List<String> members = new ArrayList<>();
    EnsembleSpec.read(tuned.toString()).members().get(0).runs().forEach(r -> members.add(r.path()));
    assertEquals(List.copyOf(runs.keySet()), members, "the tuned member keeps its full-data run");
  }

  @Test
  void aBadSpecIsRefusedBeforeAnythingTrains() throws Exception {
    String text = Files.readString(spec);
    Map<String, String> faults = new TreeMap<>(Map.of(
        "encoder: resnet18", "encoder: resnet19",
        "folds: [0, 1]", "folds: [0, 2]",
        "data: build/dataset\n", "",
        // ImageNet weights that are not there, and weights for a tiny encoder that no library makes.
        "preset: tiny", "preset: method\n    pretrained: " + dir.resolve("nowhere.pt"),
        "task: organs", "task: organs\n    pretrained: " + dir.resolve("nowhere.pt"),
        // Two windows a step cannot be three micro-batches of one size.
        "batch_size: 2", "batch_size: 2\n    accumulate_batches: 3"));
    for (Map.Entry<String, String> fault : faults.entrySet()) {
      Path bad = Files.writeString(dir.resolve("bad.yaml"), text.replace(fault.getKey(), fault.getValue()));
      Path output = dir.resolve("never");
      List<String> args = new ArrayList<>(List.of("train", "--spec", bad.toString(), "--output", output.toString()));
      if (!fault.getKey().startsWith("data")) {
        args.addAll(List.of("--data", dataset.toString()));
      }
      CliRun run = CliRun.of(args.toArray(String[]::new));
      assertEquals(2, run.exitCode(), fault + ": " + run.stderr());
      assertTrue(run.stderr().startsWith("error: " + bad), run.stderr());
      assertFalse(Files.exists(output), "nothing was written for " + fault);
    }
    CliRun noDataset = CliRun.of("train", "--spec", spec.toString(), "--data", dir.resolve("nowhere").toString(), "--output", dir.resolve("x").toString());
    assertEquals(2, noDataset.exitCode());
    assertTrue(noDataset.stderr().contains("run make-volumes first"), noDataset.stderr());
  }

  @Test
  void aModelWithAccumulatedBatchesTrainsAndIsScored() throws Exception {
    Path accumulated = Files.writeString(dir.resolve("accumulated.yaml"), Files.readString(spec)
        .replace("batch_size: 2", "batch_size: 4\n    accumulate_batches: 2").replace("folds: [0, 1]", "folds: [0]")
        .replace("seeds: [1, 2]", "seeds: [1]"));
    Path output = dir.resolve("accumulated");
    CliRun run = CliRun.of("train", "--spec", accumulated.toString(), "--data", dataset.toString(), "--output", output.toString());
    assertEquals(0, run.exitCode(), run.stderr());
    assertTrue(RunFiles.completed(new LocalObjectStore(output.resolve(RUNS.get(0)))).isPresent(), "the run was published");
    JsonNode runs = JSON.readTree(output.resolve(TrainPipeline.REGISTRY).toFile()).get("runs");
    assertEquals(1, runs.size(), runs.toString());
    assertEquals(RUNS.get(0), runs.get(0).get("id").asText());
    assertTrue(Double.isFinite(runs.get(0).get("fold_score").asDouble()), "scored on its held-out fold: " + runs);
  }

  @Test
  void aModelWithPretrainedWeightsStartsFromThemAndTrains() throws Exception {
    TorchReference.requireInstalled();
    Path weights = dir.resolve("resnet18.pt");
    ReferenceTools.run(ReferenceTools.PYTHON, "-c", "import sys, torch, torchvision; torch.manual_seed(5); "
        + "torch.save(torchvision.models.resnet18().state_dict(), sys.argv[1])", weights.toString());
    // The reference layout at 64 px, one short epoch at a learning rate that barely moves a weight.
    Path pretrained = Files.writeString(dir.resolve("pretrained.yaml"), "data: build/dataset\nfolds: 2\nmodels:\n"
        + "  - name: pretrained-resnet18\n    encoder: resnet18\n    pretrained: " + weights + "\n    preset: method\n"
        + "    task: organs\n    variant: ours\n    size: 64\n    epochs: 1\n    batch_size: 2\n    learning_rate: 1.0e-6\n"
        + "    warmup_epochs: 0\n    folds: [0]\n    seeds: [1]\n");
    Path output = dir.resolve("pretrained");
    CliRun run = CliRun.of("train", "--spec", pretrained.toString(), "--data", dataset.toString(), "--output", output.toString());
    assertEquals(0, run.exitCode(), run.stderr());
    Path checkpoint = output.resolve("pretrained-resnet18/fold-0-seed-1").resolve(RunFiles.CHECKPOINT);
    float[] file = StateDict.read(weights).tensors().get("conv1.weight").values();
    try (SequenceModel trained = SequenceCheckpoint.load(checkpoint);
        SequenceModel seedOnly = SequenceModel.create(trained.config(), 1)) {
      assertTrue(maxAbsDifference(file, stem(trained)) < 1e-4, "the run started from the file's weights: " + maxAbsDifference(file, stem(trained)));
      assertTrue(maxAbsDifference(file, stem(seedOnly)) > 0.1, "not from the seed's: " + maxAbsDifference(file, stem(seedOnly)));
    }
  }

  /** The first convolution's weights (torchvision's conv1.weight) of a ResNet sequence model. */
  private static float[] stem(SequenceModel model) {
    return ((SequenceNetwork) model.block()).encoder().getParameters().get("01stride16_01SequentialBlock_01Conv2d_weight").getArray().toFloatArray();
  }

  private static double maxAbsDifference(float[] a, float[] b) {
    assertEquals(a.length, b.length);
    double max = 0;
    for (int i = 0; i < a.length; i++) {
      max = Math.max(max, Math.abs(a[i] - b[i]));
    }
    return max;
  }

  private static Process startTrain(Path output, Path log) throws IOException {
    return TraumaflowProcess.start("2g", log, List.of("train", "--spec", spec.toString(), "--data", dataset.toString(), "--output", output.toString()));
  }

  /** A run whose manifest is written, or null. */
  private static String firstPublished(Path output) {
    return RUNS.stream().filter(id -> Files.exists(output.resolve(id).resolve(RunFiles.MANIFEST))).findFirst().orElse(null);
  }

  /** Every JSON file under its final name parses and every run with a manifest verifies; a killed write leaves only hidden temporaries. */
  private static void assertEverythingVisibleIsComplete(Path output) throws IOException {
    if (!Files.exists(output)) {
      return;
    }
    try (Stream<Path> files = Files.walk(output)) {
      for (Path file : files.filter(Files::isRegularFile).filter(f -> !f.getFileName().toString().startsWith(".")).toList()) {
        if (file.getFileName().toString().endsWith(".json")) {
          JSON.readTree(file.toFile());
        }
      }
    }
    for (String id : RUNS) {
      if (Files.exists(output.resolve(id).resolve(RunFiles.MANIFEST))) {
        assertTrue(RunFiles.completed(new LocalObjectStore(output.resolve(id))).isPresent(), id + " has a manifest, so every file it lists is whole");
      }
    }
  }

  private static void assertEveryRunRegisteredOnceAndVerified(Path output) throws IOException {
    List<String> ids = new ArrayList<>();
    JSON.readTree(output.resolve(TrainPipeline.REGISTRY).toFile()).get("runs").forEach(r -> ids.add(r.get("id").asText()));
    assertEquals(RUNS, ids, "every run exactly once");
    for (String id : RUNS) {
      assertTrue(RunFiles.completed(new LocalObjectStore(output.resolve(id))).isPresent(), id + " verifies against its manifest");
    }
    assertFalse(Files.exists(output.resolve(OutputLock.KEY)));
  }

  private static Map<String, FileTime> checkpointTimes(Path output) throws Exception {
    Map<String, FileTime> times = new TreeMap<>();
    for (String id : RUNS) {
      times.put(id, Files.getLastModifiedTime(output.resolve(id).resolve("checkpoint/parameters.djl")));
    }
    return times;
  }
}
