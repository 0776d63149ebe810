/**
 * The training pipelines: the zoo as a fan-out of fold x seed runs, and stage-1 segmentation
 * training.
 *
 * <p>Uses {@code label}, {@code model}, {@code pipeline.common}, {@code pipeline.preprocess},
 * {@code pipeline.series}, {@code pipeline.volumes}, {@code seg}, {@code spec}, {@code storage},
 * {@code zoo}; never a package of a higher layer ({@code LayeringTest} holds the order).
 */
package org.traumaflow.pipeline.train;
