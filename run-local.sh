#!/usr/bin/env bash
# Runs the whole trackstream pipeline on this machine: a real (in-process, KRaft) Kafka broker, a schema registry,
# carrier and order-system sandboxes, the four apps as their own JVMs, and a demo with a console summary.
# Needs only JDK 17 and Maven. Options: ./run-local.sh --help   Docs: docs/local-stack.md   Ctrl-C stops everything.
set -euo pipefail
cd "$(dirname "$0")"
echo "Building trackstream (tests skipped; run 'mvn -B verify' for them)..."
mvn -B -q -DskipTests package
jar=$(ls local-stack/target/local-stack-*-exec.jar | head -1)
# exec: Ctrl-C reaches the JVM, whose shutdown hook stops the apps, the sandboxes and the broker.
exec java -Xmx1g -jar "$jar" "$@"
