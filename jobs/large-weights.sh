#!/usr/bin/env bash
# Scores token-id sequences through an embedding table larger than 2 GiB (1.2M ids x 512 float32 =
# 2.46 GB, more than one byte[] or Java array of bytes holds) and a TF v1 LSTM 512->128, to show the
# model broadcast has no 2 GiB limit. Not run in CI: it needs ~16 GB of memory and ~3 GB of disk.
# Generates the data once (DIR/embedding.npy, DIR/lstm-512-128.npz, DIR/input), then scores it and
# prints the summary and the peak memory (maximum resident set size) of each JVM.
#
# Usage: jobs/large-weights.sh [local|cluster] [extra score options...]
#   local    (default) one JVM, MASTER (local[2]): driver and executor share a heap of JAVA_OPTS
#   cluster  a standalone cluster of jobs/local-cluster.sh (a Master and one Worker on 127.0.0.1, one
#            executor of EXECUTOR_CORES cores in its own JVM), the job sent by jobs/submit.sh with
#            DRIVER_MEMORY and EXECUTOR_MEMORY; the cluster is stopped when the run ends
# Environment: DIR (out/large-weights), VOCAB (1200000), DIM (512), UNITS (128), ROWS (100000),
#   MASTER (local[2]), JAVA_OPTS (-Xmx16g: the driver holds the table, its serialized chunks and, in
#   local mode, the executor's copy; -Xmx12g ran out of heap), DRIVER_MEMORY (10g; 8g ran out of heap),
#   EXECUTOR_MEMORY (12g; 6g and 8g ran out of heap), EXECUTOR_CORES (2)
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
MODE=local
if [[ "${1:-}" == local || "${1:-}" == cluster ]]; then
  MODE="$1"
  shift
fi
DIR="${DIR:-$ROOT/out/large-weights}"
JAR="$ROOT/target/unroll.jar"
CLASSPATH_FILE="$ROOT/target/local-classpath.txt"
if [[ ! -f "$JAR" || ! -f "$CLASSPATH_FILE" ]]; then
  (cd "$ROOT" && mvn -q -B package -DskipTests >&2)  # build chatter to stderr: stdout is the job's
fi
SPARK_JVM_FLAGS="$(sed -n 's:.*<spark.jvm.flags>\(.*\)</spark.jvm.flags>.*:\1:p' "$ROOT/pom.xml")"
# shellcheck disable=SC2206 # the flag lists are meant to split into words
JAVA=(java $SPARK_JVM_FLAGS --add-modules jdk.incubator.vector
  -Dlog4j2.configurationFile="$ROOT/conf/log4j2.properties"
  -cp "$JAR:$(cat "$CLASSPATH_FILE")")

VOCAB="${VOCAB:-1200000}" DIM="${DIM:-512}" UNITS="${UNITS:-128}"
echo "generating (once) a ${VOCAB} x ${DIM} embedding table, an LSTM ${DIM}->${UNITS} and ${ROWS:-100000}" \
  "sequences under $DIR ..."
"${JAVA[0]}" -Xmx2g "${JAVA[@]:1}" dev.unroll.demo.LargeWeightsData "$DIR" "$VOCAB" "$DIM" "$UNITS" "${ROWS:-100000}"
ls -l "$DIR/embedding.npy"

SCORE=(score --weights "$DIR/lstm-$DIM-$UNITS.npz" --cell basic_lstm --units "$UNITS"
  --embedding "$DIR/embedding.npy" --sequence-column token_ids
  --input "$DIR/input" --output "$DIR/output" --mode overwrite --progress-interval 30 "$@")

if [[ "$MODE" == local ]]; then
  TIME=()
  [[ -x /usr/bin/time ]] && TIME=(/usr/bin/time -v)
  # shellcheck disable=SC2206 # JAVA_OPTS is a list of flags
  exec "${TIME[@]}" "${JAVA[0]}" ${JAVA_OPTS:--Xmx16g} "${JAVA[@]:1}" dev.unroll.cli.UnrollCommand \
    "${SCORE[0]}" --master "${MASTER:-local[2]}" "${SCORE[@]:1}"
fi

# cluster mode: its own cluster folder and free ports, so it never meets another cluster on this machine
DRIVER_MEMORY="${DRIVER_MEMORY:-10g}" EXECUTOR_MEMORY="${EXECUTOR_MEMORY:-12g}" EXECUTOR_CORES="${EXECUTOR_CORES:-2}"
export CLUSTER_DIR="$DIR/cluster" MASTER_PORT=0 MASTER_WEBUI_PORT=0 WORKER_WEBUI_PORT=0 WORKERS=1
export WORKER_CORES="$EXECUTOR_CORES" WORKER_MEMORY="$EXECUTOR_MEMORY"
trap '"$ROOT/jobs/local-cluster.sh" stop >&2' EXIT
"$ROOT/jobs/local-cluster.sh" start >&2
WORKER_PID="$(cat "$CLUSTER_DIR/worker-1.pid")"

# Peak resident memory (VmHWM) of a JVM, in kB, while it runs.
peak_kb() {
  sed -n 's/^VmHWM:[[:space:]]*\([0-9]*\) kB/\1/p' "/proc/$1/status" 2>/dev/null || true
}
START=$(date +%s)
SUBMIT_ARGS="--driver-memory $DRIVER_MEMORY --conf spark.executor.memory=$EXECUTOR_MEMORY"
SUBMIT_ARGS+=" --conf spark.ui.enabled=false"  # its default port may be another build's
SPARK_HOME="${SPARK_DIST:-$ROOT/target/spark-dist}" MASTER="$(cat "$CLUSTER_DIR/master-url")" DEPLOY_MODE=client \
  SUBMIT_ARGS="$SUBMIT_ARGS" "$ROOT/jobs/submit.sh" "${SCORE[@]}" &
DRIVER_PID=$!  # submit.sh, spark-submit and spark-class replace themselves: this becomes the driver JVM
DRIVER_PEAK=0 EXECUTOR_PEAK=0
while kill -0 "$DRIVER_PID" 2>/dev/null; do
  kb="$(peak_kb "$DRIVER_PID")"
  if ((${kb:-0} > DRIVER_PEAK)); then DRIVER_PEAK="$kb"; fi
  for child in $(ps -o pid= --ppid "$WORKER_PID" 2>/dev/null); do
    kb="$(peak_kb "$child")"
    if ((${kb:-0} > EXECUTOR_PEAK)); then EXECUTOR_PEAK="$kb"; fi
  done
  sleep 0.5
done
CODE=0
wait "$DRIVER_PID" || CODE=$?
awk -v code="$CODE" -v secs="$(($(date +%s) - START))" -v d="$DRIVER_PEAK" -v e="$EXECUTOR_PEAK" \
  -v dm="$DRIVER_MEMORY" -v em="$EXECUTOR_MEMORY" 'BEGIN { printf "exit %d after %d s; peak resident memory: " \
    "driver %.2f GB (spark.driver.memory %s), executor %.2f GB (spark.executor.memory %s)\n",
    code, secs, d / 1e6, dm, e / 1e6, em }'
echo "executor log lines on the model and the matmul:"
grep -h -E "model: |matmul" "$CLUSTER_DIR"/work/worker-1/app-*/*/stderr || true
exit "$CODE"
