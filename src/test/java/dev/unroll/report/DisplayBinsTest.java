package dev.unroll.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class DisplayBinsTest {

  @Test
  void wholeNumbersGetABarEachWhenTheyFit() {
    Histogram h = new Histogram();
    for (int v = 1; v <= 40; v++) {
      h.add(v, v); // v sequences of v steps
    }
    List<Svg.Bar> bars = DisplayBins.of(h, 40, true);
    assertEquals(40, bars.size());
    for (int i = 0; i < 40; i++) {
      assertEquals(i + 1, bars.get(i).from());
      assertEquals(i + 1, bars.get(i).value(), "sequences of " + (i + 1) + " steps");
    }
  }

  @Test
  void everyValueIsInSomeBarAndTheBarsSpanTheData() {
    Random random = new Random(5);
    Histogram h = new Histogram();
    for (int i = 0; i < 5000; i++) {
      h.add(0.1 + random.nextDouble() * 0.9);
    }
    List<Svg.Bar> bars = DisplayBins.of(h, 40, false);
    assertEquals(40, bars.size());
    assertEquals(h.min(), bars.get(0).from(), 1e-12);
    assertEquals(h.max(), bars.get(39).to(), 1e-9);
    assertEquals(5000, bars.stream().mapToDouble(Svg.Bar::value).sum(), 1e-6);
    // uniform data: no bar far from the mean height of 125 (a comb of fine bins would halve some bars)
    bars.forEach(b -> assertEquals(125, b.value(), 45, "bar at " + b.from())); // 4 sigma of a count of 125
  }
}
