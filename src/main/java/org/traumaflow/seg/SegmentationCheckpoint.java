package org.traumaflow.seg;

import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.nn.Block;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.LinkedHashMap;
import java.util.Map;
import org.traumaflow.storage.AtomicFiles;
import org.traumaflow.storage.Sha256;

/**
 * A trained segmentation network on disk, in one folder:
 *
 * <ul>
 *   <li>{@value #PARAMETERS}: the parameters (DJL's {@code Block.saveParameters} format),
 *   <li>{@value #CONFIG}: the {@link SegmentationConfig} the network is built from,
 *   <li>{@value #MANIFEST}: {@code {"format": ..., "files": [{"path", "bytes", "sha256"}]}} for
 *       every other file.
 * </ul>
 *
 * Each file is written atomically and the manifest last, so a folder with a manifest is
 * complete. {@link #load} checks every file against the manifest before it reads any of them
 * and refuses a checkpoint that differs in any way with a {@link CheckpointIntegrityException}
 * naming the file.
 */
public final class SegmentationCheckpoint {
  public static final String PARAMETERS = "parameters.djl";
  public static final String CONFIG = "config.json";
  public static final String MANIFEST = "manifest.json";
  /** The manifest's {@code format} value. */
  public static final String FORMAT = "traumaflow-seg-checkpoint/1";

  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private SegmentationCheckpoint() {}

  /** Writes {@code model}'s config and parameters and their manifest into {@code dir} (created if needed). */
  public static void save(Path dir, SegmentationModel model) throws IOException {
    Files.createDirectories(dir);
    // An old manifest goes first, so a save cut short leaves an incomplete checkpoint, never a
    // manifest that vouches for other files.
    Files.deleteIfExists(dir.resolve(MANIFEST));
    Map<String, Entry> entries = new LinkedHashMap<>();
    byte[] config = model.config().toJson().getBytes(StandardCharsets.UTF_8);
    AtomicFiles.write(dir.resolve(CONFIG), config);
    entries.put(CONFIG, new Entry(config.length, Sha256.hex(config)));

    MessageDigest digest = Sha256.newDigest();
    long[] size = new long[1];
    AtomicFiles.write(
        dir.resolve(PARAMETERS),
        out -> {
          CountingDigestStream counted = new CountingDigestStream(out, digest);
          DataOutputStream data = new DataOutputStream(new BufferedOutputStream(counted, 1 << 16));
          model.block().saveParameters(data);
          data.flush();
          size[0] = counted.count;
        });
    entries.put(PARAMETERS, new Entry(size[0], Sha256.hexOf(digest)));

    ObjectNode manifest = JSON.createObjectNode();
    manifest.put("format", FORMAT);
    ArrayNode files = manifest.putArray("files");
    entries.forEach((path, e) -> files.addObject().put("path", path).put("bytes", e.bytes()).put("sha256", e.sha256()));
    AtomicFiles.write(dir.resolve(MANIFEST), JSON.writeValueAsBytes(manifest));
  }

  /**
   * Loads a checkpoint written by {@link #save}, after checking every file against the manifest.
   *
   * @throws CheckpointIntegrityException when the manifest is missing or unreadable, lists a
   *     missing file, lacks the config or the parameters, or a file's size or SHA-256 differs
   * @throws IOException when a verified file still cannot be read as a network
   */
  public static SegmentationModel load(Path dir) throws IOException {
    Map<String, byte[]> files = verifiedFiles(dir);
    SegmentationConfig config;
    try {
      config = SegmentationConfig.fromJson(new String(files.get(CONFIG), StandardCharsets.UTF_8));
    } catch (IllegalArgumentException e) {
      throw new IOException(dir.resolve(CONFIG) + ": " + e.getMessage(), e);
    }
    Model model = Model.newInstance("unet3d");
    try {
      Block block = Unet3d.build(config);
      model.setBlock(block);
      block.loadParameters(model.getNDManager(), new DataInputStream(new ByteArrayInputStream(files.get(PARAMETERS))));
      return SegmentationModel.wrap(config, model);
    } catch (MalformedModelException | IOException | RuntimeException e) {
      model.close();
      throw new IOException(dir.resolve(PARAMETERS) + ": not parameters of the configured network: " + e.getMessage(), e);
    }
  }

  /**
   * Reads and checks every file the manifest lists; returns their bytes by path, so what is
   * parsed afterwards is exactly what was hashed.
   */
  static Map<String, byte[]> verifiedFiles(Path dir) throws IOException {
    JsonNode manifest;
    try {
      manifest = JSON.readTree(Files.readAllBytes(dir.resolve(MANIFEST)));
    } catch (NoSuchFileException e) {
      throw new CheckpointIntegrityException(MANIFEST, "missing: " + dir + " is not a complete checkpoint", e);
    } catch (IOException e) {
      throw new CheckpointIntegrityException(MANIFEST, "unreadable: " + e.getMessage(), e);
    }
    if (manifest == null || !FORMAT.equals(manifest.path("format").asText()) || !manifest.path("files").isArray()) {
      throw new CheckpointIntegrityException(MANIFEST, "not a " + FORMAT + " manifest");
    }
    Map<String, byte[]> files = new LinkedHashMap<>();
    for (JsonNode node : manifest.get("files")) {
      String path = node.path("path").asText("");
      String expected = node.path("sha256").asText("");
      if (!path.equals(CONFIG) && !path.equals(PARAMETERS)) {
        throw new CheckpointIntegrityException(path.isEmpty() ? MANIFEST : path, "not a file of this checkpoint format");
      }
      if (files.containsKey(path)) {
        throw new CheckpointIntegrityException(path, "listed twice in the manifest");
      }
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
      files.put(path, bytes);
    }
    for (String required : new String[] {CONFIG, PARAMETERS}) {
      if (!files.containsKey(required)) {
        throw new CheckpointIntegrityException(required, "not listed in the manifest");
      }
    }
    return files;
  }

  private record Entry(long bytes, String sha256) {}

  /** Hashes and counts what passes through, without closing the target. */
  private static final class CountingDigestStream extends DigestOutputStream {
    long count;

    CountingDigestStream(OutputStream out, MessageDigest digest) {
      super(out, digest);
    }

    @Override
    public void write(int b) throws IOException {
      super.write(b);
      count++;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      super.write(b, off, len);
      count += len;
    }

    @Override
    public void close() {
      // the caller owns the target stream
    }
  }
}
