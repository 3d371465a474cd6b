package dev.unroll.cell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.unroll.math.Activation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * The cells' own checks, the last line before a wrong shape becomes a wrong answer: each refusal names
 * the cell and the tensor, with the shape expected and the number of values found.
 */
class CellShapeChecksTest {
  private static final LstmCell.Options PLAIN = LstmCell.Options.DEFAULT;

  private static void assertRefused(String message, Executable build) {
    assertEquals(message, assertThrows(IllegalArgumentException.class, build).getMessage());
  }

  /** An LSTM of input 2, units 3 (gate width 12), with the given pieces. */
  private static LstmCell lstm(int projSize, float[] input, float[] recurrent, float[] bias, float[] peepholes,
      float[] projection, LstmCell.Options options) {
    return new LstmCell(2, 3, projSize, input, recurrent, bias, peepholes, projection, options);
  }

  @Test
  void lstmRefusesEveryTensorOfTheWrongSizeNamingItsShape() {
    float[] in = new float[2 * 12];
    float[] rec = new float[3 * 12];
    float[] bias = new float[12];
    assertRefused("LSTM: units must be positive, got 0",
        () -> new LstmCell(2, 0, 0, new float[0], new float[0], new float[0], null, null, PLAIN));
    assertRefused("LSTM: input size must be positive, got -1",
        () -> new LstmCell(-1, 3, 0, in, rec, bias, null, null, PLAIN));
    assertRefused("LSTM: input kernel should hold 2 x 12 = 24 values, found 23",
        () -> lstm(0, new float[23], rec, bias, null, null, PLAIN));
    assertRefused("LSTM: recurrent kernel should hold 3 x 12 = 36 values, found 24",
        () -> lstm(0, in, new float[24], bias, null, null, PLAIN));
    assertRefused("LSTM: bias is missing", () -> lstm(0, in, rec, null, null, null, PLAIN));
    assertRefused("LSTM: peepholes should hold 3 x 3 = 9 values, found 8",
        () -> lstm(0, in, rec, bias, new float[8], null, PLAIN));
  }

  @Test
  void lstmProjectionAndClipsMustAgreeWithEachOther() {
    float[] in = new float[2 * 12];
    float[] rec = new float[3 * 12];
    float[] projected = new float[2 * 12]; // the recurrent kernel reads h of width projSize = 2
    float[] bias = new float[12];
    assertRefused("LSTM: recurrent kernel should hold 2 x 12 = 24 values, found 36",
        () -> lstm(2, in, rec, bias, null, new float[3 * 2], PLAIN));
    assertRefused("LSTM: projection size 2 but projection kernel missing",
        () -> lstm(2, in, projected, bias, null, null, PLAIN));
    assertRefused("LSTM: projection size 0 but projection kernel present",
        () -> lstm(0, in, rec, bias, null, new float[6], PLAIN));
    assertRefused("LSTM: projection kernel should hold 3 x 2 = 6 values, found 5",
        () -> lstm(2, in, projected, bias, null, new float[5], PLAIN));
    assertRefused("LSTM: projection size must be >= 0, got -1", () -> lstm(-1, in, rec, bias, null, null, PLAIN));
    assertRefused("LSTM: cell clip must be positive or unset (NaN), got 0.0",
        () -> lstm(0, in, rec, bias, null, null, LstmCell.Options.tensorFlow(Activation.TANH, 0f, Float.NaN)));
    assertRefused("LSTM: a projection clip needs a projection",
        () -> lstm(0, in, rec, bias, null, null, LstmCell.Options.tensorFlow(Activation.TANH, Float.NaN, 1f)));
  }

  @Test
  void gruRefusesWrongSizesAndARecurrentCandidateBiasOutsideTheResetAfterForm() {
    float[] in = new float[2 * 9];
    float[] rec = new float[3 * 9];
    float[] bias = new float[9];
    assertRefused("GRU (reset before): bias should hold 1 x 9 = 9 values, found 6",
        () -> new GruCell(2, 3, in, rec, new float[6], null, false, Activation.SIGMOID, Activation.TANH, Float.NaN));
    assertRefused("GRU (reset after): input kernel should hold 2 x 9 = 18 values, found 17", () -> new GruCell(
        2, 3, new float[17], rec, bias, new float[3], true, Activation.SIGMOID, Activation.TANH, Float.NaN));
    assertRefused("GRU (reset after): recurrent candidate bias is missing",
        () -> new GruCell(2, 3, in, rec, bias, null, true, Activation.SIGMOID, Activation.TANH, Float.NaN));
    assertRefused("GRU (reset before): a separate recurrent candidate bias only exists in the reset-after form",
        () -> new GruCell(2, 3, in, rec, bias, new float[3], false, Activation.SIGMOID, Activation.TANH,
            Float.NaN));
    assertRefused("GRU (reset before): activation clip must be positive or unset (NaN), got -1.0",
        () -> new GruCell(2, 3, in, rec, bias, null, false, Activation.SIGMOID, Activation.TANH, -1f));
  }

  @Test
  void simpleRnnRefusesWrongSizes() {
    assertRefused("simple RNN: input size must be positive, got 0", () -> new SimpleRnnCell(
        0, 3, new float[0], new float[9], new float[3], Activation.TANH, Float.NaN));
    assertRefused("simple RNN: recurrent kernel should hold 3 x 3 = 9 values, found 6", () -> new SimpleRnnCell(
        2, 3, new float[6], new float[6], new float[3], Activation.TANH, Float.NaN));
    assertRefused("simple RNN: bias should hold 1 x 3 = 3 values, found 4", () -> new SimpleRnnCell(
        2, 3, new float[6], new float[9], new float[4], Activation.TANH, Float.NaN));
  }

  @Test
  void tensorFlowFactoriesNameTheVariableOfTheWrongSize() {
    assertRefused("TensorFlow LSTM: kernel should hold 5 x 12 = 60 values, found 59", () -> LstmCell.fromTensorFlow(
        2, 3, new float[59], new float[12], 1f, null, null, PLAIN));
    assertRefused("TensorFlow LSTM: peephole f should hold 1 x 3 = 3 values, found 2", () -> LstmCell.fromTensorFlow(
        2, 3, new float[60], new float[12], 1f, new float[][] {new float[3], new float[2], new float[3]}, null,
        PLAIN));
    assertRefused("TensorFlow GRUCell: gates/kernel should hold 5 x 6 = 30 values, found 29",
        () -> GruCell.fromTensorFlow(2, 3, new float[29], new float[6], new float[15], new float[3], Activation.TANH));
    assertRefused("TensorFlow GRUCell: candidate/bias should hold 1 x 3 = 3 values, found 2",
        () -> GruCell.fromTensorFlow(2, 3, new float[30], new float[6], new float[15], new float[2], Activation.TANH));
    assertRefused("BasicRNNCell: kernel should hold 5 x 3 = 15 values, found 9",
        () -> SimpleRnnCell.fromTensorFlow(2, 3, new float[9], new float[3], Activation.TANH));
  }
}
