/**
 * The make-volumes pipeline: preprocessed series to the sharded stage-2 sequence dataset.
 *
 * <p>Uses {@code label}, {@code pipeline.common}, {@code pipeline.preprocess},
 * {@code pipeline.series}, {@code preprocess}, {@code seg}, {@code sequence}, {@code spec},
 * {@code storage}; never a package of a higher layer ({@code LayeringTest} holds the order).
 */
package org.traumaflow.pipeline.volumes;
