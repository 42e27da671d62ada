/**
 * Parity tests: SeqLab's ops and layers against PyTorch 2.7.1 through DJL (test scope only), all through one
 * helper, {@link org.seqlab.parity.Parity}. DJL loads PyTorch offline from the {@code pytorch-native-cpu} jar on
 * the test classpath and extracts its native libraries once to {@code ~/.djl.ai} (or {@code DJL_CACHE_DIR}).
 * A layer's weights reach both sides through one safetensors file; on the PyTorch side, layers are composed from
 * PyTorch's kernels as its Python source defines them, sharing {@link org.seqlab.parity.PyTorchModules}.
 *
 * <p>May depend on {@code org.seqlab.autograd}, {@code org.seqlab.nn} and {@code org.seqlab.io.safetensors}
 * (public API only) and DJL; nothing in main code depends on it.
 */
package org.seqlab.parity;
