package org.traumaflow.model;

/**
 * What the rest of the stage-2 network needs to know of its encoder.
 *
 * @param channels16 channels of the stride-16 feature map
 * @param channels32 channels of the stride-32 feature map
 * @param features length of the pooled feature vector
 */
public record EncoderShape(int channels16, int channels32, int features) {
  public EncoderShape {
    if (channels16 < 1 || channels32 < 1 || features < 1) {
      throw new IllegalArgumentException("an encoder gives at least one channel and feature, got " + channels16 + ", " + channels32 + ", " + features);
    }
  }
}
