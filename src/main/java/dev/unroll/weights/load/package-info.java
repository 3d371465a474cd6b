/**
 * The one entry point of the loaders: {@link dev.unroll.weights.load.Models} tells a file's format from
 * its first bytes (then its name) and hands it to the format's package ({@code arrays},
 * {@code tensorflow}, {@code onnx}, {@code keras}, {@code torch}).
 *
 * <p>The top of the weights packages: it may import all of them; none of them imports it. Like them,
 * it imports nothing from Spark or Hadoop.
 */
package dev.unroll.weights.load;
