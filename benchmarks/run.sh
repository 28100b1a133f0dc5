#!/usr/bin/env bash
# trackstream's benchmarks (not part of the tests; see BENCHMARKS.md). Builds the apps' exec jars (tests skipped),
# then runs every benchmark on a real KRaft broker in this JVM, the apps as their own JVMs.
#   benchmarks/run.sh                      # everything, default sizes (about 30 minutes on 2 cores)
#   benchmarks/run.sh --events 100000 --shipments 100000 --latency-seconds 20 --ingest-seconds 10   # quick
#   benchmarks/run.sh --help               # every option
set -euo pipefail
cd "$(dirname "$0")/.."
if [[ "${SKIP_BUILD:-}" != "1" ]]; then
  mvn -B -q -DskipTests package -pl processor,webhook-ingest,benchmarks -am
fi
mkdir -p benchmarks/target/bench-tmp
exec java -Xmx2g -XX:+UseG1GC -Djava.io.tmpdir="$PWD/benchmarks/target/bench-tmp" \
  -jar benchmarks/target/benchmarks-0.1.0-SNAPSHOT-exec.jar "$@"
