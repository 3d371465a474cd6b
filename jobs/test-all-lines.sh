#!/usr/bin/env bash
# The project's test command (.ci/run runs exactly this): the full suite on the default Spark line, then
# the short Spark suite on every other supported line, each built against its own Spark and Scala
# (jobs/spark-line.sh lists the lines; the pom's spark-<line> profiles define them).
#
# Usage: jobs/test-all-lines.sh             every line
#        LINES="3.5_2.12 4.0" jobs/test-all-lines.sh   only these (the short suite, or the full one for 4.2)
# Environment: JAVA_HOME for another JVM; MAVEN_ARGS are added to every mvn call.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
# shellcheck source=jobs/spark-line.sh
source "$ROOT/jobs/spark-line.sh"

# The short suite: the job end to end on a small input and on the demo (with the summary), the output
# bit for bit against the golden files every line must reproduce, bad rows, the writer's modes and
# layouts, the all-or-nothing publish, the Delta sink, the ML stage and the SQL function (which reach
# Spark internals through the seam). CompilesWithoutWarningsTest is left out for time (about a minute a
# line): the Maven compile of the line's seam still lists any warning.
SHORT_SUITE="ScoringJobTest,DemoCommandTest,GoldenOutputTest,BadInputTest,OutputOptionsTest,AtomicOutputTest"
SHORT_SUITE+=",DeltaSinkTest,RnnEncoderMatchesJobTest,UnrollScoreSqlTest"

DEFAULT_LINE="${SPARK_LINES%% *}"
for line in ${LINES:-}; do
  case " $SPARK_LINES " in
    *" $line "*) ;;
    *) echo "error: LINES holds $line, not a supported Spark line; expected some of: $SPARK_LINES" >&2; exit 2 ;;
  esac
done
for line in ${LINES:-$SPARK_LINES}; do
  start=$SECONDS
  if [[ "$line" == "$DEFAULT_LINE" ]]; then
    echo "== Spark line $line: the full suite" >&2
    # shellcheck disable=SC2086 # MAVEN_ARGS is a list of arguments
    mvn -B ${MAVEN_ARGS:-} test
  else
    echo "== Spark line $line: the short suite" >&2
    # shellcheck disable=SC2086
    mvn -B ${MAVEN_ARGS:-} "-Pspark-$line" test -Dtest="$SHORT_SUITE" -Dsurefire.failIfNoSpecifiedTests=false
  fi
  echo "== Spark line $line: passed in $((SECONDS - start)) s" >&2
done
