/**
 * Stage 2's data: slice selection inside the crop, 2.5D windows, soft targets, auxiliary masks,
 * and the sharded {@code .npy} sequence dataset with its reader.
 *
 * <p>Uses {@code label}, {@code preprocess}, {@code seg}, {@code storage}; never a package of a
 * higher layer ({@code LayeringTest} holds the order).
 */
package org.traumaflow.sequence;
