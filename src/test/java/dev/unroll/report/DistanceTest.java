package dev.unroll.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class DistanceTest {

  @Test
  void equalDistributionsAreZeroApart() {
    Histogram a = of(1, 2, 3, 4);
    Distance d = Distance.between("x", a, of(4, 3, 2, 1));
    assertEquals(0, d.ks());
    assertEquals(0, d.wasserstein());
  }

  @Test
  void disjointDistributionsAreOneApartInKsAndTheirShiftInWasserstein() {
    // every value moved from 10 to 20: KS 1, Wasserstein-1 = 10 (bins at 10 and 20 are exact)
    Distance d = Distance.between("x", of(10, 10, 10), of(20, 20, 20));
    assertEquals(1, d.ks());
    assertEquals(10, d.wasserstein(), 1e-9);
  }

  @Test
  void halfTheMassMovedIsHalfInKs() {
    Distance d = Distance.between("x", of(1, 1, 5, 5), of(1, 1, 9, 9));
    assertEquals(0.5, d.ks(), 1e-12);
    assertEquals(2, d.wasserstein(), 1e-9); // half the rows moved by 4
  }

  private static Histogram of(double... values) {
    Histogram h = new Histogram();
    for (double v : values) {
      h.add(v);
    }
    return h;
  }
}
