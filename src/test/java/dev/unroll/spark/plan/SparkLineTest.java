package dev.unroll.spark.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SparkLineTest {
  @Test
  void theJarsRecordedLineIsTheSparkAndScalaItRunsOn() {
    SparkLine built = SparkLine.ofThisJar();
    String spark = org.apache.spark.package$.MODULE$.SPARK_VERSION();
    assertTrue(spark.startsWith(built.line() + "."), built + " on Spark " + spark);
    assertTrue(scala.util.Properties.versionNumberString().startsWith(built.scala() + "."), built.toString());
  }

  @Test
  void deltaIsNamedByItsScalaSuffixAndTheReleaseBuiltForTheLine() {
    assertEquals("io.delta:delta-spark_2.12:3.3.2", new SparkLine("3.5", "2.12", "3.3.2").deltaPackage());
    assertEquals("io.delta:delta-spark_2.13:<a Delta Lake release built for Spark 4.2; none is yet>",
        new SparkLine("4.2", "2.13", "none").deltaPackage());
  }
}
