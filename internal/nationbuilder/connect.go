package nationbuilder

import (
	"context"
	"fmt"
	"time"
)

// Connection connects a nation: the authorize URL a coordinator opens,
// and the exchange of the code NationBuilder sends back for a token,
// stored sealed in the vault. `debrief nationbuilder connect` and the
// organizers' NationBuilder page both use it.
type Connection struct {
	OAuth  OAuth
	Vault  Vault
	Sealer *Sealer
}

// AuthorizeURL is where the coordinator approves Debrief; state comes
// back with the code.
func (c Connection) AuthorizeURL(state string) string { return c.OAuth.AuthorizeURL(state) }

// Connect exchanges code for a token and stores it, sealed, clearing any
// problem recorded; it returns when the token expires (it is refreshed
// before). A code NationBuilder refuses (used, expired) gives ErrRevoked.
func (c Connection) Connect(ctx context.Context, code string, now time.Time) (time.Time, error) {
	tok, err := c.OAuth.Exchange(ctx, code, now)
	if err != nil {
		return time.Time{}, err
	}
	sealed, err := c.Sealer.Seal(tok)
	if err != nil {
		return time.Time{}, fmt.Errorf("seal token: %w", err)
	}
	if err := c.Vault.SaveNBToken(ctx, sealed, tok.ExpiresAt, "", now); err != nil {
		return time.Time{}, fmt.Errorf("store token: %w", err)
	}
	return tok.ExpiresAt, nil
}
