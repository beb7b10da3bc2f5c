package main

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/debrief-sms/debrief/internal/twilio"
)

// loadReference serves the least a webhook can do, a signature check and
// one INSERT ... ON CONFLICT, on loopback against the same database, and
// loads it exactly as Debrief is loaded. Its throughput is the ceiling the
// real handler is measured against.
func loadReference(ctx context.Context, c config) (result, error) {
	if !strings.HasPrefix(c.databaseURL, "postgres") {
		return result{}, fmt.Errorf("the reference runs on PostgreSQL only")
	}
	pool, err := pgxpool.New(ctx, c.databaseURL)
	if err != nil {
		return result{}, err
	}
	defer pool.Close()
	if _, err := pool.Exec(ctx, `CREATE TABLE IF NOT EXISTS load_reference (
		message_sid text PRIMARY KEY, phone text NOT NULL, body text NOT NULL,
		created_at timestamptz NOT NULL DEFAULT now())`); err != nil {
		return result{}, fmt.Errorf("create reference table: %w", err)
	}

	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return result{}, err
	}
	base := "http://" + ln.Addr().String()
	validator, err := twilio.NewValidator(c.authToken, base)
	if err != nil {
		return result{}, err
	}
	srv := &http.Server{Handler: referenceHandler(pool, validator)}
	go srv.Serve(ln) //nolint:errcheck // closed below
	defer srv.Close()

	rc := c
	rc.reference = false
	before := sampleCPU(0)
	res := load(ctx, rc, base, base, "+1556"+c.runID, nil)
	_, res.postgresCPU = perText(before, sampleCPU(0), res.sent) // before the pool closes its backends
	return res, nil
}

// referenceHandler checks the signature exactly as Debrief does and stores
// the text with one statement.
func referenceHandler(pool *pgxpool.Pool, validator *twilio.Validator) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if err := validator.Check(r); err != nil {
			http.Error(w, "bad signature", http.StatusForbidden)
			return
		}
		if _, err := pool.Exec(r.Context(),
			`INSERT INTO load_reference (message_sid, phone, body) VALUES ($1, $2, $3) ON CONFLICT (message_sid) DO NOTHING`,
			r.PostForm.Get("MessageSid"), r.PostForm.Get("From"), r.PostForm.Get("Body")); err != nil {
			http.Error(w, "db", http.StatusInternalServerError)
			return
		}
		w.Header().Set("Content-Type", "text/xml")
		io.WriteString(w, `<?xml version="1.0" encoding="UTF-8"?><Response><Message>Thanks</Message></Response>`) //nolint:errcheck
	})
}
