#!/usr/bin/env bash
# A Spark standalone cluster on this machine, for trying jobs/submit.sh and for the cluster tests: one
# Master and WORKERS Workers on 127.0.0.1, each daemon in its own JVM and each executor in its own JVM,
# as on a real cluster. The Spark distribution is assembled from the Maven artifacts the project already
# builds against (no download from anywhere but Maven Central): jars/ is Spark's dependency set (the
# pom's spark-dist executions), plus a RELEASE file and bin/spark-class and bin/spark-submit that run Spark's
# own launcher, org.apache.spark.launcher.Main.
#
# Usage: jobs/local-cluster.sh start|stop|status
#   start   builds the distribution if needed, starts the Master and Workers, prints how to submit
#   stop    stops the daemons this script started (by the PIDs it recorded) and their executors
#   status  says which recorded daemons run; exit 0 when all do, 3 when not
# Environment:
#   SPARK_LINE         the Spark line of the distribution (default 4.2; see jobs/spark-line.sh)
#   SPARK_DIST         the distribution folder (default spark-dist in the line's build folder: target/spark-dist
#                      for 4.2, target/spark-<line>/spark-dist for the others)
#   CLUSTER_DIR        PID files, logs, worker folders (default target/local-cluster)
#   MASTER_PORT        (default 7077; 0 picks a free port, read back from the Master's log)
#   MASTER_WEBUI_PORT  (default 8080; 0 picks a free port), WORKER_WEBUI_PORT (default 8081, 0 likewise)
#   WORKERS (default 2), WORKER_CORES (default 1), WORKER_MEMORY (default 1g: what executors may take)
#   DAEMON_MEMORY      heap of the Master and each Worker (default 256m)
#   START_TIMEOUT      seconds to wait for each daemon (default 90)
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
# shellcheck source=jobs/spark-line.sh
source "$ROOT/jobs/spark-line.sh"
SPARK_DIST="$(mkdir -p "${SPARK_DIST:-$BUILD_DIR/spark-dist}" && cd "${SPARK_DIST:-$BUILD_DIR/spark-dist}" && pwd)"
CLUSTER_DIR="$(mkdir -p "${CLUSTER_DIR:-$ROOT/target/local-cluster}" && cd "${CLUSTER_DIR:-$ROOT/target/local-cluster}" && pwd)"
WORKERS="${WORKERS:-2}"
START_TIMEOUT="${START_TIMEOUT:-90}"
MASTER_CLASS=org.apache.spark.deploy.master.Master
WORKER_CLASS=org.apache.spark.deploy.worker.Worker
EXECUTOR_CLASS=org.apache.spark.executor.CoarseGrainedExecutorBackend

usage() {
  echo "usage: jobs/local-cluster.sh start|stop|status (environment: see the head of this script)" >&2
  exit 2
}

# The distribution: Spark's jars from Maven (only when missing), then the small files around them.
build_dist() {
  if ! compgen -G "$SPARK_DIST/jars/spark-core_*.jar" >/dev/null; then
    echo "assembling a Spark distribution in $SPARK_DIST from Maven artifacts ..." >&2
    (cd "$ROOT" && mvn -q -B "$MVN_LINE" dependency:copy-dependencies@spark-dist dependency:copy-dependencies@spark-dist-shared \
      -Dspark.dist.dir="$SPARK_DIST" >&2)
  fi
  local core version scala
  core="$(compgen -G "$SPARK_DIST/jars/spark-core_*.jar" | head -n 1)"
  version="${core##*/spark-core_}"  # 2.13-4.2.0.jar
  scala="${version%%-*}"
  version="${version#*-}"
  version="${version%.jar}"
  mkdir -p "$SPARK_DIST/bin" "$SPARK_DIST/conf"
  # With a RELEASE file Spark's launcher takes the classpath from jars/ (not from a source build's folders).
  echo "Spark $version (Scala $scala), assembled from Maven artifacts by unroll's jobs/local-cluster.sh" \
    >"$SPARK_DIST/RELEASE"
  # the launcher looks for Scala-versioned build folders unless told the Scala version
  echo "SPARK_SCALA_VERSION=$scala" >"$SPARK_DIST/conf/scala-version"
  cat >"$SPARK_DIST/bin/spark-class" <<'EOF'
#!/usr/bin/env bash
# Runs a Spark class the way a Spark distribution does: Spark's launcher (org.apache.spark.launcher.Main)
# builds the java command (classpath from jars/, heap, the JVM flags Java 17 needs), which then replaces
# this shell, so the PID of this script is the PID of the JVM.
set -euo pipefail
SPARK_HOME="$(cd "${SPARK_HOME:-$(dirname "$0")/..}" && pwd)"
SPARK_SCALA_VERSION="$(sed -n 's/^SPARK_SCALA_VERSION=//p' "$SPARK_HOME/conf/scala-version")"
export SPARK_HOME SPARK_SCALA_VERSION
SPARK_CONF_DIR="${SPARK_CONF_DIR:-$SPARK_HOME/conf}"
if [[ -f "$SPARK_CONF_DIR/spark-env.sh" ]]; then
  set -a
  # shellcheck disable=SC1091
  source "$SPARK_CONF_DIR/spark-env.sh"
  set +a
fi
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
# The launcher prints lines meant for the user, then a line holding only NUL, then the command
# NUL-separated; its exit code follows as the last field. (Bash reads that NUL line as an empty one.)
CMD=()
STARTED=false
DELIM=$'\n'
while IFS= read -r -d "$DELIM" ARG; do
  if [[ "$STARTED" == true ]]; then
    CMD+=("$ARG")
  elif [[ -z "$ARG" ]]; then
    STARTED=true
    DELIM=''
  else
    echo "$ARG"
  fi
done < <("$JAVA" -Xmx128m -cp "$SPARK_HOME/jars/*" org.apache.spark.launcher.Main "$@"; printf '%d\0' $?)
if ((${#CMD[@]} == 0)); then
  echo "error: Spark's launcher (org.apache.spark.launcher.Main in $SPARK_HOME/jars) gave no command" >&2
  exit 1
fi
LAST=$((${#CMD[@]} - 1))
if [[ "${CMD[$LAST]}" != 0 ]]; then
  exit "${CMD[$LAST]}"
fi
exec "${CMD[@]:0:$LAST}"
EOF
  cat >"$SPARK_DIST/bin/spark-submit" <<'EOF'
#!/usr/bin/env bash
# spark-submit of this distribution: Spark's SparkSubmit through bin/spark-class.
exec "$(dirname "$0")/spark-class" org.apache.spark.deploy.SparkSubmit "$@"
EOF
  chmod +x "$SPARK_DIST/bin/spark-class" "$SPARK_DIST/bin/spark-submit"
  cat >"$SPARK_DIST/conf/spark-env.sh" <<'EOF'
# Read by bin/spark-class: every JVM of this distribution (daemons, executors, drivers started by
# spark-submit) binds to and advertises loopback only.
SPARK_LOCAL_IP="${SPARK_LOCAL_IP:-127.0.0.1}"
SPARK_LOCAL_HOSTNAME="${SPARK_LOCAL_HOSTNAME:-127.0.0.1}"
EOF
}

# A PID recorded in FILE that still runs CLASS (so a reused PID is never signalled), else nothing.
live_pid() {
  local file="$1" class="$2" pid
  [[ -f "$file" ]] || return 0
  pid="$(cat "$file")"
  if ps -ww -p "$pid" -o args= 2>/dev/null | grep -q -F -- "$class"; then
    echo "$pid"
  fi
}

# Signals PID with TERM, waits for it to end, then KILL if it has not after 30 s.
end_process() {
  local pid="$1" waited=0
  kill -TERM "$pid" 2>/dev/null || return 0
  while kill -0 "$pid" 2>/dev/null; do
    if ((waited >= 300)); then
      echo "pid $pid did not stop on TERM within 30 s; killing it" >&2
      kill -KILL "$pid" 2>/dev/null || true
      return 0
    fi
    sleep 0.1
    waited=$((waited + 1))
  done
}

# Waits until LOG has a line matching PATTERN while PID runs; fails with the log's tail otherwise.
await_line() {
  local log="$1" pattern="$2" pid="$3" what="$4" waited=0
  until grep -q -E -- "$pattern" "$log" 2>/dev/null; do
    if ! kill -0 "$pid" 2>/dev/null; then
      echo "error: the $what (pid $pid) exited while starting; last lines of $log:" >&2
      tail -n 20 "$log" >&2
      return 1
    fi
    if ((waited >= START_TIMEOUT * 10)); then
      echo "error: the $what (pid $pid) did not start within $START_TIMEOUT s; last lines of $log:" >&2
      tail -n 20 "$log" >&2
      return 1
    fi
    sleep 0.1
    waited=$((waited + 1))
  done
}

# Starts CLASS with ARGS in the background through bin/spark-class; records its PID in NAME.pid.
start_daemon() {
  local name="$1" class="$2"
  shift 2
  SPARK_HOME="$SPARK_DIST" SPARK_DAEMON_MEMORY="${DAEMON_MEMORY:-256m}" \
    nohup "$SPARK_DIST/bin/spark-class" "$class" "$@" >"$CLUSTER_DIR/logs/$name.log" 2>&1 </dev/null &
  echo $! >"$CLUSTER_DIR/$name.pid"
}

# A start that failed half way stops what it started.
abandon_start() {
  stop >/dev/null
  exit 1
}

start() {
  if [[ -n "$(live_pid "$CLUSTER_DIR/master.pid" "$MASTER_CLASS")" ]]; then
    echo "error: a local cluster already runs from $CLUSTER_DIR (Master pid $(cat "$CLUSTER_DIR/master.pid"));" \
      "stop it first: jobs/local-cluster.sh stop" >&2
    exit 3
  fi
  build_dist
  rm -rf "$CLUSTER_DIR/logs" "$CLUSTER_DIR/work" "$CLUSTER_DIR"/*.pid "$CLUSTER_DIR/master-url"
  mkdir -p "$CLUSTER_DIR/logs" "$CLUSTER_DIR/work"
  # no REST submission server (its fixed port 6066 would clash with a second cluster; spark-submit
  # does not need it)
  SPARK_MASTER_OPTS="-Dspark.master.rest.enabled=false ${SPARK_MASTER_OPTS:-}" \
    start_daemon master "$MASTER_CLASS" --host 127.0.0.1 --port "${MASTER_PORT:-7077}" \
      --webui-port "${MASTER_WEBUI_PORT:-8080}"
  await_line "$CLUSTER_DIR/logs/master.log" "Starting Spark master at spark://" "$(cat "$CLUSTER_DIR/master.pid")" \
    Master || abandon_start
  local url
  url="$(grep -o -E 'spark://127\.0\.0\.1:[0-9]+' "$CLUSTER_DIR/logs/master.log" | head -n 1)"
  echo "$url" >"$CLUSTER_DIR/master-url"

  local i
  for ((i = 1; i <= WORKERS; i++)); do
    mkdir -p "$CLUSTER_DIR/work/worker-$i"
    start_daemon "worker-$i" "$WORKER_CLASS" --host 127.0.0.1 --cores "${WORKER_CORES:-1}" \
      --memory "${WORKER_MEMORY:-1g}" --work-dir "$CLUSTER_DIR/work/worker-$i" \
      --webui-port "${WORKER_WEBUI_PORT:-8081}" "$url"
  done
  for ((i = 1; i <= WORKERS; i++)); do
    await_line "$CLUSTER_DIR/logs/worker-$i.log" "Successfully registered with master" \
      "$(cat "$CLUSTER_DIR/worker-$i.pid")" "Worker $i" || abandon_start
  done
  echo "local cluster up: $url, $WORKERS workers; logs and executor folders in $CLUSTER_DIR"
  echo "submit with: SPARK_HOME=$SPARK_DIST MASTER=$url jobs/submit.sh score ..."
}

stop() {
  local file pid child executors=()
  # Workers first, so none registers again; each executor JVM is a child of its Worker.
  for file in "$CLUSTER_DIR"/worker-*.pid; do
    [[ -e "$file" ]] || continue
    pid="$(live_pid "$file" "$WORKER_CLASS")"
    if [[ -n "$pid" ]]; then
      for child in $(ps -o pid= --ppid "$pid" 2>/dev/null); do
        executors+=("$child")
      done
      end_process "$pid"
      local name="${file##*/}"
      echo "stopped ${name%.pid} (pid $pid)"
    fi
    rm -f "$file"
  done
  # a Worker ends its executors when it stops; any left (the Worker was killed) are ended here
  for child in "${executors[@]}"; do
    if ps -ww -p "$child" -o args= 2>/dev/null | grep -q -F -- "$EXECUTOR_CLASS"; then
      end_process "$child"
      echo "stopped executor pid $child"
    fi
  done
  pid="$(live_pid "$CLUSTER_DIR/master.pid" "$MASTER_CLASS")"
  if [[ -n "$pid" ]]; then
    end_process "$pid"
    echo "stopped Master (pid $pid)"
  fi
  rm -f "$CLUSTER_DIR/master.pid" "$CLUSTER_DIR/master-url"
}

status() {
  local file pid running=0 expected=0
  for file in "$CLUSTER_DIR/master.pid" "$CLUSTER_DIR"/worker-*.pid; do
    [[ -e "$file" ]] || continue
    expected=$((expected + 1))
    local name="${file##*/}" class="$WORKER_CLASS"
    name="${name%.pid}"
    [[ "$name" == master ]] && class="$MASTER_CLASS"
    pid="$(live_pid "$file" "$class")"
    if [[ -n "$pid" ]]; then
      running=$((running + 1))
      echo "$name: running (pid $pid)"
    else
      echo "$name: not running (recorded pid $(cat "$file"))"
    fi
  done
  if ((expected == 0)); then
    echo "no local cluster started from $CLUSTER_DIR"
    exit 3
  fi
  [[ -f "$CLUSTER_DIR/master-url" ]] && echo "master: $(cat "$CLUSTER_DIR/master-url")"
  ((running == expected)) || exit 3
}

[[ $# -eq 1 ]] || usage
case "$1" in
  start) start ;;
  stop) stop ;;
  status) status ;;
  *) usage ;;
esac
