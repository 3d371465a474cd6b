#!/usr/bin/env bash
# Usage: jobs/compiled-code.sh [FORKS [WORKLOAD...]]   (default: 5 forks of each of W1-W5)
#
# Does every JVM get the same compiled kernels, and what does it cost when it does not? Runs each
# workload's unroll in FORKS fresh JVMs (dev.unroll.bench.UnrollLoop: 2 s of warm-up, then 5 s measured,
# as a JMH fork of UnrollBenchmark) and prints each fork's milliseconds of CPU time a batch; has C2 print
# the micro-kernels (TiledGemm.microKernel12, microKernel and, on AVX2, microKernel6) and the element-wise loop (VectorActivations.activate) as hex,
# disassembles the last standard compile of each with objdump, and prints per fork its size, a fingerprint of its
# instructions (absolute addresses masked, so code placed elsewhere in memory still matches; equal
# fingerprints: instruction for instruction the same code, block order included) and its innermost loops
# with FMAs as instructions/stack operands per pass (a stack operand in the micro-kernel's p loop is a
# value C2 could not keep in a register).
# Needs objdump (binutils). Overrides: JAVA_HOME, OUT (default target/compiled-code), JVM_FLAGS (added to
# each fork's JVM, e.g. -XX:UseAVX=2 for the code an AVX2-only CPU gets).
set -euo pipefail
cd "$(dirname "$0")/.."
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
OUT="${OUT:-target/compiled-code}"
FORKS="${1:-5}"
shift || true
WORKLOADS=("$@")
[ ${#WORKLOADS[@]} -gt 0 ] || WORKLOADS=(W1 W2 W3 W4 W5)
[[ "$FORKS" =~ ^[1-9][0-9]*$ ]] \
  || { echo "compiled-code.sh: FORKS should be a count of JVMs, found '$FORKS'" >&2; exit 2; }
for w in "${WORKLOADS[@]}"; do
  [[ "$w" =~ ^W[1-5]$ ]] || { echo "compiled-code.sh: a workload is one of W1-W5, found '$w'" >&2; exit 2; }
done
command -v objdump > /dev/null || { echo "compiled-code.sh: needs objdump (Debian: binutils)" >&2; exit 2; }
mkdir -p "$OUT"

mvn -B -q test-compile
mvn -B -q dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench-classpath.txt
CP="target/test-classes:target/classes:$(cat target/bench-classpath.txt)"
METHODS=(dev.unroll.math.TiledGemm::microKernel12 dev.unroll.math.TiledGemm::microKernel
  dev.unroll.math.TiledGemm::microKernel6 dev.unroll.math.VectorActivations::activate)
# objdump's lines "address:<tab>bytes<tab>instruction"; a jump back closes a loop
LOOPS='
function hex(s,   i, v) {
  v = 0; s = tolower(s); sub(/^0x/, "", s)
  for (i = 1; i <= length(s); i++) v = v * 16 + index("0123456789abcdef", substr(s, i, 1)) - 1
  return v
}
NF >= 3 && $3 != "" {
  a = $1; sub(/:.*/, "", a); gsub(/ /, "", a)
  n++; addr[n] = hex(a); ins[n] = $3; back[n] = 0
  if (match($3, /^j[a-z]+ +0x[0-9a-f]+/)) {
    t = substr($3, RSTART, RLENGTH); sub(/.* /, "", t); t = hex(t)
    if (t < addr[n]) {
      back[n] = 1; k = 0; f = 0; s = 0; inner = 0
      for (i = n; i >= 1 && addr[i] >= t; i--) {
        k++; f += ins[i] ~ /vfmadd/; s += ins[i] ~ /\(%rsp\)/; if (i < n && back[i]) inner = 1
      }
      if (f > 0 && !inner) out = out " " k "/" s
    }
  }
}
END { print (out == "" ? " none" : out) }'

echo "JVM: $("$JAVA" -version 2>&1 | head -2 | tail -1)"
echo "CPU: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
for w in "${WORKLOADS[@]}"; do
  for f in $(seq "$FORKS"); do
    log="$OUT/$w-$f.log"
    # shellcheck disable=SC2086 # JVM_FLAGS is a list of flags
    "$JAVA" --add-modules jdk.incubator.vector ${JVM_FLAGS:-} -XX:+UnlockDiagnosticVMOptions \
      -XX:CompileCommand=quiet \
      -XX:CompileCommand=print,dev/unroll/math/TiledGemm.microKernel12 \
      -XX:CompileCommand=print,dev/unroll/math/TiledGemm.microKernel \
      -XX:CompileCommand=print,dev/unroll/math/TiledGemm.microKernel6 \
      -XX:CompileCommand=print,dev/unroll/math/VectorActivations.activate \
      -cp "$CP" dev.unroll.bench.UnrollLoop "$w" > "$log" 2>&1
    echo "$w fork $f: $(grep -m1 "^$w: " "$log" | cut -d' ' -f2-)"
    for m in "${METHODS[@]}"; do
      bin="$OUT/$w-$f-${m##*::}.bin"
      if ! "$JAVA" -cp "$CP" dev.unroll.bench.MachCode "$log" "$m" "$bin" 2> /dev/null; then
        echo "  ${m##*.}: no C2 compile"
        continue
      fi
      objdump -D -b binary -mi386:x86-64 "$bin" > "${bin%.bin}.dis"
      awk -F'\t' 'NF >= 3 && $3 != "" { print $3 }' "${bin%.bin}.dis" \
        | sed -E 's/0x[0-9a-f]{6,}/ADDR/g' > "${bin%.bin}.s"
      echo "  ${m##*.}: $(stat -c %s "$bin") bytes, $(wc -l < "${bin%.bin}.s") instructions," \
        "fingerprint $(md5sum < "${bin%.bin}.s" | cut -c1-6), innermost loops (instructions/stack" \
        "operands):$(awk -F'\t' "$LOOPS" "${bin%.bin}.dis")"
    done
  done
done
