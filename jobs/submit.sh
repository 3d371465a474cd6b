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
JAR="${UNROLL_JAR:-$ROOT/target/unroll.jar}"
if [[ ! -f "$JAR" ]]; then
  (cd "$ROOT" && mvn -q -B package -DskipTests >&2)  # build chatter to stderr: stdout is the job's
fi
DEFAULT_PROPERTIES="$ROOT/conf/spark-defaults.conf"
[[ -f "$DEFAULT_PROPERTIES" ]] || DEFAULT_PROPERTIES="$ROOT/conf/spark-defaults.conf.template"

# shellcheck disable=SC2086 # SUBMIT_ARGS is a list of arguments
exec "${SPARK_HOME:+$SPARK_HOME/bin/}spark-submit" \
  --master "${MASTER:-yarn}" \
  --deploy-mode "${DEPLOY_MODE:-client}" \
  --properties-file "${PROPERTIES:-$DEFAULT_PROPERTIES}" \
  --class dev.unroll.cli.UnrollCommand \
  ${SUBMIT_ARGS:-} \
  "$JAR" "$@"
