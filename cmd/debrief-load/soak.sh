#!/usr/bin/env bash
# soak.sh [MINUTES] [debrief-load flags...]
#
# Issue #13's soak: `debrief serve`, scheduler on and sending to a fake
# Twilio of its own process, loaded for MINUTES (default 30) at half the
# peak rate it just measured (debrief-load -rate, -duration: report after
# report, 6,000 volunteers so that the inbox's cache of 4,096 phones
# turns over). Every minute it prints the server's resident memory
# (/proc), its goroutines (go_goroutines on METRICS_ADDR's /metrics) and
# PostgreSQL's connections to the database (pg_stat_activity), and at the
# end whether they stayed flat from the first minute's sample (+1m15s:
# by then the inbox's cache of phones has filled; the +15s one is printed
# too) to the last under load: RSS within 10%, goroutines within 10 (the
# senders' connections come and go), connections no more. PEAK=steps/s
# skips the measurement.
#
# Needs Go and a local PostgreSQL the postgres user reaches without a
# password. Example, from the repository:
#   cmd/debrief-load/soak.sh 30
set -euo pipefail

minutes=${1:-30}
shift $(($# < 1 ? $# : 1))

pg=${PGHOST:-127.0.0.1}
db=debrief_soak
url="postgres://postgres@$pg:5432/$db?sslmode=disable"
port=${PORT:-18082}
metrics_port=${METRICS_PORT:-19092}
fake_port=${FAKE_TWILIO_PORT:-18092}
account=AC0123456789abcdef0123456789abcdef # twiliotest's
token=fa4e0b5e1d2c3b4a59687a6b5c4d3e2f      # twiliotest's: signs the webhooks too
work=$(mktemp -d)
server= fake= load=
stop() { [ -n "$1" ] && kill "$1" 2>/dev/null && wait "$1" 2>/dev/null || true; }
cleanup() { stop "$load"; stop "$server"; stop "$fake"; rm -rf "$work"; }
trap cleanup EXIT

# Another engineer's server on one of the ports would answer for ours.
for p in $port $fake_port ${metrics_port:-}; do
	if (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then echo "port $p is in use: set PORT, METRICS_PORT or FAKE_TWILIO_PORT" >&2; exit 1; fi
done
go build -o "$work/debrief" ./cmd/debrief
go build -o "$work/debrief-load" ./cmd/debrief-load
psql -h "$pg" -U postgres -qc "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db" postgres
"$work/debrief-load" -fake-twilio "127.0.0.1:$fake_port" >"$work/fake.out" 2>&1 &
fake=$!
DATABASE_URL=$url PORT=$port PUBLIC_URL=http://127.0.0.1:$port METRICS_ADDR=127.0.0.1:$metrics_port \
	TWILIO_ACCOUNT_SID=$account TWILIO_AUTH_TOKEN=$token TWILIO_FROM=+16175550100 \
	TWILIO_API_URL=http://127.0.0.1:$fake_port INBOUND_LIMIT=0 QUIET_HOURS= \
	"$work/debrief" serve >"$work/serve.log" 2>&1 &
server=$!
for _ in $(seq 100); do curl -sf "http://127.0.0.1:$port/readyz" >/dev/null && break; sleep 0.1; done

load_flags=(-url "http://127.0.0.1:$port" -database-url "$url" -token $token -server-pid "$server" -c 16)
peak=${PEAK:-}
if [ -z "$peak" ]; then
	"$work/debrief-load" "${load_flags[@]}" -volunteers 500 >"$work/peak.out" 2>&1 || { cat "$work/peak.out"; exit 1; }
	peak=$(awk '/^debrief / { for (i = 1; i <= NF; i++) if ($i == "steps/s,") print $(i-1) }' "$work/peak.out")
	echo "peak       $(grep '^debrief ' "$work/peak.out")"
fi
rate=$((${peak%.*} / 2))
echo "soak       $minutes min at $rate texts/s (half of $peak), load average $(cut -d' ' -f1-3 /proc/loadavg)"

"$work/debrief-load" "${load_flags[@]}" -volunteers 6000 -rate "$rate" -duration "${minutes}m" "$@" >"$work/soak.out" 2>&1 &
load=$!

sample() { # label
	local rss goroutines conns
	rss=$(awk '/^VmRSS:/ { printf "%.1f", $2 / 1024 }' "/proc/$server/status")
	goroutines=$(curl -sf "http://127.0.0.1:$metrics_port/metrics" | awk '$1 == "go_goroutines" { print $2 }')
	conns=$(psql -h "$pg" -U postgres -Atqc "SELECT count(*) FROM pg_stat_activity WHERE datname = '$db' AND pid <> pg_backend_pid()" postgres)
	printf "%-10s rss %s MB goroutines %s postgres-connections %s load %s\n" "$1" "$rss" "$goroutines" "$conns" "$(cut -d' ' -f1 /proc/loadavg)" | tee -a "$work/samples"
}

sleep 15
sample "+0m15s"
for m in $(seq 1 $((minutes - 1))); do
	sleep 60 & wait $! # a second-granular clock is enough here
	kill -0 "$load" 2>/dev/null || break
	sample "+${m}m15s"
done
# The last sample under load, then the load's own figures once it ends.
sleep 30 & wait $!
kill -0 "$load" 2>/dev/null && sample "end"
wait "$load" || { cat "$work/soak.out"; load=; exit 1; }
load=
cat "$work/soak.out"
sample "idle"

awk '
	/^\+0m/ { next } # warming up
	/^(\+|end)/ { n++; for (i = 1; i <= NF; i++) { if ($i == "rss") r[n] = $(i+1); if ($i == "goroutines") g[n] = $(i+1); if ($i == "postgres-connections") c[n] = $(i+1) } }
	END {
		flat = (r[n] <= r[1] * 1.10) && (g[n] - g[1] <= 10) && (c[n] <= c[1])
		printf "from +1m15s to the last sample under load: rss %s -> %s MB, goroutines %s -> %s, postgres connections %s -> %s: %s\n",
			r[1], r[n], g[1], g[n], c[1], c[n], flat ? "flat" : "NOT flat"
	}' "$work/samples"
