package dev.unroll.config;

import java.util.Locale;

/**
 * How many rejected rows (skipped or quarantined) a run may have before it counts as failed:
 * {@code --max-rejected} as a count ({@code 1000}) or as a fraction of the rows read ({@code 0.01} or
 * {@code 1%}). A run is over the limit when it rejects more rows than the limit allows, so {@code 0}
 * tolerates no bad row and {@code 100%} any number.
 *
 * @param count the most rows that may be rejected, or -1 when the limit is a fraction
 * @param fraction the largest share of the rows read that may be rejected (0..1), when count is -1
 */
public record RejectLimit(long count, double fraction) {

  /** The default: a run that rejects more than half its rows has scored the wrong data or model. */
  public static final String DEFAULT = "50%";

  public RejectLimit {
    if (count < -1 || (count == -1 && !(fraction >= 0 && fraction <= 1))) {
      throw new IllegalArgumentException("a count >= 0 or a fraction in 0..1, found " + count + ", " + fraction);
    }
  }

  /**
   * {@code 1000} (a count), {@code 0.01} or {@code 1%} (a fraction); a number with a point or a percent
   * sign is a fraction, a whole number a count.
   */
  static RejectLimit parse(JobOption option, String raw) {
    String s = raw.trim();
    try {
      if (s.endsWith("%")) {
        return fraction(option, raw, Double.parseDouble(s.substring(0, s.length() - 1).trim()) / 100);
      }
      if (s.contains(".") || s.contains("e") || s.contains("E")) {
        return fraction(option, raw, Double.parseDouble(s));
      }
      long n = Long.parseLong(s);
      if (n >= 0) {
        return new RejectLimit(n, 0);
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new ConfigException(option.flag() + ": expected a count of rows (1000) or a fraction of the rows"
        + " read (0.01 or 1%), found '" + raw + "'");
  }

  private static RejectLimit fraction(JobOption option, String raw, double f) {
    if (!(f >= 0 && f <= 1)) {
      throw new ConfigException(option.flag() + ": a fraction must be between 0 and 1 (0% and 100%), found '"
          + raw + "'");
    }
    return new RejectLimit(-1, f);
  }

  /** Whether {@code rejected} of {@code read} rows is more than this limit allows. */
  public boolean exceededBy(long read, long rejected) {
    return rejected > allowed(read);
  }

  /** The most rows that may be rejected out of {@code read}. */
  public long allowed(long read) {
    return count >= 0 ? count : (long) Math.floor(fraction * read);
  }

  /** e.g. {@code 1000 rows} or {@code 1% of the rows read}. */
  public String describe() {
    if (count >= 0) {
      return count + (count == 1 ? " row" : " rows");
    }
    return String.format(Locale.ROOT, "%s%% of the rows read", trim(fraction * 100));
  }

  private static String trim(double percent) {
    String s = String.format(Locale.ROOT, "%.4f", percent);
    return s.replaceAll("0+$", "").replaceAll("\\.$", "");
  }
}
