#!/usr/bin/env bash
# scale.sh [N] [PAIRS] [debrief-load flags...]
#
# Issue #13's load at scale: does the webhook keep its pace while the
# scheduler, in the same `debrief serve`, sends N follow-ups that fall due
# at once? Each run starts on a fresh database a fake Twilio of its own
# process (debrief-load -fake-twilio) and `debrief serve` WITH the
# scheduler sending to it at SEND_RATE, seeds N due thank-yous
# (debrief-load -seed-followups), waits for the first sends, runs
# `debrief-load -reference -c 16` (1,000 volunteers unless told), then
# waits for the backlog to drain and asks the fake what it accepted. Runs
# alternate, without a backlog (N=0) and with it, PAIRS times (default 1),
# since on a shared machine only alternating runs compare; it prints each
# run and the medians:
#   ratio, p99      debrief-load's, the reference loaded under the same backlog
#   sent            follow-ups the fake accepted / N, and recipients texted twice (must be 0)
#   rate            texts/s the fake accepted, first to last, against SEND_RATE;
#                   during-load: follow-ups sent while the load ran, per second
#
# POOLER=transaction runs `debrief serve` through PgBouncer instead
# (127.0.0.1:6432 in transaction mode, as `bash .ci/pgbouncer` starts it;
# PGBOUNCER_PORT to change): DATABASE_URL through it, DATABASE_POOLER=
# transaction, DATABASE_DIRECT_URL for the migrations. The load's own
# reference and counts still go straight to PostgreSQL.
#
# Needs Go and a local PostgreSQL the postgres user reaches without a
# password. Example, from the repository (about 4 minutes a pair at the
# default pace, most of it the drain: N / SEND_RATE seconds):
#   SEND_RATE=500 cmd/debrief-load/scale.sh 100000 1
set -euo pipefail

n=${1:-100000}
pairs=${2:-1}
shift $(($# < 2 ? $# : 2))
send_rate=${SEND_RATE:-500}

pg=${PGHOST:-127.0.0.1}
db=debrief_scale
url="postgres://postgres@$pg:5432/$db?sslmode=disable"
pooler=${POOLER:-}
server_db=(DATABASE_URL="$url")
if [ -n "$pooler" ]; then
	server_db=(DATABASE_URL="postgres://postgres@$pg:${PGBOUNCER_PORT:-6432}/$db?sslmode=disable"
		DATABASE_POOLER="$pooler" DATABASE_DIRECT_URL="$url")
	pg_isready -q -h "$pg" -p "${PGBOUNCER_PORT:-6432}" || { echo "no PgBouncer on port ${PGBOUNCER_PORT:-6432}: bash .ci/pgbouncer" >&2; exit 1; }
fi
port=${PORT:-18081}
fake_port=${FAKE_TWILIO_PORT:-18091}
account=AC0123456789abcdef0123456789abcdef # twiliotest's
token=fa4e0b5e1d2c3b4a59687a6b5c4d3e2f      # twiliotest's: signs the webhooks too
work=$(mktemp -d)
server= fake=
stop() { # pid: SIGTERM, then wait for it
	[ -n "$1" ] && kill "$1" 2>/dev/null && wait "$1" 2>/dev/null || true
}
cleanup() { stop "$server"; stop "$fake"; rm -rf "$work"; }
trap cleanup EXIT

# Another engineer's server on one of the ports would answer for ours.
for p in $port $fake_port ${metrics_port:-}; do
	if (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then echo "port $p is in use: set PORT, METRICS_PORT or FAKE_TWILIO_PORT" >&2; exit 1; fi
done
go build -o "$work/debrief" ./cmd/debrief
go build -o "$work/debrief-load" ./cmd/debrief-load
sql() { psql -h "$pg" -U postgres -d "$db" -Atqc "$1"; }
sent_count() { sql "SELECT count(*) FROM followups WHERE kind = 'thanks' AND status IN ('sent', 'delivered')"; }
open_count() { sql "SELECT count(*) FROM followups WHERE kind = 'thanks' AND status IN ('pending', 'sending')"; }

run() { # backlog
	local backlog=$1
	shift
	psql -h "$pg" -U postgres -qc "DROP DATABASE IF EXISTS $db WITH (FORCE)" -c "CREATE DATABASE $db" postgres
	"$work/debrief-load" -fake-twilio "127.0.0.1:$fake_port" >"$work/fake.out" 2>&1 &
	fake=$!
	env "${server_db[@]}" PORT=$port PUBLIC_URL=http://127.0.0.1:$port \
		TWILIO_ACCOUNT_SID=$account TWILIO_AUTH_TOKEN=$token TWILIO_FROM=+16175550100 \
		TWILIO_API_URL=http://127.0.0.1:$fake_port SEND_RATE=$send_rate \
		INBOUND_LIMIT=0 QUIET_HOURS= \
		"$work/debrief" serve >"$work/serve.log" 2>&1 &
	server=$!
	for _ in $(seq 100); do curl -sf "http://127.0.0.1:$port/readyz" >/dev/null && break; sleep 0.1; done
	if [ "$backlog" -gt 0 ]; then
		"$work/debrief-load" -seed-followups "$backlog" -database-url "$url"
		# The scheduler polls every 5 s when idle: load once it is sending.
		for _ in $(seq 200); do [ "$(sent_count)" -gt 0 ] && break; sleep 0.1; done
	fi
	local before t0 after t1
	before=$(sent_count) t0=$(date +%s.%N)
	"$work/debrief-load" -url "http://127.0.0.1:$port" -database-url "$url" -token $token \
		-server-pid "$server" -reference -c 16 -volunteers 1000 "$@" >"$work/out" 2>&1 || { cat "$work/out" "$work/serve.log" | tail -40; exit 1; }
	after=$(sent_count) t1=$(date +%s.%N)
	local wait_s=$((backlog / ${send_rate%.*} * 3 + 60)) deadline
	deadline=$(($(date +%s) + wait_s))
	while [ "$(open_count)" -gt 0 ] && [ "$(date +%s)" -lt "$deadline" ]; do sleep 1; done
	local done_count pending
	done_count=$(sent_count)
	pending=$(open_count)
	stop "$server"; server=
	stop "$fake"; fake=
	cat "$work/out" >>"$work/all.out"
	cat "$work/fake.out" >>"$work/all.out"
	# One line per run: backlog ratio p99(ms) accepted expected duplicates rate(texts/s) during-load(texts/s) left
	awk -v backlog="$backlog" -v before="$before" -v after="$after" -v t0="$t0" -v t1="$t1" -v left="$pending" -v recorded="$done_count" '
		function ms(d) { if (d ~ /µs$/) return d / 1000; if (d ~ /ms$/) return d + 0; if (d ~ /s$/) return d * 1000; return d }
		/^debrief / { for (i = 1; i <= NF; i++) if ($i == "p99") { p99 = $(i+1); sub(/,$/, "", p99) } }
		/^ratio/ { ratio = $2 }
		/^fake-twilio accepted/ { accepted = $3; for (i = 1; i <= NF; i++) { if ($i == "duplicates") dup = $(i+1) + 0; if ($i == "texts/s") rate = $(i-1) } }
		END { printf "backlog %d ratio %s p99 %.2f accepted %d expected %d recorded %d duplicates %d rate %.1f during-load %.1f left %d\n",
			backlog, ratio, ms(p99), accepted, backlog, recorded, dup, rate, (after - before) / (t1 - t0), left }
	' "$work/out" "$work/fake.out" | tee -a "$work/runs"
}

echo "SEND_RATE=$send_rate, N=$n, $pairs pair(s), ${pooler:+through PgBouncer ($pooler mode), }load average $(cut -d' ' -f1-3 /proc/loadavg)"
for _ in $(seq "$pairs"); do
	run 0 "$@"
	run "$n" "$@"
done
echo "load average $(cut -d' ' -f1-3 /proc/loadavg) at the end"

echo "medians over $pairs run(s) each (SEND_RATE=$send_rate):"
for b in 0 "$n"; do
	grep "^backlog $b " "$work/runs" | awk -v b="$b" -v sr="$send_rate" '
		{ r[NR] = $4; p[NR] = $6; a[NR] = $8; d[NR] = $14; s[NR] = $16; l[NR] = $18 }
		function median(x, n,   i, j, t) {
			for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (x[j] < x[i]) { t = x[i]; x[i] = x[j]; x[j] = t }
			return n % 2 ? x[(n + 1) / 2] : (x[n / 2] + x[n / 2 + 1]) / 2
		}
		END {
			printf "backlog %d: ratio %.2f p99 %.2f ms", b, median(r, NR), median(p, NR)
			if (b > 0) printf ", follow-ups sent %d / %d, duplicates %d, %.0f texts/s (SEND_RATE %s), %.0f/s while the load ran", median(a, NR), b, median(d, NR), median(s, NR), sr, median(l, NR)
			printf "\n"
		}' | tee -a "$work/medians"
done
p0=$(awk '/^backlog 0:/ { print $6 }' "$work/medians")
pn=$(awk -v n="$n" '$2 == n":" { print $6 }' "$work/medians")
awk -v a="$p0" -v b="$pn" 'BEGIN { printf "p99 with the backlog / without: %.2f (issue #13: at most 1.50)\n", b / a }'
