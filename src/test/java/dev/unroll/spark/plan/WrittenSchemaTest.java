package dev.unroll.spark.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.unroll.testing.SharedSpark;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.util.List;
import java.util.Map;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The schema pre-flight hands Spark instead of Spark's schema job: only where it is the one Spark infers. */
class WrittenSchemaTest {
  private static final StructType SCHEMA = new StructType()
      .add("id", DataTypes.LongType, false)
      .add("sequence", DataTypes.createArrayType(DataTypes.createArrayType(DataTypes.FloatType, false), true))
      .add("length", DataTypes.IntegerType)
      .add("name", DataTypes.StringType)
      .add("at", DataTypes.TimestampType)
      .add("price", DataTypes.createDecimalType(10, 2))
      .add("tags", DataTypes.createMapType(DataTypes.StringType, DataTypes.IntegerType))
      .add("point", new StructType().add("x", DataTypes.DoubleType, false).add("y", DataTypes.DoubleType));

  @TempDir Path dir;

  private static SparkSession spark() {
    return SharedSpark.session();
  }

  private Path writeSpark(String name, String partitionBy) {
    Row row = RowFactory.create(7L, List.of(List.of(1f, 2f)), 1, "a", Timestamp.valueOf("2026-01-02 03:04:05"),
        new BigDecimal("12.34"), scala.collection.immutable.Map$.MODULE$.empty(), RowFactory.create(1.0, null));
    Path out = dir.resolve(name);
    var writer = spark().createDataFrame(List.of(row, row), SCHEMA).repartition(2).write().mode(SaveMode.Overwrite);
    (partitionBy == null ? writer : writer.partitionBy(partitionBy)).parquet(out.toString());
    return out;
  }

  private static StructType written(Path path, Map<String, String> options, boolean merge) {
    return WrittenSchema.of(spark().sparkContext().hadoopConfiguration(), path.toString(), "parquet", options, merge);
  }

  @Test
  void aFolderSparkWroteGivesTheSchemaSparkInfersForIt() {
    Path in = writeSpark("plain", null);
    StructType written = written(in, Map.of(), false);
    assertNotNull(written, "Spark wrote the files");
    StructType inferred = spark().read().parquet(in.toString()).schema();
    assertEquals(inferred, spark().read().schema(written).parquet(in.toString()).schema());
    assertEquals(2, spark().read().schema(written).parquet(in.toString()).count());
    // a single file too
    Path file = firstFile(in);
    StructType one = written(file, Map.of(), false);
    assertEquals(spark().read().parquet(file.toString()).schema(),
        spark().read().schema(one).parquet(file.toString()).schema());
  }

  @Test
  void sparkInfersWhereItCouldChooseOtherwise() throws Exception {
    Path partitioned = writeSpark("partitioned", "length");
    assertNull(written(partitioned, Map.of(), false), "partition folders");
    Path plain = writeSpark("options", null);
    assertNull(written(plain, Map.of("mergeSchema", "true"), false), "reader options");
    assertNull(written(plain, Map.of(), true), "schemas merged by the session's setting");
    Path summary = writeSpark("summary", null);
    Files.copy(firstFile(summary), summary.resolve("_common_metadata"));
    assertNull(written(summary, Map.of(), false), "a summary file, which Spark reads first");
    assertNull(written(plain.resolve("part-*"), Map.of(), false), "a glob");
    assertNull(written(plainParquet(), Map.of(), false), "a file Spark did not write");
  }

  @Test
  void filesOfTwoSchemasGiveTheSchemaOfTheOneSparkReadsFirstTheFirstByPath() throws Exception {
    Path mixed = dir.resolve("mixed");
    Files.createDirectories(mixed);
    // written in the opposite order of their names: a listing in creation order would see "b" first
    for (String name : List.of("b", "a")) {
      Path one = name.equals("a") ? writeSpark("only-a", null) : writeOther("only-b");
      Files.move(firstFile(one), mixed.resolve(name + ".parquet"));
    }
    StructType inferred = spark().read().parquet(mixed.toString()).schema();
    assertEquals(spark().read().parquet(mixed.resolve("a.parquet").toString()).schema(), inferred,
        "Spark infers from a.parquet");
    assertEquals(inferred, spark().read().schema(written(mixed, Map.of(), false)).parquet(mixed.toString()).schema());
  }

  private Path writeOther(String name) {
    Path out = dir.resolve(name);
    StructType other = new StructType().add("id", DataTypes.LongType).add("other", DataTypes.StringType);
    spark().createDataFrame(List.of(RowFactory.create(1L, "x")), other).coalesce(1).write().parquet(out.toString());
    return out;
  }

  private static Path firstFile(Path folder) {
    try (var files = Files.list(folder)) {
      return files.filter(p -> p.getFileName().toString().endsWith(".parquet")).sorted().findFirst().orElseThrow();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** A folder with one file written by parquet-mr's example writer: no Spark schema in its footer. */
  private Path plainParquet() throws Exception {
    Path folder = dir.resolve("parquet-mr");
    Files.createDirectories(folder);
    MessageType schema = MessageTypeParser.parseMessageType("message m { required int64 id; }");
    try (ParquetWriter<org.apache.parquet.example.data.Group> w = ExampleParquetWriter
        .builder(new org.apache.hadoop.fs.Path(folder.resolve("part-0.parquet").toUri())).withType(schema).build()) {
      w.write(new SimpleGroupFactory(schema).newGroup().append("id", 1L));
    }
    return folder;
  }
}
