#!/usr/bin/env bash
# Sets up Pulse's secured Kafka cluster once, as its admin: the SCRAM users, the contract's topics,
# the ACLs of each principal. The `kafka-init` service of docker-compose.yml's production profile
# runs it; an operator may run it by hand against any cluster (see docs/security.md). Running it
# again changes nothing: users get their passwords again, topics and ACLs that exist are kept.
#
# The topic and ACL lines between the BEGIN/END markers are generated from the code
# (TopicSetup.kafkaTopicsCommands, KafkaAccessPlan.kafkaAclsCommands); KafkaAccessPlanTest fails
# when they differ, and prints the lines to paste.
#
# _pulse-tokens holds the tokens' hashes, and a record written there is a token Pulse accepts: only
# the token caches (pulse-ingest, pulse-api) may read it and only admin ('pulse token create') may
# write it. Never grant it to anyone else, by name, prefix or wildcard (KafkaSecurityTest checks).
set -euo pipefail

BIN=${KAFKA_BIN:-/opt/kafka/bin}
# The brokers' BROKER listener, where the admin logs in with PLAIN: no SCRAM user exists yet.
BOOTSTRAP=${BOOTSTRAP:?set BOOTSTRAP to the brokers, e.g. kafka-1:19092,kafka-2:19092,kafka-3:19092}
REPLICATION=${REPLICATION:-3}

require() {
  local name=$1 value=${!1:-}
  if [[ -z "$value" ]]; then
    echo "kafka-init: $name is not set; put it in .env beside docker-compose.yml (docs/security.md)" >&2
    exit 1
  fi
  # kafka-configs reads '[password=...]' and JAAS reads '"...";': keep a password to characters neither splits on.
  if [[ ! "$value" =~ ^[A-Za-z0-9._~+/=@%^*-]{12,}$ ]]; then
    echo "kafka-init: $name must be at least 12 characters of letters, digits and ._~+/=@%^*-" >&2
    exit 1
  fi
}
for var in PULSE_KAFKA_ADMIN_PASSWORD PULSE_INGEST_PASSWORD PULSE_STREAMS_PASSWORD PULSE_API_PASSWORD \
    PULSE_DASHBOARD_PASSWORD PULSE_ANALYST_PASSWORD PULSE_REGISTRY_PASSWORD; do
  require "$var"
done

ADMIN_CONFIG=$(mktemp)
trap 'rm -f "$ADMIN_CONFIG"' EXIT
chmod 600 "$ADMIN_CONFIG"
cat > "$ADMIN_CONFIG" <<PROPERTIES
security.protocol=SASL_PLAINTEXT
sasl.mechanism=PLAIN
sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required username="admin" password="$PULSE_KAFKA_ADMIN_PASSWORD";
PROPERTIES

KAFKA_TOPICS="$BIN/kafka-topics.sh --bootstrap-server $BOOTSTRAP --command-config $ADMIN_CONFIG"
KAFKA_ACLS="$BIN/kafka-acls.sh --bootstrap-server $BOOTSTRAP --command-config $ADMIN_CONFIG"
KAFKA_CONFIGS="$BIN/kafka-configs.sh --bootstrap-server $BOOTSTRAP --command-config $ADMIN_CONFIG"

echo "kafka-init: waiting for the cluster at $BOOTSTRAP"
for attempt in $(seq 1 60); do
  if $KAFKA_TOPICS --list > /dev/null 2>&1; then break; fi
  if [[ $attempt == 60 ]]; then echo "kafka-init: the cluster did not answer within 120 s" >&2; exit 1; fi
  sleep 2
done

echo "kafka-init: SCRAM-SHA-512 users"
scram_user() {
  $KAFKA_CONFIGS --alter --entity-type users --entity-name "$1" --add-config "SCRAM-SHA-512=[password=$2]" > /dev/null
  echo "  $1"
}
# admin: for operators' tools on the SCRAM listener (the brokers themselves log in with PLAIN).
scram_user admin "$PULSE_KAFKA_ADMIN_PASSWORD"
scram_user pulse-ingest "$PULSE_INGEST_PASSWORD"
scram_user pulse-streams "$PULSE_STREAMS_PASSWORD"
scram_user pulse-api "$PULSE_API_PASSWORD"
scram_user pulse-dashboard "$PULSE_DASHBOARD_PASSWORD"
scram_user analyst "$PULSE_ANALYST_PASSWORD"
scram_user schema-registry "$PULSE_REGISTRY_PASSWORD"

echo "kafka-init: topics (replication factor $REPLICATION)"
# BEGIN topics
$KAFKA_TOPICS --create --if-not-exists --topic org.units.v1 --partitions 3 --replication-factor $REPLICATION --config cleanup.policy=compact --config min.compaction.lag.ms=0
$KAFKA_TOPICS --create --if-not-exists --topic org.memberships.v1 --partitions 6 --replication-factor $REPLICATION --config cleanup.policy=compact --config min.compaction.lag.ms=0
$KAFKA_TOPICS --create --if-not-exists --topic branch.activities.v1 --partitions 6 --replication-factor $REPLICATION --config cleanup.policy=delete --config message.timestamp.after.max.ms=3600000 --config retention.bytes=-1 --config retention.ms=-1
$KAFKA_TOPICS --create --if-not-exists --topic branch.attendance.v1 --partitions 6 --replication-factor $REPLICATION --config cleanup.policy=delete --config message.timestamp.after.max.ms=3600000 --config retention.bytes=-1 --config retention.ms=-1
$KAFKA_TOPICS --create --if-not-exists --topic branch.household-status.v1 --partitions 6 --replication-factor $REPLICATION --config cleanup.policy=delete --config message.timestamp.after.max.ms=3600000 --config retention.bytes=-1 --config retention.ms=-1
$KAFKA_TOPICS --create --if-not-exists --topic view.participation.v1 --partitions 6 --replication-factor $REPLICATION --config cleanup.policy=compact --config min.compaction.lag.ms=0
$KAFKA_TOPICS --create --if-not-exists --topic view.poverty.v1 --partitions 6 --replication-factor $REPLICATION --config cleanup.policy=compact --config min.compaction.lag.ms=0
$KAFKA_TOPICS --create --if-not-exists --topic view.activities.v1 --partitions 6 --replication-factor $REPLICATION --config cleanup.policy=compact --config min.compaction.lag.ms=0
$KAFKA_TOPICS --create --if-not-exists --topic view.campaigns.v1 --partitions 6 --replication-factor $REPLICATION --config cleanup.policy=compact --config min.compaction.lag.ms=0
$KAFKA_TOPICS --create --if-not-exists --topic pipeline.dead-letters.v1 --partitions 3 --replication-factor $REPLICATION --config cleanup.policy=delete --config message.timestamp.after.max.ms=3600000 --config retention.bytes=-1 --config retention.ms=-1
$KAFKA_TOPICS --create --if-not-exists --topic _pulse-tokens --partitions 1 --replication-factor $REPLICATION --config cleanup.policy=compact --config min.compaction.lag.ms=0
$KAFKA_TOPICS --create --if-not-exists --topic _pulse-id-owners --partitions 6 --replication-factor $REPLICATION --config cleanup.policy=compact --config min.compaction.lag.ms=0
# END topics

echo "kafka-init: ACLs"
# BEGIN acls
$KAFKA_ACLS --add --allow-principal User:pulse-ingest --operation Write --topic org.units.v1
$KAFKA_ACLS --add --allow-principal User:pulse-ingest --operation Write --topic org.memberships.v1
$KAFKA_ACLS --add --allow-principal User:pulse-ingest --operation Write --topic branch.activities.v1
$KAFKA_ACLS --add --allow-principal User:pulse-ingest --operation Write --topic branch.attendance.v1
$KAFKA_ACLS --add --allow-principal User:pulse-ingest --operation Write --topic branch.household-status.v1
$KAFKA_ACLS --add --allow-principal User:pulse-ingest --operation Read --topic org.units.v1
$KAFKA_ACLS --add --allow-principal User:pulse-ingest --operation Read --topic _pulse-tokens
$KAFKA_ACLS --add --allow-principal User:pulse-ingest --operation Read --topic _pulse-id-owners
$KAFKA_ACLS --add --allow-principal User:pulse-ingest --operation Write --topic _pulse-id-owners
$KAFKA_ACLS --add --allow-principal User:pulse-ingest --operation Write --transactional-id pulse-ingest- --resource-pattern-type prefixed
$KAFKA_ACLS --add --allow-principal User:pulse-ingest --operation Write --transactional-id pulse-import- --resource-pattern-type prefixed
$KAFKA_ACLS --add --allow-principal User:pulse-streams --operation Read --topic org.units.v1
$KAFKA_ACLS --add --allow-principal User:pulse-streams --operation Read --topic org.memberships.v1
$KAFKA_ACLS --add --allow-principal User:pulse-streams --operation Read --topic branch.activities.v1
$KAFKA_ACLS --add --allow-principal User:pulse-streams --operation Read --topic branch.attendance.v1
$KAFKA_ACLS --add --allow-principal User:pulse-streams --operation Read --topic branch.household-status.v1
$KAFKA_ACLS --add --allow-principal User:pulse-streams --operation Write --topic view.participation.v1
$KAFKA_ACLS --add --allow-principal User:pulse-streams --operation Write --topic view.poverty.v1
$KAFKA_ACLS --add --allow-principal User:pulse-streams --operation Write --topic view.activities.v1
$KAFKA_ACLS --add --allow-principal User:pulse-streams --operation Write --topic view.campaigns.v1
$KAFKA_ACLS --add --allow-principal User:pulse-streams --operation Write --topic pipeline.dead-letters.v1
$KAFKA_ACLS --add --allow-principal User:pulse-streams --operation All --topic pulse-views --resource-pattern-type prefixed
$KAFKA_ACLS --add --allow-principal User:pulse-streams --operation All --group pulse-views --resource-pattern-type prefixed
$KAFKA_ACLS --add --allow-principal User:pulse-streams --operation Write --transactional-id pulse-views --resource-pattern-type prefixed
$KAFKA_ACLS --add --allow-principal User:pulse-api --operation Read --topic view.participation.v1
$KAFKA_ACLS --add --allow-principal User:pulse-api --operation Read --topic view.poverty.v1
$KAFKA_ACLS --add --allow-principal User:pulse-api --operation Read --topic view.activities.v1
$KAFKA_ACLS --add --allow-principal User:pulse-api --operation Read --topic view.campaigns.v1
$KAFKA_ACLS --add --allow-principal User:pulse-api --operation Read --topic pipeline.dead-letters.v1
$KAFKA_ACLS --add --allow-principal User:pulse-api --operation Read --topic org.units.v1
$KAFKA_ACLS --add --allow-principal User:pulse-api --operation Read --topic _pulse-tokens
$KAFKA_ACLS --add --allow-principal User:pulse-dashboard --operation Read --topic view.participation.v1
$KAFKA_ACLS --add --allow-principal User:pulse-dashboard --operation Read --topic view.poverty.v1
$KAFKA_ACLS --add --allow-principal User:pulse-dashboard --operation Read --topic view.activities.v1
$KAFKA_ACLS --add --allow-principal User:pulse-dashboard --operation Read --topic view.campaigns.v1
$KAFKA_ACLS --add --allow-principal User:analyst --operation Read --topic org.units.v1
$KAFKA_ACLS --add --allow-principal User:analyst --operation Read --topic org.memberships.v1
$KAFKA_ACLS --add --allow-principal User:analyst --operation Read --topic branch.activities.v1
$KAFKA_ACLS --add --allow-principal User:analyst --operation Read --topic branch.attendance.v1
$KAFKA_ACLS --add --allow-principal User:analyst --operation Read --topic branch.household-status.v1
$KAFKA_ACLS --add --allow-principal User:analyst --operation Read --topic view.participation.v1
$KAFKA_ACLS --add --allow-principal User:analyst --operation Read --topic view.poverty.v1
$KAFKA_ACLS --add --allow-principal User:analyst --operation Read --topic view.activities.v1
$KAFKA_ACLS --add --allow-principal User:analyst --operation Read --topic view.campaigns.v1
$KAFKA_ACLS --add --allow-principal User:analyst --operation Read --topic pipeline.dead-letters.v1
$KAFKA_ACLS --add --allow-principal User:analyst --operation Read --group replay- --resource-pattern-type prefixed
$KAFKA_ACLS --add --allow-principal User:schema-registry --operation Create --topic _schemas
$KAFKA_ACLS --add --allow-principal User:schema-registry --operation DescribeConfigs --topic _schemas
$KAFKA_ACLS --add --allow-principal User:schema-registry --operation Read --topic _schemas
$KAFKA_ACLS --add --allow-principal User:schema-registry --operation Write --topic _schemas
$KAFKA_ACLS --add --allow-principal User:schema-registry --operation Read --group schema-registry --resource-pattern-type prefixed
# END acls

echo "kafka-init: done"
