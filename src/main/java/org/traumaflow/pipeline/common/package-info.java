/**
 * What every pipeline shares: dead letters and their file, sorted JSON lines, step timing, models
 * shared per worker JVM, runner tuning and small generic transforms.
 *
 * <p>Uses {@code storage}; never a package of a higher layer ({@code LayeringTest} holds the order).
 */
package org.traumaflow.pipeline.common;
