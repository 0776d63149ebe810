package org.traumaflow.storage;

import com.google.cloud.storage.Storage;
import com.google.cloud.storage.StorageOptions;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A local folder holding a stored folder's files, for libraries that only read local files (a
 * DJL checkpoint). Local locations are used in place; a {@code gs://} location is downloaded
 * once per machine into a cache folder named after the location and reused while its manifest
 * is unchanged. Whoever loads the files still verifies them against the manifest.
 */
public final class LocalMirror {
  private LocalMirror() {}

  /** The local folder with the files of {@code location}, downloading them when needed. */
  public static Path of(String location, ObjectStore store, Path cacheRoot) throws IOException {
    if (store instanceof LocalObjectStore local) {
      return local.root();
    }
    Path dir = cacheRoot.resolve(hex(location));
    byte[] remoteManifest = store.read(FolderTransfer.MANIFEST);
    Path localManifest = dir.resolve(FolderTransfer.MANIFEST);
    if (Files.isRegularFile(localManifest) && MessageDigest.isEqual(Files.readAllBytes(localManifest), remoteManifest)) {
      return dir;
    }
    // The manifest is deleted first and written last, so a download cut short is redone.
    Files.deleteIfExists(localManifest);
    FolderTransfer.download(store, dir);
    return dir;
  }

  /**
   * A local path to the file at {@code location}: a local path as it is, a {@code gs://} object
   * downloaded afresh on every call (a spec file is small and must never be stale) into a folder
   * of {@code cacheRoot} named after the location, under its own file name, so messages about the
   * copy still name the file the user gave.
   */
  public static Path file(String location, Path cacheRoot) throws IOException {
    return GcsObjectStore.isGcs(location) ? file(location, StorageOptions.getDefaultInstance().getService(), cacheRoot) : local(location);
  }

  /** As {@link #file(String, Path)}, with the Cloud Storage client to use for {@code gs://} locations. */
  public static Path file(String location, Storage client, Path cacheRoot) throws IOException {
    ObjectStore folder = ObjectStore.at(folderOf(location), client);
    if (folder instanceof LocalObjectStore) {
      return local(location);
    }
    String name = nameOf(location);
    LocalObjectStore copy = new LocalObjectStore(cacheRoot.resolve(hex(location)));
    copy.write(name, folder.read(name));
    return copy.root().resolve(name);
  }

  /**
   * Whether the file at {@code location} (a local path or {@code gs://} object) is there, without
   * copying it: a launcher checks a run's large input files this way before any run starts.
   */
  public static boolean exists(String location) throws IOException {
    return ObjectStore.at(folderOf(location)).exists(nameOf(location));
  }

  /** A local location: a path, or a {@code file:} URI as Beam's file systems name local files. */
  private static Path local(String location) {
    return location.startsWith("file:") ? Path.of(URI.create(location)) : Path.of(location);
  }

  private static String folderOf(String location) {
    return location.substring(0, Math.max(location.lastIndexOf('/'), 0));
  }

  private static String nameOf(String location) {
    return location.substring(location.lastIndexOf('/') + 1);
  }

  /** The cache folder used when none is given: under the JVM's temporary directory. */
  public static Path defaultCache() {
    return Path.of(System.getProperty("java.io.tmpdir"), "traumaflow-mirror");
  }

  private static String hex(String location) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(location.getBytes(StandardCharsets.UTF_8))).substring(0, 32);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every Java runtime", e);
    }
  }
}
