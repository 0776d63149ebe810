package org.traumaflow.storage;

import com.google.cloud.ReadChannel;
import com.google.cloud.storage.Blob;
import com.google.cloud.storage.BlobId;
import com.google.cloud.storage.BlobInfo;
import com.google.cloud.storage.Storage;
import com.google.cloud.storage.StorageException;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * An {@link ObjectStore} under a Cloud Storage prefix. An upload becomes visible only when it
 * completes, and each write carries a generation precondition (the generation it saw, or "does
 * not exist"), so two workers racing on one key fail loudly instead of interleaving. The content
 * is staged in a local temporary file first, so the upload can declare its CRC32C and MD5 and ask
 * the service to refuse it unless the bytes that arrived have them: a corrupted upload is never
 * stored.
 */
final class GcsObjectStore implements ObjectStore {
  private static final String SCHEME = "gs://";
  private static final int HTTP_NOT_FOUND = 404;
  private static final int HTTP_PRECONDITION_FAILED = 412;

  private final Storage client;
  private final String bucket;
  private final String prefix;

  private GcsObjectStore(Storage client, String bucket, String prefix) {
    this.client = client;
    this.bucket = bucket;
    this.prefix = prefix;
  }

  static boolean isGcs(String location) {
    return location.startsWith(SCHEME);
  }

  /** The store for {@code gs://bucket[/prefix]}. */
  static GcsObjectStore of(Storage client, String location) {
    String rest = location.substring(SCHEME.length());
    int slash = rest.indexOf('/');
    String bucket = slash < 0 ? rest : rest.substring(0, slash);
    if (bucket.isEmpty()) {
      throw new IllegalArgumentException("'" + location + "' names no bucket: expected gs://bucket/prefix");
    }
    String prefix = slash < 0 ? "" : trimSlashes(rest.substring(slash + 1));
    return new GcsObjectStore(client, bucket, prefix);
  }

  @Override
  public byte[] read(String key) throws IOException {
    try {
      return client.readAllBytes(id(key));
    } catch (StorageException e) {
      throw translated(key, e);
    }
  }

  @Override
  public InputStream open(String key) throws IOException {
    if (!exists(key)) {
      throw new NoSuchFileException(uri(key), null, "no such object");
    }
    ReadChannel channel = client.reader(id(key));
    return Channels.newInputStream(channel);
  }

  @Override
  public void write(String key, AtomicFiles.Content content) throws IOException {
    Blob existing = get(key);
    upload(key, existing == null ? null : existing.getGeneration(), content);
  }

  @Override
  public byte[] update(String key, UnaryOperator<byte[]> change) throws IOException {
    return OptimisticUpdate.run(uri(key), () -> {
      Blob existing = get(key);
      Long generation = existing == null ? null : existing.getGeneration();
      byte[] next = change.apply(existing == null ? null : readGeneration(key, generation));
      upload(key, generation, out -> out.write(next));
      return next;
    });
  }

  /** Uploads {@code content} if the object's generation is still {@code generation} (null: absent). */
  private void upload(String key, Long generation, AtomicFiles.Content content) throws IOException {
    Path staged = Files.createTempFile("traumaflow-upload-", ".tmp");
    try {
      UploadChecksums checksums;
      try (OutputStream file = Files.newOutputStream(staged);
          UploadChecksums out = new UploadChecksums(new BufferedOutputStream(file, 1 << 20))) {
        content.writeTo(out);
        checksums = out;
      }
      BlobInfo info = BlobInfo.newBuilder(generation == null ? id(key) : BlobId.of(bucket, name(key), generation))
          .setCrc32c(checksums.crc32c())
          .setMd5(checksums.md5())
          .build();
      Storage.BlobWriteOption precondition = generation == null ? Storage.BlobWriteOption.doesNotExist() : Storage.BlobWriteOption.generationMatch();
      client.createFrom(info, staged, precondition, Storage.BlobWriteOption.crc32cMatch(), Storage.BlobWriteOption.md5Match());
    } catch (StorageException e) {
      throw translated(key, e);
    } finally {
      Files.deleteIfExists(staged);
    }
  }

  /** The bytes of one generation; that generation being gone means another writer replaced it. */
  private byte[] readGeneration(String key, long generation) throws IOException {
    try {
      return client.readAllBytes(BlobId.of(bucket, name(key), generation));
    } catch (StorageException e) {
      if (e.getCode() == HTTP_NOT_FOUND) {
        throw new ConcurrentWriteException(uri(key), "generation " + generation + " was replaced while it was read");
      }
      throw translated(key, e);
    }
  }

  @Override
  public boolean exists(String key) throws IOException {
    return get(key) != null;
  }

  @Override
  public List<String> list(String keyPrefix) throws IOException {
    String start = keyPrefix.isEmpty() ? prefixWithSlash() : name(trimSlashes(keyPrefix)) + "/";
    List<String> keys = new ArrayList<>();
    try {
      for (Blob blob : client.list(bucket, Storage.BlobListOption.prefix(start)).iterateAll()) {
        if (!blob.getName().endsWith("/")) {
          keys.add(blob.getName().substring(prefixWithSlash().length()));
        }
      }
    } catch (StorageException e) {
      throw translated(keyPrefix, e);
    }
    keys.sort(null);
    return keys;
  }

  @Override
  public void delete(String key) throws IOException {
    try {
      client.delete(id(key));
    } catch (StorageException e) {
      throw translated(key, e);
    }
  }

  @Override
  public String uri(String key) {
    return SCHEME + bucket + "/" + name(key);
  }

  @Override
  public ObjectStore child(String key) {
    return new GcsObjectStore(client, bucket, name(trimSlashes(key)));
  }

  @Override
  public String toString() {
    return SCHEME + bucket + (prefix.isEmpty() ? "" : "/" + prefix);
  }

  private Blob get(String key) throws IOException {
    try {
      return client.get(id(key));
    } catch (StorageException e) {
      throw translated(key, e);
    }
  }

  private BlobId id(String key) {
    return BlobId.of(bucket, name(key));
  }

  private String name(String key) {
    if (key.contains("..")) {
      throw new IllegalArgumentException("key '" + key + "' leaves the store " + this);
    }
    return prefix.isEmpty() ? key : prefix + "/" + key;
  }

  private String prefixWithSlash() {
    return prefix.isEmpty() ? "" : prefix + "/";
  }

  /** Cloud Storage's runtime errors as the IOExceptions the rest of the code handles, naming the object. */
  private IOException translated(String key, StorageException e) {
    if (e.getCode() == HTTP_NOT_FOUND) {
      return new NoSuchFileException(uri(key), null, "no such object");
    }
    if (e.getCode() == HTTP_PRECONDITION_FAILED) {
      ConcurrentWriteException lost = new ConcurrentWriteException(uri(key), "generation precondition failed");
      lost.initCause(e);
      return lost;
    }
    return new IOException(uri(key) + ": " + e.getMessage(), e);
  }

  private static String trimSlashes(String s) {
    int start = 0;
    int end = s.length();
    while (start < end && s.charAt(start) == '/') {
      start++;
    }
    while (end > start && s.charAt(end - 1) == '/') {
      end--;
    }
    return s.substring(start, end);
  }
}
