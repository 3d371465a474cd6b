package dev.unroll.spark.partition;

import org.apache.spark.broadcast.Broadcast;
import scala.reflect.ClassTag;
import scala.reflect.ClassTag$;

/** A broadcast that is just a value, to run a partition function without a SparkContext. */
final class LocalBroadcast<T> extends Broadcast<T> {
  private static final long serialVersionUID = 1L;
  @SuppressWarnings("serial") // never serialized: it runs without a SparkContext (javac 21+ checks the type)
  private final T value;

  @SuppressWarnings("unchecked")
  LocalBroadcast(long id, T value) {
    super(id, (ClassTag<T>) ClassTag$.MODULE$.apply(Object.class));
    this.value = value;
  }

  @Override
  public T getValue() {
    return value;
  }

  @Override
  public void doUnpersist(boolean blocking) {}

  @Override
  public void doDestroy(boolean blocking) {}
}
