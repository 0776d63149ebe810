package org.traumaflow.pipeline.volumes;

import java.io.IOException;
import java.io.StringReader;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;
import org.traumaflow.label.ImageLabel;
import org.traumaflow.label.LabelTables;
import org.traumaflow.label.PatientLabels;
import org.traumaflow.pipeline.common.DeadLetter;
import org.traumaflow.pipeline.common.SeriesRef;
import org.traumaflow.pipeline.common.StepTime;
import org.traumaflow.seg.SegmentedSeries;
import org.traumaflow.seg.StudyOrgans;
import org.traumaflow.sequence.SequenceConfig;
import org.traumaflow.sequence.SequenceMaker;
import org.traumaflow.sequence.SequenceSample;
import org.traumaflow.sequence.SeriesLabels;

/**
 * Stage 2's input: each segmented series, per preprocessing variant, as its windows of 32 slice
 * triplets cropped to the study box and resized ({@link SequenceMaker}). With labels (training)
 * each step carries its soft targets; without (scoring) the targets are zeros. A series that
 * cannot be made (no such variant, no labels for its patient, organs that do not fit) goes to
 * {@link #DEAD_LETTERS} with the reason; the others continue.
 *
 * <pre>{@code
 * PCollectionTuple made = segmented.apply(MakeVolumes.of(SequenceConfig.method(), List.of("ours", "theo"))
 *     .withLabels(trainCsv, imageLevelLabelsCsv));
 * PCollection<SequenceSample> samples = made.get(MakeVolumes.SAMPLES);
 * }</pre>
 */
public final class MakeVolumes extends PTransform<PCollection<KV<SeriesRef, SegmentedSeries>>, PCollectionTuple> {
  public static final TupleTag<SequenceSample> SAMPLES = new TupleTag<>() {};
  public static final TupleTag<DeadLetter> DEAD_LETTERS = new TupleTag<>() {};

  private final SequenceConfig config;
  private final List<String> variants;
  private final LabelText labels;

  /** The competition's label files as text, parsed on the workers (they are a few hundred kilobytes). */
  record LabelText(String trainCsv, String imageLevelCsv) implements java.io.Serializable {}

  private MakeVolumes(SequenceConfig config, List<String> variants, LabelText labels) {
    this.config = config;
    this.variants = List.copyOf(variants);
    this.labels = labels;
  }

  /** Without labels: windows for scoring, targets all zero. */
  public static MakeVolumes of(SequenceConfig config, List<String> variants) {
    if (variants.isEmpty()) {
      throw new IllegalArgumentException("at least one preprocessing variant is needed");
    }
    return new MakeVolumes(config, variants, null);
  }

  /** A copy that attaches training targets from {@code train.csv} and {@code image_level_labels.csv} (their text). */
  public MakeVolumes withLabels(String trainCsv, String imageLevelCsv) {
    return new MakeVolumes(config, variants, new LabelText(trainCsv, imageLevelCsv));
  }

  @Override
  public PCollectionTuple expand(PCollection<KV<SeriesRef, SegmentedSeries>> series) {
    PCollectionTuple out = series.apply("Make slice sequences", ParDo.of(new MakeFn(config, variants, labels))
        .withOutputTags(SAMPLES, TupleTagList.of(DEAD_LETTERS)));
    return out;
  }

  private static final class MakeFn extends DoFn<KV<SeriesRef, SegmentedSeries>, SequenceSample> {
    private static final String STAGE = "make-volumes";
    private final Counter windows = Metrics.counter(MakeVolumes.class, "windows-made");
    private final StepTime time = StepTime.of(StepTime.MAKE_VOLUMES);
    private final SequenceConfig config;
    private final List<String> variants;
    private final LabelText labels;
    private transient SequenceMaker maker;
    private transient Map<Integer, PatientLabels> patients;
    private transient List<ImageLabel> imageLabels;

    MakeFn(SequenceConfig config, List<String> variants, LabelText labels) {
      this.config = config;
      this.variants = variants;
      this.labels = labels;
    }

    @Setup
    public void setup() throws IOException {
      maker = new SequenceMaker(config);
      if (labels != null) {
        patients = LabelTables.readTrain("train.csv", new StringReader(labels.trainCsv()));
        imageLabels = LabelTables.readImageLevel("image_level_labels.csv", new StringReader(labels.imageLevelCsv()));
      }
    }

    @ProcessElement
    public void process(@Element KV<SeriesRef, SegmentedSeries> element, MultiOutputReceiver out) {
      SeriesRef ref = element.getKey();
      SegmentedSeries series = element.getValue();
      try {
        int patient = patientNumber(ref.patientId());
        Optional<StudyOrgans> organs = Optional.ofNullable(series.organs());
        Optional<SeriesLabels> seriesLabels = Optional.empty();
        if (labels != null) {
          PatientLabels patientLabels = patients.get(patient);
          if (patientLabels == null) {
            throw new IllegalArgumentException("patient " + patient + " has no row in train.csv");
          }
          seriesLabels = Optional.of(SeriesLabels.of(patientLabels, Integer.parseInt(ref.seriesId()), imageLabels));
        }
        for (String variant : variants) {
          Optional<SeriesLabels> targets = seriesLabels;
          List<SequenceSample> made = time.measure(() -> maker.make(patient, ref.seriesId(), series.prepared(), variant, organs, targets));
          for (SequenceSample sample : made) {
            out.get(SAMPLES).output(sample);
            windows.inc();
          }
        }
      } catch (RuntimeException failed) {
        out.get(DEAD_LETTERS).output(new DeadLetter(STAGE, ref.key(), ref.key(), failed.getClass().getSimpleName(),
            String.valueOf(failed.getMessage()), true));
      }
    }

    /** The competition's patient ids are numbers; a folder named otherwise cannot be one. */
    private static int patientNumber(String folder) {
      try {
        return Integer.parseInt(folder);
      } catch (NumberFormatException notANumber) {
        throw new IllegalArgumentException("patient folder '" + folder + "' is not a numeric patient_id");
      }
    }
  }
}
