/**
 * The generic DJL training kit both stages share: network configuration and seeding, the trainer
 * builder and its settings, the cosine schedule, parameter updates, finite-step checks, residual
 * blocks and the multilabel Dice loss.
 *
 * <p>Uses no other package of TraumaFlow: it is a bottom layer.
 */
package org.traumaflow.nn;
