/**
 * Checkpoints: one safetensors file holding the weights (PyTorch state_dict names) and, in its metadata,
 * the model graph and the vocabulary; written atomically; loading names every mismatched weight.
 *
 * <p>May depend on {@code io.safetensors}, {@code model}, {@code data}, {@code nn} and {@code autograd}.
 */
package org.seqlab.io.checkpoint;
