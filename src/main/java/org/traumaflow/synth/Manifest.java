package org.traumaflow.synth;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * MANIFEST.json: what generated the dataset and how, so a dataset can be regenerated exactly and
 * told apart from the real one. It holds nothing that varies between runs (no times, no thread
 * count), so the same seed and parameters give the same bytes.
 *
 * @param generator the generating program
 * @param generatorVersion bumped whenever the same seed and parameters would give different files
 * @param seed the master seed
 * @param parameters the options the output depends on
 * @param counts what was written
 */
@JsonPropertyOrder({"generator", "generatorVersion", "seed", "parameters", "counts"})
public record Manifest(String generator, String generatorVersion, long seed, Parameters parameters, Counts counts) {
  public static final String GENERATOR = "traumaflow synth";
  public static final String VERSION = "1.0.0";

  /**
   * @param patients training patients
   * @param testPatients test patients
   * @param size rows and columns of every slice
   * @param transferSyntax rle, explicit or j2k
   * @param transferSyntaxUid the DICOM transfer syntax UID
   * @param maxSlices the cap on slices per series
   * @param balanced whether injured and healthy patients were drawn 50/50
   */
  @JsonPropertyOrder({"patients", "testPatients", "size", "transferSyntax", "transferSyntaxUid", "maxSlices", "balanced"})
  public record Parameters(int patients, int testPatients, int size, String transferSyntax, String transferSyntaxUid, int maxSlices, boolean balanced) {}

  /**
   * @param trainSeries series under train_images
   * @param testSeries series under test_images
   * @param slices DICOM files written
   * @param segmentations masks under segmentations/
   * @param imageLevelLabels rows of image_level_labels.csv
   */
  @JsonPropertyOrder({"trainSeries", "testSeries", "slices", "segmentations", "imageLevelLabels"})
  public record Counts(int trainSeries, int testSeries, long slices, int segmentations, int imageLevelLabels) {}

  static Manifest of(SynthConfig config, Counts counts) {
    return new Manifest(
        GENERATOR,
        VERSION,
        config.seed(),
        new Parameters(
            config.patients(), config.testPatients(), config.size(), config.syntax().flag(),
            config.syntax().transferSyntax().uid(), config.maxSlices(), config.balanced()),
        counts);
  }

  /** The JSON text, two-space indented, "\n" line ends on every platform. */
  String toJson() {
    DefaultPrettyPrinter printer = new DefaultPrettyPrinter().withObjectIndenter(new DefaultIndenter("  ", "\n"));
    try {
      return new ObjectMapper().writer(printer).writeValueAsString(this) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialise the manifest", e);
    }
  }
}
