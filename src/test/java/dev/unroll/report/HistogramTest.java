package dev.unroll.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class HistogramTest {

  @Test
  void everyWholeNumberBelow64HasABinOfItsOwn() {
    for (int v = 0; v < 64; v++) {
      int bin = Histogram.bin(v);
      assertEquals(v, Histogram.lowerBound(bin), "lower bound of the bin of " + v);
      assertTrue(Histogram.upperBound(bin) <= v + 1, "upper bound of the bin of " + v);
    }
  }

  @Test
  void aBinIsAtMostOneThirtySecondOfItsValuesWide() {
    Random random = new Random(14);
    for (int i = 0; i < 10_000; i++) {
      double v = Math.exp(random.nextDouble() * 40 - 15);
      int bin = Histogram.bin(v);
      double lo = Histogram.lowerBound(bin);
      double hi = Histogram.upperBound(bin);
      assertTrue(lo <= (float) v && (float) v < hi, v + " in [" + lo + ", " + hi + ")");
      assertTrue(hi - lo <= lo / 32 * (1 + 1e-12), "bin of " + v + " is " + (hi - lo) + " wide");
    }
  }

  @Test
  void zeroTinyHugeAndInfiniteValuesLandInTheEndBins() {
    assertEquals(0, Histogram.bin(0));
    assertEquals(0, Histogram.bin(1e-9));
    assertEquals(Histogram.BINS - 1, Histogram.bin(1e13));
    assertEquals(Histogram.BINS - 1, Histogram.bin(Double.POSITIVE_INFINITY));
  }

  @Test
  void mergingInAnyOrderGivesTheHistogramOfAllValues() {
    Random random = new Random(3);
    Histogram all = new Histogram();
    Histogram a = new Histogram();
    Histogram b = new Histogram();
    for (int i = 0; i < 1000; i++) {
      double v = random.nextDouble() * 10;
      all.add(v);
      (i % 3 == 0 ? a : b).add(v);
    }
    Histogram ab = new Histogram();
    ab.merge(a);
    ab.merge(b);
    Histogram ba = new Histogram();
    ba.merge(b);
    ba.merge(a);
    assertEquals(all, ab);
    assertEquals(all, ba);
    assertEquals(all.count(), ab.count());
    assertEquals(all.min(), ab.min());
    assertEquals(all.max(), ab.max());
  }

  @Test
  void quantilesMeanAndSpreadOfKnownValues() {
    Histogram h = new Histogram();
    for (int v = 1; v <= 10; v++) {
      h.add(v);
    }
    // 1..10: median 5 (the 5th value), 90th percentile 9, mean 5.5, population variance 8.25
    assertEquals(5, h.quantile(0.5));
    assertEquals(9, h.quantile(0.9));
    assertEquals(10, h.quantile(1));
    assertEquals(5.5, h.mean(), 1e-12);
    assertEquals(Math.sqrt(8.25), h.std(), 1e-12);
  }
}
