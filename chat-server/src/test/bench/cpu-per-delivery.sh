#!/usr/bin/env bash
# Server CPU per delivery, A/B: each variant is "label=<java arguments>"; the variants run alternately,
# ROUNDS times, each on a fresh server on port 8090 under LoadProbe's 'throughput 100 10' (10 s warm-up,
# 10 s measured). CPU is the server process's user+system time from /proc, counted from 2 s after it
# listens; deliveries are the total its shutdown summary reports.
#
#   chat-server/src/test/bench/cpu-per-delivery.sh \
#     "before=-jar /tmp/before/chat-server/target/chat-server.jar" \
#     "after=-jar chat-server/target/chat-server.jar --server.port=0"
#
# JAVA (default: java; the figures in docs/benchmarks.md used /usr/lib/jvm/temurin-25-jdk-amd64/bin/java),
# ROUNDS (default 3). Run from the repository root,
# after 'mvn -pl chat-server -am test-compile'.
set -euo pipefail
JAVA=${JAVA:-java}
ROUNDS=${ROUNDS:-3}
TICKS=$(getconf CLK_TCK)
log=$(mktemp)
cpu() { awk '{print $14 + $15}' "/proc/$1/stat"; }
for round in $(seq "$ROUNDS"); do
  for variant in "$@"; do
    label=${variant%%=*}
    while ss -ltn | grep -q ":8090 "; do sleep 0.5; done
    # shellcheck disable=SC2086
    $JAVA ${variant#*=} --chat.server.port=8090 > "$log" 2>&1 &
    pid=$!
    until grep -q "listening on" "$log"; do sleep 0.2; done
    sleep 2
    before=$(cpu $pid)
    rate=$(mvn -q -o -pl chat-server exec:java -Dexec.classpathScope=test \
      -Dexec.mainClass=io.achat.server.bench.LoadProbe -Dexec.args="throughput 100 10" -Dport=8090 2>&1 \
      | sed -n 's/.*lines: \([0-9]*\) deliveries.*/\1/p')
    after=$(cpu $pid)
    kill $pid; wait $pid || true
    written=$(grep -o "[0-9]* deliveries written" "$log" | awk '{print $1}')
    echo "round $round $label: $rate deliveries/s; server CPU $(echo "scale=2; ($after - $before) / $TICKS" | bc) s" \
      "for $written deliveries = $(echo "scale=3; ($after - $before) * 1000000 / $TICKS / $written" | bc) CPU-s per million"
  done
done
rm -f "$log"
