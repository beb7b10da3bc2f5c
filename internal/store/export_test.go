package store

import "database/sql"

// SQL gives tests the database handle, to check what was stored.
func (s *Store) SQL() *sql.DB { return s.sql }
