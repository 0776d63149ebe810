/**
 * The PyTorch engine as DJL loads it on this host: the CPU's instruction set, libtorch's intra-op
 * threads per worker, and the self-check that refuses an engine whose known answers are wrong.
 *
 * <p>Uses no other package of TraumaFlow: it is a bottom layer.
 */
package org.traumaflow.engine;
