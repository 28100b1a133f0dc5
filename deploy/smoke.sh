#!/usr/bin/env bash
# Smoke check of the compose stack (docker-compose.yml), run by the CI workflow (.github/workflows/ci.yml) after
# `docker compose up -d --wait`:
#   1. every app answers UP on /actuator/health, on the host port the compose file publishes;
#   2. one shipment of its own, with an open order in the order sandbox (Carriyo-style and shop orders added through
#      the sandbox's admin endpoints), is registered at webhook-ingest with the demo tenant's app token;
#   3. ONE signed Carriyo webhook says it was delivered (HMAC-SHA256 as webhook-ingest verifies it,
#      docs/webhook-ingest.md "Webhook authentication", with the compose file's Carriyo secret);
#   4. the order sandbox (GET /sandbox/summary) shows that order closed, once, within SMOKE_TIMEOUT_SECONDS.
# The demo traffic of the sandbox service closes orders too; this checks only the order it made itself.
#
# The defaults below are docker-compose.yml's: host ports, the tenant, and the same ${VAR:-default} for the ingest
# token and the Carriyo secret (a `docker compose` environment that overrides them overrides them here too).
# ComposeCiWorkflowTest checks they agree with the file. SMOKE_* variables aim the script at another stack, e.g. at
# ./run-local.sh (same ingest and order-sandbox ports, other app ports):
#   SMOKE_APP_PORTS="processor=8081 webhook-ingest=8083 producer-pollers=8082 order-notifier=8084" deploy/smoke.sh
# Needs bash, curl, jq and openssl.
set -euo pipefail

HOST=${SMOKE_HOST:-localhost}
# compose service = its published host port (the container's 8080)
APP_PORTS=${SMOKE_APP_PORTS:-"processor=8085 webhook-ingest=8083 producer-pollers=8086 order-notifier=8084"}
# the sandbox service's order systems (--order-sandbox-port)
ORDER_SANDBOX_PORT=${SMOKE_ORDER_SANDBOX_PORT:-8091}
# the demo tenant: webhook-ingest's app token and the notifier's Carriyo tenant-id
TENANT=athens
INGEST_TOKEN=${TRACKSTREAM_DEMO_INGEST_TOKEN:-app_demo-ingest-token}
CARRIYO_SECRET=${TRACKSTREAM_WEBHOOK_SECRET_CARRIYO:-demo-carriyo-secret}
TIMEOUT=${SMOKE_TIMEOUT_SECONDS:-300}

fail() {
  echo "smoke: FAILED: $*" >&2
  exit 1
}

for tool in curl jq openssl; do
  command -v "$tool" >/dev/null 2>&1 || fail "needs $tool on the PATH"
done

ORDERS="http://$HOST:$ORDER_SANDBOX_PORT"
INGEST=""
for entry in $APP_PORTS; do
  [ "${entry%%=*}" = webhook-ingest ] && INGEST="http://$HOST:${entry#*=}"
done
[ -n "$INGEST" ] || fail "SMOKE_APP_PORTS names no webhook-ingest port: $APP_PORTS"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
deadline=$((SECONDS + TIMEOUT))

# 1. Every app is UP.
for entry in $APP_PORTS; do
  app=${entry%%=*}
  url="http://$HOST:${entry#*=}/actuator/health"
  until curl -fsS --max-time 5 "$url" 2>/dev/null | jq -e '.status == "UP"' >/dev/null 2>&1; do
    [ "$SECONDS" -lt "$deadline" ] || fail "$app is not UP at $url after ${TIMEOUT}s: $(curl -sS --max-time 5 "$url" 2>&1 || true)"
    sleep 2
  done
  echo "smoke: $app is UP ($url)"
done
until curl -fsS --max-time 5 "$ORDERS/sandbox/summary" >/dev/null 2>&1; do
  [ "$SECONDS" -lt "$deadline" ] || fail "the order sandbox does not answer at $ORDERS/sandbox/summary after ${TIMEOUT}s"
  sleep 2
done

# POSTs a JSON file; prints the HTTP status, the answer's body goes to $work/answer.
post() {
  local url=$1 file=$2
  shift 2
  local status
  rm -f "$work/answer"
  status=$(curl -sS --max-time 30 -o "$work/answer" -w '%{http_code}' -X POST "$url" \
    -H 'Content-Type: application/json' "$@" --data-binary "@$file") || true
  echo "${status:-000}"
}

expect() {
  local what=$1 status=$2 wanted=$3
  [ "$status" = "$wanted" ] || fail "$what answered HTTP $status, expected $wanted: $(cat "$work/answer" 2>/dev/null)"
}

# 2. The order and the shipment.
run=$(date -u +%Y%m%d%H%M%S)$$
shipment="smoke-$run"
reference="SMOKE-$run"
tracking="SMK$run"
shop_order=$((900000000 + $$))

jq -n --arg tenant "$TENANT" --arg ref "$reference" \
  '{tenant_id: $tenant, partner_order_reference: $ref, sales_channel: "web"}' > "$work/order.json"
expect "order sandbox POST /sandbox/carriyo/orders" "$(post "$ORDERS/sandbox/carriyo/orders" "$work/order.json")" 201
jq -n --argjson id "$shop_order" '{order_id: $id}' > "$work/shop-order.json"
expect "order sandbox POST /sandbox/shop/orders" "$(post "$ORDERS/sandbox/shop/orders" "$work/shop-order.json")" 201
echo "smoke: order $reference (tenant $TENANT) is open in the order sandbox at $ORDERS"

jq -n --arg id "$shipment" --arg ref "$reference" --arg tn "$tracking" --arg shop "$shop_order" '{
  shipmentId: $id, orderId: $ref, partnerOrderReference: $ref, salesChannel: "web",
  carrier: "aramex", carrierName: "Aramex", provider: "carriyo", providerReference: ("CARR-" + $id), polled: false,
  parcels: [{trackingNumber: $tn, labelId: "1"}],
  attributes: {"shop.orderId": $shop, "shop.shipmentId": "1", "shop.shopId": "12", "shop.carrierAccountId": "3"}}' > "$work/registration.json"

# Sends a JSON file to webhook-ingest until it is accepted. A 503 (Kafka settling), a 429 or no answer: again, as a
# carrier would, with the curl arguments that $3 prints (one a line) made anew, so a webhook is signed anew.
send() {
  local what=$1 path=$2 arguments=$3 file=$4 status
  local -a args
  while :; do
    mapfile -t args < <("$arguments")
    status=$(post "$INGEST$path" "$file" "${args[@]}")
    case $status in
      2??) echo "smoke: $what accepted (HTTP $status)"; return 0 ;;
      000 | 408 | 429 | 5??) ;;
      *) fail "webhook-ingest refused $what with HTTP $status: $(cat "$work/answer" 2>/dev/null)" ;;
    esac
    [ "$SECONDS" -lt "$deadline" ] || fail "webhook-ingest did not accept $what within ${TIMEOUT}s (last HTTP $status)"
    sleep 2
  done
}

token_header() {
  printf '%s\n' -H "Authorization: Bearer $INGEST_TOKEN"
}
send "the registration of $shipment" /shipments token_header "$work/registration.json"

# 3. One signed webhook: delivered.
jq -n --arg id "$shipment" --arg ref "$reference" --arg tn "$tracking" --arg now "$(date -u +%Y-%m-%dT%H:%M:%SZ)" '{
  shipment_id: ("CARR-" + $id),
  references: {partner_order_reference: $ref, partner_shipment_reference: $id},
  carrier_account: {carrier: "ARAMEX", carrier_account_name: "Aramex GR"},
  post_shipping_info: {status: "delivered", tracking_no: $tn, carrier_status: "SH005",
    carrier_status_description: "ΠΑΡΑΔΟΘΗΚΕ", update_date: $now, delivery_date: $now}}' > "$work/webhook.json"

# X-Trackstream-Signature: sha256=hex(HMAC-SHA256(secret, timestamp + "." + the body's bytes)), timestamp in epoch seconds
signature_headers() {
  local ts hmac
  ts=$(date +%s)
  hmac=$({ printf '%s.' "$ts"; cat "$work/webhook.json"; } | openssl dgst -sha256 -hmac "$CARRIYO_SECRET" | sed 's/^.* //')
  printf '%s\n' -H "X-Trackstream-Timestamp: $ts" -H "X-Trackstream-Signature: sha256=$hmac"
}
send "the signed Carriyo webhook (delivered, $tracking)" /webhooks/carriyo signature_headers "$work/webhook.json"

# 4. The order is closed, once.
order='{}'
while :; do
  order=$(curl -fsS --max-time 10 "$ORDERS/sandbox/summary" 2>/dev/null \
    | jq -c --arg tenant "$TENANT" --arg ref "$reference" \
      'first(.carriyoOrders[] | select(.tenantId == $tenant and .partnerOrderReference == $ref)) // {}' 2>/dev/null) || order='{}'
  if [ "$(jq -r '.status // ""' <<<"$order")" = closed ]; then
    break
  fi
  [ "$SECONDS" -lt "$deadline" ] || fail "order $reference was not closed within ${TIMEOUT}s of the start; the sandbox has it as $order.
Where it stopped: the processor (shipments.v1, orders.auto-close.v1) or the order-notifier (its log, orders.notifier.dlt.v1)."
  sleep 3
done
times=$(jq -r '.timesClosed' <<<"$order")
[ "$times" = 1 ] || fail "order $reference was closed $times times, expected once: $order"
echo "smoke: OK: order $reference was closed once by the delivered webhook ($order)"
