#!/usr/bin/env bash
# Usage: jobs/benchmark-kernel.sh [--quick]              unroll beside the independent peer harness
#        jobs/benchmark-kernel.sh JMH-REGEX [JMH options]  this project's JMH benchmarks only
#
# Default: one run that builds the peer harness (copied out of ${PEERS:-<repo>/../shared/peers}/kernels
# into a temporary folder, built with its own pom) and runs its FMA peak, then one thread in 5 rounds:
# in each round, workload by workload, its ONNX Runtime, TensorFlow block-op and TensorFlow graph engines
# and one fork of unroll's JMH back to back (peers first in odd rounds, unroll first in even ones), so
# each ratio compares figures taken within a minute of each other on a host whose speed drifts. Then the
# peers and unroll with two threads, unroll's FMA peak, the recurrent matmul alone, the step's whole
# pre-activation (x and h, gate block by gate block) and the no-vector-module fallback against netlib's
# Java11BLAS; then one table (dev.unroll.bench.PeerTable).
# About 12 minutes on 2 cores; --quick (2 rounds, fewer iterations and peer repetitions, no fallback)
# about 6.
# Overrides: JAVA_HOME (the JVM for both sides), PEERS, OUT (default target/kernel-bench).
#
# With a regex: the JMH run alone and the issue-4 table of this project's own engines
# (dev.unroll.bench.BenchTable), e.g. `jobs/benchmark-kernel.sh UnrollBenchmark -p workload=W1`.
set -euo pipefail
cd "$(dirname "$0")/.."
REPO="$(pwd)"
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
OUT="${OUT:-target/kernel-bench}"
mkdir -p "$OUT"

mvn -B -q test-compile
# JMH finds its benchmarks in a list its annotation processor writes; an incremental test-compile after
# the main classes changed once left it out, and the run failed after the peers had run: rebuild then
[ -f target/test-classes/META-INF/BenchmarkList ] \
  || { rm -rf target/test-classes target/generated-test-sources && mvn -B -q test-compile; }
mvn -B -q dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench-classpath.txt
CP="target/test-classes:target/classes:$(cat target/bench-classpath.txt)"
# one thread each; netlib's native BLAS (OpenBLAS once libopenblas0 is installed) would take both cores
export OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1 TF_CPP_MIN_LOG_LEVEL=2

jmh() { # jmh RESULT.json ARGS...: a JMH run, its log kept beside the result
  local result="$1"
  shift
  "$JAVA" -cp "$CP" org.openjdk.jmh.Main "$@" -prof dev.unroll.bench.CpuTimeProfiler -rf json -rff "$result" > "${result%.json}.log" 2>&1 \
    || { tail -50 "${result%.json}.log"; exit 1; }
}

conditions() {
  echo "JVM: $("$JAVA" -version 2>&1 | head -2 | tail -1); CPU: $(nproc --all) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); load average: $(cut -d' ' -f1-3 /proc/loadavg)"
}

if [ $# -gt 0 ] && [ "$1" != "--quick" ]; then
  PATTERN="$1"
  shift
  jmh "$OUT/jmh-result.json" "$PATTERN" -t 1 -prof gc "$@"
  grep -E '^(Benchmark|[A-Za-z]+Benchmark\.)' "$OUT/jmh-result.log" | grep -v ':·gc\|:gc\.' || true
  echo
  conditions
  exec "$JAVA" -cp "$CP" dev.unroll.bench.BenchTable "$OUT/jmh-result.json"
fi

QUICK=false
if [ "${1:-}" = "--quick" ]; then
  QUICK=true
fi
if $QUICK; then
  ROUNDS=2 REPS=3 ITER=(-wi 2 -i 3)
else
  ROUNDS=5 REPS=7 ITER=()
fi

# the peer harness: copied out (its folder is read-only, Maven writes target/), built offline when it can
PEERS="${PEERS:-$REPO/../shared/peers}"
[ -d "$PEERS/kernels" ] || { echo "peer harness not found: $PEERS/kernels (set PEERS)" >&2; exit 2; }
PEER_DIR="$(mktemp -d)"
trap 'rm -rf "$PEER_DIR"' EXIT
cp -r "$PEERS/kernels/." "$PEER_DIR"
(cd "$PEER_DIR" && { mvn -B -q -o package -DskipTests > build.log 2>&1 || mvn -B -q package -DskipTests > build.log 2>&1; }) \
  || { tail -20 "$PEER_DIR/build.log"; exit 1; }
rm -f "$OUT"/peers*.csv "$OUT"/jmh-*.json
peer() { # peer CSV ARGS...: the harness's result lines, kept in CSV
  local csv="$1"
  shift
  (cd "$PEER_DIR" && "$JAVA" --add-modules jdk.incubator.vector -cp "target/classes:target/lib/*" anchors.Main "$@") \
    2>> "$OUT/peers-stderr.log" | grep -E '^(RESULT|PEAK|FAIL|SKIP),' | tee -a "$csv"
}
peers_1t() { # peers_1t ROUND WORKLOAD
  for engine in ort tf-block tf-graph; do
    peer "$OUT/peers-1t-r$1.csv" bench --engine "$engine" --threads 1 --workloads "$2" --reps "$REPS" --mintime 0.1
  done
}
unroll_1t() { # unroll_1t ROUND WORKLOAD
  jmh "$OUT/jmh-1t-r$1-$2.json" 'UnrollBenchmark' -p gemm=tiled -p workload="$2" -t 1 -f 1 "${ITER[@]}"
  echo "unroll,round $1,$2 done"
}
echo "== peers' FMA peak ($(conditions))"
peer "$OUT/peers.csv" peak --reps 5
JSONS=()
for r in $(seq 1 "$ROUNDS"); do
  echo "== round $r of $ROUNDS, one thread ($(conditions))"
  for w in W1 W2 W3 W4 W5; do
    if [ $((r % 2)) -eq 1 ]; then
      peers_1t "$r" "$w"
      unroll_1t "$r" "$w"
    else
      unroll_1t "$r" "$w"
      peers_1t "$r" "$w"
    fi
    JSONS+=("$OUT/jmh-1t-r$r-$w.json")
  done
done
echo "== two threads ($(conditions))"
for engine in ort tf-block tf-graph; do # TF's thread pools are process-wide: one JVM per thread count
  peer "$OUT/peers.csv" bench --engine "$engine" --threads 2 --reps "$REPS" --mintime 0.1
done
jmh "$OUT/jmh-2t.json" 'UnrollBenchmark' -p gemm=tiled -t 2 -f 1 "${ITER[@]}"
jmh "$OUT/jmh-peak.json" 'FmaPeakBenchmark|RecurrentMatmulBenchmark' -t 1 -f 1 "${ITER[@]}"
JSONS+=("$OUT/jmh-2t.json" "$OUT/jmh-peak.json")
if ! $QUICK; then
  jmh "$OUT/jmh-fallback.json" 'ScalarFallbackBenchmark' -t 1
  JSONS+=("$OUT/jmh-fallback.json")
fi
echo "== done ($(conditions))"
echo
exec "$JAVA" -cp "$CP" dev.unroll.bench.PeerTable "$OUT"/peers*.csv "${JSONS[@]}"
