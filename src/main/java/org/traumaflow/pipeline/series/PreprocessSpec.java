package org.traumaflow.pipeline.series;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.traumaflow.dicom.SeriesSelection;
import org.traumaflow.model.InferenceBatch;
import org.traumaflow.preprocess.Preprocessing;
import org.traumaflow.preprocess.SliceWindow;
import org.traumaflow.preprocess.Stage1Input;
import org.traumaflow.seg.Organ;
import org.traumaflow.seg.ReferenceLabels;
import org.traumaflow.seg.SegmentationInference;
import org.traumaflow.seg.StudyCrop;
import org.traumaflow.sequence.SequenceConfig;
import org.traumaflow.spec.InvalidSpecException;
import org.traumaflow.storage.Sha256;
import org.traumaflow.storage.StrictJson;

/**
 * The preprocessing stage's parameters, read from {@code pipelines/preprocess.yaml} (the
 * built-in copy unless a user gives another) by {@link PreprocessSpecFile}. Validated where it is read: an unknown key, a
 * missing section or an out-of-range value is an error naming the file, before anything runs.
 */
public record PreprocessSpec(
    @JsonProperty(value = "window", required = true) Window window,
    @JsonProperty(value = "variants", required = true) List<String> variants,
    @JsonProperty(value = "stage1", required = true) Stage1 stage1,
    @JsonProperty(value = "segmentation", required = true) Segmentation segmentation,
    @JsonProperty(value = "crop", required = true) Crop crop,
    @JsonProperty(value = "sequences", required = true) Sequences sequences,
    @JsonProperty(value = "series", required = true) Series series,
    @JsonProperty(value = "reference_masks", required = true) ReferenceMasks referenceMasks) implements Serializable {

  /** The classpath resource of the built-in spec. */
  public static final String BUILT_IN = "/pipelines/preprocess.yaml";
  /** Chunks or windows forwarded together where a spec does not say: one, the fastest on a CPU. */
  public static final int DEFAULT_BATCH = 1;
  /**
   * Triplets per encoder pass where a spec does not say: two, the fastest on a CPU (a GPU takes
   * whole windows whatever this says), so that the specs models recorded before the key existed
   * score as fast as the built-in one.
   */
  public static final int DEFAULT_ENCODER_TRIPLETS = 2;
  private static final Set<String> KNOWN_VARIANTS = Set.of("ours", "theo");

  public record Window(@JsonProperty(value = "level", required = true) double level,
                       @JsonProperty(value = "width", required = true) double width) implements Serializable {}

  public record Stage1(@JsonProperty(value = "size", required = true) int size,
                       @JsonProperty(value = "slice_step", required = true) int sliceStep) implements Serializable {}

  /** {@code batch_chunks}, chunks per forward pass, may be left out: {@value #DEFAULT_BATCH}. */
  public record Segmentation(@JsonProperty(value = "chunk_depth", required = true) int chunkDepth,
                             @JsonProperty(value = "threshold", required = true) double threshold,
                             @JsonProperty(value = "batch_chunks") Integer batchChunks) implements Serializable {
    public SegmentationInference inference() {
      return new SegmentationInference(chunkDepth, threshold, batchChunks == null ? DEFAULT_BATCH : batchChunks);
    }
  }

  /** The study crop ({@link StudyCrop}). */
  public record Crop(@JsonProperty(value = "min_component_fraction", required = true) double minComponentFraction,
                     @JsonProperty(value = "margin_mm", required = true) double marginMm) implements Serializable {
    public StudyCrop studyCrop() {
      return new StudyCrop(minComponentFraction, marginMm);
    }
  }

  /** The series selection rules ({@link SeriesSelection}). */
  public record Series(@JsonProperty(value = "modalities", required = true) List<String> modalities,
                       @JsonProperty(value = "exclude_image_types", required = true) List<String> excludeImageTypes,
                       @JsonProperty(value = "axial_tolerance_degrees", required = true) double axialToleranceDegrees,
                       @JsonProperty(value = "min_slices", required = true) int minSlices,
                       @JsonProperty(value = "pixel_spacing_mm", required = true) List<Double> pixelSpacingMm,
                       @JsonProperty(value = "min_matrix", required = true) int minMatrix) implements Serializable {
    public SeriesSelection selection() {
      return new SeriesSelection(modalities, excludeImageTypes, axialToleranceDegrees, minSlices, pixelSpacingMm, minMatrix);
    }
  }

  public record Sequences(@JsonProperty(value = "size", required = true) int size,
                          @JsonProperty(value = "mask_size", required = true) int maskSize,
                          @JsonProperty(value = "step", required = true) int step,
                          @JsonProperty(value = "stride", required = true) int stride,
                          @JsonProperty(value = "stride_cutoff", required = true) int strideCutoff,
                          @JsonProperty(value = "keep", required = true) int keep,
                          @JsonProperty(value = "samples_per_shard", required = true) int samplesPerShard,
                          @JsonProperty(value = "batch_windows") Integer batchWindows,
                          @JsonProperty(value = "encoder_triplets") Integer encoderTriplets) implements Serializable {
    /** Windows each ensemble member forwards together when scoring; {@value #DEFAULT_BATCH} when the spec leaves it out. */
    public int windowsPerForward() {
      return batchWindows == null ? DEFAULT_BATCH : batchWindows;
    }

    /**
     * How each ensemble member takes its windows when scoring: {@link #windowsPerForward()} windows,
     * their triplets {@code encoder_triplets} ({@value #DEFAULT_ENCODER_TRIPLETS} when the spec leaves
     * it out) at a time through the encoder.
     */
    public InferenceBatch inferenceBatch() {
      return new InferenceBatch(windowsPerForward(), encoderTriplets == null ? DEFAULT_ENCODER_TRIPLETS : encoderTriplets);
    }
  }

  /** For each organ, the labels of the reference masks ({@code preprocess --masks}) that make it up. */
  public record ReferenceMasks(@JsonProperty(value = "liver", required = true) List<Integer> liver,
                               @JsonProperty(value = "spleen", required = true) List<Integer> spleen,
                               @JsonProperty(value = "left_kidney", required = true) List<Integer> leftKidney,
                               @JsonProperty(value = "right_kidney", required = true) List<Integer> rightKidney,
                               @JsonProperty(value = "bowel", required = true) List<Integer> bowel) implements Serializable {
    public ReferenceLabels labels() {
      return new ReferenceLabels(Map.of(Organ.LIVER, liver, Organ.SPLEEN, spleen, Organ.LEFT_KIDNEY, leftKidney,
          Organ.RIGHT_KIDNEY, rightKidney, Organ.BOWEL, bowel));
    }
  }

  /** The stage-2 volume settings as the domain's config. */
  public SequenceConfig sequenceConfig() {
    return new SequenceConfig(sequences.size(), sequences.maskSize(), sequences.step(), sequences.stride(), sequences.strideCutoff(), sequences.keep());
  }

  public SliceWindow sliceWindow() {
    return new SliceWindow(window.level(), window.width());
  }

  public Stage1Input.Settings stage1Settings() {
    return new Stage1Input.Settings(sliceWindow(), stage1.size(), stage1.sliceStep());
  }

  public Preprocessing.Settings preprocessing() {
    return new Preprocessing.Settings(variants, sliceWindow(), stage1Settings());
  }

  /**
   * The SHA-256 of the settings themselves (not of the file: a comment or a reordered key does not
   * change it), which names the spec in the scoring ledger.
   */
  public String sha256() {
    return Sha256.hex(StrictJson.write(this).getBytes(StandardCharsets.UTF_8));
  }

  /** The spec shipped in the jar, equal to METHOD.md's values. */
  public static PreprocessSpec builtIn() {
    return PreprocessSpecFile.builtIn().spec();
  }

  void validate(String name) throws InvalidSpecException {
    try {
      sliceWindow();
      stage1Settings();
      sequenceConfig();
      series.selection();
      crop.studyCrop();
      referenceMasks.labels();
    } catch (IllegalArgumentException invalid) {
      throw new InvalidSpecException(name + ": " + invalid.getMessage(), invalid);
    }
    if (variants.isEmpty() || !KNOWN_VARIANTS.containsAll(variants)) {
      throw new InvalidSpecException(name + ": variants must be among " + KNOWN_VARIANTS + ", got " + variants, null);
    }
    if (segmentation.chunkDepth() < 1 || !(segmentation.threshold() > 0 && segmentation.threshold() < 1)) {
      throw new InvalidSpecException(name + ": segmentation needs chunk_depth >= 1 and 0 < threshold < 1", null);
    }
    if ((segmentation.batchChunks() != null && segmentation.batchChunks() < 1) || sequences.windowsPerForward() < 1
        || (sequences.encoderTriplets() != null && sequences.encoderTriplets() < 1)) {
      throw new InvalidSpecException(name + ": segmentation.batch_chunks, sequences.batch_windows and sequences.encoder_triplets must be at least 1", null);
    }
    if (sequences.samplesPerShard() < 1) {
      throw new InvalidSpecException(name + ": sequences.samples_per_shard must be at least 1", null);
    }
  }
}
