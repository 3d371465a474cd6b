package dev.unroll.spark.partition;

import java.util.ArrayList;
import java.util.List;
import scala.collection.Iterator;

/**
 * Scala collections as Java lists, in a form that compiles against Scala 2.12 and 2.13 alike: Spark 3.5
 * ships both, and 2.13's {@code scala.jdk.javaapi.CollectionConverters} does not exist in 2.12 (nor 2.12's
 * {@code JavaConverters} without a deprecation warning in 2.13). {@code scala.collection.Iterable} is the
 * common supertype of the sequences Spark's APIs hand over in both.
 */
public final class ScalaCollections {
  private ScalaCollections() {}

  /** A copy of {@code values}, in their order. */
  public static <T> List<T> asJava(scala.collection.Iterable<T> values) {
    List<T> list = new ArrayList<>();
    for (Iterator<T> it = values.iterator(); it.hasNext(); ) {
      list.add(it.next());
    }
    return list;
  }
}
