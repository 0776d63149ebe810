package org.traumaflow.model;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import java.nio.FloatBuffer;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.traumaflow.model.statedict.StateDict;
import org.traumaflow.model.statedict.StateDictTensor;

/**
 * Loads a torchvision or timm state dict (ImageNet weights, say) into a built-in encoder, by name
 * ({@link StateDictNames}): every convolution weight and bias, batch-norm scale and shift, and
 * running mean and variance of the encoder is set from the file. The library's classifier and the
 * batch norms' update counters ({@code num_batches_tracked}) are skipped; anything else must fit
 * exactly. All or nothing: every tensor is checked before any is set.
 */
public final class PretrainedEncoder {
  private PretrainedEncoder() {}

  /**
   * Sets {@code encoder}'s parameters, an initialised encoder that {@code config} describes,
   * from {@code weights}.
   *
   * @return how many tensors were set
   * @throws PretrainedMismatchException naming the first tensor the encoder has no place for, the
   *     first it needs that is missing, or the first of another shape (with both shapes)
   */
  public static int load(StateDict weights, Block encoder, SequenceModelConfig config) throws PretrainedMismatchException {
    StateDictNames.Naming naming = namingOf(weights, StateDictNames.of(config));
    Map<String, Parameter> ours = new LinkedHashMap<>();
    encoder.getParameters().forEach(p -> ours.put(p.getKey(), p.getValue()));
    String encoderName = config.encoder().name().toLowerCase(Locale.ROOT) + " encoder";
    String layoutHint = config.widthMultiplier() == 1 && config.depthMultiplier() == 1 ? ""
        : " (pretrained weights fit the reference layout, preset: method; this one is scaled by width " + config.widthMultiplier()
            + " and depth " + config.depthMultiplier() + ")";
    Map<Parameter, StateDictTensor> assignments = new LinkedHashMap<>();
    for (Map.Entry<String, StateDictTensor> entry : weights.tensors().entrySet()) {
      String name = entry.getKey();
      if (naming.ignores(name)) {
        continue;
      }
      String target = naming.parameters().get(name);
      if (target == null) {
        throw new PretrainedMismatchException(weights.file() + ": tensor '" + name + "' has no place in the " + encoderName + " (read with "
            + naming.library() + "'s names): is this the state dict of another model?" + layoutHint);
      }
      Parameter parameter = ours.get(target);
      if (parameter == null) {
        throw new IllegalStateException("the name table maps '" + name + "' to " + target + ", which the " + encoderName + " does not have");
      }
      Shape expected = parameter.getArray().getShape();
      if (!expected.equals(entry.getValue().shape())) {
        throw new PretrainedMismatchException(weights.file() + ": tensor '" + name + "' is " + entry.getValue().shape() + " in the file, "
            + expected + " in the " + encoderName + layoutHint);
      }
      assignments.put(parameter, entry.getValue());
    }
    for (Map.Entry<String, String> entry : naming.parameters().entrySet()) {
      if (!weights.tensors().containsKey(entry.getKey())) {
        throw new PretrainedMismatchException(weights.file() + ": tensor '" + entry.getKey() + "', which the " + encoderName
            + " needs, is missing (read with " + naming.library() + "'s names)" + layoutHint);
      }
    }
    if (assignments.size() != ours.size()) {
      throw new IllegalStateException("the name table covers " + assignments.size() + " of the " + encoderName + "'s " + ours.size() + " parameters");
    }
    assignments.forEach((parameter, tensor) -> parameter.getArray().set(FloatBuffer.wrap(tensor.values())));
    return assignments.size();
  }

  /** The naming that knows most of the file's tensor names (torchvision's on a tie). */
  private static StateDictNames.Naming namingOf(StateDict weights, List<StateDictNames.Naming> namings) {
    Comparator<StateDictNames.Naming> known = Comparator.comparingLong(n -> weights.tensors().keySet().stream().filter(n.parameters()::containsKey).count());
    return namings.stream().reduce((a, b) -> known.compare(b, a) > 0 ? b : a).orElseThrow();
  }
}
