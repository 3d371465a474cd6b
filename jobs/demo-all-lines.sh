#!/usr/bin/env bash
# Runs the demo with each Spark line's job jar on that line's Spark, in local mode and on a standalone
# cluster of that line (jobs/local-cluster.sh), and compares every output with the default line's local
# output per id, bit for bit (jobs/ParquetBits.java reads them with DuckDB). Builds each line's jar first
# when missing. Prints one line per run; exits 4 when an output differs.
#
# Usage: jobs/demo-all-lines.sh [OUT]          (default out/lines; each run writes OUT/<line>-<mode>)
# Environment: LINES (default every line), CLUSTER_LINES (default "4.2 3.5_2.12", the newest and the
#   oldest; empty for none), JAVA_HOME for another JVM.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
# shellcheck source=jobs/spark-line.sh
source "$ROOT/jobs/spark-line.sh"
OUT="$(mkdir -p "${1:-out/lines}" && cd "${1:-out/lines}" && pwd)"
DEFAULT_LINE="${SPARK_LINES%% *}"
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"

mvn -q -B dependency:build-classpath -Dmdep.includeArtifactIds=duckdb_jdbc -Dmdep.includeScope=test \
  -Dmdep.outputFile="$OUT/duckdb-classpath.txt" >&2

bits() {
  "$JAVA" -cp "$(cat "$OUT/duckdb-classpath.txt")" jobs/ParquetBits.java "$1" >"$1.bits"
}

run_local() {
  local line="$1" dest="$OUT/$1-local"
  rm -rf "$dest" "${dest}_input" "${dest}_model" "${dest}_quarantine"
  SPARK_LINE="$line" jobs/run-local.sh score --demo --output "$dest" >"$dest.log" 2>&1
  bits "$dest"
}

run_cluster() {
  local line="$1" dest="$OUT/$1-cluster" dir="$OUT/$1-cluster-daemons"
  rm -rf "$dest" "${dest}_input" "${dest}_model" "${dest}_quarantine"
  export SPARK_LINE="$line" CLUSTER_DIR="$dir" MASTER_PORT=0 MASTER_WEBUI_PORT=0 WORKER_WEBUI_PORT=0
  source "$ROOT/jobs/spark-line.sh"  # the line's BUILD_DIR
  [[ -f "$BUILD_DIR/unroll.jar" ]] || mvn -q -B "$MVN_LINE" package -DskipTests >&2
  jobs/local-cluster.sh start >"$dir.log" 2>&1
  trap 'jobs/local-cluster.sh stop >>"$dir.log" 2>&1' EXIT
  SPARK_HOME="$BUILD_DIR/spark-dist" MASTER="$(cat "$dir/master-url")" \
    jobs/submit.sh score --demo --output "$dest" >"$dest.log" 2>&1
  jobs/local-cluster.sh stop >>"$dir.log" 2>&1
  trap - EXIT
  unset SPARK_LINE CLUSTER_DIR
  bits "$dest"
}

status=0
report() {
  local name="$1" reference="$OUT/$DEFAULT_LINE-local.bits" verdict
  if cmp -s "$OUT/$name.bits" "$reference"; then
    verdict="bit-identical to $DEFAULT_LINE local"
  else
    verdict="DIFFERS from $DEFAULT_LINE local"
    status=4
  fi
  printf '%-20s %6d rows  %s\n' "$name" "$(wc -l <"$OUT/$name.bits")" "$verdict"
}

run_local "$DEFAULT_LINE"
report "$DEFAULT_LINE-local"
for line in ${LINES:-$SPARK_LINES}; do
  [[ "$line" == "$DEFAULT_LINE" ]] || { run_local "$line"; report "$line-local"; }
done
for line in ${CLUSTER_LINES-4.2 3.5_2.12}; do
  run_cluster "$line"
  report "$line-cluster"
done
exit "$status"
