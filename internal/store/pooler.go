package store

import (
	"github.com/jackc/pgx/v5"
)

// Behind a connection pooler in transaction mode, such as the PgBouncer of
// Fly.io's Managed Postgres, each transaction may run on a different server
// connection, so nothing may outlive one: no named prepared statement
// (pgx's default, QueryExecModeCacheStatement, prepares and caches one per
// query and connection; PgBouncer before 1.21, Debian 12's 1.18 among them,
// cannot follow them), no session setting, no session advisory lock. A
// store opened with Options.TransactionPooler runs every query with
// QueryExecModeExec, which sends the statement text, its parameters and
// Sync in one round trip and keeps nothing on the server. A Save batch is
// still one pipeline with one Sync, so group commit stays one round trip
// and one implicit transaction, which PgBouncer keeps on one server
// connection. PostgreSQL then parses and plans every statement each time
// (forcing generic plans gained nothing measurable here: planning is not
// the cost). GORM shares the pool, so its queries run the same way, and it
// prepares nothing itself (PrepareStmt is off).
//
// Migrations take goose's session lock, which a transaction pooler cannot
// keep, so through one Migrate only checks that nothing is pending; migrate
// through a direct URL.
//
// A URL that asks pgx itself for statements that keep nothing on the server
// (default_query_exec_mode=exec or simple_protocol, as pgx advises for
// PgBouncer) is taken to go through a transaction pooler too.

// behindTransactionPooler reports whether a pool configured as cfg, with
// opts, goes through a transaction pooler.
func behindTransactionPooler(cfg *pgx.ConnConfig, opts Options) bool {
	switch cfg.DefaultQueryExecMode {
	case pgx.QueryExecModeExec, pgx.QueryExecModeSimpleProtocol:
		return true
	}
	return opts.TransactionPooler
}

// execModeBehindPooler returns the query mode for a pool behind a
// transaction pooler, given the mode its URL asked for: the modes that keep
// a statement on the server across round trips become QueryExecModeExec.
func execModeBehindPooler(asked pgx.QueryExecMode) pgx.QueryExecMode {
	switch asked {
	case pgx.QueryExecModeCacheStatement, pgx.QueryExecModeDescribeExec:
		return pgx.QueryExecModeExec
	}
	return asked
}
