/**
 * The ensemble spec, member verification by hash, the blend of members into patient predictions
 * and its tuning on out-of-fold predictions.
 *
 * <p>Uses {@code label}, {@code metric}, {@code model}, {@code seg}, {@code spec}, {@code storage},
 * {@code zoo}; never a package of a higher layer ({@code LayeringTest} holds the order).
 */
package org.traumaflow.ensemble;
