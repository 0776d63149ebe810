package org.traumaflow.model;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Where each tensor of a torchvision or timm state dict goes in a built-in encoder. For every
 * convolution and batch norm of {@link ResNetEncoder} and {@link EfficientNetV2Encoder} it knows
 * the module's name in torchvision's model, in timm's, and the block's path in ours, which DJL
 * makes of one {@code NN<BlockClass>} per level ({@code SequentialBlock.add} and
 * {@code AbstractBlock.addChildBlock} number children from 01). Made for the config's block and
 * channel counts the way the builders make the encoder; {@code PretrainedEncoderTest} proves it
 * against torchvision's own features.
 *
 * <p>torchvision and timm name ResNet-18/34 alike ({@code conv1}, {@code layer1.0.bn2},
 * {@code layer2.0.downsample.0}, ...). For EfficientNetV2-S torchvision's names are
 * {@code features.S.B.block.I.J} and timm's ({@code efficientnetv2_s}, {@code tf_efficientnetv2_s})
 * {@code conv_stem}, {@code blocks.S.B.conv_pw}, {@code conv_head}, ....
 */
final class StateDictNames {
  /**
   * One library's names for an encoder.
   *
   * @param library whose names, for messages
   * @param parameters state-dict tensor name to our parameter name, in the encoder's order
   * @param ignoredPrefix the part of the library's model our encoders do not have (its classifier)
   */
  record Naming(String library, Map<String, String> parameters, String ignoredPrefix) {
    /** Whether the tensor {@code name} is one that loading skips: the classifier, a batch norm's update counter. */
    boolean ignores(String name) {
      return name.startsWith(ignoredPrefix) || name.endsWith(".num_batches_tracked");
    }
  }

  private enum Kind { CONV, CONV_WITH_BIAS, BATCH_NORM }

  /** One convolution or batch norm: its module names in torchvision and timm, and our block's path. */
  private record Layer(Kind kind, String torchvision, String timm, String block) {}

  private static final String SEQUENTIAL = "SequentialBlock";
  private static final String PARALLEL = "ParallelBlock";
  private static final String CONV = "Conv2d";
  private static final String NORM = "BatchNorm";

  private StateDictNames() {}

  /** The namings of {@code config}'s encoder, torchvision's first. */
  static List<Naming> of(SequenceModelConfig config) {
    return switch (config.encoder()) {
      case RESNET18, RESNET34 -> List.of(naming("torchvision/timm", resNet(config), false, "fc."));
      case EFFICIENTNET_V2_S -> {
        List<Layer> layers = efficientNet(config);
        yield List.of(naming("torchvision", layers, false, "classifier."), naming("timm", layers, true, "classifier."));
      }
      case TORCHSCRIPT -> throw new IllegalArgumentException("a TorchScript encoder brings its own weights; pretrained state dicts are for the built-in encoders");
    };
  }

  private static List<Layer> resNet(SequenceModelConfig config) {
    List<Layer> layers = new ArrayList<>();
    String stem = "01stride16_" + child(1, SEQUENTIAL) + "_";
    resNetLayer(layers, Kind.CONV, "conv1", stem + child(1, CONV));
    resNetLayer(layers, Kind.BATCH_NORM, "bn1", stem + child(2, NORM));
    List<Integer> blocks = config.encoder().blocks();
    for (int s = 0; s < blocks.size(); s++) {
      String stage = s < blocks.size() - 1 ? "01stride16_" + child(s + 2, SEQUENTIAL) + "_" : "02stride32_";
      for (int b = 0; b < config.repeats(blocks.get(s)); b++) {
        String name = "layer" + (s + 1) + "." + b + ".";
        // ResNetBlocks.basicBlock: (residual path, shortcut) in a ParallelBlock, then ReLU.
        String block = stage + child(b + 1, SEQUENTIAL) + "_" + child(1, PARALLEL) + "_";
        String path = block + child(1, SEQUENTIAL) + "_";
        resNetLayer(layers, Kind.CONV, name + "conv1", path + child(1, CONV));
        resNetLayer(layers, Kind.BATCH_NORM, name + "bn1", path + child(2, NORM));
        resNetLayer(layers, Kind.CONV, name + "conv2", path + child(4, CONV));
        resNetLayer(layers, Kind.BATCH_NORM, name + "bn2", path + child(5, NORM));
        if (b == 0 && s > 0) {
          String shortcut = block + child(2, SEQUENTIAL) + "_";
          resNetLayer(layers, Kind.CONV, name + "downsample.0", shortcut + child(1, CONV));
          resNetLayer(layers, Kind.BATCH_NORM, name + "downsample.1", shortcut + child(2, NORM));
        }
      }
    }
    return layers;
  }

  private static void resNetLayer(List<Layer> layers, Kind kind, String name, String block) {
    layers.add(new Layer(kind, name, name, block));
  }

  private static List<Layer> efficientNet(SequenceModelConfig config) {
    List<Layer> layers = new ArrayList<>();
    String stem = "01stride16_" + child(1, SEQUENTIAL) + "_";
    layers.add(new Layer(Kind.CONV, "features.0.0", "conv_stem", stem + child(1, CONV)));
    layers.add(new Layer(Kind.BATCH_NORM, "features.0.1", "bn1", stem + child(2, NORM)));
    List<EfficientNetV2Encoder.Stage> stages = EfficientNetV2Encoder.STAGES;
    int in = config.channels(EfficientNetV2Encoder.STEM_CHANNELS);
    for (int s = 0; s < stages.size(); s++) {
      EfficientNetV2Encoder.Stage stage = stages.get(s);
      int out = config.channels(stage.channels());
      String prefix = s < stages.size() - 1 ? "01stride16_" + child(s + 2, SEQUENTIAL) + "_" : "02stride32_";
      for (int b = 0; b < config.repeats(config.encoder().blocks().get(s)); b++) {
        boolean shortcut = EfficientNetV2Encoder.hasShortcut(b == 0 ? in : out, out, b == 0 ? stage.stride() : 1);
        String path = prefix + (shortcut ? child(b + 1, PARALLEL) + "_" + child(1, SEQUENTIAL) : child(b + 1, SEQUENTIAL)) + "_";
        String expand = path + child(1, SEQUENTIAL) + "_";
        String torchvision = "features." + (s + 1) + "." + b + ".block.";
        String timm = "blocks." + s + "." + b + ".";
        if (stage.fused() && stage.expand() == 1) {
          layers.add(new Layer(Kind.CONV, torchvision + "0.0", timm + "conv", expand + child(1, CONV)));
          layers.add(new Layer(Kind.BATCH_NORM, torchvision + "0.1", timm + "bn1", expand + child(2, NORM)));
        } else if (stage.fused()) {
          layers.add(new Layer(Kind.CONV, torchvision + "0.0", timm + "conv_exp", expand + child(1, CONV)));
          layers.add(new Layer(Kind.BATCH_NORM, torchvision + "0.1", timm + "bn1", expand + child(2, NORM)));
          layers.add(new Layer(Kind.CONV, torchvision + "1.0", timm + "conv_pwl", path + child(2, CONV)));
          layers.add(new Layer(Kind.BATCH_NORM, torchvision + "1.1", timm + "bn2", path + child(3, NORM)));
        } else {
          String gate = path + child(5, PARALLEL) + "_" + child(2, SEQUENTIAL) + "_";
          layers.add(new Layer(Kind.CONV, torchvision + "0.0", timm + "conv_pw", expand + child(1, CONV)));
          layers.add(new Layer(Kind.BATCH_NORM, torchvision + "0.1", timm + "bn1", expand + child(2, NORM)));
          layers.add(new Layer(Kind.CONV, torchvision + "1.0", timm + "conv_dw", path + child(2, CONV)));
          layers.add(new Layer(Kind.BATCH_NORM, torchvision + "1.1", timm + "bn2", path + child(3, NORM)));
          layers.add(new Layer(Kind.CONV_WITH_BIAS, torchvision + "2.fc1", timm + "se.conv_reduce", gate + child(2, CONV)));
          layers.add(new Layer(Kind.CONV_WITH_BIAS, torchvision + "2.fc2", timm + "se.conv_expand", gate + child(4, CONV)));
          layers.add(new Layer(Kind.CONV, torchvision + "3.0", timm + "conv_pwl", path + child(6, CONV)));
          layers.add(new Layer(Kind.BATCH_NORM, torchvision + "3.1", timm + "bn3", path + child(7, NORM)));
        }
      }
      in = out;
    }
    layers.add(new Layer(Kind.CONV, "features.7.0", "conv_head", "03head_" + child(1, CONV)));
    layers.add(new Layer(Kind.BATCH_NORM, "features.7.1", "bn2", "03head_" + child(2, NORM)));
    return layers;
  }

  private static Naming naming(String library, List<Layer> layers, boolean timm, String ignoredPrefix) {
    Map<String, String> parameters = new LinkedHashMap<>();
    for (Layer layer : layers) {
      String module = timm ? layer.timm() : layer.torchvision();
      String block = layer.block() + "_";
      if (layer.kind() == Kind.BATCH_NORM) {
        parameters.put(module + ".weight", block + "gamma");
        parameters.put(module + ".bias", block + "beta");
        parameters.put(module + ".running_mean", block + "runningMean");
        parameters.put(module + ".running_var", block + "runningVar");
      } else {
        parameters.put(module + ".weight", block + "weight");
        if (layer.kind() == Kind.CONV_WITH_BIAS) {
          parameters.put(module + ".bias", block + "bias");
        }
      }
    }
    return new Naming(library, parameters, ignoredPrefix);
  }

  /** DJL's name for the {@code position}-th child (from 1) of a {@code type} block. */
  private static String child(int position, String type) {
    return String.format(Locale.ROOT, "%02d%s", position, type);
  }
}
