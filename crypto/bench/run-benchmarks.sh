#!/usr/bin/env bash
# Crypto benchmarks, all in one run so that their ratios can be compared:
#   1. JMH: seal and open of a 4 KiB envelope to one recipient, next to the raw primitives
#      (Ed25519, ML-DSA-65, X-Wing) they are built from;
#   2. streaming a 1 GiB file through the envelope API and through raw JDK AES-256-GCM, under
#      -Xmx64m;
#   3. GnuPG (--sign --encrypt, default and -z 0, then --decrypt) on the same file.
# Results are written to crypto/target/bench-results/ and summarised at the end.
# See docs/benchmarks.md for the method and the figures of the last recorded run.
#
# Settings (environment variables):
#   JMH_OPTS      JMH options     (default: -f 1 -wi 4 -w 2s -i 5 -r 3s: about 3 minutes;
#                                  use -f 2 -wi 5 -w 5s -i 10 -r 5s for tighter error bars)
#   SIZE_MIB      streamed size   (default: 1024)
#   ROUNDS        streaming rounds per operation, median reported (default: 3)
#   SKIP_JMH=1, SKIP_STREAMING=1, SKIP_GPG=1  leave a part out
# Takes about 10 minutes on 2 cores; needs about 5 GiB free under crypto/target.
set -euo pipefail

root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
JMH_OPTS="${JMH_OPTS:--f 1 -wi 4 -w 2s -i 5 -r 3s}"
SIZE_MIB="${SIZE_MIB:-1024}"
ROUNDS="${ROUNDS:-3}"
results="$root/crypto/target/bench-results"
work="$root/crypto/target/bench-tmp"
GPG="${GPG:-/usr/bin/gpg}"

cleanup() {
  if [[ -d "$work/gnupg" ]]; then
    gpgconf --homedir "$work/gnupg" --kill gpg-agent 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

rm -rf "$results" "$work"
mkdir -p "$results"
mkdir -p "$work"

echo "== machine"
{
  echo "date: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "commit: $(git rev-parse --short HEAD 2>/dev/null || echo unknown)$(git diff --quiet 2>/dev/null || echo ' (with local changes)')"
  echo "cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //'), $(nproc) cores"
  echo "memory: $(free -g | awk '/^Mem:/ {print $2}') GiB"
  echo "java: $(java -version 2>&1 | head -1)"
  echo "gpg: $("$GPG" --version | head -1)"
  echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
} | tee "$results/machine.txt"

echo "== build (crypto test classes and class path)"
./mvnw -B -ntp -q -pl crypto test-compile dependency:build-classpath \
  -Dmdep.includeScope=test -Dmdep.outputFile="$results/classpath.txt"
cp="$root/crypto/target/test-classes:$root/crypto/target/classes:$(cat "$results/classpath.txt")"

if [[ "${SKIP_JMH:-0}" != 1 ]]; then
  echo "== JMH: 4 KiB envelope and primitives ($JMH_OPTS)"
  # shellcheck disable=SC2086
  java -cp "$cp" org.rogatory.crypto.bench.EnvelopeCostReport $JMH_OPTS \
    -rf json -rff "$results/jmh.json" | tee "$results/jmh.txt"
fi

input="$work/input.bin"
if [[ "${SKIP_STREAMING:-0}" != 1 || "${SKIP_GPG:-0}" != 1 ]]; then
  echo "== input: $SIZE_MIB MiB of random bytes"
  head -c "$((SIZE_MIB * 1024 * 1024))" /dev/urandom >"$input"
fi

if [[ "${SKIP_STREAMING:-0}" != 1 ]]; then
  echo "== streaming under -Xmx64m ($ROUNDS rounds)"
  java -Xmx64m -Xlog:gc:file="$results/gc-streaming.log" -cp "$cp" \
    org.rogatory.crypto.bench.StreamingThroughput "$input" "$work/stream" "$ROUNDS" \
    "$results/streaming.properties" | tee "$results/streaming.txt"
  rm -rf "$work/stream"
fi

# Wall-clock seconds of a command, to the millisecond.
seconds() {
  local start end
  start=$(date +%s.%N)
  "$@"
  end=$(date +%s.%N)
  awk -v s="$start" -v e="$end" 'BEGIN { printf "%.3f", e - s }'
}

if [[ "${SKIP_GPG:-0}" != 1 ]]; then
  echo "== GnuPG on the same file"
  home="$work/gnupg"
  mkdir -m 700 "$home"
  g=("$GPG" --homedir "$home" --batch --yes --quiet --pinentry-mode loopback --passphrase '')
  "${g[@]}" --quick-generate-key 'Rogatory Bench <bench@rogatory.invalid>' default default never \
    2>/dev/null
  : >"$results/gpg.properties"
  for variant in default z0; do
    extra=()
    [[ "$variant" == z0 ]] && extra=(-z 0)
    sealed="$work/gpg-$variant.gpg"
    opened="$work/gpg-$variant.out"
    t_seal=$(seconds "${g[@]}" "${extra[@]}" --trust-model always \
      --recipient bench@rogatory.invalid --sign --encrypt --output "$sealed" "$input")
    t_open=$(seconds "${g[@]}" --status-file "$work/gpg-status.txt" --output "$opened" \
      --decrypt "$sealed")
    grep -q 'GOODSIG' "$work/gpg-status.txt" || {
      echo "gpg did not report a good signature" >&2
      cat "$work/gpg-status.txt" >&2
      exit 1
    }
    # GnuPG does not force its output to disk; the envelope opener does. Timed apart.
    t_sync=$(seconds sync "$opened")
    cmp -s "$input" "$opened" || { echo "gpg round trip differs" >&2; exit 1; }
    {
      echo "gpg-$variant-seal.seconds=$t_seal"
      echo "gpg-$variant-open.seconds=$t_open"
      echo "gpg-$variant-open-sync.seconds=$t_sync"
    } >>"$results/gpg.properties"
    echo "  gpg $variant: sign+encrypt ${t_seal}s, decrypt+verify ${t_open}s (+ fsync ${t_sync}s)"
    rm -f "$sealed" "$opened"
  done
fi

echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$results/machine.txt"

# The summary reads back what the three parts wrote.
value() { grep -h "^$1=" "$results"/*.properties "$results/jmh.txt" 2>/dev/null | tail -1 | cut -d= -f2; }
mib="$SIZE_MIB"
echo
echo "================ summary ================"
if [[ -f "$results/jmh.txt" && "${SKIP_JMH:-0}" != 1 ]]; then
  grep -E '^(seal|open): ' "$results/jmh.txt"
fi
if [[ -f "$results/streaming.properties" && "${SKIP_STREAMING:-0}" != 1 ]]; then
  echo
  printf '%-15s %10s %10s %8s %8s %14s %14s\n' "$mib MiB" "MiB/s" "raw MiB/s" "ratio" "target" "x gpg default" "x gpg -z 0"
  for op in seal open; do
    env=$(value "envelope-$op.mibps")
    raw=$(value "raw-$op.mibps")
    gd=$(value "gpg-default-$op.seconds")
    gz=$(value "gpg-z0-$op.seconds")
    awk -v op="$op" -v e="$env" -v r="$raw" -v gd="$gd" -v gz="$gz" -v m="$mib" 'BEGIN {
      ratio = e / r
      sd = (gd == "") ? "-" : sprintf("%.1fx", e / (m / gd))
      sz = (gz == "") ? "-" : sprintf("%.1fx", e / (m / gz))
      printf "%-15s %10.1f %10.1f %8.2f %8s %14s %14s\n", "envelope " op, e, r, ratio,
        (ratio >= 0.8 ? "met" : "missed"), sd, sz
    }'
  done
  for v in default z0; do
    s=$(value "gpg-$v-seal.seconds")
    o=$(value "gpg-$v-open.seconds")
    [[ -z "$s" ]] && continue
    awk -v v="$v" -v s="$s" -v o="$o" -v m="$mib" 'BEGIN {
      printf "gpg %-8s seal %.1f MiB/s (%.1f s), open %.1f MiB/s (%.1f s)\n", v, m / s, s, m / o, o }'
  done
  echo "peak heap (max 64 MiB): seal $(value envelope-seal.peakheap.mib) MiB, open $(value envelope-open.peakheap.mib) MiB (limit reported by the JVM: $(value heap.max.mib) MiB)"
  echo "targets: ratio >= 0.80 of raw AES-GCM; >= 2x gpg; heap <= 64 MiB"
fi
echo "full output: $results"
