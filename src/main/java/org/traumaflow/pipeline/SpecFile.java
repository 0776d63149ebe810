package org.traumaflow.pipeline;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.traumaflow.storage.LocalMirror;

/**
 * Reads the YAML specs under {@code pipelines/} into their records, strictly: an unknown key, a
 * missing required key or a value of the wrong type is an {@link InvalidSpecException} naming
 * the file, because a misspelt key silently falling back to a default is the costliest kind of
 * configuration error in a training run. Public because specs outside this package (the
 * ensemble's) are read the same way.
 */
public final class SpecFile {
  private SpecFile() {}

  public static <T> T read(Path file, Class<T> type) throws InvalidSpecException {
    try (InputStream in = Files.newInputStream(file)) {
      return parse(file.toString(), in, type);
    } catch (IOException e) {
      throw new InvalidSpecException(file + ": cannot read: " + e.getMessage(), e);
    }
  }

  /**
   * A spec at a local path or a {@code gs://} object, read through {@link LocalMirror}, the one
   * reader of single files every command and pipeline uses; messages name {@code location}.
   */
  public static <T> T load(String location, Class<T> type) throws InvalidSpecException {
    try (InputStream in = Files.newInputStream(LocalMirror.file(location, LocalMirror.defaultCache()))) {
      return parse(location, in, type);
    } catch (IOException e) {
      throw new InvalidSpecException(location + ": cannot read: " + e.getMessage(), e);
    }
  }

  /** The bytes of the spec at a local path or {@code gs://} object, as {@link #load} reads them. */
  static byte[] text(String location) throws InvalidSpecException {
    try {
      return Files.readAllBytes(LocalMirror.file(location, LocalMirror.defaultCache()));
    } catch (IOException e) {
      throw new InvalidSpecException(location + ": cannot read: " + e.getMessage(), e);
    }
  }

  /** The bytes of a spec shipped in the jar. */
  static byte[] builtInText(String resource) {
    try (InputStream in = SpecFile.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("the built-in spec " + resource + " is missing from the jar");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new IllegalStateException("the built-in spec " + resource + " cannot be read", e);
    }
  }

  /** A spec shipped in the jar; a broken one is a build error, not a user's. */
  static <T> T builtIn(String resource, Class<T> type) {
    try {
      return parse("built-in " + resource, new ByteArrayInputStream(builtInText(resource)), type);
    } catch (InvalidSpecException e) {
      throw new IllegalStateException("the built-in spec " + resource + " is broken", e);
    }
  }

  static <T> T parse(String name, InputStream in, Class<T> type) throws InvalidSpecException {
    ObjectMapper yaml = new ObjectMapper(new YAMLFactory()).enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);
    try {
      return yaml.readValue(in, type);
    } catch (UnrecognizedPropertyException unknown) {
      throw new InvalidSpecException(name + ": unknown key '" + unknown.getPropertyName() + "' (known: "
          + unknown.getKnownPropertyIds() + ")", unknown);
    } catch (com.fasterxml.jackson.core.JsonProcessingException malformed) {
      throw new InvalidSpecException(name + ": " + malformed.getOriginalMessage(), malformed);
    } catch (IOException unreadable) {
      throw new InvalidSpecException(name + ": cannot read: " + unreadable.getMessage(), unreadable);
    }
  }
}
