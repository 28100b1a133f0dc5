#!/usr/bin/env bash
# Runs trackstream's benchmarks (not part of the tests). Options: --events N (default 1000000), --partitions N (default 4).
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q -DskipTests package -pl benchmarks -am
mkdir -p benchmarks/target/bench-tmp
exec java -Xmx3g -Djava.io.tmpdir=benchmarks/target/bench-tmp -jar benchmarks/target/benchmarks-*-exec.jar "$@"
