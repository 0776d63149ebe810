package org.traumaflow.pipeline.common;

import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.CoderRegistry;
import org.apache.beam.sdk.coders.ListCoder;
import org.apache.beam.sdk.transforms.Combine;

/**
 * Gathers a small collection into one list, for the final step of a pipeline that must see every
 * result at once (a manifest, a registry). Only for small elements: the list is one element.
 */
public final class AllElements<T> extends Combine.CombineFn<T, List<T>, List<T>> {
  public static <T> AllElements<T> create() {
    return new AllElements<>();
  }

  @Override
  public List<T> createAccumulator() {
    return new ArrayList<>();
  }

  @Override
  public List<T> addInput(List<T> accumulator, T input) {
    accumulator.add(input);
    return accumulator;
  }

  @Override
  public List<T> mergeAccumulators(Iterable<List<T>> accumulators) {
    List<T> merged = new ArrayList<>();
    accumulators.forEach(merged::addAll);
    return merged;
  }

  @Override
  public List<T> extractOutput(List<T> accumulator) {
    return accumulator;
  }

  @Override
  public Coder<List<T>> getAccumulatorCoder(CoderRegistry registry, Coder<T> input) {
    return ListCoder.of(input);
  }

  /** The list in the elements' own coder: the registry cannot infer one for a type variable. */
  @Override
  public Coder<List<T>> getDefaultOutputCoder(CoderRegistry registry, Coder<T> input) {
    return ListCoder.of(input);
  }
}
