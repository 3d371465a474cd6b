#!/usr/bin/env bash
# Runs unroll on an embedded local Spark from the job jar: needs Java 17 and Maven, no Spark install.
# With no arguments it scores the bundled demo (same as: score --demo) into out/demo.
#
# Usage: jobs/run-local.sh [score [OPTIONS...]]      e.g. jobs/run-local.sh score --help
# Environment: JAVA_OPTS (default -Xmx2g), UNROLL_REBUILD=1 to rebuild the jar first, SPARK_LINE to run the
# jar of another Spark line on that line's Spark (jobs/spark-line.sh), JAVA_HOME for another JVM.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
# shellcheck source=jobs/spark-line.sh
source "$ROOT/jobs/spark-line.sh"
JAR="$BUILD_DIR/unroll.jar"
CLASSPATH_FILE="$BUILD_DIR/local-classpath.txt"

if [[ ! -f "$JAR" || ! -f "$CLASSPATH_FILE" || "${UNROLL_REBUILD:-0}" == 1 ]]; then
  echo "building ${JAR#"$ROOT"/} with Maven (once; about a minute) ..." >&2
  (cd "$ROOT" && mvn -q -B "$MVN_LINE" package -DskipTests >&2)  # build chatter to stderr: stdout is the job's
fi
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"

# The --add-opens flags Spark needs, kept in one place: the pom's spark.jvm.flags property, and before Java 24
# spark.jvm.flags.before24 too.
SPARK_JVM_FLAGS="$(sed -n 's:.*<spark.jvm.flags>\(.*\)</spark.jvm.flags>.*:\1:p' "$ROOT/pom.xml")"
JAVA_VERSION="$("$JAVA" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')"
if [[ ! "$JAVA_VERSION" =~ ^[0-9]+$ ]] || ((JAVA_VERSION < 24)); then
  SPARK_JVM_FLAGS+=" $(sed -n 's:.*<spark.jvm.flags.before24>\(..*\)</spark.jvm.flags.before24>.*:\1:p' "$ROOT/pom.xml")"
fi

# Local Spark talks to itself only: bind to loopback (and skip the hostname warning).
export SPARK_LOCAL_IP="${SPARK_LOCAL_IP:-127.0.0.1}"

if [[ $# -eq 0 ]]; then
  set -- score --demo
fi

# shellcheck disable=SC2086 # the flag lists are meant to split into words
exec "$JAVA" ${JAVA_OPTS:--Xmx2g} $SPARK_JVM_FLAGS --add-modules jdk.incubator.vector \
  -Dlog4j2.configurationFile="$ROOT/conf/log4j2.properties" \
  -cp "$JAR:$(cat "$CLASSPATH_FILE")" dev.unroll.cli.UnrollCommand "$@"
