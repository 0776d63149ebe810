package org.traumaflow.storage;

import com.google.cloud.storage.BlobInfo;
import com.google.cloud.storage.Storage;
import com.google.cloud.storage.StorageException;
import com.google.cloud.storage.contrib.nio.testing.LocalStorageHelper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * LocalStorageHelper's in-memory Cloud Storage (made by the client's authors), answering in two
 * more places as the service does:
 * <ul>
 *   <li>a failed generation precondition is HTTP 412 (the fake answers 404 "Generation mismatch",
 *       or fails with FileAlreadyExistsException for "does not exist");
 *   <li>an upload that declares its CRC32C or MD5 and asks for the match is refused with HTTP 400
 *       when the bytes that arrived differ (the fake stores whatever it is given).
 * </ul>
 * {@link #corruptNextUpload()} flips one byte of the next upload in transit, as a faulty link would.
 */
final class ServiceFaithfulStorage implements InvocationHandler {
  private static final int HTTP_BAD_REQUEST = 400;
  private static final int HTTP_PRECONDITION_FAILED = 412;

  private final Storage fake = LocalStorageHelper.getOptions().getService();
  private boolean corruptNext;

  private ServiceFaithfulStorage() {}

  /** A handler and the client that goes through it. */
  static ServiceFaithfulStorage create() {
    return new ServiceFaithfulStorage();
  }

  Storage client() {
    return (Storage) Proxy.newProxyInstance(Storage.class.getClassLoader(), new Class<?>[] {Storage.class}, this);
  }

  synchronized void corruptNextUpload() {
    corruptNext = true;
  }

  @Override
  public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
    try {
      if (method.getName().equals("createFrom") && args.length == 3 && args[1] instanceof Path staged) {
        return createFrom((BlobInfo) args[0], Files.readAllBytes(staged), (Storage.BlobWriteOption[]) args[2]);
      }
      return method.invoke(fake, args);
    } catch (InvocationTargetException e) {
      throw asTheServiceAnswers(e.getCause());
    }
  }

  private Object createFrom(BlobInfo info, byte[] sent, Storage.BlobWriteOption[] options) throws IOException {
    byte[] received = sent.clone();
    synchronized (this) {
      if (corruptNext && received.length > 0) {
        received[received.length / 2] ^= 0x10;
        corruptNext = false;
      }
    }
    List<Storage.BlobWriteOption> asked = Arrays.asList(options);
    UploadChecksums actual = new UploadChecksums(OutputStream.nullOutputStream());
    actual.write(received);
    if (asked.contains(Storage.BlobWriteOption.crc32cMatch()) && !actual.crc32c().equals(info.getCrc32c())) {
      throw new StorageException(HTTP_BAD_REQUEST, "Provided CRC32C \"" + info.getCrc32c() + "\" doesn't match calculated CRC32C \"" + actual.crc32c() + "\".");
    }
    if (asked.contains(Storage.BlobWriteOption.md5Match()) && !actual.md5().equals(info.getMd5())) {
      throw new StorageException(HTTP_BAD_REQUEST, "Provided MD5 hash \"" + info.getMd5() + "\" doesn't match calculated MD5 hash.");
    }
    try {
      return fake.createFrom(info, new ByteArrayInputStream(received), options);
    } catch (StorageException e) {
      throw (StorageException) asTheServiceAnswers(e);
    }
  }

  private static Throwable asTheServiceAnswers(Throwable thrown) {
    if (thrown instanceof StorageException e) {
      boolean staleGeneration = e.getCode() == 404 && String.valueOf(e.getMessage()).startsWith("Generation mismatch");
      if (staleGeneration || e.getCause() instanceof FileAlreadyExistsException) {
        return new StorageException(HTTP_PRECONDITION_FAILED, "At least one of the pre-conditions you specified did not hold.");
      }
    }
    return thrown;
  }
}
