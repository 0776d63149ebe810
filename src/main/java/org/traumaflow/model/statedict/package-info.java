/**
 * PyTorch state dicts read without Python: {@code torch.save} zip files, their pickle, and
 * safetensors, as named tensors.
 *
 * <p>Uses no other package of TraumaFlow: it is a bottom layer.
 */
package org.traumaflow.model.statedict;
