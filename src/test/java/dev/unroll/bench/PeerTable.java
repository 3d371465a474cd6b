package dev.unroll.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * unroll beside the independent peer harness, from one run of {@code jobs/benchmark-kernel.sh}: the
 * harness's {@code RESULT} and {@code PEAK} lines (ONNX Runtime, TensorFlow block op, TensorFlow graph;
 * one and two threads) and this package's JMH results (the unroll over several forks with one thread and
 * with two, the FMA peak, the recurrent matmul, the scalar fallback). Ratios are speeds: the best peer's
 * time over unroll's, so above 1 means unroll is faster.
 *
 * <p>One thread is measured in rounds, a file per round ({@code peers-1t-r3.csv}, {@code
 * jmh-1t-r3-W1.json}: round 3): in each round a workload's peers and unroll's fork ran back to back, so
 * the headline ratio is the median over rounds of each round's own ratio (its fastest peer over its
 * unroll fork), which a host's drift between rounds does not move. The engines' rows give each one's
 * median over rounds.
 *
 * <p>Then unroll's own figures again by process CPU time per batch ({@link CpuTimeProfiler}), which
 * barely moves with the load of a shared machine: the fork spread there is the JIT's, not the
 * neighbours'. The peers have no such figure: the harness's cpu/wall covers all repetitions while its
 * time is their median, and under a changing load the product is not the CPU time of a batch.
 *
 * <p>{@code java -cp ... dev.unroll.bench.PeerTable peers*.csv jmh-1t-r*.json jmh-2t.json ...}
 */
public final class PeerTable {
  /** The harness's engine ids and how the table names them, strongest set-ups only. */
  private static final Map<String, String> PEERS = new LinkedHashMap<>();
  /** A file of one round: {@code -r<round>} in its name. */
  private static final Pattern ROUND = Pattern.compile("-r(\\d+)[-.]");

  static {
    PEERS.put("onnxruntime", "ORT");
    PEERS.put("tensorflow-block", "TF block");
    PEERS.put("tensorflow-graph", "TF graph");
  }

  /** Wall time, or process CPU time. */
  private enum Measure {
    WALL("wall time"),
    CPU("process CPU time");

    final String title;

    Measure(String title) {
      this.title = title;
    }
  }

  /** The figures of one measure. */
  private static final class Figures {
    final Map<Workload, List<double[]>> oneThread = new EnumMap<>(Workload.class); // every fork
    final Map<Workload, Map<Integer, Double>> unrollRounds = new EnumMap<>(Workload.class); // fork medians
    final Map<Workload, Double> twoThreads = new EnumMap<>(Workload.class); // per task
    final Map<Workload, Double> matmulMs = new EnumMap<>(Workload.class);
    final Map<Workload, Double> preActivationMs = new EnumMap<>(Workload.class);
    // "engine,threads,workload" -> round (0: not in rounds) -> ms, wall only
    final Map<String, Map<Integer, Double>> peerMs = new LinkedHashMap<>();
    double peakMs = Double.NaN;

    double unroll(Workload w) {
      List<double[]> forks = oneThread.get(w);
      return forks == null ? Double.NaN : JmhResults.median(forks.stream().flatMapToDouble(Arrays::stream).toArray());
    }

    double peakGflops() {
      return 2.0 * 16 * FmaPeakBenchmark.FMAS_PER_OP / (peakMs * 1e6);
    }

    /** The engine's median over rounds. */
    double peer(String engine, int threads, Workload w) {
      Map<Integer, Double> rounds = engine == null ? null : peerMs.get(engine + "," + threads + "," + w.name());
      return rounds == null ? Double.NaN
          : JmhResults.median(rounds.values().stream().mapToDouble(Double::doubleValue).toArray());
    }

    /** Each round's fastest peer over unroll's fork of that round, round by round. */
    double[] roundRatios(Workload w) {
      List<Double> ratios = new ArrayList<>();
      unrollRounds.getOrDefault(w, Map.of()).forEach((round, unrollMs) -> {
        double best = Double.NaN;
        for (String p : PEERS.keySet()) {
          Double ms = peerMs.getOrDefault(p + ",1," + w.name(), Map.of()).get(round);
          if (ms != null && !(ms >= best)) {
            best = ms;
          }
        }
        if (!Double.isNaN(best)) {
          ratios.add(best / unrollMs);
        }
      });
      return ratios.stream().mapToDouble(Double::doubleValue).toArray();
    }

    String bestPeer(Workload w, int threads) {
      String best = null;
      for (String p : PEERS.keySet()) {
        double ms = peer(p, threads, w);
        if (!Double.isNaN(ms) && (best == null || ms < peer(best, threads, w))) {
          best = p;
        }
      }
      return best;
    }
  }

  private final Map<Measure, Figures> figures = new EnumMap<>(Measure.class);
  private final List<BenchTable.Row> fallback = new ArrayList<>();
  private String peerPeak = "n/a";

  private PeerTable() {
    for (Measure m : Measure.values()) {
      figures.put(m, new Figures());
    }
  }

  public static void main(String[] args) throws IOException {
    PeerTable t = new PeerTable();
    for (String arg : args) {
      if (arg.endsWith(".csv")) {
        t.readPeers(Path.of(arg));
      } else {
        t.readJmh(new File(arg));
      }
    }
    t.print(Measure.WALL);
    t.print(Measure.CPU);
    if (!t.fallback.isEmpty()) {
      BenchTable.printFallback(t.fallback);
    }
  }

  /** The round a file holds, 0 for a file outside the rounds. */
  private static int round(String fileName) {
    Matcher m = ROUND.matcher(fileName);
    return m.find() ? Integer.parseInt(m.group(1)) : 0;
  }

  private void readPeers(Path csv) throws IOException {
    int round = round(csv.getFileName().toString());
    for (String line : Files.readAllLines(csv)) {
      String[] f = line.split(",");
      if (f[0].equals("RESULT")) { // RESULT,engine,threads,workload,ms,...
        figures.get(Measure.WALL).peerMs.computeIfAbsent(f[1] + "," + f[2] + "," + f[3], k -> new TreeMap<>())
            .put(round, Double.parseDouble(f[4]));
      } else if (f[0].equals("PEAK") && f[1].equals("vectorapi_fma512_1thread")) {
        peerPeak = f[2];
      }
    }
  }

  private void readJmh(File json) throws IOException {
    int round = round(json.getName());
    for (JsonNode r : new ObjectMapper().readTree(json)) {
      String cls = JmhResults.benchmark(r);
      JsonNode params = r.path("params");
      Workload w = params.has("workload") ? Workload.valueOf(params.get("workload").asText()) : null;
      if (cls.startsWith("ScalarFallbackBenchmark")) {
        String engine = params.get("gemm").asText().equals("scalar")
            ? BenchTable.OURS_SCALAR : BenchTable.NETLIB_SCALAR;
        fallback.add(new BenchTable.Row(engine, w, JmhResults.medianMillis(r), Double.NaN));
        continue;
      }
      for (Measure m : Measure.values()) {
        List<double[]> forks = JmhResults.forksMillis(r, m == Measure.WALL ? null : CpuTimeProfiler.METRIC);
        if (forks.isEmpty()) {
          continue;
        }
        double ms = JmhResults.median(forks.stream().flatMapToDouble(Arrays::stream).toArray());
        Figures f = figures.get(m);
        if (cls.startsWith("FmaPeakBenchmark")) {
          f.peakMs = ms;
        } else if (cls.equals("RecurrentMatmulBenchmark.preActivation")) {
          f.preActivationMs.put(w, ms);
        } else if (cls.startsWith("RecurrentMatmulBenchmark")) {
          f.matmulMs.put(w, ms);
        } else if (cls.startsWith("UnrollBenchmark") && r.get("threads").asInt() == 1) {
          f.oneThread.computeIfAbsent(w, k -> new ArrayList<>()).addAll(forks);
          f.unrollRounds.computeIfAbsent(w, k -> new TreeMap<>()).put(round, ms);
        } else if (cls.startsWith("UnrollBenchmark")) {
          f.twoThreads.put(w, ms);
        }
      }
    }
  }

  private void print(Measure measure) {
    Figures f = figures.get(measure);
    System.out.printf(Locale.ROOT, "By %s: ms per batch (GFLOP/s); FMA peak of one core %.1f GFLOP/s (JMH)%s%n%n",
        measure.title, f.peakGflops(), measure == Measure.WALL ? ", " + peerPeak + " (harness)" : "");
    StringBuilder head = new StringBuilder("| 1 thread |");
    StringBuilder rule = new StringBuilder("|---|");
    for (Workload w : Workload.values()) {
      head.append(' ').append(w.name()).append(' ').append(w.kind).append(' ').append(w.sequences).append('x')
          .append(w.steps).append(' ').append(w.input).append("->").append(w.units).append(" |");
      rule.append("---:|");
    }
    System.out.println(head);
    System.out.println(rule);
    boolean peers = measure == Measure.WALL;
    row("unroll (median of all forks)", w -> cell(w, f.unroll(w)));
    if (peers) {
      for (Map.Entry<String, String> p : PEERS.entrySet()) {
        row(p.getValue(), w -> cell(w, f.peer(p.getKey(), 1, w)));
      }
      row("best peer", w -> {
        String best = f.bestPeer(w, 1);
        return best == null ? "n/a" : PEERS.get(best) + " " + cell(w, f.peer(best, 1, w));
      });
      row("unroll / fastest peer, round by round", w -> {
        StringBuilder s = new StringBuilder();
        for (double ratio : f.roundRatios(w)) {
          s.append(s.length() == 0 ? "" : " ").append(String.format(Locale.ROOT, "%.2f", ratio));
        }
        return s.length() == 0 ? "n/a" : s.toString();
      });
      row("**unroll / best peer** (median of rounds)", w -> {
        double[] ratios = f.roundRatios(w);
        return ratios.length == 0 ? "n/a" : fmt("%.2f", JmhResults.median(ratios));
      });
    }
    row("unroll, share of FMA peak", w -> percent(gflops(w, f.unroll(w)) / f.peakGflops()));
    row("recurrent matmul alone, share of peak", w -> percent(
        w.recurrentFlops() / w.steps / (f.matmulMs.getOrDefault(w, Double.NaN) * 1e6) / f.peakGflops()));
    row("the step's pre-activation (x and h, gate blocks), share of peak", w -> percent(
        w.flops() / w.steps / (f.preActivationMs.getOrDefault(w, Double.NaN) * 1e6) / f.peakGflops()));
    row("fork medians, ms", w -> {
      StringBuilder s = new StringBuilder();
      for (double m : forkMedians(f, w)) {
        s.append(s.length() == 0 ? "" : " ").append(String.format(Locale.ROOT, "%.2f", m));
      }
      return s.length() == 0 ? "n/a" : s.toString();
    });
    row("fork spread (max / min - 1)", w -> {
      double[] m = forkMedians(f, w);
      return m.length == 0 ? "n/a"
          : percent(Arrays.stream(m).max().getAsDouble() / Arrays.stream(m).min().getAsDouble() - 1);
    });
    System.out.println();
    System.out.println(head.toString().replace("1 thread", "2 threads, batches/s for the machine"));
    System.out.println(rule);
    row("unroll, 2 tasks at once: ms per batch per task", w -> fmt("%.2f", f.twoThreads.getOrDefault(w, Double.NaN)));
    row("unroll, 2 tasks at once", w -> fmt("%.1f", 2e3 / f.twoThreads.getOrDefault(w, Double.NaN)));
    row("unroll per-core rate, 2 tasks / 1 task", w -> fmt("%.2f", f.unroll(w) / f.twoThreads.getOrDefault(w, Double.NaN)));
    if (peers) {
      for (Map.Entry<String, String> p : PEERS.entrySet()) {
        row(p.getValue() + ", 2 intra-op threads", w -> fmt("%.1f", 1e3 / f.peer(p.getKey(), 2, w)));
      }
      row("**unroll / best peer, 2 threads**", w -> fmt("%.2f",
          f.peer(f.bestPeer(w, 2), 2, w) / (f.twoThreads.getOrDefault(w, Double.NaN) / 2)));
    }
    System.out.println();
  }

  private static double[] forkMedians(Figures f, Workload w) {
    return f.oneThread.getOrDefault(w, List.of()).stream().mapToDouble(JmhResults::median).toArray();
  }

  private static void row(String name, Function<Workload, String> value) {
    StringBuilder s = new StringBuilder("| ").append(name).append(" |");
    for (Workload w : Workload.values()) {
      s.append(' ').append(value.apply(w)).append(" |");
    }
    System.out.println(s);
  }

  private static String cell(Workload w, double ms) {
    return Double.isNaN(ms) ? "n/a" : String.format(Locale.ROOT, "%.2f (%.1f)", ms, gflops(w, ms));
  }

  private static double gflops(Workload w, double ms) {
    return w.flops() / (ms * 1e6);
  }

  private static String percent(double share) {
    return Double.isNaN(share) ? "n/a" : String.format(Locale.ROOT, "%.0f%%", 100 * share);
  }

  private static String fmt(String format, double value) {
    return Double.isNaN(value) || Double.isInfinite(value) ? "n/a" : String.format(Locale.ROOT, format, value);
  }
}
