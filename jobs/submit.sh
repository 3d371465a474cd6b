#!/usr/bin/env bash
# Runs unroll through spark-submit on a cluster; every argument goes to unroll (e.g. score --weights ...).
#
# Usage: [MASTER=yarn] [DEPLOY_MODE=client] [SUBMIT_ARGS="--conf k=v ..."] jobs/submit.sh score OPTIONS...
#   MASTER        spark-submit --master (default yarn)
#   DEPLOY_MODE   client or cluster (default client)
#   PROPERTIES    a spark-defaults file (default conf/spark-defaults.conf, else the template)
#   SUBMIT_ARGS   further spark-submit arguments: --conf, --num-executors, --queue, ...
#   SPARK_HOME    where spark-submit lives (default: spark-submit on the PATH)
#   SPARK_LINE    the Spark line of that install, whose job jar is submitted (default 4.2; see
#                 jobs/spark-line.sh); UNROLL_JAR names a jar instead
#   LOG_CONFIG    log4j2 configuration for driver and executors (default conf/log4j2.properties):
#                 shipped with --files; the driver reads it from here (client mode), executors on YARN
#                 and Kubernetes from their working folder, other executors from this same path
#                 (set EXECUTOR_LOG_CONFIG=file:/path/on/the/workers when it lies elsewhere there)
# With DEPLOY_MODE=cluster the driver runs on the cluster: a --config file must travel with the job
# (SUBMIT_ARGS="--files job.properties" and --config job.properties), weights and data must be on a
# shared file system (hdfs://, s3a://).
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
SUBMIT="${SPARK_HOME:+$SPARK_HOME/bin/}spark-submit"
if ! command -v "$SUBMIT" >/dev/null 2>&1; then
  echo "jobs/submit.sh: $SUBMIT not found: install Apache Spark (3.5, 4.0, 4.1 or 4.2) and set SPARK_HOME to it (or put its" \
    "bin/ on the PATH); jobs/run-local.sh runs unroll without a Spark install" >&2
  exit 3
fi
# shellcheck source=jobs/spark-line.sh
source "$ROOT/jobs/spark-line.sh"
JAR="${UNROLL_JAR:-$BUILD_DIR/unroll.jar}"
if [[ ! -f "$JAR" ]]; then
  echo "building ${JAR#"$ROOT"/} with Maven (once; about a minute) ..." >&2
  (cd "$ROOT" && mvn -q -B "$MVN_LINE" package -DskipTests >&2)  # build chatter to stderr: stdout is the job's
fi
DEFAULT_PROPERTIES="$ROOT/conf/spark-defaults.conf"
[[ -f "$DEFAULT_PROPERTIES" ]] || DEFAULT_PROPERTIES="$ROOT/conf/spark-defaults.conf.template"

PROPERTIES="${PROPERTIES:-$DEFAULT_PROPERTIES}"
MASTER="${MASTER:-yarn}"
DEPLOY_MODE="${DEPLOY_MODE:-client}"
LOG_CONFIG="${LOG_CONFIG:-$ROOT/conf/log4j2.properties}"
LOG_CONFIG="$(cd "$(dirname "$LOG_CONFIG")" && pwd)/$(basename "$LOG_CONFIG")"  # absolute: the driver may cd
LOG_NAME="$(basename "$LOG_CONFIG")"

# YARN and Kubernetes put --files in a container's working folder before its JVM starts; a standalone
# worker fetches them only with the first task, after log4j2 has started, so it reads the path itself
case "$MASTER" in
  yarn*|k8s*) EXECUTOR_LOG_CONFIG="${EXECUTOR_LOG_CONFIG:-$LOG_NAME}" ;;
  *) EXECUTOR_LOG_CONFIG="${EXECUTOR_LOG_CONFIG:-file:$LOG_CONFIG}" ;;
esac
if [[ "$DEPLOY_MODE" == cluster ]]; then
  DRIVER_LOG_CONFIG="$EXECUTOR_LOG_CONFIG"
else
  DRIVER_LOG_CONFIG="file:$LOG_CONFIG"
fi

# The value of a key in the properties file (spark-submit's format: key, then whitespace, = or :).
property() {
  sed -n "s/^[[:space:]]*$1[[:space:]=:][[:space:]]*//p" "$PROPERTIES" | tail -n 1
}
# A --conf replaces the file's value of the same key, so the file's JVM flags are passed again with it.
DRIVER_JAVA_OPTIONS="$(property spark.driver.extraJavaOptions) -Dlog4j2.configurationFile=$DRIVER_LOG_CONFIG"
EXECUTOR_JAVA_OPTIONS="$(property spark.executor.extraJavaOptions) -Dlog4j2.configurationFile=$EXECUTOR_LOG_CONFIG"

# shellcheck disable=SC2086 # SUBMIT_ARGS is a list of arguments
exec "$SUBMIT" \
  --master "$MASTER" \
  --deploy-mode "$DEPLOY_MODE" \
  --properties-file "$PROPERTIES" \
  --files "$LOG_CONFIG" \
  --conf "spark.driver.extraJavaOptions=$DRIVER_JAVA_OPTIONS" \
  --conf "spark.executor.extraJavaOptions=$EXECUTOR_JAVA_OPTIONS" \
  --class dev.unroll.cli.UnrollCommand \
  ${SUBMIT_ARGS:-} \
  "$JAR" "$@"
