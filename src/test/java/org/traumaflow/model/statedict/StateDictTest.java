package org.traumaflow.model.statedict;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.types.Shape;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.traumaflow.sequence.NpyArray;
import org.traumaflow.testing.ReferenceTools;
import org.traumaflow.testing.TorchReference;

/** Reading state dicts as torch writes them, and refusing pickles that would do more than rebuild tensors. */
class StateDictTest {
  private static final List<String> VIEWS = List.of("transposed", "strided", "rows", "half", "bfloat16", "double", "num_batches_tracked", "scalar", "empty");

  @TempDir Path dir;

  @ParameterizedTest
  @ValueSource(strings = {"views.pt", "views.safetensors"})
  void stridedHalfPrecisionAndScalarTensorsReadAsTorchConvertsThem(String file) throws IOException {
    TorchReference.requireInstalled();
    ReferenceTools.python("reference/state_dict_views.py", dir.toString());
    StateDict read = StateDict.read(dir.resolve(file));
    assertEquals(VIEWS, List.copyOf(read.tensors().keySet()), "every tensor, in the file's order");
    for (String name : VIEWS) {
      NpyArray expected;
      try (InputStream in = Files.newInputStream(dir.resolve(name + ".npy"))) {
        expected = NpyArray.read(in);
      }
      StateDictTensor tensor = read.tensors().get(name);
      assertEquals(new Shape(Arrays.stream(expected.shape()).asLongStream().toArray()), tensor.shape(), name);
      float[] values = new float[tensor.values().length];
      ByteBuffer.wrap(expected.data()).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(values);
      assertArrayEquals(values, tensor.values(), name + " in " + file);
    }
    assertEquals(TensorDtype.BF16, read.tensors().get("bfloat16").dtype());
    assertEquals(TensorDtype.I64, read.tensors().get("num_batches_tracked").dtype());
  }

  @Test
  void aPickleNamingAnotherGlobalIsRefusedNamingItWithoutRunningIt() throws IOException {
    // os.system('touch pwned'): what a malicious "weights" file does when torch.load unpickles it.
    Path file = torchSave(pickle(out -> {
      out.write("cos\nsystem\n".getBytes(StandardCharsets.US_ASCII));
      unicode(out, "touch " + dir.resolve("pwned"));
      out.write(new byte[] {(byte) 0x85, 'R', '.'});
    }));
    StateDictException e = assertThrows(StateDictException.class, () -> StateDict.read(file));
    assertTrue(e.getMessage().startsWith(file + ": ") && e.getMessage().contains("'os.system'"), e.getMessage());
    assertTrue(Files.notExists(dir.resolve("pwned")));
  }

  @Test
  void anOpcodeAStateDictIsNotMadeOfIsRefusedNamingIt() throws IOException {
    // STACK_GLOBAL (protocol 4): the module and name come from the stack, not the opcode's argument.
    Path file = torchSave(pickle(out -> {
      unicode(out, "builtins");
      unicode(out, "eval");
      out.write(new byte[] {(byte) 0x93, '.'});
    }));
    StateDictException e = assertThrows(StateDictException.class, () -> StateDict.read(file));
    assertTrue(e.getMessage().contains("pickle opcode 0x93 STACK_GLOBAL at byte 24"), e.getMessage());
  }

  @Test
  void aCheckpointHoldingTheStateDictIsRefusedWithWhatToSaveInstead() throws IOException {
    // {'model': {}}: a training checkpoint's dict rather than the state dict itself.
    Path file = torchSave(pickle(out -> {
      out.write('}');
      unicode(out, "model");
      out.write(new byte[] {'}', 's', '.'});
    }));
    StateDictException e = assertThrows(StateDictException.class, () -> StateDict.read(file));
    assertTrue(e.getMessage().contains("entry 'model' is a dict, not a tensor: save model.state_dict() itself"), e.getMessage());
  }

  @Test
  void aFileOfNeitherFormatIsRefused() throws IOException {
    Path file = Files.writeString(dir.resolve("weights.pt"), "not weights at all");
    StateDictException e = assertThrows(StateDictException.class, () -> StateDict.read(file));
    assertEquals(file + ": neither safetensors nor a torch.save zip archive", e.getMessage());
  }

  @Test
  void halfPrecisionConvertsExactlyIncludingSubnormalsAndInfinities() {
    assertEquals(1.0f, TensorDtype.halfToFloat((short) 0x3C00));
    assertEquals(-2.0f, TensorDtype.halfToFloat((short) 0xC000));
    assertEquals(65504f, TensorDtype.halfToFloat((short) 0x7BFF));
    assertEquals(0x1p-24f, TensorDtype.halfToFloat((short) 0x0001));
    assertEquals(-0.0f, TensorDtype.halfToFloat((short) 0x8000));
    assertEquals(Float.POSITIVE_INFINITY, TensorDtype.halfToFloat((short) 0x7C00));
    assertTrue(Float.isNaN(TensorDtype.halfToFloat((short) 0x7E00)));
  }

  private interface Body {
    void write(OutputStream out) throws IOException;
  }

  /** A protocol-2 pickle: PROTO 2, then {@code body}, which ends with STOP. */
  private static byte[] pickle(Body body) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(new byte[] {(byte) 0x80, 2});
    body.write(out);
    return out.toByteArray();
  }

  private static void unicode(OutputStream out, String text) throws IOException {
    byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
    out.write('X');
    out.write(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(utf8.length).array());
    out.write(utf8);
  }

  /** A zip laid out as torch.save lays one out, with {@code pickle} as its data.pkl. */
  private Path torchSave(byte[] pickle) throws IOException {
    Path file = dir.resolve("weights.pt");
    try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(file))) {
      zip.putNextEntry(new ZipEntry("weights/data.pkl"));
      zip.write(pickle);
      zip.closeEntry();
      zip.putNextEntry(new ZipEntry("weights/version"));
      zip.write("3\n".getBytes(StandardCharsets.US_ASCII));
      zip.closeEntry();
    }
    return file;
  }
}
