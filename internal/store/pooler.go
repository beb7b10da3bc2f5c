package store

import (
	"github.com/jackc/pgx/v5"
)

// Behind a connection pooler in transaction mode, such as the PgBouncer of
// Fly.io's Managed Postgres, each transaction may run on a different server
// connection, so nothing may outlive one: no named prepared statement
// (pgx's default, QueryExecModeCacheStatement, prepares and caches one per
// query and connection; PgBouncer before 1.21, Debian 12's 1.18 among them,
// cannot follow them: "prepared statement stmtcache_... does not exist"),
// no session setting, no session advisory lock.
//
// A store opened with Options.TransactionPooler therefore runs its queries
// with QueryExecModeCacheDescribe: pgx keeps each statement's parameter and
// result types on the client, and sends the statement text with its
// parameters and Sync in one round trip, on the unnamed statement, which
// lives only until the next. A statement pgx has not seen yet on a
// connection costs one more round trip first, to describe it (once per
// statement shape and connection). A Save batch is still one pipeline with
// one Sync, so group commit stays one round trip and one implicit
// transaction, which PgBouncer keeps on one server connection. GORM shares
// the pool, so its queries run the same way, and it prepares nothing itself
// (PrepareStmt is off).
//
// The price is that PostgreSQL parses and plans every statement every
// time. With cmd/debrief-load (300 volunteers, 16 senders, 2026-12-01, a
// shared 2-CPU machine, so ranges over runs) PostgreSQL's CPU per text was
// 0.08-0.28 ms directly with named statements, 0.31-0.34 ms through
// PgBouncer with CacheDescribe (1,000-2,000 texts a second, no error), and
// 0.92 through PgBouncer with QueryExecModeExec (text-format parameters of
// unknown type), which is why that mode is not the one chosen here.
//
// Migrations take goose's session lock, which a transaction pooler cannot
// keep, so through one Migrate only checks that nothing is pending; migrate
// through a direct URL.
//
// A URL that asks pgx itself for a mode that keeps no statement on the
// server (default_query_exec_mode=cache_describe, exec or simple_protocol,
// as pgx advises for PgBouncer) is taken to go through a transaction pooler
// too, and keeps its mode.

// behindTransactionPooler reports whether a pool configured as cfg, with
// opts, goes through a transaction pooler.
func behindTransactionPooler(cfg *pgx.ConnConfig, opts Options) bool {
	switch cfg.DefaultQueryExecMode {
	case pgx.QueryExecModeCacheDescribe, pgx.QueryExecModeExec, pgx.QueryExecModeSimpleProtocol:
		return true
	}
	return opts.TransactionPooler
}

// execModeBehindPooler returns the query mode for a pool behind a
// transaction pooler, given the mode its URL asked for: the modes that keep
// a statement on the server across round trips become
// QueryExecModeCacheDescribe.
func execModeBehindPooler(asked pgx.QueryExecMode) pgx.QueryExecMode {
	switch asked {
	case pgx.QueryExecModeCacheStatement, pgx.QueryExecModeDescribeExec:
		return pgx.QueryExecModeCacheDescribe
	}
	return asked
}
