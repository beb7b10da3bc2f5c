#!/usr/bin/env bash
# pages.sh [debrief-load flags...]
#
# Issue #10's speed targets for the organizers' pages: on a fresh
# PostgreSQL database, seeds 100,000 reports from 2,000 volunteers in 50
# teams (debrief-load -seed-reports), starts a real `debrief serve`
# (scheduler off, so nothing else runs), and measures with debrief-load
# -pages: p50 and p99 of each kind of reports page and of a report's page
# for a signed-in organizer (one team: 2,000 reports) and a coordinator
# (all 100,000), REQUESTS of each (default 1000), C at a time (default 4);
# then the CSV download of every report the viewer sees, in rows a second;
# and the server's RSS, sampled every 20 ms throughout.
#
# Needs Go and a local PostgreSQL the postgres user reaches without a
# password. From the repository:
#   cmd/debrief-load/pages.sh
# EXPLAIN=1 also prints the plans of the reports page's main queries.
set -euo pipefail

pg=${PGHOST:-127.0.0.1}
db=${DB:-debrief_pages}
url="postgres://postgres@$pg:5432/$db?sslmode=disable"
port=${PORT:-18095} # scale.sh, compare.sh and soak.sh use 18080-18092
work=$(mktemp -d)
server=
cleanup() {
	[ -n "$server" ] && kill "$server" 2>/dev/null && wait "$server" 2>/dev/null
	rm -rf "$work"
}
trap cleanup EXIT

go build -o "$work/debrief" ./cmd/debrief
go build -o "$work/debrief-load" ./cmd/debrief-load
psql -h "$pg" -U postgres -qc "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db" postgres
DATABASE_URL=$url "$work/debrief" migrate
"$work/debrief-load" -seed-reports "${REPORTS:-100000}" -seed-volunteers "${VOLUNTEERS:-2000}" -seed-teams "${TEAMS:-50}" -database-url "$url"

# Twilio settings only so that the pages are on (they text sign-in codes);
# debrief-load makes its sessions in the database and no text is sent.
DATABASE_URL=$url PORT=$port PUBLIC_URL=http://127.0.0.1:$port \
	TWILIO_ACCOUNT_SID=AC0123456789abcdef0123456789abcdef TWILIO_AUTH_TOKEN=fa4e0b5e1d2c3b4a59687a6b5c4d3e2f \
	TWILIO_FROM=+16175550100 TWILIO_API_URL=http://127.0.0.1:9 \
	"$work/debrief" serve --no-scheduler >"$work/serve.log" 2>&1 &
server=$!
for _ in $(seq 100); do curl -sf "http://127.0.0.1:$port/readyz" >/dev/null && break; sleep 0.1; done

if [ -n "${EXPLAIN:-}" ]; then
	team=$(psql -h "$pg" -U postgres -d "$db" -Atqc "SELECT team_id FROM volunteers WHERE phone = '+15090000001'")
	for where in "v.team_id IN ($team)" "v.team_id IN ($team) AND r.person_name ILIKE '%lopez%'" "TRUE" "r.person_name ILIKE '%nobody%'"; do
		echo "== $where"
		psql -h "$pg" -U postgres -d "$db" -Atqc "EXPLAIN (ANALYZE, BUFFERS) SELECT r.id, r.person_name, v.name, t.name
			FROM reports r JOIN volunteers v ON v.id = r.volunteer_id LEFT JOIN teams t ON t.id = v.team_id
			WHERE $where ORDER BY COALESCE(r.completed_at, r.started_at) DESC, r.id DESC LIMIT 51 OFFSET 0"
	done
fi

"$work/debrief-load" -pages -url "http://127.0.0.1:$port" -database-url "$url" -server-pid "$server" \
	-c "${C:-4}" -requests "${REQUESTS:-1000}" "$@" || { tail -20 "$work/serve.log"; exit 1; }
grep -c '"status":5' "$work/serve.log" | sed 's/^/server 5xx answers: /' || true
