package org.traumaflow.zoo;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.traumaflow.label.GroupKFold;
import org.traumaflow.label.LabelTables;
import org.traumaflow.label.PatientLabels;
import org.traumaflow.label.SliceTarget;
import org.traumaflow.metric.CompetitionMetric;
import org.traumaflow.metric.PriorBaseline;
import org.traumaflow.model.EpochCheckpoints;
import org.traumaflow.model.SequenceCheckpoint;
import org.traumaflow.model.SequenceEpochReport;
import org.traumaflow.model.SequenceModel;
import org.traumaflow.model.SequenceModelConfig;
import org.traumaflow.model.SequencePredictor;
import org.traumaflow.model.SequenceTrainer;
import org.traumaflow.nn.NonFiniteTrainingException;
import org.traumaflow.preprocess.Preprocessing;
import org.traumaflow.sequence.DatasetWindows;
import org.traumaflow.sequence.SequenceDatasetReader;
import org.traumaflow.sequence.SequenceSample;
import org.traumaflow.sequence.WindowBlocks;
import org.traumaflow.sequence.WindowRef;
import org.traumaflow.sequence.WindowSource;
import org.traumaflow.sequence.WindowStream;
import org.traumaflow.storage.FolderTransfer;
import org.traumaflow.storage.LocalMirror;
import org.traumaflow.storage.LocalTree;
import org.traumaflow.storage.ObjectStore;

/**
 * Trains one run of the zoo and publishes it ({@link RunFiles}): reads the run's variant of the
 * stage-2 dataset, splits patients into folds (GroupKFold, deterministic), trains on the others
 * (the encoder starting from the run's pretrained state dict when it names one), predicts the
 * held-out fold, scores it with the competition metric next to the label prior,
 * and writes the checkpoint, metrics, out-of-fold predictions, record and the preprocessing spec the
 * dataset records ({@link Preprocessing#RECORDED_SPEC}), the manifest last.
 * After every epoch its checkpoint is uploaded too, so an interrupted run can resume from its
 * last epoch on any machine. A run whose training fails (a {@link NonFiniteTrainingException},
 * say) writes no final checkpoint and no manifest, so it is never taken for complete.
 *
 * <p>The run's memory does not grow with the dataset: the fold split and the balanced sampling
 * work from the dataset's index ({@link SequenceDatasetReader#refs()}: patients, target maxima,
 * shard offsets), and the windows themselves are read shard by shard on background threads as
 * training, validation and the out-of-fold predictions reach them ({@link DatasetWindows}).
 */
public final class RunTrainer {
  /** The scratch folder a {@code gs://} state dict is copied into, for the reader that reads local files. */
  private static final String PRETRAINED = "pretrained";
  /** The scratch folder a {@code gs://} TorchScript encoder is copied into, for libtorch, which loads local files. */
  private static final String ENCODER = "encoder";

  private final Path workDir;
  private final boolean resume;
  private final Consumer<String> progress;

  /**
   * @param workDir local scratch space for checkpoints before they are uploaded
   * @param resume continue from the newest epoch checkpoint the run has stored
   * @param progress receives one line per epoch and per milestone
   */
  public RunTrainer(Path workDir, boolean resume, Consumer<String> progress) {
    this.workDir = workDir;
    this.resume = resume;
    this.progress = progress;
  }

  /** Trains {@code run} and publishes it under {@code runStore}; returns its record. */
  public RunRecord train(TrainingRun run, ObjectStore runStore) throws IOException {
    SequenceModelConfig config = SequenceModelConfig.fromJson(run.configJson());
    ObjectStore data = ObjectStore.at(run.data());
    Map<Integer, PatientLabels> truth = LabelTables.readTrain(run.data() + "/train.csv",
        new java.io.StringReader(new String(data.read("train.csv"), StandardCharsets.UTF_8)));
    SequenceDatasetReader dataset = SequenceDatasetReader.open(data);
    List<WindowRef> refs = dataset.refs().stream()
        .filter(r -> r.variant().equals(run.variant()))
        .toList();
    if (refs.isEmpty()) {
      throw new IllegalArgumentException(run.id() + ": the dataset at " + run.data() + " has no '" + run.variant() + "' windows");
    }
    Map<String, Integer> windowsPerPatient = new TreeMap<>();
    refs.forEach(r -> windowsPerPatient.merge(Integer.toString(r.patientId()), 1, Integer::sum));
    if (windowsPerPatient.size() < run.folds()) {
      throw new IllegalArgumentException(run.id() + ": " + windowsPerPatient.size() + " patients cannot make " + run.folds() + " folds");
    }
    Map<String, Integer> foldOf = GroupKFold.assign(windowsPerPatient, run.folds());
    List<WindowRef> trainingRefs = new ArrayList<>();
    List<WindowRef> validationRefs = new ArrayList<>();
    for (WindowRef r : refs) {
      boolean heldOut = run.fold() != TrainingRun.ALL_PATIENTS && foldOf.get(Integer.toString(r.patientId())) == run.fold();
      (heldOut ? validationRefs : trainingRefs).add(r);
    }
    WindowSource training = new DatasetWindows(dataset, trainingRefs);
    WindowSource validation = new DatasetWindows(dataset, validationRefs);
    Set<Integer> injured = truth.entrySet().stream().filter(e -> e.getValue().anyInjury()).map(Map.Entry::getKey)
        .collect(Collectors.toSet());

    RunFiles files = new RunFiles(runStore);
    files.open();
    // Scratch starts empty: what a resume continues from is what the run stored, on any machine.
    LocalTree.delete(workDir);
    Path local = Files.createDirectories(workDir);
    Path epochs = local.resolve(RunFiles.EPOCHS);
    ObjectStore storedEpochs = runStore.child(RunFiles.EPOCHS);
    if (resume && !storedEpochs.list("").isEmpty()) {
      FolderTransfer.download(storedEpochs, epochs);
    }
    progress.accept(run.id() + ": " + trainingRefs.size() + " training and " + validationRefs.size() + " validation windows ("
        + run.variant() + ", fold " + (run.fold() == TrainingRun.ALL_PATIENTS ? "all" : run.fold()) + " of " + run.folds() + ")"
        + (run.accumulateBatches() == 1 ? "" : ", batches of " + run.batchSize() + " as " + run.accumulateBatches() + " micro-batches of "
            + run.microBatchSize()));
    List<RunRecord.Epoch> history = new ArrayList<>();
    SequenceTrainer trainer = SequenceTrainer.builder()
        .optEpochs(run.epochs()).optBatchSize(run.batchSize()).optAccumulateBatches(run.accumulateBatches())
        .optLearningRate((float) run.learningRate())
        .optWarmupEpochs(run.warmupEpochs()).optSeed(run.seed()).optInjuredPatients(injured)
        .optCheckpointDir(epochs).optResume(resume)
        .optListener(report -> {
          progress.accept(run.id() + ": " + report.format());
          uploadEpoch(epochs, report.epoch(), storedEpochs);
        })
        .build();

    SortedMap<Integer, SortedMap<String, Map<String, Double>>> series;
    try (SequenceModel model = newModel(run, config, local)) {
      if (run.pretrained() != null) {
        // Before any epoch: a resumed run then replaces these with its last epoch's weights.
        int tensors = model.loadPretrainedEncoder(LocalMirror.file(run.pretrained(), local.resolve(PRETRAINED)));
        progress.accept(run.id() + ": encoder weights from " + run.pretrained() + " (" + tensors + " tensors)");
      }
      for (SequenceEpochReport report : trainer.train(model, training, validation)) {
        history.add(new RunRecord.Epoch(report.epoch(), report.meanLoss(), report.validated() ? report.validationLoss() : Double.NaN));
      }
      Path checkpoint = local.resolve(RunFiles.CHECKPOINT);
      SequenceCheckpoint.save(checkpoint, model);
      ObjectStore storedCheckpoint = runStore.child(RunFiles.CHECKPOINT);
      FolderTransfer.upload(checkpoint, storedCheckpoint);
      for (String key : storedCheckpoint.list("")) {
        files.add(RunFiles.CHECKPOINT + "/" + key);
      }
      try (SequencePredictor predictor = SequencePredictor.of(model, run.microBatchSize())) {
        series = predictOutOfFold(predictor, validation, run.microBatchSize(), files);
      }
    }
    SortedMap<Integer, Map<String, Double>> studies = patientMaxima(series);
    double foldScore = Double.NaN;
    double priorScore = Double.NaN;
    if (!studies.isEmpty()) {
      Map<Integer, PatientLabels> heldOut = new TreeMap<>();
      studies.keySet().forEach(p -> heldOut.put(p, truth.get(p)));
      PriorBaseline prior = PriorBaseline.prevalence(truth);
      foldScore = CompetitionMetric.score(heldOut, StudyPredictions.submission(run.id(), studies, prior)).mean();
      priorScore = CompetitionMetric.score(heldOut, prior.submissionFor("label prior", heldOut.keySet())).mean();
      progress.accept(String.format(Locale.ROOT, "%s: held-out score %.4f (label prior %.4f) on %d patients",
          run.id(), foldScore, priorScore, studies.size()));
    }
    files.write(RunFiles.METRICS, out -> out.write(metricsJson(history)));
    Optional<byte[]> preprocessing = recordedPreprocessing(data);
    if (preprocessing.isPresent()) {
      files.write(Preprocessing.RECORDED_SPEC, out -> out.write(preprocessing.get()));
    }
    RunRecord record = new RunRecord(run.id(), run.model(), run.fold(), run.seed(), config.task().name().toLowerCase(Locale.ROOT),
        run.variant(), runStore.uri(""), history, trainingRefs.size(), validationRefs.size(), foldScore, priorScore, studies, series,
        new TreeMap<>());
    files.write(RunFiles.RUN, out -> out.write(record.toJson()));
    files.commit();
    LocalTree.delete(workDir);
    return record.withFiles(files.files());
  }

  /** The preprocessing spec the dataset's windows were made with; empty for a dataset made before datasets recorded it. */
  private static Optional<byte[]> recordedPreprocessing(ObjectStore data) throws IOException {
    try {
      return Optional.of(data.read(Preprocessing.RECORDED_SPEC));
    } catch (NoSuchFileException older) {
      return Optional.empty();
    }
  }

  /** The run's network, on its TorchScript encoder when it names one; the checkpoint then carries the fine-tuned module. */
  private static SequenceModel newModel(TrainingRun run, SequenceModelConfig config, Path local) throws IOException {
    return run.encoderPath() == null ? SequenceModel.create(config, run.seed())
        : SequenceModel.create(config, LocalMirror.file(run.encoderPath(), local.resolve(ENCODER)), run.seed());
  }

  /**
   * Per held-out window and step the outputs, written as the windows are read in batches of
   * {@code batchSize}; per patient and series the max over the series' windows (METHOD.md), and
   * per patient the max over its series in {@link RunFiles#OOF_STUDIES}.
   */
  private static SortedMap<Integer, SortedMap<String, Map<String, Double>>> predictOutOfFold(SequencePredictor predictor,
      WindowSource validation, int batchSize, RunFiles files) throws IOException {
    List<SliceTarget> targets = predictor.task().targets();
    Map<Integer, Map<String, float[]>> maxima = new HashMap<>();
    files.write(RunFiles.OOF_SLICES, out -> {
      Writer slices = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
      slices.append("patient_id,series_id,variant,window,step,slice");
      for (SliceTarget t : targets) {
        slices.append(',').append(t.column());
      }
      slices.append('\n');
      try (WindowStream windows = validation.read(WindowBlocks.inOrder(validation.refs()))) {
        while (windows.hasNext()) {
          List<SequenceSample> batch = windows.next(batchSize);
          List<float[][]> outputs = predictor.predict(batch);
          for (int w = 0; w < batch.size(); w++) {
            SequenceSample sample = batch.get(w);
            float[][] steps = outputs.get(w);
            float[] max = maxima.computeIfAbsent(sample.patientId(), p -> new HashMap<>())
                .computeIfAbsent(sample.seriesId(), s -> new float[targets.size()]);
            for (int step = 0; step < steps.length; step++) {
              slices.append(Integer.toString(sample.patientId())).append(',').append(sample.seriesId()).append(',').append(sample.variant())
                  .append(',').append(Integer.toString(sample.window())).append(',').append(Integer.toString(step)).append(',')
                  .append(Integer.toString(sample.sourceSlices()[step * SequenceSample.CHANNELS + 1]));
              for (int t = 0; t < targets.size(); t++) {
                slices.append(',').append(Float.toString(steps[step][t]));
                max[t] = Math.max(max[t], steps[step][t]);
              }
              slices.append('\n');
            }
          }
        }
      }
      slices.flush();
    });
    SortedMap<Integer, SortedMap<String, Map<String, Double>>> series = new TreeMap<>();
    maxima.forEach((patient, bySeries) -> bySeries.forEach((seriesId, max) -> {
      Map<String, Double> row = new TreeMap<>();
      for (int t = 0; t < targets.size(); t++) {
        row.put(targets.get(t).column(), (double) max[t]);
      }
      series.computeIfAbsent(patient, p -> new TreeMap<>()).put(seriesId, row);
    }));
    StringBuilder studyCsv = new StringBuilder("patient_id");
    targets.forEach(t -> studyCsv.append(',').append(t.column()));
    studyCsv.append('\n');
    patientMaxima(series).forEach((patient, row) -> {
      studyCsv.append(patient);
      targets.forEach(t -> studyCsv.append(',').append(row.get(t.column())));
      studyCsv.append('\n');
    });
    files.write(RunFiles.OOF_STUDIES, out -> out.write(studyCsv.toString().getBytes(StandardCharsets.UTF_8)));
    return series;
  }

  /** Per patient and target the max over its series: the max over all its windows. */
  private static SortedMap<Integer, Map<String, Double>> patientMaxima(SortedMap<Integer, SortedMap<String, Map<String, Double>>> series) {
    SortedMap<Integer, Map<String, Double>> studies = new TreeMap<>();
    series.forEach((patient, bySeries) -> bySeries.values().forEach(row -> row.forEach((column, p) ->
        studies.computeIfAbsent(patient, k -> new TreeMap<>()).merge(column, p, Math::max))));
    return studies;
  }

  private void uploadEpoch(Path epochs, int epoch, ObjectStore storedEpochs) {
    Path folder = new EpochCheckpoints(epochs).folder(epoch);
    try {
      FolderTransfer.upload(folder, storedEpochs.child(folder.getFileName().toString()));
    } catch (IOException e) {
      // The local checkpoint is still there; only a resume on another machine loses this epoch.
      progress.accept("warning: epoch " + epoch + " checkpoint not uploaded: " + e.getMessage());
    }
  }

  private static byte[] metricsJson(List<RunRecord.Epoch> history) {
    StringBuilder json = new StringBuilder("[\n");
    for (int i = 0; i < history.size(); i++) {
      RunRecord.Epoch e = history.get(i);
      json.append(String.format(Locale.ROOT, "  {\"epoch\": %d, \"loss\": %s, \"validation_loss\": %s}%s%n", e.epoch(),
          number(e.loss()), number(e.validationLoss()), i + 1 < history.size() ? "," : ""));
    }
    return json.append("]\n").toString().getBytes(StandardCharsets.UTF_8);
  }

  private static String number(double v) {
    return Double.isFinite(v) ? Double.toString(v) : "null";
  }
}
