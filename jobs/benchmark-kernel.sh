#!/usr/bin/env bash
# Usage: jobs/benchmark-kernel.sh [JMH benchmark regex] [extra JMH options...]
#
# Builds the test classes and runs the issue-4 benchmarks (our unroll, ONNX Runtime, TensorFlow,
# breeze/netlib, the no-vector-module fallback against netlib's pure Java in the same kind of JVM,
# the FMA peak and the recurrent matmul alone), one thread each, with JMH's GC
# profiler; then prints the table (medians). The whole set takes about 7-9 minutes on 2 cores.
# Overrides: RESULT=path/to/result.json (default target/jmh-result.json).
set -euo pipefail
cd "$(dirname "$0")/.."

# The default run is the issue-4 table; RaggedBatchBenchmark runs only when asked for by name.
if [ $# -gt 0 ]; then
  PATTERN="$1"
  shift
else
  PATTERN="dev.unroll.bench"
  set -- -e RaggedBatchBenchmark
fi
RESULT="${RESULT:-target/jmh-result.json}"

mvn -B -q test-compile
mvn -B -q dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench-classpath.txt
CP="target/test-classes:target/classes:$(cat target/bench-classpath.txt)"

# Fork JVM flags (the vector module, heap) are set per benchmark class in @Fork; one thread each,
# native BLAS included (netlib's BLAS.getInstance() is JNI over the system's libblas.so.3: the reference
# BLAS on a plain Debian, OpenBLAS once libopenblas0 is installed, which would take both cores).
export OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1
java -cp "$CP" org.openjdk.jmh.Main "$PATTERN" -t 1 -prof gc -rf json -rff "$RESULT" "$@" \
  > target/jmh-log.txt 2>&1 || { tail -50 target/jmh-log.txt; exit 1; }
grep -E '^(Benchmark|[A-Za-z]+Benchmark\.)' target/jmh-log.txt | grep -v ':·gc\|:gc\.' || true
echo
echo "JVM: $(java -version 2>&1 | head -2 | tail -1); CPU: $(nproc --all) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); load average: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "native BLAS behind netlib's JNIBLAS: $(readlink -f /usr/lib/x86_64-linux-gnu/libblas.so.3 2>/dev/null || echo none found)"
exec java -cp "$CP" dev.unroll.bench.BenchTable "$RESULT"
