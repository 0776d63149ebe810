package org.traumaflow.pipeline.series;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import org.traumaflow.spec.InvalidSpecException;
import org.traumaflow.spec.SpecFile;

/**
 * A preprocessing spec together with the YAML it was read from and where, so that what is made
 * with it (a segmentation checkpoint, a stage-2 dataset, a run) can record it as
 * {@link org.traumaflow.preprocess.Preprocessing#RECORDED_SPEC} and scoring can read it back.
 *
 * <pre>{@code
 * PreprocessSpecFile given = PreprocessSpecFile.given(options.getSpec());
 * writer.withPreprocessing(given.yaml());
 * }</pre>
 *
 * @param name where the spec came from, as messages name it
 * @param yaml the file's bytes as the user gave them (or the built-in spec's)
 * @param spec the settings it holds, validated
 */
public record PreprocessSpecFile(String name, byte[] yaml, PreprocessSpec spec) implements Serializable {
  public static final String BUILT_IN_NAME = "the built-in preprocessing spec";

  /** The spec at {@code location} (a path or {@code gs://}), or the built-in one when it is null or blank. */
  public static PreprocessSpecFile given(String location) throws InvalidSpecException {
    if (location == null || location.isBlank()) {
      return builtIn();
    }
    SpecFile file = SpecFile.read(location);
    return parse(file.name(), file.text());
  }

  /** The spec shipped in the jar, equal to METHOD.md's values; a broken one is a build error, not a user's. */
  public static PreprocessSpecFile builtIn() {
    try {
      return parse(BUILT_IN_NAME, SpecFile.builtIn(PreprocessSpec.BUILT_IN).text());
    } catch (InvalidSpecException e) {
      throw new IllegalStateException("the built-in preprocessing spec is broken", e);
    }
  }

  /** A spec from its bytes, read strictly and validated; messages name {@code name}. */
  public static PreprocessSpecFile parse(String name, byte[] yaml) throws InvalidSpecException {
    PreprocessSpec spec = new SpecFile(name, yaml).as(PreprocessSpec.class);
    spec.validate(name);
    return new PreprocessSpecFile(name, yaml.clone(), spec);
  }

  /**
   * This spec with its stage-1 size replaced, as {@code train-segmentation --size} trains: the
   * YAML is then the parsed settings written out, under a comment that says where they came from,
   * so that what a checkpoint records is the size it was trained at, never only the file's.
   */
  public PreprocessSpecFile withStage1Size(int size) {
    if (size == spec.stage1().size()) {
      return this;
    }
    PreprocessSpec resized = new PreprocessSpec(spec.window(), spec.variants(), new PreprocessSpec.Stage1(size, spec.stage1().sliceStep()),
        spec.segmentation(), spec.crop(), spec.sequences(), spec.series(), spec.referenceMasks());
    String header = "# " + name + " with stage1.size " + size + " (train-segmentation --size) instead of " + spec.stage1().size() + "\n";
    try {
      String body = new ObjectMapper(new YAMLFactory()).writeValueAsString(resized);
      return new PreprocessSpecFile(name + " with stage1.size " + size, (header + body).getBytes(StandardCharsets.UTF_8), resized);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a preprocessing spec could not be written as YAML", e);
    }
  }

  @Override
  public byte[] yaml() {
    return yaml.clone();
  }
}
