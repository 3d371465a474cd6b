#!/usr/bin/env bash
# Usage: jobs/benchmark-kernel.sh [--quick]              unroll beside the independent peer harness
#        jobs/benchmark-kernel.sh JMH-REGEX [JMH options]  this project's JMH benchmarks only
#
# Default: one run that builds the peer harness (copied out of ${PEERS:-<repo>/../shared/peers}/kernels
# into a temporary folder, built with its own pom) and runs, in this order, its FMA peak and its ONNX
# Runtime, TensorFlow block-op and TensorFlow graph engines on W1-W5 with one and two threads, then
# unroll's JMH benchmarks (the unroll in 5 forks, with one thread and with two, the FMA peak, the
# recurrent matmul alone and the no-vector-module fallback against netlib's Java11BLAS); then prints one
# table (dev.unroll.bench.PeerTable). About 12 minutes on 2 cores; --quick (2 forks, fewer
# iterations and peer repetitions, no fallback) about 5.
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
  FORKS=2 REPS=3 ITER=(-wi 2 -i 3)
else
  FORKS=5 REPS=7 ITER=()
fi

# the peer harness: copied out (its folder is read-only, Maven writes target/), built offline when it can
PEERS="${PEERS:-$REPO/../shared/peers}"
[ -d "$PEERS/kernels" ] || { echo "peer harness not found: $PEERS/kernels (set PEERS)" >&2; exit 2; }
PEER_DIR="$(mktemp -d)"
trap 'rm -rf "$PEER_DIR"' EXIT
cp -r "$PEERS/kernels/." "$PEER_DIR"
(cd "$PEER_DIR" && { mvn -B -q -o package -DskipTests > build.log 2>&1 || mvn -B -q package -DskipTests > build.log 2>&1; }) \
  || { tail -20 "$PEER_DIR/build.log"; exit 1; }
PEER_CSV="$OUT/peers.csv"
: > "$PEER_CSV"
peer() {
  (cd "$PEER_DIR" && "$JAVA" --add-modules jdk.incubator.vector -cp "target/classes:target/lib/*" anchors.Main "$@") \
    2>> "$OUT/peers-stderr.log" | grep -E '^(RESULT|PEAK|FAIL|SKIP),' | tee -a "$PEER_CSV"
}
echo "== peers ($(conditions))"
peer peak --reps 5
for t in 1 2; do # TF's thread pools are process-wide (the first session wins): one JVM per thread count
  for engine in ort tf-block tf-graph; do
    peer bench --engine "$engine" --threads "$t" --reps "$REPS" --mintime 0.1
  done
done

echo "== unroll ($(conditions))"
jmh "$OUT/jmh-1t.json" 'UnrollBenchmark' -p gemm=tiled -t 1 -f "$FORKS" "${ITER[@]}"
jmh "$OUT/jmh-2t.json" 'UnrollBenchmark' -p gemm=tiled -t 2 -f 1 "${ITER[@]}"
jmh "$OUT/jmh-peak.json" 'FmaPeakBenchmark|RecurrentMatmulBenchmark' -t 1 -f 1 "${ITER[@]}"
JSONS=("$OUT/jmh-1t.json" "$OUT/jmh-2t.json" "$OUT/jmh-peak.json")
if ! $QUICK; then
  jmh "$OUT/jmh-fallback.json" 'ScalarFallbackBenchmark' -t 1
  JSONS+=("$OUT/jmh-fallback.json")
fi
echo "== done ($(conditions))"
echo
exec "$JAVA" -cp "$CP" dev.unroll.bench.PeerTable "$PEER_CSV" "${JSONS[@]}"
