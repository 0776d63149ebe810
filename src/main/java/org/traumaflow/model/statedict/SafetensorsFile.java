package org.traumaflow.model.statedict;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A {@code .safetensors} file: an 8-byte little-endian header length, a JSON header giving each
 * tensor's {@code dtype}, {@code shape} and {@code data_offsets} (begin and end, in bytes after
 * the header), then the tensors' raw little-endian elements, each contiguous in C order.
 */
final class SafetensorsFile {
  /** A header larger than this is not a weights file's (safetensors itself caps it at 100 MB). */
  private static final long MAX_HEADER = 100L << 20;
  private static final String METADATA = "__metadata__";

  private SafetensorsFile() {}

  static Map<String, StateDictTensor> read(Path file) throws IOException {
    try (FileChannel channel = FileChannel.open(file)) {
      long length = channel.size();
      ByteBuffer prefix = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
      readFully(file, channel, prefix, 0);
      long headerLength = prefix.getLong(0);
      if (headerLength < 2 || headerLength > MAX_HEADER || headerLength > length - 8) {
        throw new StateDictException(file + ": a safetensors header of " + headerLength + " bytes does not fit a file of " + length);
      }
      ByteBuffer header = ByteBuffer.allocate((int) headerLength);
      readFully(file, channel, header, 8);
      JsonNode tensors = parse(file, new String(header.array(), StandardCharsets.UTF_8));
      long dataStart = 8 + headerLength;
      Map<String, StateDictTensor> read = new LinkedHashMap<>();
      for (Iterator<Map.Entry<String, JsonNode>> it = tensors.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> entry = it.next();
        if (!entry.getKey().equals(METADATA)) {
          read.put(entry.getKey(), tensor(file, entry.getKey(), entry.getValue(), channel, dataStart, length));
        }
      }
      return read;
    }
  }

  private static StateDictTensor tensor(Path file, String name, JsonNode info, FileChannel channel, long dataStart, long length) throws IOException {
    String where = file + ": tensor '" + name + "': ";
    String dtypeName = info.path("dtype").asText();
    TensorDtype dtype = TensorDtype.ofSafetensors(dtypeName)
        .orElseThrow(() -> new StateDictException(where + "dtype '" + dtypeName + "' is not read (F32, F16, BF16, F64 and I64 are)"));
    JsonNode shape = info.path("shape");
    JsonNode offsets = info.path("data_offsets");
    if (!shape.isArray() || !offsets.isArray() || offsets.size() != 2) {
      throw new StateDictException(where + "the header entry lacks a shape or its two data offsets: " + info);
    }
    long[] size = new long[shape.size()];
    long count = 1;
    for (int d = 0; d < size.length; d++) {
      size[d] = shape.get(d).asLong(-1);
      if (!shape.get(d).canConvertToLong() || size[d] < 0) {
        throw new StateDictException(where + "shape " + shape + " is not a list of sizes");
      }
      count = Math.multiplyExact(count, size[d]);
    }
    long begin = offsets.get(0).asLong(-1);
    long end = offsets.get(1).asLong(-1);
    long bytes = Math.multiplyExact(count, (long) dtype.bytes());
    if (begin < 0 || end - begin != bytes || dataStart + end > length || bytes > Integer.MAX_VALUE - 8) {
      throw new StateDictException(where + "data offsets " + offsets + " do not hold " + count + " elements of " + dtype + " within the file");
    }
    ByteBuffer data = ByteBuffer.allocate((int) bytes);
    readFully(file, channel, data, dataStart + begin);
    return StateDictTensor.view(dtype, data, 0, size, StateDictTensor.contiguousStrides(size));
  }

  private static JsonNode parse(Path file, String header) throws StateDictException {
    try {
      JsonNode tensors = new ObjectMapper().readTree(header);
      if (tensors == null || !tensors.isObject()) {
        throw new StateDictException(file + ": the safetensors header is not a JSON object");
      }
      return tensors;
    } catch (JsonProcessingException e) {
      throw new StateDictException(file + ": the safetensors header is not JSON: " + e.getOriginalMessage(), e);
    }
  }

  private static void readFully(Path file, FileChannel channel, ByteBuffer into, long position) throws IOException {
    long at = position;
    while (into.hasRemaining()) {
      int read = channel.read(into, at);
      if (read < 0) {
        throw new StateDictException(file + ": the file ends at byte " + at + ", inside what its header describes");
      }
      at += read;
    }
  }
}
