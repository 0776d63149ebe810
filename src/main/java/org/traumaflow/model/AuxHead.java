package org.traumaflow.model;

import java.util.List;

/**
 * The auxiliary segmentation head type of a stage-2 network: the two types of the seed's
 * writeup ("Auxiliary Segmentation Loss"), both over the same encoder as the classifier.
 */
public enum AuxHead {
  /**
   * The writeup's 2D-CNN head, one per feature map: (3x3 convolution to 128 channels, batch
   * norm, ReLU) twice, then a 1x1 convolution to the 4 organ masks, on the encoder's stride-16
   * and stride-32 maps. Its masks are at those maps' resolutions.
   */
  CNN(List.of(16, 32)),
  /**
   * The writeup's UNet decoder: the stride-32 map upsampled and joined with the stride-16 map,
   * then decoded up to stride 4, one mask at a quarter of the input's resolution.
   */
  UNET(List.of(4));

  /** Channels of the CNN head's hidden convolutions, as in the writeup's snippet. */
  public static final int CNN_CHANNELS = 128;

  private final List<Integer> maskStrides;

  AuxHead(List<Integer> maskStrides) {
    this.maskStrides = maskStrides;
  }

  /** The downsampling of each mask output relative to the input, in the network's output order. */
  public List<Integer> maskStrides() {
    return maskStrides;
  }
}
