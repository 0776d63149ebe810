package org.traumaflow.pipeline.volumes;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.util.Set;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.traumaflow.pipeline.common.DeadLetterFile;
import org.traumaflow.pipeline.common.RunnerTuning;
import org.traumaflow.pipeline.preprocess.PreprocessPipeline;
import org.traumaflow.pipeline.series.PrepareAndSegment;
import org.traumaflow.pipeline.series.PreprocessOptions;
import org.traumaflow.pipeline.series.PreprocessSpec;
import org.traumaflow.pipeline.series.PreprocessSpecFile;
import org.traumaflow.pipeline.series.SeriesSource;
import org.traumaflow.preprocess.Preprocessing;
import org.traumaflow.sequence.SequenceDatasetFormat;
import org.traumaflow.spec.InvalidSpecException;
import org.traumaflow.storage.Locations;
import org.traumaflow.storage.ObjectStore;

/**
 * {@code traumaflow make-volumes}: the training patients of a dataset in the competition layout
 * to the stage-2 training dataset ({@link SequenceDatasetFormat}: shards of windows with soft
 * targets and aux masks, a manifest written last), plus {@code dead_letters.jsonl}, a copy
 * of {@code train.csv} beside it, so training and its out-of-fold scoring need nothing else, and
 * the preprocessing spec the windows were made with ({@link Preprocessing#RECORDED_SPEC}), which
 * {@code train} copies into every run.
 */
public final class MakeVolumesPipeline {
  /** The copy of the competition's train.csv in the dataset, the truth of out-of-fold scores. */
  public static final String TRAIN_CSV = "train.csv";
  public static final String DEAD_LETTERS = "dead_letters.jsonl";

  private MakeVolumesPipeline() {}

  /** Launches the pipeline and returns without waiting for the job, as {@link PreprocessPipeline#main} does for a template's launcher. */
  public static void main(String[] args) throws InvalidSpecException, IOException {
    run(PipelineOptionsFactory.fromArgs(args).withValidation().as(PreprocessOptions.class));
  }

  /**
   * Builds and starts the pipeline; fails before starting when the options cannot make a
   * training dataset.
   *
   * @throws IllegalArgumentException without a segmentation checkpoint (targets need organ visibility)
   */
  public static PipelineResult run(PreprocessOptions options) throws InvalidSpecException, IOException {
    if (options.getSegmentationModel() == null || options.getSegmentationModel().isBlank()) {
      throw new IllegalArgumentException("make-volumes needs --segmentation-model: the soft targets are organ visibility x label");
    }
    PreprocessSpecFile given = PreprocessSpecFile.given(options.getSpec());
    PreprocessSpec spec = given.spec();
    RunnerTuning.configure(options);
    Pipeline pipeline = Pipeline.create(options);
    String input = Locations.trimmed(options.getInput());
    String output = Locations.trimmed(options.getOutput());
    ObjectStore labels = ObjectStore.at(input);
    String trainCsv = readText(labels, "train.csv");
    String imageLevelCsv = readText(labels, "image_level_labels.csv");

    ObjectStore dataset = ObjectStore.at(output);
    // The old manifest goes before any shard is replaced, so a run cut short never leaves a
    // manifest that vouches for shards it did not write.
    dataset.delete(SequenceDatasetFormat.MANIFEST);
    dataset.write(TRAIN_CSV, trainCsv.getBytes(StandardCharsets.UTF_8));
    dataset.write(Preprocessing.RECORDED_SPEC, given.yaml());

    PCollectionTuple found = pipeline.apply("Discover series", SeriesSource.of(options).withSplits(Set.of("train")));
    PCollectionTuple stage1 = found.get(SeriesSource.SERIES).apply("Prepare and segment", PrepareAndSegment.from(options, spec));
    PCollectionTuple made = stage1.get(PrepareAndSegment.SEGMENTED)
        .apply("Make volumes", MakeVolumes.of(spec.sequenceConfig(), spec.variants()).withLabels(trainCsv, imageLevelCsv));
    made.get(MakeVolumes.SAMPLES)
        .apply("Write dataset", WriteSequenceDataset.to(output, spec.sequenceConfig(), spec.sequences().samplesPerShard()));
    PCollectionList.of(found.get(SeriesSource.DEAD_LETTERS)).and(stage1.get(PrepareAndSegment.DEAD_LETTERS)).and(made.get(MakeVolumes.DEAD_LETTERS))
        .apply("Gather dead letters", Flatten.pCollections())
        .apply("Dead letters", DeadLetterFile.to(output + "/" + DEAD_LETTERS));
    return pipeline.run();
  }

  private static String readText(ObjectStore dataset, String name) throws IOException {
    try {
      return new String(dataset.read(name), StandardCharsets.UTF_8);
    } catch (NoSuchFileException absent) {
      throw new NoSuchFileException(dataset.uri(name), null, "the dataset has no such label file");
    }
  }
}
