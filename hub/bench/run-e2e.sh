#!/usr/bin/env bash
# End-to-end benchmark of the SDK through the hub (client-sdk issue): 4 KiB messages sent with
# Messages.send by one party and received with Messages.fetch (download, decrypt, verify) by the
# other, which learns of each from its push subscription; then, with ATTACHMENT_MIB set, one large
# attachment sent and received by the SDK under SDK_HEAP. The hub is the real jar in a child
# process on its embedded store. The report goes to hub/target/bench-results/sdk-e2e.txt; the data
# of the run stays in hub/target/bench-results/e2e-*/ (delete it after).
# See docs/benchmarks.md, section "SDK end to end".
#
# Settings (environment variables):
#   STATES          States, each with one request opened by the Court organ   default 20
#   SENDERS         concurrent senders in the closed loop                     default 32
#   RECEIVERS       threads fetching and opening on the receiving side        default 16
#   WARMUP          messages before the measurements                          default 1000
#   MAX_COUNT       messages in the closed loop                               default 4000
#   RATE            offered rate of the open loop, per second                 default 200
#   RATE_SECONDS    duration of the open loop                                 default 20
#   ATTACHMENT_MIB  size of the large attachment, 0 for none                  default 0
#   SDK_HEAP        heap of the JVM holding every SDK client                  default 256m
#   HUB_JAVA        the java binary the hub runs on                       default: this one
#   HUB_JVM_ARGS    JVM options of the hub                                    default -Xmx1g
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
echo "java: $(java -version 2>&1 | head -1)"
echo "hub java: $("${HUB_JAVA:-java}" -version 2>&1 | head -1)"
echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"

java "-Xmx${SDK_HEAP:-256m}" -cp "$cp" \
  -Dbench.states="${STATES:-20}" \
  -Dbench.senders="${SENDERS:-32}" \
  -Dbench.receivers="${RECEIVERS:-16}" \
  -Dbench.warmup="${WARMUP:-1000}" \
  -Dbench.max-count="${MAX_COUNT:-4000}" \
  -Dbench.rate="${RATE:-200}" \
  -Dbench.rate-seconds="${RATE_SECONDS:-20}" \
  -Dbench.attachment-mib="${ATTACHMENT_MIB:-0}" \
  -Drogatory.hub.java="${HUB_JAVA:-}" \
  -Dbench.hub-jvm-args="${HUB_JVM_ARGS:--Xmx1g}" \
  -Dbench.out="$root/hub/target/bench-results" \
  -Drogatory.hub.jar="$root/hub/target/rogatory-hub.jar" \
  org.rogatory.hub.bench.SdkEndToEndBenchmark
echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
