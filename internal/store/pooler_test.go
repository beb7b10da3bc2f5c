package store_test

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"github.com/debrief-sms/debrief"
	"github.com/debrief-sms/debrief/internal/conversation"
	"github.com/debrief-sms/debrief/internal/store"
	"github.com/debrief-sms/debrief/internal/store/storetest"
)

// TestGroupCommitOneTransaction saves several volunteers' texts in one
// batch, directly and through PgBouncer in transaction mode: every text of
// the batch is written by one transaction (one xmin), so the pooler kept
// the pipeline on one server connection and its single commit.
func TestGroupCommitOneTransaction(t *testing.T) {
	t.Parallel()
	storetest.EachOf(t, storetest.PostgresBackends(t), func(t *testing.T, b storetest.Backend) {
		s := b.Open(t)
		ctx := context.Background()
		const texts = 8
		ins := make([]debrief.Inbound, texts)
		results := make([]conversation.Result, texts)
		for i := range texts {
			st, _, _, err := s.Load(ctx, fmt.Sprintf("+1617555%04d", 300+i), "")
			if err != nil {
				t.Fatal(err)
			}
			ins[i], results[i] = simpleStep(st, fmt.Sprintf("SM-together-%d", i))
		}
		for i, err := range s.SaveTogether(ctx, ins, results) {
			if err != nil {
				t.Fatalf("text %d: %v", i, err)
			}
		}
		if n := count(t, s, `SELECT count(*) FROM messages`); n != texts {
			t.Fatalf("%d texts stored, want %d", n, texts)
		}
		if n := count(t, s, `SELECT count(DISTINCT xmin::text) FROM messages`); n != 1 {
			t.Errorf("the batch's texts were written by %d transactions, want 1", n)
		}
	})
}

// TestMigrateBehindPooler: behind a transaction pooler Migrate applies
// nothing (goose's session lock would outlive its server connection); it
// says when migrations are pending, and is a no-op once they were applied
// directly.
func TestMigrateBehindPooler(t *testing.T) {
	t.Parallel()
	url := storetest.PostgresURL(t)
	ctx := context.Background()
	opts := storetest.Options
	opts.TransactionPooler = true
	pooled, err := store.Open(ctx, url, opts)
	if err != nil {
		t.Fatal(err)
	}
	defer pooled.Close()
	if err := pooled.Migrate(ctx); !errors.Is(err, store.ErrMigrateThroughPooler) {
		t.Fatalf("Migrate of an empty database behind a pooler: %v, want ErrMigrateThroughPooler", err)
	}
	if n := count(t, pooled, `SELECT count(*) FROM pg_tables WHERE tablename = 'volunteers'`); n != 0 {
		t.Fatalf("Migrate behind a pooler created the tables")
	}

	direct, err := store.Open(ctx, url, storetest.Options)
	if err != nil {
		t.Fatal(err)
	}
	defer direct.Close()
	if err := direct.Migrate(ctx); err != nil {
		t.Fatalf("Migrate directly: %v", err)
	}
	if err := pooled.Migrate(ctx); err != nil {
		t.Errorf("Migrate of an up-to-date database behind a pooler: %v, want nil", err)
	}
}
