package dev.unroll.cli;

import static dev.unroll.config.JobOption.*;

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
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
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

  static int run(Map<String, String> given, String commandLine, PrintWriter out) throws IOException {
    String output = given.getOrDefault(OUTPUT.key(), DEFAULT_OUTPUT);
    // the bundled weights and the generated input go next to the output; a failed run removes them
    List<Path> made = new ArrayList<>();
    for (Path p : List.of(Path.of(output + "_model"), Path.of(output + "_input"))) {
      if (!Files.exists(p)) {
        made.add(p);
      }
    }
    try {
      return run(given, output, commandLine, out);
    } catch (RuntimeException | IOException e) {
      for (Path p : made) {
        deleteTree(p);
      }
      throw e;
    }
  }

  private static int run(Map<String, String> given, String output, String commandLine, PrintWriter out)
      throws IOException {
    Path weights = Path.of(output + "_model", "demo-lstm.npz");
    Files.createDirectories(weights.getParent());
    try (InputStream in = Demo.class.getResourceAsStream(WEIGHTS_RESOURCE)) {
      Files.copy(in, weights, StandardCopyOption.REPLACE_EXISTING);
    }
    Map<String, String> flags = new HashMap<>();
    flags.put(WEIGHTS.key(), weights.toString());
    flags.put(CELL.key(), "basic_lstm");
    flags.put(UNITS.key(), "16");
    flags.put(FORGET_BIAS.key(), "1.0");
    flags.put(INPUT.key(), output + "_input");
    flags.put(OUTPUT.key(), output);
    flags.put(LENGTH_COLUMN.key(), "length");
    flags.put(PASS_THROUGH.key(), "day");
    flags.put(MODE.key(), "overwrite");
    flags.put(BAD_ROWS.key(), "quarantine");
    flags.putAll(given);
    JobConfig config = ConfigResolver.resolve(flags);
    try (Sessions session = Sessions.open(config.run())) {
      DemoData.write(session.spark(), config.input().path());
      JobSummary summary = Scoring.score(session, config, commandLine);
      Scoring.print(summary, out);
      printRows(session, config, out);
    }
    return ExitCodes.OK;
  }

  private static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
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
