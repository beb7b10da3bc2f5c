#!/usr/bin/env bash
# compare.sh REV_A REV_B [PAIRS] [debrief-load flags...]
#
# Loads two builds of `debrief serve` in alternation, A B A B ..., each run
# with -reference on a fresh database, and prints each run and the medians.
# On a shared machine the reference's own throughput moves by half within
# an hour; alternating runs is what lets two builds be compared at all.
#
# Needs git, Go and a local PostgreSQL that the postgres user reaches
# without a password (as in the README). Example, from the repository:
#   cmd/debrief-load/compare.sh main~3 main 5 -volunteers 2000
set -euo pipefail

rev_a=${1:?usage: compare.sh REV_A REV_B [PAIRS] [debrief-load flags...]}
rev_b=${2:?usage: compare.sh REV_A REV_B [PAIRS] [debrief-load flags...]}
pairs=${3:-5}
shift $(($# < 3 ? $# : 3))

pg=${PGHOST:-127.0.0.1}
db=debrief_compare
url="postgres://postgres@$pg:5432/$db?sslmode=disable"
port=${PORT:-18080}
token=comparetoken
work=$(mktemp -d)
server=
cleanup() {
	[ -n "$server" ] && kill "$server" 2>/dev/null && wait "$server" 2>/dev/null
	git worktree remove --force "$work/src" 2>/dev/null || true
	rm -rf "$work"
}
trap cleanup EXIT

build() { # rev name
	git worktree add -q --detach "$work/src" "$1"
	(cd "$work/src" && go build -o "$work/$2" ./cmd/debrief)
	git worktree remove --force "$work/src"
}
build "$rev_a" debrief-a
build "$rev_b" debrief-b
go build -o "$work/debrief-load" ./cmd/debrief-load

run() { # name
	psql -h "$pg" -U postgres -qc "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db" postgres
	DATABASE_URL=$url TWILIO_AUTH_TOKEN=$token PUBLIC_URL=http://127.0.0.1:$port PORT=$port \
		"$work/$1" serve --no-scheduler >"$work/serve.log" 2>&1 &
	server=$!
	for _ in $(seq 50); do curl -sf "http://127.0.0.1:$port/readyz" >/dev/null && break; sleep 0.1; done
	"$work/debrief-load" -url "http://127.0.0.1:$port" -database-url "$url" -token $token \
		-server-pid "$server" -reference "$@" >"$work/out" 2>&1 || { cat "$work/out"; exit 1; }
	kill "$server"; wait "$server" 2>/dev/null || true
	server=
	# One line per run: name ratio p99(ms) server-cpu postgres-cpu reference-postgres-cpu rss(MB)
	awk -v name="$1" '
		/^server / { rss = $6 }
		/^debrief / { for (i = 1; i <= NF; i++) if ($i == "p99") { p99 = $(i+1); sub(/ms,?/, "", p99) } }
		/^ratio/ { ratio = $2 }
		/^cpu\/text/ { srv = $3; pgc = $6; refc = $10 }
		END { printf "%s ratio %s p99 %s server %s postgres %s reference-postgres %s rss %s\n", name, ratio, p99, srv, pgc, refc, rss }
	' "$work/out" | tee -a "$work/runs"
}

for _ in $(seq "$pairs"); do
	run debrief-a "$@"
	run debrief-b "$@"
done

echo "medians over $pairs runs each (A = $rev_a, B = $rev_b):"
for name in debrief-a debrief-b; do
	grep "^$name " "$work/runs" | awk -v name="$name" '
		{ r[NR] = $3; p[NR] = $5; s[NR] = $7; g[NR] = $9; m[NR] = $13 }
		function median(a, n,   i, j, t) {
			for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (a[j] < a[i]) { t = a[i]; a[i] = a[j]; a[j] = t }
			return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
		}
		END { printf "%s ratio %.2f p99 %.1f ms cpu/text server %.2f ms postgres %.2f ms peak RSS %.1f MB\n", name, median(r, NR), median(p, NR), median(s, NR), median(g, NR), median(m, NR) }'
done
