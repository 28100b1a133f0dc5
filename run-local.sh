#!/usr/bin/env bash
# Runs the whole trackstream pipeline on this machine: a real (in-process, KRaft) Kafka broker, a schema registry,
# carrier and order-system sandboxes, the four apps as their own JVMs, and a demo with a console summary.
# Needs only JDK 17 and Maven. Options: ./run-local.sh --help   Docs: docs/local-stack.md   Ctrl-C stops everything.
set -euo pipefail
cd "$(dirname "$0")"
# A stack already running from the same data folder: building now would replace the jars it runs. (The stack itself
# also checks its lock and ports before emptying anything; this only guards the build.)
data_dir=.local-data
prev=""
for arg in "$@"; do
  if [ "$prev" = "--data-dir" ]; then data_dir=$arg; fi
  prev=$arg
done
lock="$data_dir/.trackstream-local-stack.lock"
if [ -f "$lock" ]; then
  pid=$(sed -n 's/^pid \([0-9]*\)$/\1/p' "$lock" | head -1)
  if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null && tr '\0' ' ' < "/proc/$pid/cmdline" 2>/dev/null | grep -q local-stack; then
    echo "A local stack is already running from $data_dir (pid $pid: $(sed -n 's/^command //p' "$lock" | cut -c1-120))." >&2
    echo "Stop it first (Ctrl-C in its terminal), or use another --data-dir, --base-port and --kafka-port." >&2
    exit 1
  fi
fi
echo "Building trackstream (tests skipped; run 'mvn -B verify' for them)..."
mvn -B -q -DskipTests package
jar=$(ls local-stack/target/local-stack-*-exec.jar | head -1)
# exec: Ctrl-C reaches the JVM, whose shutdown hook stops the apps, the sandboxes and the broker.
exec java -Xmx1g -jar "$jar" "$@"
