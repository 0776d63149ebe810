package org.traumaflow.nn;

import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.ParallelBlock;
import ai.djl.nn.SequentialBlock;
import java.util.List;
import java.util.function.Supplier;

/**
 * ResNet-18/34's residual stages, in as many spatial dimensions as the given convolution has: the
 * 3D stage-1 encoder and the 2D stage-2 encoder are built from the same blocks.
 *
 * @param conv a convolution without bias, "same" padding
 * @param norm a fresh normalisation layer (batch norm)
 */
public record ResNetBlocks(Convolution conv, Supplier<Block> norm) {

  /** A convolution of {@code filters} square (or cubic) kernels of side {@code kernel}. */
  @FunctionalInterface
  public interface Convolution {
    Block of(int filters, int kernel, int stride);
  }

  /** One stage: {@code blocks} basic blocks, the first with the stage's stride. */
  public Block stage(int channels, int blocks, int stride, boolean projectFirst) {
    SequentialBlock stage = new SequentialBlock();
    for (int i = 0; i < blocks; i++) {
      stage.add(basicBlock(channels, i == 0 ? stride : 1, i == 0 && projectFirst));
    }
    return stage;
  }

  /**
   * ResNet's basic block: two 3x3 convolutions with normalisation on the residual path, a 1x1
   * strided convolution with normalisation on the shortcut when the shape changes, their sum,
   * then ReLU.
   */
  public Block basicBlock(int channels, int stride, boolean projection) {
    SequentialBlock residual =
        new SequentialBlock()
            .add(conv.of(channels, 3, stride))
            .add(norm.get())
            .add(Activation::relu)
            .add(conv.of(channels, 3, 1))
            .add(norm.get());
    Block shortcut =
        projection ? new SequentialBlock().add(conv.of(channels, 1, stride)).add(norm.get()) : Blocks.identityBlock();
    return new SequentialBlock().add(new ParallelBlock(ResNetBlocks::sum, List.of(residual, shortcut))).add(Activation::relu);
  }

  /** Joins branches that give one array each by adding them (a residual path and its shortcut). */
  public static NDList sum(List<NDList> branches) {
    NDList arrays = new NDList(branches.size());
    for (NDList branch : branches) {
      arrays.add(branch.singletonOrThrow());
    }
    return new NDList(NDArrays.add(arrays.toArray(new ai.djl.ndarray.NDArray[0])));
  }
}
