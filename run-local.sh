#!/usr/bin/env bash
# Runs trackstream on this machine with a real (embedded, KRaft) Kafka broker.
# Needs only JDK 17 and Maven. Options: ./run-local.sh --help
set -euo pipefail
cd "$(dirname "$0")"
echo "Building trackstream (tests skipped; run 'mvn -B verify' for them)..."
mvn -B -q -DskipTests package
jar=$(ls local-stack/target/local-stack-*-exec.jar | head -1)
exec java -Xmx2g -jar "$jar" "$@"
