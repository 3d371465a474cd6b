package dev.unroll.spark.parquet;

import java.util.Map;
import java.util.function.BiConsumer;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.column.ParquetProperties;
import org.apache.parquet.hadoop.ParquetOutputFormat;
import org.apache.parquet.hadoop.ParquetWriter;

/**
 * parquet-mr's writer properties read from a write's Hadoop configuration, the keys and defaults
 * {@code ParquetOutputFormat} reads for Spark's own Parquet writer: the options of a write
 * ({@code --output-options}) reach that configuration, so both writers honour the same keys.
 */
final class WriterProperties {
  /** Keys {@code ParquetOutputFormat} reads without a public getter; the same keys and defaults. */
  static final String ROW_GROUP_ROW_LIMIT = "parquet.block.row.count.limit";
  static final String PAGE_ROW_LIMIT = "parquet.page.row.count.limit";
  static final String COLUMN_INDEX_TRUNCATE = "parquet.columnindex.truncate.length";
  static final String STATISTICS_TRUNCATE = "parquet.statistics.truncate.length";
  /**
   * BYTE_STREAM_SPLIT for float and double columns. parquet-mr reads it for Spark's writer from 1.17
   * (Spark 4.2); the direct writer reads it on every Spark 4 line.
   */
  static final String BYTE_STREAM_SPLIT = "parquet.enable.bytestreamsplit";

  private WriterProperties() {}

  /**
   * The most rows in a row group ({@value #ROW_GROUP_ROW_LIMIT}, unlimited by default). Read here, not
   * through {@code ParquetProperties}, which has it from parquet-mr 1.16 (Spark 4.1) on.
   */
  static int rowGroupRowLimit(Configuration conf) {
    return conf.getInt(ROW_GROUP_ROW_LIMIT, Integer.MAX_VALUE);
  }

  /** The most bytes parquet-mr pads a row group with to align the next one to the file system's blocks. */
  static int maxPadding(Configuration conf) {
    return conf.getInt(ParquetOutputFormat.MAX_PADDING_BYTES, ParquetWriter.MAX_PADDING_SIZE_DEFAULT);
  }

  static ParquetProperties from(Configuration conf) {
    ParquetProperties.Builder props = ParquetProperties.builder()
        .withPageSize(ParquetOutputFormat.getPageSize(conf))
        .withDictionaryPageSize(ParquetOutputFormat.getDictionaryPageSize(conf))
        .withDictionaryEncoding(ParquetOutputFormat.getEnableDictionary(conf))
        .withByteStreamSplitEncoding(conf.getBoolean(BYTE_STREAM_SPLIT, false))
        .withWriterVersion(ParquetOutputFormat.getWriterVersion(conf))
        .estimateRowCountForPageSizeCheck(ParquetOutputFormat.getEstimatePageSizeCheck(conf))
        .withMinRowCountForPageSizeCheck(ParquetOutputFormat.getMinRowCountForPageSizeCheck(conf))
        .withMaxRowCountForPageSizeCheck(ParquetOutputFormat.getMaxRowCountForPageSizeCheck(conf))
        .withPageValueCountThreshold(ParquetOutputFormat.getValueCountThreshold(conf))
        .withColumnIndexTruncateLength(
            conf.getInt(COLUMN_INDEX_TRUNCATE, ParquetProperties.DEFAULT_COLUMN_INDEX_TRUNCATE_LENGTH))
        .withStatisticsTruncateLength(
            conf.getInt(STATISTICS_TRUNCATE, ParquetProperties.DEFAULT_STATISTICS_TRUNCATE_LENGTH))
        .withMaxBloomFilterBytes(ParquetOutputFormat.getBloomFilterMaxBytes(conf))
        .withBloomFilterEnabled(ParquetOutputFormat.getBloomFilterEnabled(conf))
        .withAdaptiveBloomFilterEnabled(ParquetOutputFormat.getAdaptiveBloomFilterEnabled(conf))
        .withPageRowCountLimit(conf.getInt(PAGE_ROW_LIMIT, ParquetProperties.DEFAULT_PAGE_ROW_COUNT_LIMIT))
        .withPageWriteChecksumEnabled(ParquetOutputFormat.getPageWriteChecksumEnabled(conf))
        .withStatisticsEnabled(ParquetOutputFormat.getStatisticsEnabled(conf))
        .withAllocator(PageSlabs.POOL);
    // per-column settings, KEY#column.path=value, as parquet-mr reads them: one pass over the configuration,
    // whose iterator copies every entry (a pass a key was 1% of a job's task CPU, JFR)
    Map<String, BiConsumer<String, String>> perColumn = Map.of(
        ParquetOutputFormat.ENABLE_DICTIONARY, (c, v) -> props.withDictionaryEncoding(c, Boolean.parseBoolean(v)),
        ParquetOutputFormat.BLOOM_FILTER_ENABLED, (c, v) -> props.withBloomFilterEnabled(c, Boolean.parseBoolean(v)),
        ParquetOutputFormat.BLOOM_FILTER_EXPECTED_NDV, (c, v) -> props.withBloomFilterNDV(c, Long.parseLong(v)),
        ParquetOutputFormat.BLOOM_FILTER_FPP, (c, v) -> props.withBloomFilterFPP(c, Double.parseDouble(v)),
        ParquetOutputFormat.BLOOM_FILTER_CANDIDATES_NUMBER,
        (c, v) -> props.withBloomFilterCandidatesNumber(c, Integer.parseInt(v)),
        ParquetOutputFormat.STATISTICS_ENABLED, (c, v) -> props.withStatisticsEnabled(c, Boolean.parseBoolean(v)));
    for (Map.Entry<String, String> e : conf) {
      String key = e.getKey();
      int hash = key.indexOf('#');
      BiConsumer<String, String> set = hash < 0 ? null : perColumn.get(key.substring(0, hash));
      if (set != null) {
        set.accept(key.substring(hash + 1), e.getValue());
      }
    }
    return props.build();
  }
}
