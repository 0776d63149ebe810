package org.traumaflow.storage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The files of a checkpoint in one folder, vouched for by {@value #MANIFEST}:
 * {@code {"format": ..., "files": [{"path", "bytes", "sha256"}]}}.
 *
 * <p>Each file is written atomically and the manifest last, so a folder with a manifest is
 * complete. {@link #read} checks every file against the manifest before anything is parsed and
 * refuses a folder that differs in any way with a {@link CheckpointIntegrityException} naming the
 * file.
 *
 * <pre>{@code
 * CheckpointFiles.Writer writer = CheckpointFiles.writer(dir, "my-format/1");
 * writer.write("config.json", configBytes);
 * writer.write("parameters.djl", out -> block.saveParameters(new DataOutputStream(out)));
 * writer.commit();
 * Map<String, byte[]> files = CheckpointFiles.read(dir, "my-format/1", Set.of("config.json", "parameters.djl"), Set.of());
 * }</pre>
 */
public final class CheckpointFiles {
  public static final String MANIFEST = "manifest.json";

  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private CheckpointFiles() {}

  /**
   * Starts writing a checkpoint of {@code format} into {@code dir} (created if needed). An old
   * manifest is deleted first, so a save cut short leaves an incomplete checkpoint, never a
   * manifest that vouches for other files.
   */
  public static Writer writer(Path dir, String format) throws IOException {
    Files.createDirectories(dir);
    Files.deleteIfExists(dir.resolve(MANIFEST));
    return new Writer(dir, format);
  }

  /** Writes a checkpoint's files one by one, then its manifest. */
  public static final class Writer {
    private final Path dir;
    private final String format;
    private final Map<String, Entry> entries = new LinkedHashMap<>();

    private Writer(Path dir, String format) {
      this.dir = dir;
      this.format = format;
    }

    public Writer write(String path, byte[] bytes) throws IOException {
      return write(path, out -> out.write(bytes));
    }

    /** Writes a file atomically, hashing it as it streams out. */
    public Writer write(String path, AtomicFiles.Content content) throws IOException {
      if (path.equals(MANIFEST) || entries.containsKey(path)) {
        throw new IllegalArgumentException("cannot write " + path + " twice or over the manifest");
      }
      String[] hash = new String[1];
      long[] size = new long[1];
      AtomicFiles.write(
          dir.resolve(path),
          out -> {
            HashingOutputStream hashed = new HashingOutputStream(out);
            // Buffered before the digest: parameter writers make many tiny writes.
            BufferedOutputStream buffered = new BufferedOutputStream(hashed, 1 << 16);
            content.writeTo(buffered);
            buffered.flush();
            size[0] = hashed.count();
            hash[0] = hashed.sha256();
          });
      entries.put(path, new Entry(size[0], hash[0]));
      return this;
    }

    /** Writes the manifest, which makes the checkpoint complete. */
    public void commit() throws IOException {
      ObjectNode manifest = JSON.createObjectNode();
      manifest.put("format", format);
      ArrayNode files = manifest.putArray("files");
      entries.forEach((path, e) -> files.addObject().put("path", path).put("bytes", e.bytes()).put("sha256", e.sha256()));
      AtomicFiles.write(dir.resolve(MANIFEST), JSON.writeValueAsBytes(manifest));
    }
  }

  /** Whether {@code dir} holds a manifest, i.e. a checkpoint whose save finished (not yet verified). */
  public static boolean isComplete(Path dir) {
    return Files.isRegularFile(dir.resolve(MANIFEST));
  }

  /**
   * Reads and checks every file the manifest lists; returns their bytes by path, so what is
   * parsed afterwards is exactly what was hashed.
   *
   * @param required files the format needs
   * @param optional files the format may have besides
   * @throws CheckpointIntegrityException when the manifest is missing, unreadable or of another
   *     format, lists a file of no such name in the format, lists a missing file, lacks a
   *     required file, or a file's size or SHA-256 differs
   */
  public static Map<String, byte[]> read(Path dir, String format, Set<String> required, Set<String> optional) throws IOException {
    JsonNode manifest = manifest(dir, format);
    Map<String, byte[]> files = new LinkedHashMap<>();
    for (JsonNode node : manifest.get("files")) {
      String path = node.path("path").asText("");
      if (!required.contains(path) && !optional.contains(path)) {
        throw new CheckpointIntegrityException(path.isEmpty() ? MANIFEST : path, "not a file of this checkpoint format");
      }
      if (files.containsKey(path)) {
        throw new CheckpointIntegrityException(path, "listed twice in the manifest");
      }
      files.put(path, verified(dir, node));
    }
    for (String path : required) {
      if (!files.containsKey(path)) {
        throw new CheckpointIntegrityException(path, "not listed in the manifest");
      }
    }
    return files;
  }

  /**
   * One file of a complete checkpoint, checked against the manifest, without reading the others:
   * empty when the manifest does not list it (a checkpoint written before the file existed).
   *
   * @throws CheckpointIntegrityException when the manifest is missing or of another format, or the
   *     file is missing or differs from it
   */
  public static Optional<byte[]> readOne(Path dir, String format, String path) throws IOException {
    for (JsonNode node : manifest(dir, format).get("files")) {
      if (path.equals(node.path("path").asText(""))) {
        return Optional.of(verified(dir, node));
      }
    }
    return Optional.empty();
  }

  private static JsonNode manifest(Path dir, String format) throws IOException {
    JsonNode manifest;
    try {
      manifest = JSON.readTree(Files.readAllBytes(dir.resolve(MANIFEST)));
    } catch (NoSuchFileException e) {
      throw new CheckpointIntegrityException(MANIFEST, "missing: " + dir + " is not a complete checkpoint", e);
    } catch (IOException e) {
      throw new CheckpointIntegrityException(MANIFEST, "unreadable: " + e.getMessage(), e);
    }
    if (manifest == null || !format.equals(manifest.path("format").asText()) || !manifest.path("files").isArray()) {
      throw new CheckpointIntegrityException(MANIFEST, "not a " + format + " manifest");
    }
    return manifest;
  }

  private static byte[] verified(Path dir, JsonNode node) throws IOException {
    String path = node.path("path").asText("");
    String expected = node.path("sha256").asText("");
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(dir.resolve(path));
    } catch (NoSuchFileException e) {
      throw new CheckpointIntegrityException(path, "listed in the manifest but missing", e);
    }
    if (node.has("bytes") && node.get("bytes").asLong(-1) != bytes.length) {
      throw new CheckpointIntegrityException(path, "has " + bytes.length + " bytes, the manifest says " + node.get("bytes").asText());
    }
    String actual = Sha256.hex(bytes);
    if (!actual.equalsIgnoreCase(expected)) {
      throw new CheckpointIntegrityException(path, "SHA-256 " + actual + " differs from the manifest's " + expected);
    }
    return bytes;
  }

  private record Entry(long bytes, String sha256) {}
}
