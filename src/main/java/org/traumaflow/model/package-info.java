/**
 * Stage 2: the CNN+GRU model zoo (ResNet, EfficientNetV2-S, TorchScript encoders and members), its
 * loss, sampler, augmentation, trainer and predictor.
 *
 * <p>Uses {@code engine}, {@code label}, {@code model.statedict}, {@code nn}, {@code sequence},
 * {@code storage}; never a package of a higher layer ({@code LayeringTest} holds the order).
 */
package org.traumaflow.model;
