package org.traumaflow.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.cloud.storage.contrib.nio.testing.LocalStorageHelper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The same contract for a local folder and for a gs:// prefix (Cloud Storage's in-memory fake). */
class ObjectStoreTest {
  @TempDir static Path temp;

  static Stream<Arguments> stores() {
    return Stream.of(
        Arguments.of("local", ObjectStore.at(temp.resolve("store").toString())),
        Arguments.of("gcs", ObjectStore.at("gs://bucket/runs", LocalStorageHelper.getOptions().getService())));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("stores")
  void writesReadsListsAndDeletesByKey(String kind, ObjectStore store) throws IOException {
    store.write("a/x.json", bytes("one"));
    store.write("a/b/y.bin", bytes("two"));
    store.write("z.txt", bytes("three"));
    assertArrayEquals(bytes("one"), store.read("a/x.json"));
    try (InputStream in = store.open("a/b/y.bin")) {
      assertArrayEquals(bytes("two"), in.readAllBytes());
    }
    assertEquals(List.of("a/b/y.bin", "a/x.json", "z.txt"), store.list(""));
    assertEquals(List.of("a/b/y.bin", "a/x.json"), store.list("a"));
    assertEquals(List.of("b/y.bin", "x.json"), store.child("a").list(""));
    store.write("a/x.json", bytes("replaced"));
    assertArrayEquals(bytes("replaced"), store.child("a").read("x.json"));
    store.delete("z.txt");
    assertFalse(store.exists("z.txt"));
    assertTrue(store.exists("a/x.json"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("stores")
  void aMissingObjectIsNamedByItsFullAddress(String kind, ObjectStore store) {
    NoSuchFileException e = assertThrows(NoSuchFileException.class, () -> store.read("nothing/here.json"));
    assertTrue(e.getMessage().contains(store.uri("nothing/here.json")), e.getMessage());
    assertThrows(NoSuchFileException.class, () -> store.open("nothing/here.json"));
    assertTrue(store.uri("k").endsWith("k"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("stores")
  void aFolderSurvivesTheRoundTrip(String kind, ObjectStore store) throws IOException {
    Path source = Files.createDirectories(temp.resolve(kind + "-source/sub"));
    Files.writeString(source.resolve("p.bin"), "parameters");
    Files.writeString(source.getParent().resolve(FolderTransfer.MANIFEST), "{}");
    ObjectStore target = store.child("checkpoint-" + kind);
    FolderTransfer.upload(source.getParent(), target);
    assertEquals(List.of("manifest.json", "sub/p.bin"), target.list(""));
    Path back = temp.resolve(kind + "-back");
    FolderTransfer.download(target, back);
    assertEquals("parameters", Files.readString(back.resolve("sub/p.bin")));
    assertEquals("{}", Files.readString(back.resolve(FolderTransfer.MANIFEST)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("stores")
  void keysThatLeaveTheStoreAreRefused(String kind, ObjectStore store) {
    assertThrows(IllegalArgumentException.class, () -> store.write("../outside", bytes("x")));
  }

  @org.junit.jupiter.api.Test
  void aGsLocationWithoutABucketIsRefused() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> ObjectStore.at("gs:///x", LocalStorageHelper.getOptions().getService()));
    assertTrue(e.getMessage().contains("names no bucket"));
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
