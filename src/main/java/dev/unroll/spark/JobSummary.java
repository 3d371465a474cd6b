package dev.unroll.spark;

import dev.unroll.weights.Provenance;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What a run did, from the accumulators: printed at the end of the job and written as JSON next to the
 * output. Times summed over tasks ({@code read}, {@code score}, {@code write}) split where the
 * partitions spent their time; {@code write} is the rest of a partition's time (building output rows
 * and Spark encoding and writing them).
 *
 * @param weights where the model came from (source, format, checksum, tensors)
 * @param scalarFallbackExecutors ids of the executors that ran the scalar fallback matmul (no vector module)
 * @param boxedKernelExecutors the executors whose vector kernels the JIT compiled boxed, each with what
 *     was measured there
 * @param rowsQuarantined rows written to the quarantine output, or -1 when not quarantining
 * @param paddedSteps steps of the mini-batches padded to their longest sequence (a padded engine's
 *     work); the packed unroll computes only the valid ones
 */
public record JobSummary(
    long rowsRead,
    long rowsScored,
    long rowsRejected,
    long rowsQuarantined,
    String badRowPolicy,
    long validSteps,
    long paddedSteps,
    long batches,
    int partitions,
    double partitionSecondsMin,
    double partitionSecondsMedian,
    double partitionSecondsMax,
    double readSeconds,
    double scoreSeconds,
    double writeSeconds,
    double wallSeconds,
    int cores,
    String output,
    Provenance weights,
    List<String> scalarFallbackExecutors,
    List<String> boxedKernelExecutors) {

  public JobSummary {
    scalarFallbackExecutors = List.copyOf(scalarFallbackExecutors);
    boxedKernelExecutors = List.copyOf(boxedKernelExecutors);
  }

  public double sequencesPerSecond() {
    return wallSeconds == 0 ? 0 : rowsScored / wallSeconds;
  }

  /** Scored rows per second of partition time: what one core does. */
  public double sequencesPerSecondPerCore() {
    double busy = readSeconds + scoreSeconds + writeSeconds;
    return busy == 0 ? 0 : rowsScored / busy;
  }

  /** Share of padded steps a padded mini-batch would have wasted: 1 - valid / padded. */
  public double paddingWaste() {
    return paddedSteps == 0 ? 0 : 1.0 - (double) validSteps / paddedSteps;
  }

  /** The check every run makes: rows read = rows scored + rows rejected, with the figures. */
  public String reconciliation() {
    return String.format(Locale.ROOT, "rows read = rows scored + rows rejected (%d = %d + %d)", rowsRead, rowsScored,
        rowsRejected);
  }

  public List<String> describe() {
    List<String> lines = new ArrayList<>();
    lines.add(String.format(Locale.ROOT, "rows read:         %d", rowsRead));
    lines.add(String.format(Locale.ROOT, "rows scored:       %d", rowsScored));
    lines.add(String.format(Locale.ROOT, "rows rejected:     %d (%s)%s", rowsRejected, badRowPolicy,
        rowsQuarantined >= 0 ? ", " + rowsQuarantined + " quarantined" : ""));
    lines.add("check:             " + reconciliation());
    lines.add(String.format(Locale.ROOT, "steps:             %d valid in %d mini-batches; padding a padded batch"
        + " would hold: %.1f%%", validSteps, batches, 100 * paddingWaste()));
    lines.add(String.format(Locale.ROOT, "partitions:        %d, seconds min/median/max %.3f / %.3f / %.3f",
        partitions, partitionSecondsMin, partitionSecondsMedian, partitionSecondsMax));
    double busy = readSeconds + scoreSeconds + writeSeconds;
    lines.add(String.format(Locale.ROOT, "task time:         read %.2fs (%.0f%%), score %.2fs (%.0f%%), write %.2fs (%.0f%%)",
        readSeconds, pct(readSeconds, busy), scoreSeconds, pct(scoreSeconds, busy), writeSeconds,
        pct(writeSeconds, busy)));
    lines.add(String.format(Locale.ROOT, "throughput:        %.0f sequences/s in %.2fs wall on %d cores (%.0f sequences/s per core)",
        sequencesPerSecond(), wallSeconds, cores, sequencesPerSecondPerCore()));
    lines.add("matmul:            " + matmul());
    lines.add("output:            " + output);
    lines.add("weights:           " + weights.source() + " (" + weights.format() + ", sha256 " + weights.sha256()
        + ")");
    return lines;
  }

  private String matmul() {
    List<String> problems = new ArrayList<>();
    if (!scalarFallbackExecutors.isEmpty()) {
      problems.add("scalar FALLBACK on " + scalarFallbackExecutors.size() + " executor(s) ("
          + String.join(", ", scalarFallbackExecutors) + "): start them with --add-modules jdk.incubator.vector");
    }
    if (!boxedKernelExecutors.isEmpty()) {
      problems.add("kernels BOXED by the JIT on " + boxedKernelExecutors.size() + " executor(s) ("
          + String.join("; ", boxedKernelExecutors) + ", about 0 when compiled as intended): they went on with the"
          + " scalar kernels (the same results); a restarted executor compiles afresh");
    }
    return problems.isEmpty() ? "vectorised on every executor" : String.join("; ", problems);
  }

  private static double pct(double part, double whole) {
    return whole == 0 ? 0 : 100 * part / whole;
  }

  /** A small flat JSON object. */
  public String toJson() {
    return "{\n"
        + field("rowsRead", rowsRead) + field("rowsScored", rowsScored) + field("rowsRejected", rowsRejected)
        + field("rowsQuarantined", rowsQuarantined) + "  \"badRowPolicy\": \"" + badRowPolicy + "\",\n"
        + field("validSteps", validSteps) + field("paddedSteps", paddedSteps)
        + field("paddingWaste", paddingWaste()) + field("batches", batches) + field("partitions", partitions)
        + field("partitionSecondsMin", partitionSecondsMin)
        + field("partitionSecondsMedian", partitionSecondsMedian)
        + field("partitionSecondsMax", partitionSecondsMax) + field("readSeconds", readSeconds)
        + field("scoreSeconds", scoreSeconds) + field("writeSeconds", writeSeconds)
        + field("wallSeconds", wallSeconds) + field("cores", cores)
        + field("sequencesPerSecond", sequencesPerSecond())
        + field("sequencesPerSecondPerCore", sequencesPerSecondPerCore())
        + field("scalarFallbackExecutors", scalarFallbackExecutors.size())
        + field("boxedKernelExecutors", boxedKernelExecutors.size())
        + "  \"output\": \"" + output.replace("\\", "\\\\").replace("\"", "\\\"") + "\",\n"
        + "  \"weights\": " + weights.toJson() + "\n}\n";
  }

  private static String field(String name, double value) {
    return String.format(Locale.ROOT, "  \"%s\": %.6f,\n", name, value);
  }

  private static String field(String name, long value) {
    return "  \"" + name + "\": " + value + ",\n";
  }
}
