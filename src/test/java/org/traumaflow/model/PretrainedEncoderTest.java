package org.traumaflow.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.traumaflow.model.statedict.StateDict;
import org.traumaflow.sequence.NpyArray;
import org.traumaflow.testing.ReferenceTools;
import org.traumaflow.testing.SingleThreadedTorch;
import org.traumaflow.testing.TorchReference;

/**
 * torchvision's ResNet-18/34 and EfficientNetV2-S, built by Debian's torchvision with a fixed seed
 * and saved as state dicts, loaded into our encoders: the same input gives the same features.
 */
@ExtendWith(SingleThreadedTorch.class)
class PretrainedEncoderTest {
  /** Max abs difference allowed between our features and torchvision's (float32, eval mode). */
  private static final double TOLERANCE = 1e-4;
  private static final List<String> OUTPUTS = List.of("map16", "map32", "pooled");

  @TempDir Path dir;

  @ParameterizedTest
  @EnumSource(value = EncoderName.class, names = {"RESNET18", "RESNET34", "EFFICIENTNET_V2_S"})
  void featuresAgreeWithTorchvisionsForTheSameWeightsFromEitherFormat(EncoderName name) throws IOException {
    String arch = torchvision(name);
    SequenceModelConfig config = SequenceModelConfig.method(SequenceTask.ORGANS, name);
    float[] input = npy("input").values();
    for (String format : List.of(".pt", ".safetensors")) {
      StateDict weights = StateDict.read(dir.resolve(arch + format));
      try (NDManager manager = NDManager.newBaseManager()) {
        FeatureEncoder encoder = initialised(config, manager);
        int loaded = PretrainedEncoder.load(weights, encoder, config);
        assertEquals(encoder.getParameters().size(), loaded, "every parameter and running statistic is set");
        NDList ours = encoder.forward(new ParameterStore(manager, false), new NDList(manager.create(input, new Shape(2, 3, 96, 96))), false);
        for (int i = 0; i < OUTPUTS.size(); i++) {
          Npy expected = npy(OUTPUTS.get(i));
          NDArray actual = ours.get(i);
          assertEquals(expected.shape(), actual.getShape(), OUTPUTS.get(i));
          double maxAbs = maxAbsDifference(expected.values(), actual.toFloatArray());
          System.out.printf(Locale.ROOT, "%s%s %s: max abs difference %.3e (max |feature| %.3g)%n", arch, format, OUTPUTS.get(i), maxAbs, maxAbs(expected.values()));
          assertTrue(maxAbs <= TOLERANCE, arch + format + " " + OUTPUTS.get(i) + ": max abs difference " + maxAbs);
        }
      }
    }
  }

  @Test
  void aTensorOfAnotherShapeIsRefusedNamingItAndBothShapesAndNothingIsLoaded() throws IOException {
    torchvision(EncoderName.RESNET18);
    Path wrong = dir.resolve("wrong.pt");
    ReferenceTools.run(ReferenceTools.PYTHON, "-c", "import sys, torch; d = torch.load(sys.argv[1]); "
        + "d['layer3.1.conv2.weight'] = d['layer3.1.conv2.weight'][:, :128].clone(); torch.save(d, sys.argv[2])",
        dir.resolve("resnet18.pt").toString(), wrong.toString());
    SequenceModelConfig config = SequenceModelConfig.method(SequenceTask.ORGANS, EncoderName.RESNET18);
    try (NDManager manager = NDManager.newBaseManager()) {
      FeatureEncoder encoder = initialised(config, manager);
      float[] before = stem(encoder, config);
      PretrainedMismatchException e = assertThrows(PretrainedMismatchException.class, () -> PretrainedEncoder.load(StateDict.read(wrong), encoder, config));
      assertEquals(wrong + ": tensor 'layer3.1.conv2.weight' is (256, 128, 3, 3) in the file, (256, 256, 3, 3) in the resnet18 encoder", e.getMessage());
      assertArrayEquals(before, stem(encoder, config), "all or nothing: the stem, checked before the refused tensor, was not set");
    }
  }

  @Test
  void anotherModelsWeightsAreRefusedNamingTheFirstTensorThatDoesNotFit() throws IOException {
    torchvision(EncoderName.RESNET18);
    StateDict resnet18 = StateDict.read(dir.resolve("resnet18.pt"));
    try (NDManager manager = NDManager.newBaseManager()) {
      SequenceModelConfig deeper = SequenceModelConfig.method(SequenceTask.ORGANS, EncoderName.RESNET34);
      PretrainedMismatchException missing = assertThrows(PretrainedMismatchException.class,
          () -> PretrainedEncoder.load(resnet18, initialised(deeper, manager), deeper));
      assertTrue(missing.getMessage().contains("tensor 'layer1.2.conv1.weight', which the resnet34 encoder needs, is missing"), missing.getMessage());
      SequenceModelConfig tiny = SequenceModelConfig.tiny(SequenceTask.ORGANS, EncoderName.RESNET18);
      PretrainedMismatchException narrower = assertThrows(PretrainedMismatchException.class,
          () -> PretrainedEncoder.load(resnet18, initialised(tiny, manager), tiny));
      assertTrue(narrower.getMessage().contains("tensor 'conv1.weight' is (64, 3, 7, 7) in the file, (8, 3, 7, 7) in the resnet18 encoder "
          + "(pretrained weights fit the reference layout, preset: method"), narrower.getMessage());
      SequenceModelConfig efficientNet = SequenceModelConfig.method(SequenceTask.ORGANS, EncoderName.EFFICIENTNET_V2_S);
      PretrainedMismatchException unexpected = assertThrows(PretrainedMismatchException.class,
          () -> PretrainedEncoder.load(resnet18, initialised(efficientNet, manager), efficientNet));
      assertTrue(unexpected.getMessage().contains("tensor 'conv1.weight' has no place in the efficientnet_v2_s encoder"), unexpected.getMessage());
    }
  }

  @Test
  void torchvisionsAndTimmsNamesReachTheSameParametersOfEfficientNet() {
    List<StateDictNames.Naming> namings = StateDictNames.of(SequenceModelConfig.method(SequenceTask.ORGANS, EncoderName.EFFICIENTNET_V2_S));
    assertEquals(List.of("torchvision", "timm"), namings.stream().map(StateDictNames.Naming::library).toList());
    var torchvision = namings.get(0).parameters();
    var timm = namings.get(1).parameters();
    assertEquals(List.copyOf(torchvision.values()), List.copyOf(timm.values()), "one name each for the same parameters, in the same order");
    assertEquals(torchvision.get("features.4.0.block.2.fc1.bias"), timm.get("blocks.3.0.se.conv_reduce.bias"));
    assertEquals(torchvision.get("features.1.1.block.0.1.running_var"), timm.get("blocks.0.1.bn1.running_var"));
    assertEquals(torchvision.get("features.7.1.weight"), timm.get("bn2.weight"));
  }

  private static FeatureEncoder initialised(SequenceModelConfig config, NDManager manager) {
    FeatureEncoder encoder = FeatureEncoder.of(config);
    encoder.initialize(manager, DataType.FLOAT32, new Shape(1, 3, 64, 64));
    return encoder;
  }

  /** The weights where torchvision's {@code conv1.weight} goes. */
  private static float[] stem(FeatureEncoder encoder, SequenceModelConfig config) {
    String ours = StateDictNames.of(config).get(0).parameters().get("conv1.weight");
    return encoder.getParameters().get(ours).getArray().toFloatArray();
  }

  /** Runs Debian's torchvision for {@code name}'s model into the temporary folder; its torchvision name. */
  private String torchvision(EncoderName name) {
    TorchReference.requireInstalled();
    String arch = name.name().toLowerCase(Locale.ROOT);
    ReferenceTools.python("reference/torchvision_encoder.py", arch, dir.toString());
    return arch;
  }

  private record Npy(Shape shape, float[] values) {}

  private Npy npy(String name) throws IOException {
    NpyArray array;
    try (InputStream in = Files.newInputStream(dir.resolve(name + ".npy"))) {
      array = NpyArray.read(in);
    }
    float[] values = new float[array.data().length / Float.BYTES];
    ByteBuffer.wrap(array.data()).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(values);
    return new Npy(new Shape(Arrays.stream(array.shape()).asLongStream().toArray()), values);
  }

  private static double maxAbs(float[] values) {
    double max = 0;
    for (float v : values) {
      max = Math.max(max, Math.abs(v));
    }
    return max;
  }

  private static double maxAbsDifference(float[] expected, float[] actual) {
    assertEquals(expected.length, actual.length);
    double max = 0;
    for (int i = 0; i < expected.length; i++) {
      max = Math.max(max, Math.abs((double) expected[i] - actual[i]));
    }
    return max;
  }
}
