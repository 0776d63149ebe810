/**
 * The preprocess pipeline: series to HU volumes, windows, organ masks and {@code info.jsonl}.
 *
 * <p>Uses {@code pipeline.common}, {@code pipeline.series}, {@code preprocess}, {@code seg},
 * {@code sequence}, {@code spec}, {@code storage}; never a package of a higher layer
 * ({@code LayeringTest} holds the order).
 */
package org.traumaflow.pipeline.preprocess;
