package dev.unroll.report;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The statistics of one run, or of one task's share of it: the valid steps of the scored sequences, the
 * written vectors ({@code h}, {@code c}), rows over time, each task's timing, and the rejected rows. Its
 * size depends on the vectors' width and the number of tasks, never on the number of rows. Partial
 * statistics merge in any order.
 */
public final class RunStats implements Serializable {
  private static final long serialVersionUID = 1L;
  private final Histogram lengths;
  private final List<EmbeddingStats> embeddings;
  private final Timeline throughput;
  private final List<TaskTiming> tasks;
  private final BadRowStats badRows;

  RunStats(Histogram lengths, List<EmbeddingStats> embeddings, Timeline throughput, List<TaskTiming> tasks,
      BadRowStats badRows) {
    this.lengths = lengths;
    this.embeddings = new ArrayList<>(embeddings);
    this.throughput = throughput;
    this.tasks = new ArrayList<>(tasks);
    this.badRows = badRows;
  }

  /** Empty statistics for vectors named {@code names} of {@code widths} values. */
  public static RunStats empty(List<String> names, List<Integer> widths) {
    List<EmbeddingStats> embeddings = new ArrayList<>();
    for (int i = 0; i < names.size(); i++) {
      embeddings.add(new EmbeddingStats(names.get(i), widths.get(i)));
    }
    return new RunStats(new Histogram(), embeddings, new Timeline(), List.of(), new BadRowStats());
  }

  /** Counts the valid steps of {@code count} scored sequences. */
  public void addLengths(int[] validSteps, int count) {
    for (int i = 0; i < count; i++) {
      lengths.add(validSteps[i]);
    }
  }

  public void addTask(TaskTiming task) {
    tasks.add(task);
  }

  public void merge(RunStats other) {
    lengths.merge(other.lengths);
    if (embeddings.isEmpty()) {
      for (EmbeddingStats e : other.embeddings) {
        EmbeddingStats copy = new EmbeddingStats(e.name(), e.dims().width());
        copy.merge(e);
        embeddings.add(copy);
      }
    } else {
      for (int i = 0; i < embeddings.size(); i++) {
        embeddings.get(i).merge(other.embeddings.get(i));
      }
    }
    throughput.merge(other.throughput);
    tasks.addAll(other.tasks);
    badRows.merge(other.badRows);
  }

  /** Valid steps per scored sequence. */
  public Histogram lengths() {
    return lengths;
  }

  /** One entry per written vector ({@code h}, then {@code c} for LSTMs); empty when none is written. */
  public List<EmbeddingStats> embeddings() {
    return List.copyOf(embeddings);
  }

  public EmbeddingStats embedding(int i) {
    return embeddings.get(i);
  }

  /** The named vector's statistics, or null. */
  public EmbeddingStats embedding(String name) {
    return embeddings.stream().filter(e -> e.name().equals(name)).findFirst().orElse(null);
  }

  public Timeline throughput() {
    return throughput;
  }

  /** The scoring tasks, ordered by partition. */
  public List<TaskTiming> tasks() {
    return tasks.stream().sorted(Comparator.comparingInt(TaskTiming::partition)).toList();
  }

  public BadRowStats badRows() {
    return badRows;
  }
}
