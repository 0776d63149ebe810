package org.traumaflow.spec;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import org.traumaflow.storage.LocalMirror;
import org.traumaflow.storage.Sha256;

/**
 * A YAML spec ({@code pipelines/*.yaml}'s formats) as read, before it is a record: every command
 * and pipeline reads its specs through {@link #read}, so a path and a {@code gs://} object are read
 * alike, and turns them into records through {@link #as}, strictly: an unknown key, a missing
 * required key or a value of the wrong type is an {@link InvalidSpecException} naming the file,
 * because a misspelt key silently falling back to a default is the costliest kind of configuration
 * error in a training run. Public because specs outside this package (the ensemble's) are read the
 * same way.
 *
 * <pre>{@code
 * TrainSpec spec = SpecFile.read("gs://bucket/train-zoo.yaml").as(TrainSpec.class);
 * }</pre>
 *
 * @param name where the spec came from, as messages name it
 * @param text the file's bytes
 */
public record SpecFile(String name, byte[] text) {
  public SpecFile {
    text = text.clone();
  }

  /**
   * The spec at a local path, {@code file:} URI or {@code gs://} object, read through
   * {@link LocalMirror}, the one reader of single files every command and pipeline uses; messages
   * name {@code location}.
   */
  public static SpecFile read(String location) throws InvalidSpecException {
    try {
      return new SpecFile(location, Files.readAllBytes(LocalMirror.file(location, LocalMirror.defaultCache())));
    } catch (IOException e) {
      throw new InvalidSpecException(location + ": cannot read: " + e.getMessage(), e);
    }
  }

  /** A spec shipped in the jar, named {@code built-in <resource>}; a missing one is a build error, not a user's. */
  public static SpecFile builtIn(String resource) {
    try (InputStream in = SpecFile.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("the built-in spec " + resource + " is missing from the jar");
      }
      return new SpecFile("built-in " + resource, in.readAllBytes());
    } catch (IOException e) {
      throw new IllegalStateException("the built-in spec " + resource + " cannot be read", e);
    }
  }

  /** The spec as a {@code type}, read strictly; messages name {@link #name}. */
  public <T> T as(Class<T> type) throws InvalidSpecException {
    ObjectMapper yaml = new ObjectMapper(new YAMLFactory()).enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);
    try {
      return yaml.readValue(text, type);
    } catch (UnrecognizedPropertyException unknown) {
      throw new InvalidSpecException(name + ": unknown key '" + unknown.getPropertyName() + "' (known: "
          + unknown.getKnownPropertyIds() + ")", unknown);
    } catch (com.fasterxml.jackson.core.JsonProcessingException malformed) {
      throw new InvalidSpecException(name + ": " + malformed.getOriginalMessage(), malformed);
    } catch (IOException unreadable) {
      throw new InvalidSpecException(name + ": cannot read: " + unreadable.getMessage(), unreadable);
    }
  }

  /** The SHA-256 of the file's bytes, which names what was made with it (a score run's predictions). */
  public String sha256() {
    return Sha256.hex(text);
  }

  @Override
  public byte[] text() {
    return text.clone();
  }
}
