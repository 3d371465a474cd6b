package dev.unroll.cli;

import static dev.unroll.config.JobOptions.*;

import dev.unroll.config.ConfigResolver;
import dev.unroll.config.JobConfig;
import dev.unroll.demo.DemoData;
import dev.unroll.spark.JobSummary;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.Row;

/**
 * {@code unroll score --demo}: the bundled model (a TF v1 BasicLSTMCell, 8 inputs, 16 units, in
 * {@code demo/demo-lstm.npz}, written by {@code DemoWeightsGenerator}) over {@link DemoData}, on local
 * Spark, through the same loader, job and summary as any run. Flags given override the demo's settings.
 */
final class Demo {
  private Demo() {}

  static final String WEIGHTS_RESOURCE = "/demo/demo-lstm.npz";
  static final String DEFAULT_OUTPUT = "out/demo";

  static int run(Map<String, String> given, PrintWriter out) throws IOException {
    String output = given.getOrDefault(OUTPUT, DEFAULT_OUTPUT);
    // the bundled weights go next to the output, so the run reads them like any user's file
    Path weights = Path.of(output + "_model", "demo-lstm.npz");
    Files.createDirectories(weights.getParent());
    try (InputStream in = Demo.class.getResourceAsStream(WEIGHTS_RESOURCE)) {
      Files.copy(in, weights, StandardCopyOption.REPLACE_EXISTING);
    }
    Map<String, String> flags = new HashMap<>();
    flags.put(WEIGHTS, weights.toString());
    flags.put(CELL, "basic_lstm");
    flags.put(UNITS, "16");
    flags.put(FORGET_BIAS, "1.0");
    flags.put(INPUT, output + "_input");
    flags.put(OUTPUT, output);
    flags.put(LENGTH_COLUMN, "length");
    flags.put(PASS_THROUGH, "day");
    flags.put(MODE, "overwrite");
    flags.put(BAD_ROWS, "quarantine");
    flags.putAll(given);
    JobConfig config = ConfigResolver.resolve(flags);
    try (Sessions session = Sessions.open(config.run().master())) {
      DemoData.write(session.spark(), config.input().path());
      JobSummary summary = Scoring.score(session, config);
      Scoring.print(summary, out);
      printRows(session, config, out);
    }
    return ExitCodes.OK;
  }

  /** The first rows of the output: id, day and the start of h. */
  private static void printRows(Sessions session, JobConfig config, PrintWriter out) {
    List<Row> rows = session.spark().read().format(config.output().format()).load(config.output().path())
        .orderBy("id").limit(5).collectAsList();
    out.println("first rows of " + config.output().path() + ":");
    for (Row row : rows) {
      StringBuilder line = new StringBuilder("  id=" + row.getAs("id"));
      if (row.schema().getFieldIndex("day").isDefined()) {
        line.append(" day=").append(row.<String>getAs("day"));
      }
      if (row.schema().getFieldIndex("h").isDefined()) {
        List<Float> h = row.getList(row.fieldIndex("h"));
        line.append(" h=[");
        for (int k = 0; k < Math.min(4, h.size()); k++) {
          line.append(String.format(Locale.ROOT, "%s%.6f", k == 0 ? "" : ", ", h.get(k)));
        }
        line.append(h.size() > 4 ? ", ... (" + h.size() + " values)]" : "]");
      }
      out.println(line);
    }
    out.flush();
  }
}
