package org.traumaflow.storage;

import com.google.cloud.ReadChannel;
import com.google.cloud.WriteChannel;
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
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.List;

/**
 * An {@link ObjectStore} under a Cloud Storage prefix. An upload becomes visible only when it
 * completes, and each write carries a generation precondition (the generation it saw, or "does
 * not exist"), so two workers racing on one key fail loudly instead of interleaving.
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
    BlobInfo info = BlobInfo.newBuilder(existing == null ? id(key) : BlobId.of(bucket, name(key), existing.getGeneration())).build();
    Storage.BlobWriteOption precondition = existing == null ? Storage.BlobWriteOption.doesNotExist() : Storage.BlobWriteOption.generationMatch();
    try (WriteChannel channel = client.writer(info, precondition);
        OutputStream out = new BufferedOutputStream(Channels.newOutputStream(channel), 1 << 20)) {
      content.writeTo(out);
    } catch (StorageException e) {
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
      return new IOException(uri(key) + ": written by someone else while this write ran (generation precondition failed)", e);
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
