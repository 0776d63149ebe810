package org.traumaflow.engine;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What the engine self-check expects: small blocks with inputs given by formulas, and summaries of
 * their outputs and gradients computed by an independent reference (Debian's PyTorch in float64;
 * scripts/engine-known-answers.py writes the table this class reads).
 *
 * @param reference who computed the answers
 * @param relativeTolerance a summary matches when it is within this fraction of the quantity's sum
 *     of absolute values (float32 kernels against a float64 reference)
 */
public record KnownAnswers(
    @JsonProperty("reference") String reference,
    @JsonProperty("relative_tolerance") double relativeTolerance,
    @JsonProperty("cases") List<Case> cases) {
  private static final String BUILT_IN = "known-answers.json";
  private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  /**
   * One block. {@code kind} is {@code conv_bn_relu} (a 2D or 3D convolution without bias, "same"
   * padding, then training-mode batch norm and ReLU) or {@code gru} (one layer, batch first).
   */
  public record Case(
      @JsonProperty("name") String name,
      @JsonProperty("kind") String kind,
      @JsonProperty("input") List<Integer> input,
      @JsonProperty("channels") int channels,
      @JsonProperty("kernel") int kernel,
      @JsonProperty("stride") int stride,
      @JsonProperty("hidden") int hidden,
      @JsonProperty("values") Map<String, Summary> values) {}

  /** Sum, sum of absolute values and the sum weighted by {@code cos(0.7 i)} of a tensor's values. */
  public record Summary(@JsonProperty("sum") double sum, @JsonProperty("abs_sum") double absSum,
                        @JsonProperty("weighted_sum") double weightedSum) {
    public static Summary of(float[] values) {
      double sum = 0;
      double absSum = 0;
      double weighted = 0;
      for (int i = 0; i < values.length; i++) {
        sum += values[i];
        absSum += Math.abs(values[i]);
        weighted += values[i] * Math.cos(0.7 * i);
      }
      return new Summary(sum, absSum, weighted);
    }
  }

  /** The table shipped with this build. */
  public static KnownAnswers builtIn() {
    try (InputStream in = KnownAnswers.class.getResourceAsStream(BUILT_IN)) {
      if (in == null) {
        throw new IllegalStateException("the engine's known answers (" + BUILT_IN + ") are missing from the build");
      }
      return JSON.readValue(in, KnownAnswers.class);
    } catch (IOException e) {
      throw new UncheckedIOException("reading the built-in " + BUILT_IN, e);
    }
  }

  /** A table from a file (another libtorch build's answers, or a test's). */
  public static KnownAnswers read(Path file) throws IOException {
    return JSON.readValue(Files.readAllBytes(file), KnownAnswers.class);
  }
}
