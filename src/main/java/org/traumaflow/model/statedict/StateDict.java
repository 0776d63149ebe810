package org.traumaflow.model.statedict;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A PyTorch state dict read from a file: tensor name to tensor, in the file's order. Reads the
 * two formats weights are shared in, told apart by their first bytes rather than by the file's
 * extension: {@code .safetensors} ({@link SafetensorsFile}) and the zip archive
 * {@code torch.save(model.state_dict(), path)} writes ({@link TorchSaveFile}, {@code .pt} or
 * {@code .pth}), whose pickle is interpreted, never run.
 *
 * <pre>{@code
 * StateDict weights = StateDict.read(Path.of("resnet18.pt"));
 * StateDictTensor stem = weights.tensors().get("conv1.weight"); // (64, 3, 7, 7)
 * }</pre>
 *
 * @param file where it was read from, for messages
 * @param tensors by name, every tensor as float32 values in C order
 */
public record StateDict(Path file, Map<String, StateDictTensor> tensors) {
  private static final byte[] ZIP = {'P', 'K', 3, 4};

  public StateDict {
    tensors = Collections.unmodifiableMap(new LinkedHashMap<>(tensors));
  }

  /** @throws StateDictException when the file is neither format, or is refused (see the formats) */
  public static StateDict read(Path file) throws IOException {
    byte[] head;
    try (InputStream in = Files.newInputStream(file)) {
      head = in.readNBytes(9);
    }
    if (head.length >= ZIP.length && Arrays.equals(head, 0, ZIP.length, ZIP, 0, ZIP.length)) {
      return new StateDict(file, TorchSaveFile.read(file));
    }
    if (head.length == 9 && head[8] == '{') {
      return new StateDict(file, SafetensorsFile.read(file));
    }
    if (head.length > 0 && (head[0] & 0xFF) == 0x80) {
      throw new StateDictException(file + ": a pickle in the legacy torch.save format (before PyTorch 1.6, or "
          + "_use_new_zipfile_serialization=False), which is not read: save it again with torch.save(state_dict, path)");
    }
    throw new StateDictException(file + ": neither safetensors nor a torch.save zip archive");
  }
}
