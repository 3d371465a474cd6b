/**
 * PyTorch {@code nn.RNN/LSTM/GRU} state_dicts ({@code weight_ih_l0}, ...) read from an npz or safetensors
 * file: {@link dev.unroll.weights.torch.TorchStateDicts} picks the module and
 * {@link dev.unroll.weights.torch.TorchLayers} moves its gate blocks into the cells' layout (no I/O).
 *
 * <p>Imports {@link dev.unroll.weights} and the numeric core; no other format package.
 */
package dev.unroll.weights.torch;
