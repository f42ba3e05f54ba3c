#!/usr/bin/env bash
# Start the production compose on a machine with Docker, check that it is what it claims, stop it.
#   deploy/compose-check.sh            MongoDB replica set
#   deploy/compose-check.sh postgres   the PostgreSQL profile instead
# Checks: every container healthy (`up --wait`), the three RabbitMQ nodes clustered, each quorum
# queue on all three, every service ready through the gateway, Prometheus scraping two replicas
# of each service. Removes the stack and its volumes afterwards (it is a check, not a deploy).
# Not run in this project's CI: Docker is not available on its machines (docs/operations.md).
set -euo pipefail
cd "$(dirname "$0")/.."

export CAMPUS_JWT_SECRET="${CAMPUS_JWT_SECRET:-compose-check-jwt-secret-0123456789abcdef}"
export CAMPUS_CONSOLE_SESSION_SECRET="${CAMPUS_CONSOLE_SESSION_SECRET:-compose-check-session-secret-0123456789}"
export RABBITMQ_ERLANG_COOKIE="${RABBITMQ_ERLANG_COOKIE:-COMPOSECHECKCOOKIE0123456789}"
export GRAFANA_ADMIN_PASSWORD="${GRAFANA_ADMIN_PASSWORD:-compose-check}"
args=(-p campus-check)
if [ "${1:-}" = postgres ]; then args+=(--profile postgres --env-file deploy/postgres.env); fi
compose() { docker compose "${args[@]}" "$@"; }
trap 'compose down -v --remove-orphans >/dev/null 2>&1 || true' EXIT

compose config --quiet
compose up -d --build --wait --wait-timeout 600
ctl() { compose exec -T rabbitmq-1 rabbitmqctl --erlang-cookie "$RABBITMQ_ERLANG_COOKIE" "$@"; }

running=$(ctl cluster_status --formatter json | python3 -c 'import json,sys; print(len(json.load(sys.stdin)["running_nodes"]))')
[ "$running" = 3 ] || { echo "RabbitMQ: $running of 3 nodes running" >&2; exit 1; }
for _ in $(seq 1 30); do  # membership reconciliation grows the queues to three replicas
  short=$(ctl list_queues -p campus --no-table-headers --quiet name members | python3 -c '
import sys
print(sum(1 for line in sys.stdin if line.strip() and line.count("rabbit@") < 3))')
  [ "$short" = 0 ] && break
  sleep 10
done
[ "$short" = 0 ] || { echo "RabbitMQ: $short quorum queue(s) with fewer than 3 replicas" >&2; exit 1; }

for port in 8101 8102 8103 8104 8105; do
  curl -fsS "http://127.0.0.1:$port/ready" >/dev/null || { echo "port $port not ready" >&2; exit 1; }
done
curl -fsS http://127.0.0.1:8106/health >/dev/null

sleep 45  # two scrape intervals
up=$(curl -fsS 'http://127.0.0.1:9090/api/v1/query?query=sum%20by%20(service)%20(up%7Bjob%3D%22campus%22%7D)' |
  python3 -c 'import json,sys; print(sorted((r["metric"]["service"], r["value"][1]) for r in json.load(sys.stdin)["data"]["result"]))')
echo "replicas up per service: $up"
python3 - "$up" <<'EOF'
import ast, sys
up = dict(ast.literal_eval(sys.argv[1]))
want = {"canteen", "assets", "maintenance", "notifications", "audit", "console"}
bad = {s: up.get(s) for s in want if up.get(s) != "2"}
sys.exit(f"services without two replicas scraped: {bad}" if bad else 0)
EOF
echo "compose check passed"
