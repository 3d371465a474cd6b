package dev.unroll.spark.partition;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.unroll.config.ConfigResolver;
import dev.unroll.config.JobConfig;
import dev.unroll.math.Gemms;
import dev.unroll.model.RnnModel;
import dev.unroll.spark.plan.InputPlan;
import dev.unroll.spark.plan.OutputPlan;
import dev.unroll.spark.plan.PartitionPlan;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.catalyst.expressions.UnsafeArrayData;
import org.apache.spark.sql.catalyst.util.GenericArrayData;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/** The partition function on its own, fed Spark internal rows directly: no cluster, no session. */
class ScorePartitionTest {
  private static final int FEATURES = 3;
  private static final StructType SCHEMA = new StructType()
      .add("id", DataTypes.LongType)
      .add("sequence", DataTypes.createArrayType(DataTypes.createArrayType(DataTypes.FloatType)));

  private final TestModels random = new TestModels(11);
  private final RnnModel model = RnnModel.of(dev.unroll.model.Layer.of(random.lstm(FEATURES, 5)));

  private static JobConfig config(String... extra) {
    Map<String, String> flags = new HashMap<>(Map.of("weights", "w", "input", "in", "output", "out"));
    for (int i = 0; i < extra.length; i += 2) {
      flags.put(extra[i], extra[i + 1]);
    }
    return ConfigResolver.resolve(flags, Map.of());
  }

  private static InternalRow row(long id, float[][] steps) {
    Object sequence = null;
    if (steps != null) {
      Object[] arrays = new Object[steps.length];
      for (int t = 0; t < steps.length; t++) {
        arrays[t] = steps[t] == null ? null : UnsafeArrayData.fromPrimitiveArray(steps[t]);
      }
      sequence = new GenericArrayData(arrays);
    }
    return new GenericInternalRow(new Object[] {id, sequence});
  }

  private float[][] steps(int length) {
    float[][] s = new float[length][];
    for (int t = 0; t < length; t++) {
      s[t] = random.uniform(FEATURES, 1f);
    }
    return s;
  }

  private static float[] flat(float[][] steps) {
    float[] v = new float[steps.length * FEATURES];
    for (int t = 0; t < steps.length; t++) {
      System.arraycopy(steps[t], 0, v, t * FEATURES, FEATURES);
    }
    return v;
  }

  private Iterator<InternalRow> run(JobConfig config, List<InternalRow> rows, ScoringMetrics metrics) {
    InputPlan in = InputPlan.analyze(SCHEMA, config.input(), model.inputSize(), null);
    OutputPlan out = OutputPlan.of(model, config.output(), in);
    PartitionPlan plan = new PartitionPlan(in, out, config.run().batchSize(), config.run().sortWindow(),
        config.run().badRows());
    ModelBroadcast model = ModelBroadcast.of(new ScoringModel(this.model, null), ModelBroadcast.CHUNK_BYTES,
        bytes -> new LocalBroadcast<>(System.identityHashCode(this), bytes));
    return new ScorePartition(model, plan, metrics).call(rows.iterator());
  }

  @Test
  void everyRowGetsExactlyTheStateTheCoreGivesItAloneWhateverBatchAndWindow() {
    List<InternalRow> rows = new ArrayList<>();
    List<float[][]> sequences = new ArrayList<>();
    for (int i = 0; i < 37; i++) {
      float[][] s = steps((i * 7) % 11);
      sequences.add(s);
      rows.add(row(1000 + i, s));
    }
    for (String[] sizes : new String[][] {{"1", "1"}, {"4", "8"}, {"5", "37"}, {"64", "64"}}) {
      Iterator<InternalRow> out =
          run(config("batch-size", sizes[0], "sort-window", sizes[1]), rows, ScoringMetrics.local());
      for (int i = 0; i < rows.size(); i++) {
        InternalRow r = out.next();
        assertEquals(1000 + i, r.getLong(0), "rows come out in input order");
        var alone = TestModels.alone(model, FEATURES, flat(sequences.get(i)));
        assertArrayEquals(TestModels.topH(model, alone), r.getArray(1).toFloatArray(), "row " + i + " sizes " + java.util.Arrays.toString(sizes) + " len " + sequences.get(i).length);
        assertArrayEquals(TestModels.topC(model, alone), r.getArray(2).toFloatArray());
      }
      assertTrue(!out.hasNext());
    }
  }

  @Test
  void theNextPartitionTakesTheBuffersTheLastOneGrewAndScoresTheSame() {
    List<InternalRow> longRows = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      longRows.add(row(i, steps(30)));
    }
    run(config("batch-size", "4", "sort-window", "20"), longRows, ScoringMetrics.local()).forEachRemaining(r -> { });
    PartitionBuffers parked = PartitionBuffers.take();
    assertTrue(parked.values.length >= 20 * 30 * FEATURES, "the finished partition parked its grown window buffer");
    parked.park();

    List<InternalRow> rows = new ArrayList<>();
    List<float[][]> sequences = new ArrayList<>();
    for (int i = 0; i < 9; i++) {
      sequences.add(steps(i % 4));
      rows.add(row(i, sequences.get(i)));
    }
    Iterator<InternalRow> out = run(config("batch-size", "4", "sort-window", "20"), rows, ScoringMetrics.local());
    for (int i = 0; i < rows.size(); i++) {
      InternalRow r = out.next();
      var alone = TestModels.alone(model, FEATURES, flat(sequences.get(i)));
      assertArrayEquals(TestModels.topH(model, alone), r.getArray(1).toFloatArray(), "row " + i);
      assertArrayEquals(TestModels.topC(model, alone), r.getArray(2).toFloatArray(), "row " + i);
    }
    assertFalse(out.hasNext());
  }

  @Test
  void skipLeavesOutEachBadRowAndCountsIt() {
    List<InternalRow> rows = new ArrayList<>();
    rows.add(row(1, steps(3)));
    rows.add(row(2, null));                                          // null sequence
    rows.add(row(3, new float[][] {{1f, 2f}}));                      // 2 features, model takes 3
    rows.add(row(4, new float[][] {{1f, Float.NaN, 3f}}));           // non-finite value
    rows.add(row(5, new float[][] {random.uniform(3, 1f), null}));   // null step
    rows.add(row(6, steps(0)));                                      // empty, no length: scored
    ScoringMetrics metrics = ScoringMetrics.local();
    Iterator<InternalRow> out = run(config("bad-rows", "skip", "batch-size", "2", "sort-window", "2"), rows, metrics);
    List<Long> ids = new ArrayList<>();
    out.forEachRemaining(r -> ids.add(r.getLong(0)));
    assertEquals(List.of(1L, 6L), ids);
    assertEquals(6, metrics.rowsRead.value());
    assertEquals(2, metrics.rowsScored.value());
    assertEquals(4, metrics.rowsRejected.value());
  }

  @Test
  void failNamesTheRowIdTheColumnAndTheProblem() {
    List<InternalRow> rows = List.of(row(1, steps(2)), row(42, new float[][] {{1f, 2f}}));
    Iterator<InternalRow> out = run(config(), rows, ScoringMetrics.local());
    BadRowException e = assertThrows(BadRowException.class, () -> out.forEachRemaining(r -> { }));
    assertTrue(e.getMessage().startsWith(
        "bad row with id = 42: column 'sequence': step 0 has 2 features, the model takes 3"), e.getMessage());
  }

  @Test
  void anExecutorPreparesEachBroadcastModelOnceForAllItsTasks() {
    ScoringModel scoring = new ScoringModel(model, null);
    ModelBroadcast first = ModelBroadcast.of(scoring, ModelBroadcast.CHUNK_BYTES, b -> new LocalBroadcast<>(-1001, b));
    ModelBroadcast second = ModelBroadcast.of(scoring, ModelBroadcast.CHUNK_BYTES, b -> new LocalBroadcast<>(-1002, b));
    ExecutorModels.Prepared a = ExecutorModels.get(first);
    assertSame(a, ExecutorModels.get(first));
    assertNotSame(a.model(), ExecutorModels.get(second).model());
  }

  @Test
  void aJvmWarmsEachModelShapeUpOnceWhateverItsWeights() {
    // a shape no other test uses, so the JVM-wide record of warmed shapes starts without it
    RnnModel shape = RnnModel.of(dev.unroll.model.Layer.of(random.lstm(FEATURES, 13)));
    RnnModel sameShapeOtherWeights = RnnModel.of(dev.unroll.model.Layer.of(random.lstm(FEATURES, 13)));
    RnnModel otherShape = RnnModel.of(dev.unroll.model.Layer.of(random.lstm(FEATURES, 14)));
    assertTrue(ExecutorModels.warmUp(shape, 4), "the first task warms up");
    assertFalse(ExecutorModels.warmUp(shape, 4), "the next tasks do not");
    assertFalse(ExecutorModels.warmUp(sameShapeOtherWeights, 4), "the JIT's work does not depend on the weights");
    assertTrue(ExecutorModels.warmUp(otherShape, 4), "another shape warms up on its own");
  }

  @Test
  void aJvmWhoseKernelsTurnOutBoxedGoesOnWithTheScalarOnesAndTheSameStates() {
    List<InternalRow> rows = new ArrayList<>();
    List<float[]> expectedH = new ArrayList<>();
    List<float[]> expectedC = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      float[][] s = steps(1 + i % 5);
      rows.add(row(i, s));
      var alone = TestModels.alone(model, FEATURES, flat(s)); // on the vector path, before any verdict
      expectedH.add(TestModels.topH(model, alone));
      expectedC.add(TestModels.topC(model, alone));
    }
    try {
      // three windows of four rows
      ScoringIterator out = (ScoringIterator) run(config("batch-size", "2", "sort-window", "4"), rows,
          ScoringMetrics.local());
      for (int i = 0; i < rows.size(); i++) {
        if (i == 4) {
          assertSame(Gemms.preferred(), out.model().model().gemm(), "the first window ran on the vector matmul");
          for (int block = 0; block < KernelWatch.BLOCKS; block++) {
            KernelWatch.JVM.count(3 * KernelWatch.BLOCK_MACS, KernelWatch.BLOCK_MACS);
          }
          assertNotNull(KernelWatch.JVM.boxed());
        }
        InternalRow r = out.next();
        assertArrayEquals(expectedH.get(i), r.getArray(1).toFloatArray(), "row " + i);
        assertArrayEquals(expectedC.get(i), r.getArray(2).toFloatArray(), "row " + i);
      }
      assertFalse(out.hasNext());
      assertSame(Gemms.scalar(), out.model().model().gemm(), "the windows after the verdict ran scalar");
    } finally {
      KernelWatch.JVM.clear();
    }
  }
}
