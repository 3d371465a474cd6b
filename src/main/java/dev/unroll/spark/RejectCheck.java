package dev.unroll.spark;

import dev.unroll.config.JobConfig;
import dev.unroll.config.RejectLimit;
import java.util.Locale;

/**
 * {@code --max-rejected} after the scoring pass: a run that rejected more rows than the limit allows has
 * scored the wrong data or model, so it fails before anything is published.
 */
final class RejectCheck {
  private RejectCheck() {}

  /**
   * Fails when {@code rejected} of {@code read} rows is over the limit.
   *
   * @throws RejectedRowsException saying how many rows were rejected, the limit, and what to do
   */
  static void check(JobConfig config, long read, long rejected) {
    RejectLimit limit = config.run().maxRejected();
    if (!limit.exceededBy(read, rejected)) {
      return;
    }
    throw new RejectedRowsException("the job rejected " + rejected + " of " + read + " rows under --bad-rows "
        + config.run().badRows().name().toLowerCase(Locale.ROOT) + ", more than --max-rejected allows ("
        + limit.describe() + ": " + limit.allowed(read) + "); nothing was written. Check that the input and "
        + "the model belong together (--bad-rows quarantine says why each row was rejected), or raise "
        + "--max-rejected");
  }
}
