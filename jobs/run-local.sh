#!/usr/bin/env bash
# Runs unroll on an embedded local Spark from the job jar: needs Java 17 and Maven, no Spark install.
# With no arguments it scores the bundled demo (same as: score --demo) into out/demo.
#
# Usage: jobs/run-local.sh [score [OPTIONS...]]      e.g. jobs/run-local.sh score --help
# Environment: JAVA_OPTS (default -Xmx2g), UNROLL_REBUILD=1 to rebuild the jar first, SPARK_LINE to run the
# jar of another Spark line on that line's Spark (jobs/spark-line.sh), JAVA_HOME for another JVM,
# UNROLL_CDS=0 to run without the class-data archive (unroll-cds.jsa beside the jar).
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

# The JIT settings (the pom's unroll.jit.flags: C2 for what is hot, not for start-up code run a few thousand
# times), read into an array: their method pattern is not a file name to expand.
read -r -a JIT_FLAGS <<<"$(sed -n 's:.*<unroll.jit.flags>\(.*\)</unroll.jit.flags>.*:\1:p' "$ROOT/pom.xml")"

# Local Spark talks to itself only: bind to loopback (and skip the hostname warning).
export SPARK_LOCAL_IP="${SPARK_LOCAL_IP:-127.0.0.1}"

if [[ $# -eq 0 ]]; then
  set -- score --demo
fi

# AppCDS: the JVM maps the ~20,000 classes a job loads (Spark's, mostly) from an archive instead of
# reading and verifying each, about a third less CPU for a cold start (docs/benchmarks.md). The first
# score run after a build writes the archive as it exits (which takes it some seconds longer); a stale
# or unusable archive is ignored, silently (-Xlog:cds...=off keeps the JVM's notice off stdout).
ARCHIVE="$BUILD_DIR/unroll-cds.jsa"
CDS=()
DUMPING=""
if [[ "${UNROLL_CDS:-1}" == 1 ]]; then
  if [[ -f "$ARCHIVE" && "$ARCHIVE" -nt "$JAR" ]]; then
    CDS=(-XX:SharedArchiveFile="$ARCHIVE" -Xlog:cds=off -Xlog:cds+dynamic=off)
  elif [[ "$1" == score && " $* " != *" --help "* && " $* " != *" -h "* ]]; then # a real job's classes
    DUMPING="$ARCHIVE.$$" # renamed once complete, so a concurrent run never maps a half-written one
    CDS=(-XX:ArchiveClassesAtExit="$DUMPING" -Xlog:cds=off -Xlog:cds+dynamic=off)
  fi
fi

# shellcheck disable=SC2086 # the flag lists are meant to split into words
CMD=("$JAVA" ${JAVA_OPTS:--Xmx2g} $SPARK_JVM_FLAGS "${JIT_FLAGS[@]}" --add-modules jdk.incubator.vector "${CDS[@]}"
  -Dlog4j2.configurationFile="$ROOT/conf/log4j2.properties"
  -cp "$JAR:$(cat "$CLASSPATH_FILE")" dev.unroll.cli.UnrollCommand "$@")
if [[ -z "$DUMPING" ]]; then
  exec "${CMD[@]}"
fi
code=0
"${CMD[@]}" || code=$?
if [[ -f "$DUMPING" ]]; then
  mv -f "$DUMPING" "$ARCHIVE"
fi
exit "$code"
