package org.traumaflow.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.cloud.storage.contrib.nio.testing.LocalStorageHelper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalMirrorTest {
  @TempDir Path cache;

  @Test
  void aGsFolderIsDownloadedOnceAndAgainOnlyWhenItsManifestChanges() throws IOException {
    String location = "gs://models/seg-fold0";
    ObjectStore store = ObjectStore.at(location, LocalStorageHelper.getOptions().getService());
    store.write("parameters.djl", "v1".getBytes());
    store.write(FolderTransfer.MANIFEST, "{\"v\":1}".getBytes());

    Path dir = LocalMirror.of(location, store, cache);
    assertEquals("v1", Files.readString(dir.resolve("parameters.djl")));
    // A local edit is kept while the stored manifest is unchanged: proof that nothing was fetched again.
    Files.writeString(dir.resolve("parameters.djl"), "local");
    assertEquals("local", Files.readString(LocalMirror.of(location, store, cache).resolve("parameters.djl")));

    store.write("parameters.djl", "v2".getBytes());
    store.write(FolderTransfer.MANIFEST, "{\"v\":2}".getBytes());
    assertEquals("v2", Files.readString(LocalMirror.of(location, store, cache).resolve("parameters.djl")));
  }

  @Test
  void aLocalFolderIsUsedInPlace() throws IOException {
    Path folder = Files.createDirectories(cache.resolve("ckpt"));
    assertEquals(folder.toAbsolutePath(), LocalMirror.of(folder.toString(), ObjectStore.at(folder.toString()), cache));
  }

  @Test
  void aGsFolderWithoutAManifestIsNotACheckpoint() throws IOException {
    ObjectStore store = ObjectStore.at("gs://models/half", LocalStorageHelper.getOptions().getService());
    store.write("parameters.djl", "v1".getBytes());
    NoSuchFileException e = assertThrows(NoSuchFileException.class, () -> LocalMirror.of("gs://models/half", store, cache));
    assertEquals("gs://models/half/manifest.json", e.getFile());
  }

  @Test
  void aGsFileIsCopiedUnderItsOwnNameAndFetchedAgainOnEveryCall() throws IOException {
    var client = LocalStorageHelper.getOptions().getService();
    ObjectStore specs = ObjectStore.at("gs://specs/nightly", client);
    specs.write("ensemble.yaml", "v1".getBytes());

    Path copy = LocalMirror.file("gs://specs/nightly/ensemble.yaml", client, cache);
    assertEquals("ensemble.yaml", copy.getFileName().toString());
    assertEquals("v1", Files.readString(copy));
    specs.write("ensemble.yaml", "v2".getBytes());
    assertEquals("v2", Files.readString(LocalMirror.file("gs://specs/nightly/ensemble.yaml", client, cache)), "never a stale spec");

    NoSuchFileException absent = assertThrows(NoSuchFileException.class, () -> LocalMirror.file("gs://specs/nightly/absent.yaml", client, cache));
    assertEquals("gs://specs/nightly/absent.yaml", absent.getFile());
  }

  @Test
  void aLocalFileIsUsedInPlace() throws IOException {
    Path spec = Files.writeString(cache.resolve("ensemble.yaml"), "v1");
    assertEquals(spec, LocalMirror.file(spec.toString(), cache));
  }
}
