package org.traumaflow.zoo;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.NoSuchFileException;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import org.traumaflow.storage.AtomicFiles;
import org.traumaflow.storage.HashingOutputStream;
import org.traumaflow.storage.IntegrityException;
import org.traumaflow.storage.ObjectStore;
import org.traumaflow.storage.Sha256;

/**
 * The files of one run in object storage, and the manifest that makes them a complete run:
 * every file is written atomically and hashed as it is written; {@link #commit} writes
 * {@value #MANIFEST} (path -> SHA-256) last. A run is complete when its manifest exists and
 * every file it lists still has that hash; anything else (a crash mid-run, an edited file) is
 * an incomplete run that is trained again.
 *
 * <pre>
 * checkpoint/...        the final network (SequenceCheckpoint)
 * epochs/epoch-NNN/...  per-epoch checkpoints, for --resume (not in the manifest)
 * metrics.json          per-epoch losses
 * oof_slices.csv        per held-out window and step, the sigmoid outputs
 * oof_studies.csv       per held-out patient, the max over its windows
 * run.json              the {@link RunRecord}
 * preprocess.yaml       the preprocessing spec of the dataset's windows, when the dataset records it
 * manifest.json         written last
 * </pre>
 */
public final class RunFiles {
  public static final String MANIFEST = "manifest.json";
  public static final String RUN = "run.json";
  public static final String METRICS = "metrics.json";
  public static final String OOF_SLICES = "oof_slices.csv";
  public static final String OOF_STUDIES = "oof_studies.csv";
  public static final String CHECKPOINT = "checkpoint";
  public static final String EPOCHS = "epochs";

  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
      .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

  private final ObjectStore store;
  private final SortedMap<String, String> written = new TreeMap<>();

  public RunFiles(ObjectStore store) {
    this.store = store;
  }

  /** Writes one file of the run and remembers its hash for the manifest. */
  public void write(String key, AtomicFiles.Content content) throws IOException {
    HashingOutputStream[] hashed = new HashingOutputStream[1];
    store.write(key, out -> {
      hashed[0] = new HashingOutputStream(out);
      content.writeTo(hashed[0]);
      hashed[0].flush();
    });
    written.put(key, hashed[0].sha256());
  }

  /** Adds a file already in the store (an uploaded checkpoint) to the manifest, hashing what is stored. */
  public void add(String key) throws IOException {
    written.put(key, hashOf(store, key));
  }

  /** What the manifest will list. */
  public SortedMap<String, String> files() {
    return new TreeMap<>(written);
  }

  /** Writes the manifest: from now on the run counts as complete. */
  public void commit() throws IOException {
    store.write(MANIFEST, JSON.writeValueAsBytes(written));
  }

  /** Deletes the manifest, so a run trained again is not taken for complete while it is rewritten. */
  public void open() throws IOException {
    store.delete(MANIFEST);
  }

  /**
   * The record of a complete run under {@code store}: empty when there is no manifest, or a file
   * it lists is missing or has another hash (the run must be trained again).
   */
  public static Optional<RunRecord> completed(ObjectStore store) throws IOException {
    Map<String, String> manifest;
    try {
      manifest = JSON.readValue(store.read(MANIFEST), new TypeReference<TreeMap<String, String>>() {});
    } catch (NoSuchFileException e) {
      return Optional.empty();
    }
    if (!manifest.containsKey(RUN)) {
      return Optional.empty();
    }
    for (Map.Entry<String, String> file : manifest.entrySet()) {
      try {
        if (!hashOf(store, file.getKey()).equals(file.getValue())) {
          return Optional.empty();
        }
      } catch (NoSuchFileException e) {
        return Optional.empty();
      }
    }
    return Optional.of(RunRecord.fromJson(store.read(RUN)));
  }

  /**
   * A file of the run that its manifest lists, checked against its hash; empty when the manifest
   * does not list it (a run published before the file existed).
   *
   * @throws IntegrityException when the file is missing or its hash is not the manifest's
   */
  public static Optional<byte[]> listed(ObjectStore store, String key) throws IOException {
    String expected = JSON.readValue(store.read(MANIFEST), new TypeReference<TreeMap<String, String>>() {}).get(key);
    if (expected == null) {
      return Optional.empty();
    }
    byte[] bytes;
    try {
      bytes = store.read(key);
    } catch (NoSuchFileException missing) {
      throw new IntegrityException(key, "listed in " + MANIFEST + " but missing", missing);
    }
    String actual = Sha256.hex(bytes);
    if (!actual.equalsIgnoreCase(expected)) {
      throw new IntegrityException(store.uri(key), "SHA-256 " + actual + " differs from the manifest's " + expected);
    }
    return Optional.of(bytes);
  }

  private static String hashOf(ObjectStore store, String key) throws IOException {
    try (InputStream in = store.open(key); HashingOutputStream hashed = new HashingOutputStream(java.io.OutputStream.nullOutputStream())) {
      in.transferTo(hashed);
      return hashed.sha256();
    }
  }
}
