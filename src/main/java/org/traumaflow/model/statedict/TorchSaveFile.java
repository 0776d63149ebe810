package org.traumaflow.model.statedict;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * A {@code .pt} / {@code .pth} file written by {@code torch.save(state_dict)} (PyTorch 1.6 and
 * later): a zip archive whose one folder holds {@code data.pkl}, the pickled dict of tensors
 * ({@link TorchPickle}), and {@code data/<key>}, each storage's raw little-endian elements.
 */
final class TorchSaveFile {
  private static final String PICKLE = "data.pkl";

  private TorchSaveFile() {}

  static Map<String, StateDictTensor> read(Path file) throws IOException {
    try (ZipFile zip = new ZipFile(file.toFile())) {
      List<? extends ZipEntry> pickles = zip.stream()
          .filter(e -> e.getName().endsWith("/" + PICKLE) && e.getName().indexOf('/') == e.getName().length() - PICKLE.length() - 1)
          .toList();
      if (pickles.size() != 1) {
        throw new StateDictException(file + ": a zip archive, but not one torch.save wrote: it has " + pickles.size() + " <folder>/" + PICKLE);
      }
      String folder = pickles.get(0).getName().substring(0, pickles.get(0).getName().length() - PICKLE.length());
      ZipEntry byteOrder = zip.getEntry(folder + "byteorder");
      if (byteOrder != null && !new String(bytes(zip, byteOrder), StandardCharsets.US_ASCII).strip().equals("little")) {
        throw new StateDictException(file + ": the tensors were saved big-endian; save them again on a little-endian machine");
      }
      Map<String, TorchPickle.TensorView> views = TorchPickle.read(bytes(zip, pickles.get(0)), file.toString());
      Map<String, ByteBuffer> storages = new HashMap<>();
      Map<String, StateDictTensor> tensors = new LinkedHashMap<>();
      for (Map.Entry<String, TorchPickle.TensorView> entry : views.entrySet()) {
        TorchPickle.TensorView view = entry.getValue();
        TorchPickle.StorageRef ref = view.storage();
        ByteBuffer storage = storages.get(ref.key());
        if (storage == null) {
          storage = storage(zip, folder, ref, file);
          storages.put(ref.key(), storage);
        }
        try {
          tensors.put(entry.getKey(), StateDictTensor.view(ref.dtype(), storage, view.offset(), view.size(), view.stride()));
        } catch (IllegalArgumentException | ArithmeticException e) {
          throw new StateDictException(file + ": tensor '" + entry.getKey() + "': " + e.getMessage(), e);
        }
      }
      return tensors;
    } catch (ZipException e) {
      throw new StateDictException(file + ": not a readable zip archive: " + e.getMessage(), e);
    }
  }

  /** Storage {@code ref}'s elements, checked to be as many as the pickle says. */
  private static ByteBuffer storage(ZipFile zip, String folder, TorchPickle.StorageRef ref, Path file) throws IOException {
    ZipEntry entry = zip.getEntry(folder + "data/" + ref.key());
    if (entry == null) {
      throw new StateDictException(file + ": storage " + ref.key() + " is named in " + PICKLE + " but missing from the archive");
    }
    long expected = Math.multiplyExact(ref.numel(), (long) ref.dtype().bytes());
    if (expected > Integer.MAX_VALUE - 8) {
      throw new StateDictException(file + ": storage " + ref.key() + " of " + expected + " bytes is larger than one tensor may be here");
    }
    byte[] bytes = bytes(zip, entry);
    if (bytes.length < expected) {
      throw new StateDictException(file + ": storage " + ref.key() + " holds " + bytes.length + " bytes, " + ref.numel() + " elements of "
          + ref.dtype() + " need " + expected);
    }
    return ByteBuffer.wrap(bytes, 0, (int) expected).slice();
  }

  private static byte[] bytes(ZipFile zip, ZipEntry entry) throws IOException {
    try (InputStream in = zip.getInputStream(entry)) {
      return in.readAllBytes();
    }
  }
}
