#!/usr/bin/env bash
# unroll against the route Spark users take today, side by side on the same input files: the Spark +
# ONNX Runtime peer (ORT inside mapPartitions, one session per JVM, batches of 256, writes id, h) and
# unroll's job (writes id, h, c), both scoring an LSTM 32 -> 64 over the peer's 1M sequences of 1-20
# steps (80 Parquet files). Every run is a fresh JVM with the same heap, local[2] and split size; the
# runs are interleaved (the peer, then each unroll variant, then again) so that the machine's drift hits
# all of them alike. The variants: unroll's defaults; --output-format noop (read and score only);
# --output-layout columns; the RnnEncoder stage and the unroll_score SQL function, each called as a
# user's own job would (dev.unroll.bench.EntryPointJob, from the test classes); rowreader, the
# defaults with Spark's nested vectorized Parquet reader switched off (an A/B of the reader); and cds,
# the defaults with the AppCDS class archive jobs/run-local.sh uses (written once by an untimed run
# before the rounds; the peer runs without one, so this row says what the launcher adds). Prints one
# table: median sequences/s, the ratio to the peer, unroll's task time split, peak heap (from the GC
# log) and peak RSS (/usr/bin/time -v); then the scale runs: 1M and 10M once each, their live heap
# sampled by a full GC every LIVE_EVERY seconds, to show whether the heap the job needs grows with the
# input.
#
# Usage: jobs/benchmark-vs-peer.sh
# Environment: PEER (the peer's sources, default ../shared/peers/spark-ort next to the repository),
#   DIR (out/benchmark-vs-peer: data, model, logs), REPS (3), HEAP (1g), SPLIT_BYTES (25165824, 24m),
#   VARIANTS (unroll's runs, default "unroll noop columns transformer sql rowreader"; cds is extra),
#   SCALE (10: the scale run's input is the 1M files listed SCALE times; 0 skips the scale runs),
#   LIVE_EVERY (5: seconds between the scale runs' sampling full GCs, jcmd GC.run),
#   QUICK=1 for iterating: REPS=1, SCALE=0, VARIANTS="unroll noop" unless set,
#   UNROLL_REBUILD=1 to rebuild unroll's jar first,
#   RESULTS (a logs folder of an earlier run: print its table again, run nothing).
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
PEER="${PEER:-$ROOT/../shared/peers/spark-ort}"
DIR="${DIR:-$ROOT/out/benchmark-vs-peer}"
if [[ "${QUICK:-0}" == 1 ]]; then
  REPS="${REPS:-1}" SCALE="${SCALE:-0}" VARIANTS="${VARIANTS:-unroll noop}"
fi
REPS="${REPS:-3}"
VARIANTS="${VARIANTS:-unroll noop columns transformer sql rowreader}"
export HEAP="${HEAP:-1g}"   # the peer's jvm.sh reads HEAP too
SPLIT_BYTES="${SPLIT_BYTES:-25165824}"
SCALE="${SCALE:-10}"
LIVE_EVERY="${LIVE_EVERY:-5}"
LOGS="${RESULTS:-$DIR/logs/$(date -u +%Y%m%dT%H%M%SZ)}"
export SPARK_LOCAL_IP="${SPARK_LOCAL_IP:-127.0.0.1}"
say() { echo "== $*"; }

if [[ -z "${RESULTS:-}" ]]; then # the runs; RESULTS skips to the table
WORK="$(mktemp -d "${TMPDIR:-/tmp}/unroll-vs-peer.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT
mkdir -p "$LOGS"

for tool in java jcmd mvn /usr/bin/time; do
  command -v "$tool" >/dev/null || { echo "error: $tool is needed and not found" >&2; exit 3; }
done
[[ -f "$PEER/run.sh" && -d "$PEER/src" ]] || {
  echo "error: no peer sources at $PEER (set PEER to the spark-ort folder)" >&2; exit 3; }

say "copying the peer from $PEER to $WORK/peer (sources only) and building it (Maven, offline first)"
mkdir -p "$WORK/peer"
tar -C "$PEER" --exclude=./data --exclude=./out --exclude=./target -cf - . | tar -C "$WORK/peer" -xf -
(cd "$WORK/peer" && { mvn -B -q -o package -DskipTests || mvn -B -q package -DskipTests; }) \
  >"$LOGS/peer-build.log" 2>&1 || { echo "error: the peer did not build; see $LOGS/peer-build.log" >&2; exit 3; }

JAR="$ROOT/target/unroll.jar"
ENTRY_POINT="$ROOT/target/test-classes/dev/unroll/bench/EntryPointJob.class"
if [[ ! -f "$JAR" || ! -f "$ROOT/target/local-classpath.txt" || ! -f "$ENTRY_POINT" || "${UNROLL_REBUILD:-0}" == 1 ]]; then
  say "building unroll's jar"
  (cd "$ROOT" && mvn -q -B package -DskipTests) >"$LOGS/unroll-build.log" 2>&1 \
    || { echo "error: unroll did not build; see $LOGS/unroll-build.log" >&2; exit 3; }
fi
# the runs use a copy of the build, so that rebuilding while the benchmark runs cannot mix two versions
mkdir -p "$WORK/unroll"
cp "$JAR" "$WORK/unroll/unroll.jar"
cp -r "$ROOT/target/test-classes" "$WORK/unroll/test-classes"
SPARK_JVM_FLAGS="$(sed -n 's:.*<spark.jvm.flags>\(.*\)</spark.jvm.flags>.*:\1:p' "$ROOT/pom.xml")"
# the launcher's JIT settings (the pom's unroll.jit.flags), as jobs/run-local.sh passes them
read -r -a JIT_FLAGS <<<"$(sed -n 's:.*<unroll.jit.flags>\(.*\)</unroll.jit.flags>.*:\1:p' "$ROOT/pom.xml")"
# shellcheck disable=SC2206 # the flag list is meant to split into words
UNROLL_JAVA=(java "-Xmx$HEAP" $SPARK_JVM_FLAGS "${JIT_FLAGS[@]}" --add-modules jdk.incubator.vector
  -Dspark.sql.files.maxPartitionBytes="$SPLIT_BYTES" -Dlog4j2.configurationFile="$ROOT/conf/log4j2.properties"
  -cp "$WORK/unroll/test-classes:$WORK/unroll/unroll.jar:$(cat "$ROOT/target/local-classpath.txt")")
# the cds runs leave the test classes out: an AppCDS archive takes jars only, as the launcher's does
UNROLL_JAVA_JARS=("${UNROLL_JAVA[@]:0:${#UNROLL_JAVA[@]}-1}" "$WORK/unroll/unroll.jar:$(cat "$ROOT/target/local-classpath.txt")")

DATA="$DIR/data/n1000000"
if [[ -f "$DATA/_SUCCESS" ]]; then
  say "reusing the 1M input in $DATA"
else
  say "generating the 1M input with the peer's generator into $DATA (80 files of 12,500 rows, ~1.3 GB)"
  # shellcheck disable=SC1091 # the peer's JVM flags: JFLAGS (Spark's --add-opens and -Xmx$HEAP), CP
  (cd "$WORK/peer" && source ./jvm.sh && java "${JFLAGS[@]}" -cp "$CP" sparkort.Gen 1000000 "$DATA") \
    >"$LOGS/gen.log" 2>&1 || { echo "error: the generator failed; see $LOGS/gen.log" >&2; exit 1; }
fi
MODEL="$DIR/lstm-32-64.npz"
if [[ ! -f "$MODEL" ]]; then
  say "writing unroll's model, a TF v1 BasicLSTMCell 32 -> 64, to $MODEL"
  "${UNROLL_JAVA[@]}" dev.unroll.demo.BenchmarkData "$DIR" 0 0 64 >"$LOGS/model.log" 2>&1
fi

# One run: NAME REP COMMAND...; leaves NAME-REP.out (stdout), .err, .time (/usr/bin/time -v), .gc
run() {
  local name="$1" rep="$2"; shift 2
  local base="$LOGS/$name-$rep"
  echo "   $name, run $rep ($(date -u +%H:%M:%S), load average $(cut -d' ' -f1 /proc/loadavg))"
  if ! /usr/bin/time -v -o "$base.time" "$@" >"$base.out" 2>"$base.err"; then
    echo "error: $name run $rep failed; see $base.err" >&2
    exit 1
  fi
}

peer() {
  # the peer times from spark.read to the end of the commit, as unroll does; --warmup 0: a fresh JVM,
  # cold like unroll's run (the peer's own README reports warm-JVM figures after an untimed job)
  (cd "$WORK/peer" && source ./jvm.sh && run peer "$1" java "${JFLAGS[@]}" "-Xlog:gc:file=$LOGS/peer-$1.gc" \
    -cp "$CP" sparkort.Bench --data "$DIR/data" --out "$WORK/peer-out" --plan "1000000:1:ort/256/jvm" \
    --warmup 0 --kernel-n 0)
}

# A run of NAME, rep 1, whose live heap is sampled: every LIVE_EVERY seconds a full GC (jcmd GC.run),
# which the GC log shows as "Pause Full (Diagnostic Command) used->live"; the run's own GC pauses say
# less, as a young pause's "after" still holds the old garbage no mixed collection has reclaimed yet.
# Each sample costs a full GC (60-300 ms on this machine), so these runs' rates are a little low.
sampled() {
  local name="$1" pid; shift
  "$@" &
  local runner=$!
  while kill -0 "$runner" 2>/dev/null; do
    sleep "$LIVE_EVERY"
    pid="$(pgrep -f -- "^java .*-Xlog:gc:file=$LOGS/$name-1.gc" | head -1 || true)"
    [[ -z "$pid" ]] || jcmd "$pid" GC.run >/dev/null 2>&1 || true
  done
  wait "$runner"
}

# One unroll run: NAME REP INPUT [JVM -D, -XX and -Xlog flags] [score options]
unroll() {
  local name="$1" rep="$2" input="$3"; shift 3
  local props=()
  while [[ $# -gt 0 && ( "$1" == -D* || "$1" == -XX* || "$1" == -Xlog* ) ]]; do props+=("$1"); shift; done
  local java=("${UNROLL_JAVA[@]}")
  [[ "$name" != cds* ]] || java=("${UNROLL_JAVA_JARS[@]}")
  run "$name" "$rep" "${java[@]}" "${props[@]}" "-Xlog:gc:file=$LOGS/$name-$rep.gc" \
    dev.unroll.cli.UnrollCommand score --master 'local[2]' --weights "$MODEL" --cell basic_lstm --units 64 \
    --input "$input" --output "$WORK/unroll-out" --mode overwrite --length-column length --progress-interval 0 "$@"
}

# The RnnEncoder stage or the unroll_score SQL function, as a user's job calls it: NAME(transformer|sql) REP
entry_point() {
  run "$1" "$2" "${UNROLL_JAVA[@]}" "-Xlog:gc:file=$LOGS/$1-$2.gc" dev.unroll.bench.EntryPointJob "$1" "$DATA" \
    "$MODEL" 64 "$WORK/unroll-out"
}

variant() {
  case "$1" in
    unroll) unroll unroll "$2" "$DATA" ;;
    noop) unroll noop "$2" "$DATA" --output-format noop ;;
    columns) unroll columns "$2" "$DATA" --output-layout columns ;;
    transformer | sql) entry_point "$1" "$2" ;;
    rowreader) unroll rowreader "$2" "$DATA" -Dspark.sql.parquet.enableNestedColumnVectorizedReader=false ;;
    cds) unroll cds "$2" "$DATA" "-XX:SharedArchiveFile=$CDS_ARCHIVE" -Xlog:cds=off -Xlog:cds+dynamic=off ;;
    *) echo "error: unknown variant '$1' in VARIANTS; the variants are unroll noop columns transformer sql rowreader cds" >&2
       exit 2 ;;
  esac
}

CDS_ARCHIVE="$WORK/unroll-cds.jsa"
if [[ " $VARIANTS " == *" cds "* ]]; then
  say "writing the AppCDS archive with one untimed run of the defaults (as jobs/run-local.sh's first run does)"
  unroll cds-dump 1 "$DATA" "-XX:ArchiveClassesAtExit=$CDS_ARCHIVE" -Xlog:cds=off -Xlog:cds+dynamic=off
fi

say "$REPS interleaved rounds: the peer's ORT job, then unroll: $VARIANTS"
say "unroll at $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo '(not a git checkout)')$(git -C "$ROOT" diff --quiet HEAD 2>/dev/null || echo ' with uncommitted changes'), java $(java -version 2>&1 | head -1 | cut -d'"' -f2), $(nproc) cores, -Xmx$HEAP, local[2], maxPartitionBytes $SPLIT_BYTES; logs in $LOGS"
for rep in $(seq 1 "$REPS"); do
  peer "$rep"
  for v in $VARIANTS; do variant "$v" "$rep"; done
done

if [[ "$SCALE" -gt 0 ]]; then
  SCALED="$WORK/n${SCALE}x1000000"
  mkdir -p "$SCALED"
  for k in $(seq 1 "$SCALE"); do
    for f in "$DATA"/*.parquet; do ln -s "$f" "$SCALED/copy$k-$(basename "$f")"; done
  done
  touch "$SCALED/_SUCCESS"
  say "scale: 1M and $((SCALE))M sequences (the 1M files listed $SCALE times), unroll defaults, once each, a full GC every ${LIVE_EVERY}s"
  sampled scale1m unroll scale1m 1 "$DATA"
  sampled scale unroll scale 1 "$SCALED"
fi
fi # runs
grep -qs '^  throughput:' "$LOGS/scale-1.out" || SCALE=0 # no finished scale run
grep -qs '^  throughput:' "$LOGS/scale1m-1.out" || SCALE1M=0

say "results"
[[ -z "${RESULTS:-}" ]] || REPS="$(find "$LOGS" -name 'peer-*.out' | wc -l)"
# sequences/s of one run: the peer's JOB line (field 6), unroll score's whole run with its publish (done_seconds),
# the entry points' throughput line
# (nothing for a run that did not finish, so a stopped benchmark's table can still be printed)
rate() {
  [[ -f "$LOGS/$1-$2.out" ]] || return 0
  case "$1" in
    peer) grep '^JOB,' "$LOGS/peer-$2.out" | cut -d, -f6 || true ;;
    transformer | sql) sed -n 's/^  throughput: *\([0-9]*\) sequences.*/\1/p' "$LOGS/$1-$2.out" ;;
    *) local t rows=1000000
       [[ "$1" == scale ]] && rows=$((SCALE * 1000000))
       t="$(done_seconds "$1" "$2")"
       [[ -z "$t" ]] || awk -v n="$rows" -v t="$t" 'BEGIN {printf "%d\n", n / t}' ;;
  esac
}
# unroll score's own run, from pre-flight to the end of its publish (the output's commit), from its log:
# the summary's wall time ends before the publish, as the summary is written into the published output
done_seconds() { sed -n 's/.*run: done in \([0-9.]*\) s, published in the last .*/\1/p' "$LOGS/$1-$2.err" | tail -1; }
median() { sort -n | awk '{v[NR]=$1} END {print (NR%2) ? v[(NR+1)/2] : int((v[NR/2]+v[NR/2+1])/2)}'; }
# peak heap used (before a GC) and peak live (after a GC) over a run, MB, from the GC log's pauses that
# collect (young, mixed, full): a remark or cleanup pause frees nothing, its "used->used" is the heap
# in use then, new objects and garbage included. The peak used follows the heap G1 chose to commit
# (committed()), which grows the longer a run allocates: it is G1's sizing, not what the job needs.
collected() { grep -E 'Pause (Young|Full)' "$LOGS/$1-$2.gc" | grep -oE '[0-9]+M->[0-9]+M' | tr -d M; }
heap() { collected "$1" "$2" | awk -F'->' '{if ($1>b) b=$1; if ($2>a) a=$2} END {printf "%d / %d", b, a}'; }
# the largest heap G1 committed over a run, MB
committed() { grep -oE '\([0-9]+M\)' "$LOGS/$1-$2.gc" | tr -d '()M' | sort -n | tail -1; }
# the live heap after the sampled full GCs of a run: the largest and the median, MB, and how many
live() { grep 'Pause Full (Diagnostic Command)' "$LOGS/$1-$2.gc" | grep -oE '[0-9]+M->[0-9]+M' | cut -d'>' -f2 |
  tr -d M | sort -n | awk '{v[NR]=$1} END {if (NR) printf "%d / %d (%d samples)", v[NR], v[int((NR+1)/2)], NR; else printf "-"}'; }
rss() { awk -F': ' '/Maximum resident/ {printf "%d", $2/1024}' "$LOGS/$1-$2.time"; }
# the process's wall seconds (JVM start, Spark start-up, the job, shutdown)
process() { awk -F': ' '/Elapsed \(wall clock\)/ {n = split($2, t, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + t[i];
  printf "%.1f", s}' "$LOGS/$1-$2.time"; }
# the job's own wall seconds: from reading the input to the end of the commit
job() {
  case "$1" in
    peer) awk -F, '/^JOB,/ {printf "%.1f", $5}' "$LOGS/peer-$2.out" ;;
    transformer | sql) sed -n 's/^  throughput: .* in \([0-9.]*\)s wall.*/\1/p' "$LOGS/$1-$2.out" | awk '{printf "%.1f", $1}' ;;
    *) done_seconds "$1" "$2" | awk '{printf "%.1f", $1}' ;;
  esac
}
split() { sed -n 's/^  task time: *read [0-9.]*s (\([0-9]*%\)), score [0-9.]*s (\([0-9]*%\)), write [0-9.]*s (\([0-9]*%\)).*/\1 \/ \2 \/ \3/p' "$LOGS/$1-$2.out"; }
# the run whose rate is the median one, for its split and memory
median_rep() {
  local name="$1" m; m="$(for r in $(seq 1 "$REPS"); do rate "$name" "$r"; done | median)"
  for r in $(seq 1 "$REPS"); do [[ "$(rate "$name" "$r")" == "$m" ]] && { echo "$r"; return; }; done
  echo 1
}
# sequences/s over the whole process (JVM start, Spark start-up, the job, checks, shutdown)
prate() {
  local rows=1000000 t
  [[ "$1" == scale ]] && rows=$((SCALE * 1000000))
  t="$(process "$1" "$2" 2>/dev/null)"
  [[ -n "$t" && -n "$(rate "$1" "$2")" ]] && awk -v n="$rows" -v t="$t" 'BEGIN {printf "%d\n", n / t}'
  return 0
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.2f", a / b}'; }
PEER_MEDIAN="$(for r in $(seq 1 "$REPS"); do rate peer "$r"; done | median)"
PEER_PROCESS="$(for r in $(seq 1 "$REPS"); do prate peer "$r"; done | median)"
echo
echo "Job: sequences over the job's own wall time (the peer: spark.read to the end of the commit; unroll:"
echo "pre-flight to the end of the commit). Process: over the whole JVM's life. Medians of $REPS runs."
echo
echo "| run (1M sequences, LSTM 32 -> 64, local[2], -Xmx$HEAP) | job sequences/s (all runs) | / peer | process sequences/s | / peer | task time read / score / write | peak heap used / live after GC, MB | peak RSS, MB | job s / process s |"
echo "|---|---:|---:|---:|---:|---|---|---:|---|"
row() { # NAME LABEL REP-OF-MEDIAN JOB-MEDIAN ALL PROCESS-MEDIAN
  local sp
  sp="$( [[ "$1" == peer ]] && echo "-" || split "$1" "$3")"
  [[ -n "$sp" ]] || sp="-" # the peer and the entry points report no split
  printf '| %s | %s (%s) | %s | %s | %s | %s | %s | %s | %s / %s |\n' "$2" "$4" "$5" "$(ratio "$4" "$PEER_MEDIAN")" \
    "$6" "$(ratio "$6" "$PEER_PROCESS")" "$sp" "$(heap "$1" "$3")" "$(rss "$1" "$3")" "$(job "$1" "$3")" \
    "$(process "$1" "$3")"
}
for name in peer unroll noop columns transformer sql rowreader cds; do
  m="$(for r in $(seq 1 "$REPS"); do rate "$name" "$r"; done | median)"
  [[ -n "$m" && "$m" != 0 ]] || continue # no finished run
  case "$name" in
    peer) label="peer: Spark + ORT, session per JVM, batch 256, writes id, h" ;;
    unroll) label="unroll defaults (writes id, h, c)" ;;
    noop) label="unroll \`--output-format noop\`" ;;
    columns) label="unroll \`--output-layout columns\`" ;;
    transformer) label="\`RnnEncoder\` stage in a user's job (writes id, h, c)" ;;
    sql) label="\`unroll_score\` SQL function (writes id, h, c)" ;;
    rowreader) label="unroll defaults, nested vectorized Parquet reader off" ;;
    cds) label="unroll defaults with the launcher's AppCDS archive" ;;
  esac
  row "$name" "$label" "$(median_rep "$name")" "$m" \
    "$(for r in $(seq 1 "$REPS"); do rate "$name" "$r"; done | paste -sd' ')" \
    "$(for r in $(seq 1 "$REPS"); do prate "$name" "$r"; done | median)"
done
if [[ "$SCALE" -gt 0 ]]; then
  row scale "unroll defaults, ${SCALE}M sequences (once, sampled)" 1 "$(rate scale 1)" "$(rate scale 1)" "$(prate scale 1)"
  echo
  echo "Scale: unroll's defaults on 1M and ${SCALE}M sequences, once each, a full GC every ${LIVE_EVERY}s (jcmd GC.run) sampling the live heap."
  echo
  echo "| run | job sequences/s | peak heap used / live after a young or mixed GC, MB | heap committed, MB | live after a sampled full GC, max / median, MB |"
  echo "|---|---:|---|---:|---|"
  for name in scale1m scale; do
    [[ "$name" == scale1m && "${SCALE1M:-1}" == 0 ]] && continue
    label="1M sequences"
    [[ "$name" == scale ]] && label="${SCALE}M sequences"
    printf '| %s | %s | %s | %s | %s |\n' "$label" "$(rate "$name" 1)" "$(heap "$name" 1)" "$(committed "$name" 1)" \
      "$(live "$name" 1)"
  done
fi
echo
echo "peer output checks (9 ids against a plain-Java LSTM, per run): $(grep -h '^XCHECK' "$LOGS"/peer-*.out | cut -d, -f2 | sort | uniq -c | paste -sd' ')"
echo "raw logs: $LOGS"
