package dev.unroll.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.unroll.math.Activation.Kind;
import dev.unroll.math.Activation;
import org.junit.jupiter.api.Test;

class ActivationNamesTest {
  @Test
  void tensorFlowAndKerasNamesMapToTheirFunctionsInAnyCase() {
    assertEquals(Kind.TANH, ActivationNames.fromTensorFlowName("tanh").kind());
    assertEquals(Kind.SIGMOID, ActivationNames.fromTensorFlowName("Sigmoid").kind());
    assertEquals(Kind.RELU, ActivationNames.fromTensorFlowName("RELU").kind());
    assertEquals(Kind.IDENTITY, ActivationNames.fromTensorFlowName("linear").kind());
    assertEquals(Kind.IDENTITY, ActivationNames.fromTensorFlowName("identity").kind());
    assertEquals(Kind.SOFTSIGN, ActivationNames.fromTensorFlowName("softsign").kind());
    assertEquals(Kind.RELU6, ActivationNames.fromTensorFlowName("relu6").kind());
    // tf.nn.elu and Keras' "elu" use alpha = 1
    assertEquals(new Activation(Kind.ELU, 1f, 0f), ActivationNames.fromTensorFlowName("elu"));
  }

  @Test
  void anUnknownNameIsRefusedListingTheKnownOnes() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> ActivationNames.fromTensorFlowName("swish"));
    assertEquals("unknown activation 'swish': expected one of tanh, sigmoid, relu, linear, elu, softsign, relu6",
        e.getMessage());
  }
}
