package org.traumaflow.pipeline.train;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Serializable;
import java.nio.file.Path;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.ParDo;
import org.traumaflow.pipeline.common.RunnerTuning;
import org.traumaflow.pipeline.preprocess.PreprocessPipeline;
import org.traumaflow.pipeline.series.PreprocessSpecFile;
import org.traumaflow.seg.SegmentationRun;
import org.traumaflow.spec.InvalidSpecException;

/**
 * {@code train-segmentation} as a pipeline, for the Flex Template: one worker (a GPU one on
 * Dataflow) trains the stage-1 model on a dataset at a folder or {@code gs://} prefix and writes
 * the checkpoint to a folder or {@code gs://} prefix, its manifest last. Steps: 1 the training job,
 * checked in the launcher (settings and preprocessing spec); 2 train it
 * ({@link SegmentationRun}, as the command does through {@link #prepare}), on a local copy of the
 * masked series ({@link Stage1TrainingData}).
 */
public final class TrainSegmentationPipeline {
  private TrainSegmentationPipeline() {}

  /** Launches the pipeline and returns without waiting for the job, as {@link PreprocessPipeline#main} does for a template's launcher. */
  public static void main(String[] args) throws InvalidSpecException {
    run(PipelineOptionsFactory.fromArgs(args).withValidation().as(TrainSegmentationOptions.class));
  }

  /**
   * Builds and starts the pipeline; a bad setting or spec fails here, before any job starts.
   *
   * @throws IllegalArgumentException naming the setting out of range
   */
  public static PipelineResult run(TrainSegmentationOptions options) throws InvalidSpecException {
    PreprocessSpecFile spec = PreprocessSpecFile.given(options.getSpec());
    Job job = new Job(options.getInput(), options.getOutput(), spec, settings(options), options.getWorkDir());
    RunnerTuning.configure(options);
    Pipeline pipeline = Pipeline.create(options);
    pipeline
        .apply("Training job", Create.of(job))
        .apply("Train segmentation", ParDo.of(new TrainFn()));
    return pipeline.run();
  }

  /**
   * The run {@code settings} make of the local dataset at {@code root}, on the stage-1 slices of
   * {@code given} at the size the settings ask for, which is also the spec the checkpoint records.
   *
   * @throws IllegalArgumentException when fewer patients have masks than there are folds
   */
  public static SegmentationRun prepare(Path root, PreprocessSpecFile given, SegmentationRun.Settings settings, PrintWriter log)
      throws IOException {
    PreprocessSpecFile trainedWith = settings.size() != null ? given.withStage1Size(settings.size()) : given;
    return SegmentationRun.prepare(root, trainedWith.spec().stage1Settings(), trainedWith.yaml(), settings, log);
  }

  private static SegmentationRun.Settings settings(TrainSegmentationOptions options) {
    return new SegmentationRun.Settings(options.getModel(), options.getSize() > 0 ? options.getSize() : null, options.getEpochs(),
        options.getBatchSize(), options.getLearningRate(), options.getFolds(), options.getFold(), options.getSeed(),
        SegmentationRun.Settings.foldModels(options.getFoldModels()), options.getAugment());
  }

  /** Everything the worker needs, resolved in the launcher. */
  record Job(String input, String output, PreprocessSpecFile spec, SegmentationRun.Settings settings, String workDir)
      implements Serializable {}

  /** Trains one job and outputs where its checkpoint went. */
  private static final class TrainFn extends DoFn<Job, String> {
    @ProcessElement
    public void process(@Element Job job, OutputReceiver<String> out) throws IOException {
      Path workDir = Path.of(job.workDir() == null || job.workDir().isBlank() ? System.getProperty("java.io.tmpdir") : job.workDir());
      PrintWriter log = new PrintWriter(System.err, true);
      try (Stage1TrainingData data = Stage1TrainingData.of(job.input(), workDir)) {
        prepare(data.root(), job.spec(), job.settings(), log).train(job.output(), log);
      }
      out.output(job.output());
    }
  }
}
