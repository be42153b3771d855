#!/usr/bin/env bash
# Hub load benchmark: the real hub jar as a child process on its embedded store, enrolled parties
# submitting sealed 4 KiB envelopes over mTLS. In one run it measures
#   1. sustained acknowledged submissions/s (closed loop) and p50/p99 latency, and p50/p99 at a
#      fixed offered rate, with a small history;
#   2. the raw insert rate of event-sized documents into the same kind of durable embedded store;
#   3. the same as 1. after prefilling the store to a large history (1,000,000 events by default);
#   4. the hub's heap, under -Xmx256m, while one large attachment streams in and out.
# The report goes to hub/target/bench-results/hub-load.txt (and the console); the data of the run
# stays in hub/target/bench-results/run-*/ (several GiB with the default prefill: delete it after).
# See docs/benchmarks.md, section Hub, for the method and the recorded figures.
#
# Settings (environment variables):
#   PARTIES         enrolled parties (3 Court organs, the rest States)      default 100
#   CONCURRENCY     concurrent clients in the max-throughput phase          default 64
#   WARMUP          submissions before each stage's measurements            default 1000
#   MAX_COUNT       submissions in the max-throughput phase                 default 6000
#   RATE            offered rate of the fixed-rate phase, per second        default 500
#   RATE_SECONDS    duration of the fixed-rate phase                        default 10
#   PREFILL_EVENTS  events in the store for the large-history stage         default 1000000
#   ATTACHMENT_MIB  size of the streamed attachment                         default 1024
#   HUB_JAVA        the java binary the hub runs on                       default: this one
#   HUB_JVM_ARGS    JVM options of the hub under load                       default -Xmx1g
#   SKIP_LARGE=1, SKIP_ATTACHMENT=1   leave out the large-history stage or the attachment
set -euo pipefail

root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"

echo "== build (hub jar, test classes, test class path)"
./mvnw -B -ntp -q -pl hub -am package dependency:build-classpath -DskipTests \
  -Dmdep.includeScope=test -Dmdep.outputFile=target/test-classpath.txt
cp="$root/hub/target/test-classes:$root/hub/target/classes:$(cat "$root/hub/target/test-classpath.txt")"

echo "== machine"
echo "date: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
echo "commit: $(git rev-parse --short HEAD 2>/dev/null || echo unknown)$(git diff --quiet 2>/dev/null || echo ' (with local changes)')"
echo "cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //'), $(nproc) cores"
echo "memory: $(free -g | awk '/^Mem:/ {print $2}') GiB"
echo "java: $(java -version 2>&1 | head -1)"
echo "hub java: $("${HUB_JAVA:-java}" -version 2>&1 | head -1)"
echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"

java -Xmx4g -cp "$cp" \
  -Dbench.parties="${PARTIES:-100}" \
  -Dbench.concurrency="${CONCURRENCY:-64}" \
  -Dbench.warmup="${WARMUP:-1000}" \
  -Dbench.max-count="${MAX_COUNT:-6000}" \
  -Dbench.rate="${RATE:-500}" \
  -Dbench.rate-seconds="${RATE_SECONDS:-10}" \
  -Dbench.prefill-events="${PREFILL_EVENTS:-1000000}" \
  -Dbench.attachment-mib="${ATTACHMENT_MIB:-1024}" \
  -Drogatory.hub.java="${HUB_JAVA:-}" \
  -Dbench.hub-jvm-args="${HUB_JVM_ARGS:--Xmx1g}" \
  -Dbench.skip-large="$([[ "${SKIP_LARGE:-0}" == 1 ]] && echo true || echo false)" \
  -Dbench.skip-attachment="$([[ "${SKIP_ATTACHMENT:-0}" == 1 ]] && echo true || echo false)" \
  -Dbench.out="$root/hub/target/bench-results" \
  -Drogatory.hub.jar="$root/hub/target/rogatory-hub.jar" \
  org.rogatory.hub.bench.HubLoadBenchmark
echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
