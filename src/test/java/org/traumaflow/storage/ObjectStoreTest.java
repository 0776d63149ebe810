package org.traumaflow.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.cloud.storage.Blob;
import com.google.cloud.storage.BlobId;
import com.google.cloud.storage.contrib.nio.testing.LocalStorageHelper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The same contract for a local folder and for a gs:// prefix (Cloud Storage's in-memory fake). */
class ObjectStoreTest {
  @TempDir static Path temp;

  /** A fresh empty store of each kind for every test. */
  static Stream<Arguments> stores() throws IOException {
    return Stream.of(
        Arguments.of("local", ObjectStore.at(Files.createTempDirectory(temp, "store").toString())),
        Arguments.of("gcs", ObjectStore.at("gs://bucket/runs", ServiceFaithfulStorage.create().client())));
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

  @ParameterizedTest(name = "{0}")
  @MethodSource("stores")
  void twoPublishersOfOneRegistryBothLandAndTheOneThatLostRetriesOnTheWinnersVersion(String kind, ObjectStore store) throws IOException {
    AtomicInteger secondPublisherRuns = new AtomicInteger();
    store.update("registry.txt", current -> {
      if (secondPublisherRuns.incrementAndGet() == 1) {
        // The first publisher lands between the second one's read and its write.
        rival(() -> store.update("registry.txt", theirs -> append(theirs, "fold0-seed1")));
      }
      return append(current, "fold1-seed1");
    });
    assertEquals(2, secondPublisherRuns.get(), "the second publisher's write was refused once and redone");
    assertEquals("fold0-seed1\nfold1-seed1\n", new String(store.read("registry.txt"), StandardCharsets.UTF_8));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("stores")
  void aPublisherThatLosesEveryAttemptGetsAClearErrorAndNothingOfItsIsStored(String kind, ObjectStore store) throws IOException {
    AtomicInteger rivalWrites = new AtomicInteger();
    ConcurrentWriteException e = assertThrows(ConcurrentWriteException.class, () -> store.update("busy.txt", current -> {
      rival(() -> store.write("busy.txt", bytes("rival " + rivalWrites.incrementAndGet())));
      return bytes("mine");
    }));
    assertEquals(store.uri("busy.txt"), e.uri());
    assertTrue(e.getMessage().contains("changed by another writer") && e.getMessage().contains("5 attempts"), e.getMessage());
    assertArrayEquals(bytes("rival 5"), store.read("busy.txt"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("stores")
  void aWriteThatRacesAnotherIsRefusedAndTheOtherWriteStays(String kind, ObjectStore store) throws IOException {
    store.write("model.json", bytes("v1"));
    assertThrows(ConcurrentWriteException.class, () -> store.write("model.json", out -> {
      store.write("model.json", bytes("theirs"));
      out.write(bytes("mine"));
    }));
    assertArrayEquals(bytes("theirs"), store.read("model.json"));
  }

  @org.junit.jupiter.api.Test
  void uploadsCarryTheirCrc32cAndMd5AndACorruptedUploadIsNeverStored() throws IOException {
    ServiceFaithfulStorage service = ServiceFaithfulStorage.create();
    ObjectStore store = ObjectStore.at("gs://bucket/checked", service.client());
    store.write("digits.txt", bytes("123456789"));
    Blob stored = service.client().get(BlobId.of("bucket", "checked/digits.txt"));
    assertEquals("4waSgw==", stored.getCrc32c(), "CRC32C 0xE3069283, big-endian, base64");
    assertEquals("JfnnlDI7RTiF9RgfG2JNCw==", stored.getMd5(), "MD5 25f9e794..., base64");

    service.corruptNextUpload();
    IOException e = assertThrows(IOException.class, () -> store.write("checkpoint.bin", bytes("parameters of fold 0")));
    assertTrue(e.getMessage().startsWith("gs://bucket/checked/checkpoint.bin: ") && e.getMessage().contains("CRC32C"), e.getMessage());
    assertFalse(store.exists("checkpoint.bin"));
  }

  @org.junit.jupiter.api.Test
  void aGsLocationWithoutABucketIsRefused() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> ObjectStore.at("gs:///x", LocalStorageHelper.getOptions().getService()));
    assertTrue(e.getMessage().contains("names no bucket"));
  }

  /** Another writer's store call, made from inside a change function (which may not throw IOException). */
  private static void rival(IoCall call) {
    try {
      call.run();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @FunctionalInterface
  private interface IoCall {
    void run() throws IOException;
  }

  private static byte[] append(byte[] registry, String entry) {
    return ((registry == null ? "" : new String(registry, StandardCharsets.UTF_8)) + entry + "\n").getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
