/**
 * Array containers: NumPy {@link dev.unroll.weights.arrays.Npy} and {@link dev.unroll.weights.arrays.Npz}
 * (through the checked ZIP reader) and {@link dev.unroll.weights.arrays.Safetensors}. They read named
 * arrays into {@link dev.unroll.weights.Tensor}s; what the names mean (TensorFlow v1 variables, a
 * PyTorch state_dict) is decided above them.
 *
 * <p>Imports {@link dev.unroll.weights} and {@code weights.codec} only.
 */
package dev.unroll.weights.arrays;
