package dev.unroll.spark.partition;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.unroll.model.Embedding;
import dev.unroll.model.RnnModel;
import dev.unroll.testing.SharedSpark;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.junit.jupiter.api.Test;

/**
 * The model broadcast in chunks, with the chunk size forced small so the many-chunk path runs here as
 * it does for a table of more than 2 GiB at the real size.
 */
class ModelBroadcastTest {
  private final TestModels random = new TestModels(5);
  private final RnnModel model = random.deep(6);

  /** Records each chunk it is asked to broadcast, as Spark's broadcast would hold it. */
  private final List<byte[]> broadcast = new ArrayList<>();
  private final AtomicLong ids = new AtomicLong(-5000);

  private ModelBroadcast chunked(ScoringModel scoring, int chunkBytes) {
    return ModelBroadcast.of(scoring, chunkBytes, bytes -> {
      broadcast.add(bytes);
      return new LocalBroadcast<>(ids.decrementAndGet(), bytes);
    });
  }

  @Test
  void aModelSplitIntoManySmallChunksComesBackScoringExactlyAsBeforeWithItsEmbedding() {
    Embedding table = new Embedding(40, 6, random.uniform(40 * 6, 1f));
    ModelBroadcast b = chunked(new ScoringModel(model, table), 1000);

    int serialized = broadcast.stream().mapToInt(c -> c.length).sum();
    assertTrue(serialized > 40 * 6 * 4, "the table alone is 960 bytes: " + serialized);
    assertEquals((serialized + 999) / 1000, b.chunkCount());
    for (int i = 0; i < broadcast.size() - 1; i++) {
      assertEquals(1000, broadcast.get(i).length, "chunk " + i);
    }
    ScoringModel back = b.value();
    assertArrayEquals(table.table(), back.embedding().table());
    float[] sequence = random.uniform(6 * 7, 1f);
    var expected = TestModels.alone(model, 6, sequence);
    var actual = TestModels.alone(back.model(), 6, sequence);
    assertArrayEquals(TestModels.topH(model, expected), TestModels.topH(back.model(), actual)); // bit for bit (a GRU on top: no c)
  }

  @Test
  void chunkSizesFromOneByteToLargerThanTheModelAllGiveTheSameModel() {
    ScoringModel scoring = new ScoringModel(model, null);
    float[] sequence = random.uniform(6 * 3, 1f);
    float[] expected = TestModels.topH(model, TestModels.alone(model, 6, sequence));
    for (int chunk : new int[] {1, 7, 4096, ModelBroadcast.CHUNK_BYTES}) {
      ModelBroadcast b = chunked(scoring, chunk);
      ScoringModel back = b.value();
      assertNull(back.embedding());
      assertArrayEquals(expected, TestModels.topH(back.model(), TestModels.alone(back.model(), 6, sequence)),
          "chunk size " + chunk);
    }
  }

  @Test
  void sparkTasksReadAModelBroadcastInManyChunksBackWhole() {
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(SharedSpark.session().sparkContext());
    Embedding table = new Embedding(100, 6, random.uniform(100 * 6, 1f));
    ModelBroadcast b = ModelBroadcast.of(new ScoringModel(model, table), 256, jsc::broadcast);
    double expected = 0;
    for (float v : table.table()) {
      expected += v;
    }
    List<Double> sums = jsc.parallelize(List.of(1, 2, 3, 4), 2).mapPartitions(new TableSum(b)).collect();
    b.destroy();

    assertTrue(b.chunkCount() > 10, b.chunkCount() + " chunks");
    assertEquals(List.of(expected, expected), sums); // each task summed the whole table, in the same order
  }

  /** Sums the embedding table an executor read back from the broadcast chunks. */
  private static final class TableSum implements FlatMapFunction<Iterator<Integer>, Double> {
    private static final long serialVersionUID = 1L;
    private final ModelBroadcast model;

    TableSum(ModelBroadcast model) {
      this.model = model;
    }

    @Override
    public Iterator<Double> call(Iterator<Integer> ignored) {
      double sum = 0;
      for (float v : ExecutorModels.get(model).embedding().table()) {
        sum += v;
      }
      return List.of(sum).iterator();
    }
  }

  @Test
  void anExecutorPreparesAChunkedModelOnceAndKeysItByItsFirstChunk() {
    ModelBroadcast b = chunked(new ScoringModel(model, null), 512);
    assertTrue(b.chunkCount() > 1);
    assertEquals(b.id(), -5001);
    assertTrue(ExecutorModels.get(b) == ExecutorModels.get(b));
  }
}
