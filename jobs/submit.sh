#!/usr/bin/env bash
# Runs unroll through spark-submit on a cluster; every argument goes to unroll (e.g. score --weights ...).
#
# Usage: [MASTER=yarn] [DEPLOY_MODE=client] [SUBMIT_ARGS="--conf k=v ..."] jobs/submit.sh score OPTIONS...
#   MASTER        spark-submit --master (default yarn)
#   DEPLOY_MODE   client or cluster (default client)
#   PROPERTIES    a spark-defaults file (default conf/spark-defaults.conf, else the template)
#   SUBMIT_ARGS   further spark-submit arguments: --conf, --num-executors, --queue, ...
#   SPARK_HOME    where spark-submit lives (default: spark-submit on the PATH)
# With DEPLOY_MODE=cluster the driver runs on the cluster: a --config file must travel with the job
# (SUBMIT_ARGS="--files job.properties" and --config job.properties), weights and data must be on a
# shared file system (hdfs://, s3a://).
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
SUBMIT="${SPARK_HOME:+$SPARK_HOME/bin/}spark-submit"
if ! command -v "$SUBMIT" >/dev/null 2>&1; then
  echo "jobs/submit.sh: $SUBMIT not found: install Apache Spark 4.1 and set SPARK_HOME to it (or put its" \
    "bin/ on the PATH); jobs/run-local.sh runs unroll without a Spark install" >&2
  exit 3
fi
JAR="${UNROLL_JAR:-$ROOT/target/unroll.jar}"
if [[ ! -f "$JAR" ]]; then
  echo "building target/unroll.jar with Maven (once; about a minute) ..." >&2
  (cd "$ROOT" && mvn -q -B package -DskipTests >&2)  # build chatter to stderr: stdout is the job's
fi
DEFAULT_PROPERTIES="$ROOT/conf/spark-defaults.conf"
[[ -f "$DEFAULT_PROPERTIES" ]] || DEFAULT_PROPERTIES="$ROOT/conf/spark-defaults.conf.template"

# shellcheck disable=SC2086 # SUBMIT_ARGS is a list of arguments
exec "$SUBMIT" \
  --master "${MASTER:-yarn}" \
  --deploy-mode "${DEPLOY_MODE:-client}" \
  --properties-file "${PROPERTIES:-$DEFAULT_PROPERTIES}" \
  --class dev.unroll.cli.UnrollCommand \
  ${SUBMIT_ARGS:-} \
  "$JAR" "$@"
