/**
 * One zoo run end to end (fold split, training, out-of-fold predictions, publication with a
 * manifest) and the zoo's registry.
 *
 * <p>Uses {@code label}, {@code metric}, {@code model}, {@code nn}, {@code preprocess},
 * {@code sequence}, {@code storage}; never a package of a higher layer ({@code LayeringTest} holds
 * the order).
 */
package org.traumaflow.zoo;
