#!/bin/sh
# The broker's ACLs, set as its own `admin` principal (super user): each service's principal
# may produce to (Write) its own topics only, `<service>.*`; read and describe every topic (it
# consumes the others' events) and create any (a consumer creates the topics it reads with the
# deployment's partition count; auto-creation is off); use its own consumer groups,
# `<service>-*`. With --check: only ask the broker for its topics (the health check).
set -eu
config=/tmp/smart-admin.properties
cat > "$config" <<PROPERTIES
security.protocol=SASL_SSL
ssl.truststore.type=PEM
ssl.truststore.location=$BROKER_CA_FILE
sasl.mechanism=PLAIN
sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required username="admin" password="$BROKER_ADMIN_PASSWORD";
PROPERTIES
bootstrap="${BROKER:-kafka:9092}"
if [ "${1:-}" = "--check" ]; then
  exec /opt/kafka/bin/kafka-topics.sh --bootstrap-server localhost:9092 \
    --command-config "$config" --list
fi
acls() { /opt/kafka/bin/kafka-acls.sh --bootstrap-server "$bootstrap" --command-config "$config" "$@"; }
for service in members invoicing payroll collections governance activities; do
  acls --add --allow-principal "User:$service" --operation Write --operation Describe \
    --topic "$service." --resource-pattern-type prefixed
  acls --add --allow-principal "User:$service" --operation Read --operation Describe \
    --operation Create --topic '*'
  acls --add --allow-principal "User:$service" --operation Read \
    --group "$service-" --resource-pattern-type prefixed
done
acls --list
