package dev.unroll.spark.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.unroll.config.ConfigResolver;
import dev.unroll.config.JobConfig;
import java.util.Map;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/** Which sequence columns the job reads as they are, and which it must cast first. */
class InputPlanTest {
  private static final JobConfig CONFIG = ConfigResolver.resolve(
      Map.of("weights", "w", "input", "in", "output", "out", "feature-size", "3"), Map.of());

  private static boolean casts(DataType sequence) {
    StructType schema = new StructType().add("id", DataTypes.LongType).add("sequence", sequence);
    return InputPlan.analyze(schema, CONFIG.input(), 3, null).castSequence();
  }

  private static DataType array(DataType element, boolean containsNull) {
    return DataTypes.createArrayType(element, containsNull);
  }

  @Test
  void floatSequencesAreReadAsTheyAreWhateverTheirNullability() {
    assertEquals(false, casts(array(array(DataTypes.FloatType, false), false)));
    assertEquals(false, casts(array(array(DataTypes.FloatType, true), false)));
    assertEquals(false, casts(array(array(DataTypes.FloatType, true), true)));
    assertEquals(false, casts(array(DataTypes.FloatType, false)));
  }

  @Test
  void otherNumbersAreCastToFloat() {
    assertEquals(true, casts(array(array(DataTypes.DoubleType, false), false)));
    assertEquals(true, casts(array(DataTypes.DoubleType, true)));
    assertEquals(true, casts(array(array(DataTypes.IntegerType, true), true)));
  }
}
