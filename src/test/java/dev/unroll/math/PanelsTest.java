package dev.unroll.math;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Which columns go in wide panels, which in narrow ones, and where each element is stored. */
class PanelsTest {

  @ParameterizedTest(name = "{0} columns: wide to {1}, narrow to {2}")
  @CsvSource({
      "64, 48, 64", // 4 x 12 + 2 x 8: a rest of 4 gives a wide panel back for two narrow
      "128, 120, 128", // 10 x 12 + 8
      "100, 84, 100", // 7 x 12 + 2 x 8
      "2048, 2040, 2048", // 170 x 12 + 8
      "36, 36, 36", // wide panels only
      "13, 12, 12", // one wide panel and a leftover column
      "11, 0, 8", // no wide panel, one narrow, 3 left over
      "8, 0, 8",
      "4, 0, 0", // too narrow for either: all left over
      "43, 24, 40" // 2 x 12 + 2 x 8, 3 left over
  })
  void twelvesThenEightsThenWhatIsLeft(int cols, int wideEnd, int narrowEnd) {
    Panels panels = Panels.pack(new float[3 * cols], 3, cols, 12, 8);
    assertEquals(wideEnd, panels.wideEnd());
    assertEquals(narrowEnd, panels.narrowEnd());
  }

  @ParameterizedTest(name = "{0} columns")
  @CsvSource({"43", "64", "11"})
  void everyElementIsAtItsPanelsStartPlusRowTimesPanelWidth(int cols) {
    int rows = 5;
    float[] b = new float[rows * cols];
    for (int i = 0; i < b.length; i++) {
      b[i] = i; // element (p, j) holds p·cols + j
    }
    Panels panels = Panels.pack(b, rows, cols, 12, 8);
    for (int j = 0; j < cols; j++) {
      int j0;
      int width;
      if (j < panels.wideEnd()) {
        j0 = j - j % 12;
        width = 12;
      } else if (j < panels.narrowEnd()) {
        j0 = j - (j - panels.wideEnd()) % 8;
        width = 8;
      } else {
        j0 = panels.narrowEnd();
        width = cols - j0;
      }
      for (int p = 0; p < rows; p++) {
        assertEquals(p * cols + j, panels.values()[j0 * rows + p * width + (j - j0)], "(" + p + ", " + j + ")");
      }
    }
  }

  @ParameterizedTest(name = "{0} columns")
  @CsvSource({"20", "16", "7"})
  void equalWidthsGivePanelsOfThatWidthAndOneLeftover(int cols) {
    Panels panels = Panels.pack(new float[2 * cols], 2, cols, 8, 8);
    assertEquals(cols - cols % 8, panels.wideEnd());
    assertEquals(cols - cols % 8, panels.narrowEnd());
  }
}
