// Package migrations holds Debrief's database schema as SQL migrations, one
// directory per database (postgres/, sqlite/), embedded in the binary and
// applied by internal/store with pressly/goose. Migrations are append-only:
// a released file is never edited; a change is a new numbered file in both
// directories.
package migrations

import "embed"

// FS holds postgres/*.sql and sqlite/*.sql.
//
//go:embed postgres/*.sql sqlite/*.sql
var FS embed.FS
