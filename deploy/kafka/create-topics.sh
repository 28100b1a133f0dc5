#!/usr/bin/env bash
# Creates the topics of the trackstream contract (schemas/src/main/resources/trackstream/topics.yml) if missing.
set -euo pipefail
BS=${BOOTSTRAP_SERVERS:-kafka:29092}
create() { # name partitions cleanup-policy
  /opt/kafka/bin/kafka-topics.sh --bootstrap-server "$BS" --create --if-not-exists \
    --topic "$1" --partitions "$2" --replication-factor 1 --config "cleanup.policy=$3"
}
create tracking.raw.v1 6 delete
create tracking.raw.rejected.v1 1 delete
create shipments.registrations.v1 6 compact
create shipments.v1 6 compact
create shipments.status-changes.v1 6 delete
create shipments.parcel-changes.v1 6 delete
create orders.auto-close.v1 6 delete
create tracking.poll-targets.v1 6 compact
create orders.notifier.dlt.v1 1 delete
create orders.notifier.replay.v1 1 delete
create orders.notifier.shop-versions.v1 1 compact
create orders.notifier.retry.v1 1 delete
