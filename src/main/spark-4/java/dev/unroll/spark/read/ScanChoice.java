package dev.unroll.spark.read;

import java.util.Set;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.rdd.RDD;
import org.apache.spark.sql.execution.FileSourceScanExec;
import org.apache.spark.sql.execution.SparkPlan;
import org.apache.spark.sql.execution.datasources.HadoopFsRelation;
import org.apache.spark.sql.execution.datasources.parquet.ParquetFileFormat;
import org.apache.spark.sql.internal.SQLConf;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.vectorized.ColumnarBatch;
import org.apache.spark.util.SerializableConfiguration;

/**
 * Whether a columnar scan's batches are read by unroll's Parquet reader ({@link ParquetBatchRDD}) or by
 * the scan itself, decided once on the driver (Spark 4 side; on Spark 3.5 the scan always reads). The
 * reader takes a plain Parquet scan of data columns with nothing Spark would change the values for:
 * no partition or metadata columns, no pushed filters (they may skip row groups), no bucketing, and none
 * of the settings that make Spark's reader return something else (corrupt or missing files ignored, field
 * ids matched, reader options beyond the ones that only choose the files).
 */
public record ScanChoice(RDD<ColumnarBatch> batches, String reason) {
  /** The source options that choose files or the schema, not what a file's rows read as. */
  private static final Set<String> FILE_OPTIONS = Set.of("path", "paths", "basepath", "mergeschema",
      "recursivefilelookup", "pathglobfilter", "modifiedbefore", "modifiedafter", "datetimerebasemode",
      "int96rebasemode");

  /** How {@code scan}'s batches are read, by the conf {@value ReaderOption#KEY} and what the scan is. */
  public static ScanChoice of(SparkPlan scan) {
    if (!(scan instanceof FileSourceScanExec files)) {
      return spark("the scan is " + scan.nodeName() + ", not a file scan");
    }
    HadoopFsRelation relation = files.relation();
    // the scan's own session's settings, which its reader would use (through the session state: the
    // relation's getSqlConf and getHadoopConf helpers are Spark 4.1's, and 4.0 shares this folder)
    SQLConf conf = relation.sparkSession().sessionState().conf();
    ReaderOption option = ReaderOption.parse(conf.getConfString(ReaderOption.KEY, null));
    if (option == ReaderOption.SPARK) {
      return spark(ReaderOption.KEY + "=spark");
    }
    if (relation.fileFormat().getClass() != ParquetFileFormat.class) {
      return spark("the files are " + relation.fileFormat() + ", not plain Parquet");
    }
    StructType requested = files.requiredSchema();
    if (relation.partitionSchema().nonEmpty() || files.output().size() != requested.size()) {
      return spark("the scan adds partition or metadata columns");
    }
    if (files.dataFilters().nonEmpty() || files.partitionFilters().nonEmpty() || files.bucketedScan()) {
      return spark("the scan filters or buckets its files");
    }
    if (conf.ignoreCorruptFiles() || conf.ignoreMissingFiles() || conf.parquetFieldIdReadEnabled()) {
      return spark("corrupt or missing files are ignored, or field ids matched");
    }
    for (var keys = relation.options().keysIterator(); keys.hasNext(); ) {
      String key = keys.next();
      if (!FILE_OPTIONS.contains(key.toLowerCase(java.util.Locale.ROOT))) {
        return spark("the read option '" + key + "'");
      }
    }
    var hadoop = relation.sparkSession().sessionState().newHadoopConfWithOptions(relation.options());
    var broadcast = JavaSparkContext.fromSparkContext(scan.sparkContext())
        .broadcast(new SerializableConfiguration(hadoop));
    return new ScanChoice(new ParquetBatchRDD(scan.executeColumnar(), broadcast, requested,
        conf.caseSensitiveAnalysis(), conf.parquetVectorizedReaderBatchSize()), null);
  }

  private static ScanChoice spark(String reason) {
    return new ScanChoice(null, reason);
  }

  /** Whether unroll's reader reads the batches (a file it cannot read exactly still goes to the scan). */
  public boolean unroll() {
    return batches != null;
  }
}
