#!/usr/bin/env bash
# Scores token-id sequences through an embedding table larger than 2 GiB (1.2M ids x 512 float32 =
# 2.46 GB, more than one byte[] or Java array of bytes holds) and a TF v1 LSTM 512->128, to show the
# model broadcast has no 2 GiB limit. Not run in CI: it needs ~12 GB of heap and ~3 GB of disk.
# Generates the data once (DIR/embedding.npy, DIR/lstm-512-128.npz, DIR/input), then scores it and
# prints the summary; /usr/bin/time -v reports the peak memory (maximum resident set size).
#
# Usage: jobs/large-weights.sh [extra score options...]
# Environment: DIR (out/large-weights), VOCAB (1200000), DIM (512), UNITS (128), ROWS (100000),
#   MASTER (local[2]), JAVA_OPTS (-Xmx12g: the driver holds the table, its serialized chunks and, in
#   local mode, the executor's copy)
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
DIR="${DIR:-$ROOT/out/large-weights}"
JAR="$ROOT/target/unroll.jar"
CLASSPATH_FILE="$ROOT/target/local-classpath.txt"
if [[ ! -f "$JAR" || ! -f "$CLASSPATH_FILE" ]]; then
  (cd "$ROOT" && mvn -q -B package -DskipTests >&2)  # build chatter to stderr: stdout is the job's
fi
SPARK_JVM_FLAGS="$(sed -n 's:.*<spark.jvm.flags>\(.*\)</spark.jvm.flags>.*:\1:p' "$ROOT/pom.xml")"
# shellcheck disable=SC2206 # the flag lists are meant to split into words
JAVA=(java ${JAVA_OPTS:--Xmx12g} $SPARK_JVM_FLAGS --add-modules jdk.incubator.vector
  -Dlog4j2.configurationFile="$ROOT/conf/log4j2.properties"
  -cp "$JAR:$(cat "$CLASSPATH_FILE")")

VOCAB="${VOCAB:-1200000}" DIM="${DIM:-512}" UNITS="${UNITS:-128}"
echo "generating (once) a ${VOCAB} x ${DIM} embedding table, an LSTM ${DIM}->${UNITS} and ${ROWS:-100000} sequences under $DIR ..."
"${JAVA[@]}" dev.unroll.demo.LargeWeightsData "$DIR" "$VOCAB" "$DIM" "$UNITS" "${ROWS:-100000}"
ls -l "$DIR/embedding.npy"

TIME=()
[[ -x /usr/bin/time ]] && TIME=(/usr/bin/time -v)
exec "${TIME[@]}" "${JAVA[@]}" dev.unroll.cli.UnrollCommand score --master "${MASTER:-local[2]}" \
  --weights "$DIR/lstm-$DIM-$UNITS.npz" --cell basic_lstm --units "$UNITS" \
  --embedding "$DIR/embedding.npy" --sequence-column token_ids \
  --input "$DIR/input" --output "$DIR/output" --mode overwrite --progress-interval 30 "$@"
