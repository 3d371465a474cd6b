package dev.unroll.report;

/**
 * Distances between two runs' distributions of one statistic, from their histograms' shared bins:
 * the two-sample Kolmogorov-Smirnov statistic (the largest gap between the two cumulative shares: 0 for
 * equal distributions, 1 for disjoint ones, whatever the statistic's unit, so one alert threshold fits
 * every statistic) and the Wasserstein-1 distance (the area between the two cumulative curves: how far,
 * in the statistic's own unit, the mass moved). Both are exact for the binned data; against the raw values
 * a bin's width (at most 1/32 of its values) bounds the error.
 *
 * @param oldMean the old run's exact mean, for the printed line
 */
public record Distance(String statistic, double ks, double wasserstein, double oldMean, double newMean) {

  public static Distance between(String statistic, Histogram before, Histogram after) {
    if (before.count() == 0 || after.count() == 0) {
      double d = before.count() == after.count() ? 0 : 1;
      return new Distance(statistic, d, Double.NaN, before.mean(), after.mean());
    }
    double[] a = before.cdf();
    double[] b = after.cdf();
    double ks = 0;
    double w = 0;
    for (int i = 0; i < Histogram.BINS; i++) {
      double gap = Math.abs(a[i] - b[i]);
      ks = Math.max(ks, gap);
      if (i < Histogram.BINS - 1) {
        w += gap * (Histogram.upperBound(i) - Histogram.lowerBound(i));
      }
    }
    return new Distance(statistic, ks, w, before.mean(), after.mean());
  }
}
