#!/usr/bin/env bash
# The end-to-end benchmark: a TF v1 LSTM 32->64 over 1M sequences of 1-20 steps, local[2], Parquet in
# and out. Generates the data once (out/benchmark/input), then scores it and prints the summary:
# sequences/s and the task time split between reading, scoring and writing.
#
# Usage: jobs/benchmark.sh [extra score options...]   e.g. jobs/benchmark.sh --output-layout columns
# Environment: ROWS (1000000), FILES (8), BATCH (256), DIR (out/benchmark), JAVA_OPTS (-Xmx4g),
#   SPLIT_BYTES (67108864),
#   UNITS (64; UNITS=1 makes the unroll nearly free, so the run measures the data path alone)
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
DIR="${DIR:-$ROOT/out/benchmark}"
JAR="$ROOT/target/unroll.jar"
CLASSPATH_FILE="$ROOT/target/local-classpath.txt"
if [[ ! -f "$JAR" || ! -f "$CLASSPATH_FILE" ]]; then
  echo "building target/unroll.jar with Maven (once; about a minute) ..." >&2
  (cd "$ROOT" && mvn -q -B package -DskipTests >&2)  # build chatter to stderr: stdout is the job's
fi
SPARK_JVM_FLAGS="$(sed -n 's:.*<spark.jvm.flags>\(.*\)</spark.jvm.flags>.*:\1:p' "$ROOT/pom.xml")"
# shellcheck disable=SC2206
# Input splits of SPLIT_BYTES (64 MB): one task per generated file (8 files of ~57 MB, one Parquet row
# group each), so both cores stay busy to the end (the 128 MB
# default packs them into 4 uneven tasks on 2 cores). spark.* system properties reach SparkConf.
JAVA=(java ${JAVA_OPTS:--Xmx4g} $SPARK_JVM_FLAGS --add-modules jdk.incubator.vector
  -Dspark.sql.files.maxPartitionBytes="${SPLIT_BYTES:-67108864}"
  -Dlog4j2.configurationFile="$ROOT/conf/log4j2.properties"
  -cp "$JAR:$(cat "$CLASSPATH_FILE")")

UNITS="${UNITS:-64}"
if [[ ! -f "$DIR/input/_SUCCESS" || ! -f "$DIR/lstm-32-$UNITS.npz" ]]; then
  echo "generating the model and (once) ${ROWS:-1000000} sequences in ${FILES:-8} files under $DIR ..."
  "${JAVA[@]}" dev.unroll.demo.BenchmarkData "$DIR" "${ROWS:-1000000}" "${FILES:-8}" "$UNITS"
fi

exec "${JAVA[@]}" dev.unroll.cli.UnrollCommand score --master 'local[2]' \
  --weights "$DIR/lstm-32-$UNITS.npz" --cell basic_lstm --units "$UNITS" \
  --input "$DIR/input" --output "$DIR/output" --mode overwrite \
  --batch-size "${BATCH:-256}" --progress-interval 30 "$@"
