package dev.unroll.bench;

import dev.unroll.ml.RnnEncoder;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.FloatType;
import org.apache.spark.sql.types.StructField;

/**
 * One run of the {@code RnnEncoder} stage or the {@code unroll_score} SQL function in a fresh JVM, as
 * a user's own job would call it, for {@code jobs/benchmark-vs-peer.sh}'s rows beside {@code unroll score}:
 * read Parquet, score a BasicLSTMCell with lengths from column {@code length}, write Parquet with the
 * writer settings the command line uses by default (no dictionary and no min/max statistics on float
 * columns, snappy), local[2]. Prints the command line's throughput line, timed the same way: from
 * reading the input to the end of the write's commit.
 *
 * <p>{@code java ... dev.unroll.bench.EntryPointJob transformer|sql INPUT WEIGHTS UNITS OUTPUT}, on the
 * classpath {@code target/test-classes:target/unroll.jar:$(cat target/local-classpath.txt)}.
 */
public final class EntryPointJob {
  private EntryPointJob() {}

  public static void main(String[] args) {
    if (args.length != 5 || !(args[0].equals("transformer") || args[0].equals("sql"))) {
      System.err.println("usage: EntryPointJob transformer|sql INPUT WEIGHTS UNITS OUTPUT");
      System.exit(2);
    }
    String input = args[1];
    String weights = args[2];
    String units = args[3];
    String output = args[4];
    SparkSession spark = SparkSession.builder().master("local[2]").appName("unroll " + args[0])
        .config("spark.driver.host", "127.0.0.1").config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.extensions", "dev.unroll.sql.UnrollExtensions").getOrCreate();
    long started = System.nanoTime();
    Dataset<Row> scored;
    if (args[0].equals("transformer")) {
      scored = new RnnEncoder().setWeights(weights).setCell("basic_lstm").setUnits(Integer.parseInt(units))
          .setLengthColumn("length").transform(spark.read().parquet(input));
    } else {
      spark.read().parquet(input).createOrReplaceTempView("events");
      scored = spark.sql("SELECT * FROM unroll_score(TABLE(events), '" + weights + "', map('cell', 'basic_lstm',"
          + " 'units', '" + units + "', 'length-column', 'length'))");
    }
    scored.write().mode("overwrite").options(embeddingWriterOptions(scored)).parquet(output);
    double wall = (System.nanoTime() - started) / 1e9;
    long rows = spark.read().parquet(output).count();
    System.out.printf(Locale.ROOT, "  throughput:        %d sequences/s in %.2fs wall on 2 cores (%d rows)%n",
        Math.round(rows / wall), wall, rows);
    spark.stop();
  }

  /** The command line's Parquet defaults, spelled out as a user passes them to their own writer. */
  private static Map<String, String> embeddingWriterOptions(Dataset<Row> scored) {
    Map<String, String> options = new LinkedHashMap<>();
    for (StructField f : scored.schema().fields()) {
      if (f.dataType() instanceof ArrayType a && a.elementType() instanceof FloatType) {
        options.put("parquet.enable.dictionary#" + f.name() + ".list.element", "false");
        options.put("parquet.column.statistics.enabled#" + f.name() + ".list.element", "false");
      }
    }
    options.put("parquet.enable.dictionary#id", "false"); // the id column, unique per row
    options.put("compression", "snappy");
    return options;
  }
}
