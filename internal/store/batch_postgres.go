package store

import (
	"context"
	"errors"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"
)

// saveBatcher is group commit for Save on PostgreSQL: texts from different
// volunteers that wait for the database at the same moment are sent as one
// pgx batch, one round trip and one commit for all of them, instead of one
// each. A batch runs in PostgreSQL's implicit transaction (one Sync for the
// whole pipeline), so it commits all its steps or none.
//
// A worker takes the first waiting Save, then every other one already
// waiting, up to maxBatch, and runs them. A text that finds the worker idle
// is sent at once, alone, exactly as without batching: nothing waits on a
// timer, so batches form only when texts come faster than the database
// commits them, which is when they pay, and they grow with the load.
//
// When PostgreSQL refuses any statement of a batch (a MessageSid stored
// meanwhile, a deadlock between two new teams), the whole batch was rolled
// back; each of its Saves then runs again on its own, so one text's error
// is never another's.
type saveBatcher struct {
	pool     *pgxpool.Pool
	calls    chan *saveCall
	stop     chan struct{}
	stopOnce sync.Once
	workers  sync.WaitGroup
	maxBatch int
	timeout  time.Duration // for a batch none of whose callers has a deadline
}

// saveWorkers is how many batches are in flight at once: one. While it
// runs, the next one gathers. More workers make smaller batches and more
// commits for the same texts: with cmd/debrief-load/compare.sh (16
// senders, 2 CPUs, five alternating runs each), the ratio to the reference
// was 0.66 with a worker per pool connection (4), 0.73 with 2 and 0.87
// with 1, p99 7.8 ms with 2 and 6.5 with 1. One PostgreSQL backend then
// does every Save: at about 0.1 ms of its CPU a text, that is some ten
// thousand texts a second, far above any day Debrief will see. Save's
// writes touch only the texting volunteer's rows, and nothing else holds
// those locks for long (the scheduler claims follow-ups in autocommit), so
// a batch does not wait behind anything slow. The pool's other
// connections stay free for Load, the scheduler and GORM.
const saveWorkers = 1

// maxSaveBatch bounds a batch: 32 steps of 1,600-character texts are about
// 100 KB of parameters, and a batch holds its rows' locks until it commits.
// With 16 concurrent senders batches stay well under it.
const maxSaveBatch = 32

// saveCall is one Save waiting in the batcher.
type saveCall struct {
	ctx    context.Context
	sql    string
	args   []any
	result chan saveRow // buffered: a worker never waits for the caller
}

func newSaveCall(ctx context.Context, sql string, args []any) *saveCall {
	return &saveCall{ctx: ctx, sql: sql, args: args, result: make(chan saveRow, 1)}
}

// saveRow is the one row a Save statement returns, or why it did not.
type saveRow struct {
	saved                int64
	volunteerID, draftID *int64
	created              bool
	err                  error
}

func (r *saveRow) scan(row pgx.Row) error {
	return row.Scan(&r.saved, &r.volunteerID, &r.draftID, &r.created)
}

func newSaveBatcher(pool *pgxpool.Pool, workers, maxBatch int) *saveBatcher {
	b := &saveBatcher{
		pool:     pool,
		calls:    make(chan *saveCall),
		stop:     make(chan struct{}),
		maxBatch: maxBatch,
		timeout:  10 * time.Second,
	}
	b.workers.Add(workers)
	for range workers {
		go b.work()
	}
	return b
}

// close stops the workers once the Saves they hold are done.
func (b *saveBatcher) close() {
	b.stopOnce.Do(func() { close(b.stop) })
	b.workers.Wait()
}

// queryRow runs one Save statement, batched with whatever else is waiting.
func (b *saveBatcher) queryRow(ctx context.Context, sql string, args []any) saveRow {
	call := newSaveCall(ctx, sql, args)
	select {
	case b.calls <- call:
	case <-ctx.Done():
		return saveRow{err: ctx.Err()}
	case <-b.stop:
		return saveRow{err: ErrClosed}
	}
	return b.await(call)
}

// await returns the call's row once its batch has run. It waits whatever
// the call's context says: once taken, the Save may commit, and a caller
// must never report as failed a text that was stored.
func (b *saveBatcher) await(call *saveCall) saveRow {
	return <-call.result
}

func (b *saveBatcher) work() {
	defer b.workers.Done()
	batch := make([]*saveCall, 0, b.maxBatch)
	for {
		select {
		case call := <-b.calls:
			batch = append(batch[:0], call)
		case <-b.stop:
			return
		}
	more:
		for len(batch) < b.maxBatch {
			select {
			case call := <-b.calls:
				batch = append(batch, call)
			default:
				break more
			}
		}
		b.run(batch)
	}
}

// run sends the batch's Saves and answers each caller. It reuses batch's
// array.
func (b *saveBatcher) run(batch []*saveCall) {
	live := batch[:0]
	for _, call := range batch {
		if err := call.ctx.Err(); err != nil {
			call.result <- saveRow{err: err}
			continue
		}
		live = append(live, call)
	}
	switch len(live) {
	case 0:
		return
	case 1:
		b.runAlone(live[0])
		return
	}

	ctx, cancel := context.WithDeadline(context.Background(), b.deadline(live))
	defer cancel()
	var pgBatch pgx.Batch
	for _, call := range live {
		pgBatch.Queue(call.sql, call.args...)
	}
	rows := make([]saveRow, len(live))
	results := b.pool.SendBatch(ctx, &pgBatch)
	var err error
	for i := range live {
		if err = rows[i].scan(results.QueryRow()); err != nil {
			break
		}
	}
	if closeErr := results.Close(); err == nil {
		err = closeErr
	}
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) {
		// PostgreSQL refused a statement: the implicit transaction
		// stored none of them. Each runs again alone, here, so that
		// Close still waits for them.
		for _, call := range live {
			b.runAlone(call)
		}
		return
	}
	for i, call := range live {
		if err != nil {
			rows[i] = saveRow{err: err}
		}
		call.result <- rows[i]
	}
}

// deadline is when a batch gives up: the latest of its callers' deadlines.
// A batch serves several callers, so no one caller's context may cancel it;
// each caller waits for its answer, at most until its batch's deadline.
func (b *saveBatcher) deadline(batch []*saveCall) time.Time {
	var latest time.Time
	for _, call := range batch {
		d, ok := call.ctx.Deadline()
		if !ok {
			return time.Now().Add(b.timeout)
		}
		if d.After(latest) {
			latest = d
		}
	}
	return latest
}

// runAlone runs one Save as its own statement, on its caller's context.
func (b *saveBatcher) runAlone(call *saveCall) {
	var r saveRow
	r.err = r.scan(b.pool.QueryRow(call.ctx, call.sql, call.args...))
	call.result <- r
}
