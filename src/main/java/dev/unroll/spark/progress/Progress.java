package dev.unroll.spark.progress;

/**
 * What one progress line says.
 *
 * @param rowsTotal the input's rows, or -1 when not known
 * @param bytesTotal the input's bytes, or -1 when not known
 * @param rowsPerSecond over the last {@link ProgressMeter#WINDOW_SECONDS} seconds
 * @param etaSeconds until every row is read at that rate, or NaN when it cannot be told
 */
record Progress(double elapsedSeconds, long rows, long rowsTotal, long bytes, long bytesTotal,
    double rowsPerSecond, double etaSeconds, int tasksDone, int tasksTotal, int tasksRunning) {}
