package nationbuilder

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"
)

// StaticToken is a token given directly (NATIONBUILDER_ACCESS_TOKEN, such
// as the 24-hour test token of Settings > Developer). Once NationBuilder
// refuses it, every request fails with ErrRevoked.
type StaticToken struct {
	mu      sync.Mutex
	token   string
	refused bool
}

// NewStaticToken returns a source that always gives token.
func NewStaticToken(token string) *StaticToken { return &StaticToken{token: token} }

// Token implements TokenSource.
func (s *StaticToken) Token(context.Context) (string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.refused {
		return "", fmt.Errorf("NATIONBUILDER_ACCESS_TOKEN: %w", ErrRevoked)
	}
	return s.token, nil
}

// Invalid implements TokenSource.
func (s *StaticToken) Invalid(context.Context, string) {
	s.mu.Lock()
	s.refused = true
	s.mu.Unlock()
}

// Vault keeps the connection's sealed token; the store implements it.
// LoadNBToken returns "" when no nation is connected.
type Vault interface {
	LoadNBToken(ctx context.Context) (sealed string, err error)
	// SaveNBToken stores a token; problem, when not "", says why the
	// connection stopped working (shown by status), and clears with
	// the next good token.
	SaveNBToken(ctx context.Context, sealed string, expiresAt time.Time, problem string, at time.Time) error
}

// RefreshBefore is how long before its expiry a token is refreshed.
const RefreshBefore = time.Hour

// Tokens is the OAuth connection's token source: it reads the sealed token
// from the vault, refreshes it an hour before it expires (tokens last 24
// hours) or when NationBuilder refuses it, and stores the new one, sealed.
// Several processes may share one vault: after a refused refresh, it reads
// the vault again in case another process refreshed first.
type Tokens struct {
	OAuth  OAuth
	Vault  Vault
	Sealer *Sealer
	Now    func() time.Time

	mu      sync.Mutex
	cur     Token
	invalid string // the access token refused last
}

// Token implements TokenSource.
func (t *Tokens) Token(ctx context.Context) (string, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	now := t.Now()
	if t.cur.Access == "" || t.cur.Access == t.invalid || !now.Before(t.cur.ExpiresAt.Add(-RefreshBefore)) {
		if err := t.load(ctx); err != nil {
			return "", err
		}
	}
	if t.cur.Access != t.invalid && now.Before(t.cur.ExpiresAt.Add(-RefreshBefore)) {
		return t.cur.Access, nil
	}
	if t.cur.Refresh == "" {
		return "", t.problem(ctx, ErrRevoked)
	}
	nt, err := t.OAuth.Refresh(ctx, t.cur.Refresh, now)
	if errors.Is(err, ErrRevoked) {
		// Another process may have used the refresh token first.
		if lerr := t.load(ctx); lerr == nil && t.cur.Access != t.invalid && now.Before(t.cur.ExpiresAt.Add(-RefreshBefore)) {
			return t.cur.Access, nil
		}
		return "", t.problem(ctx, err)
	}
	if err != nil {
		if t.cur.Access != t.invalid && now.Before(t.cur.ExpiresAt) {
			return t.cur.Access, nil // not expired yet: refresh next time
		}
		return "", err
	}
	sealed, err := t.Sealer.Seal(nt)
	if err != nil {
		return "", err
	}
	if err := t.Vault.SaveNBToken(ctx, sealed, nt.ExpiresAt, "", now); err != nil {
		return "", fmt.Errorf("store refreshed token: %w", err)
	}
	t.cur, t.invalid = nt, ""
	return nt.Access, nil
}

// Invalid implements TokenSource.
func (t *Tokens) Invalid(_ context.Context, token string) {
	t.mu.Lock()
	t.invalid = token
	t.mu.Unlock()
}

func (t *Tokens) load(ctx context.Context) error {
	sealed, err := t.Vault.LoadNBToken(ctx)
	if err != nil {
		return fmt.Errorf("load token: %w", err)
	}
	if sealed == "" {
		return fmt.Errorf("no nation connected (debrief nationbuilder connect): %w", ErrRevoked)
	}
	tok, err := t.Sealer.Open(sealed)
	if err != nil {
		return err
	}
	t.cur = tok
	return nil
}

// problem records why the connection stopped, for status, and returns err.
func (t *Tokens) problem(ctx context.Context, err error) error {
	if sealed, lerr := t.Sealer.Seal(t.cur); lerr == nil {
		_ = t.Vault.SaveNBToken(ctx, sealed, t.cur.ExpiresAt, err.Error(), t.Now())
	}
	return err
}
