package nationbuilder_test

import (
	"errors"
	"testing"
	"time"

	"github.com/debrief-sms/debrief/internal/nationbuilder"
	"github.com/debrief-sms/debrief/internal/nationbuilder/nbtest"
)

func newClient(t *testing.T, f *nbtest.Fake) *nationbuilder.Client {
	t.Helper()
	c, err := nationbuilder.New(nationbuilder.Config{BaseURL: f.URL, Tokens: nationbuilder.NewStaticToken("test-token")})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestPushMatchesByEmailThenExternalID(t *testing.T) {
	f := nbtest.New(t)
	c := newClient(t, f)
	ctx := t.Context()
	id1, created, err := c.Push(ctx, nationbuilder.Signup{Email: "ana@example.org", FirstName: "Ana", ExternalID: "x1"})
	if err != nil || !created {
		t.Fatalf("first push: %v created=%v", err, created)
	}
	id2, created, err := c.Push(ctx, nationbuilder.Signup{Email: "ANA@example.org", LastName: "García"})
	if err != nil || created || id2 != id1 {
		t.Fatalf("second push: %s %v %v, want %s matched", id2, created, err, id1)
	}
	id3, created, err := c.Push(ctx, nationbuilder.Signup{ExternalID: "x1"})
	if err != nil || created || id3 != id1 {
		t.Fatalf("push by external id: %s %v %v", id3, created, err)
	}
	if got, found, err := c.FindByExternalID(ctx, "x1"); err != nil || !found || got != id1 {
		t.Errorf("FindByExternalID = %s %v %v", got, found, err)
	}
	if _, found, err := c.FindByExternalID(ctx, "nobody"); err != nil || found {
		t.Errorf("FindByExternalID(nobody) = %v %v", found, err)
	}
	if n := len(f.People()); n != 1 {
		t.Errorf("%d people, want 1", n)
	}
}

func TestErrorsClassed(t *testing.T) {
	f := nbtest.New(t)
	c := newClient(t, f)
	ctx := t.Context()
	tests := []struct {
		name      string
		fault     nbtest.Fault
		temporary bool
		status    int
	}{
		{"429", nbtest.RateLimited, true, 429},
		{"500", nbtest.ServerError, true, 500},
		{"dropped", nbtest.DropAfter, true, 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f.Fail("PATCH", "/api/v2/signups/push", tc.fault, 1)
			_, _, err := c.Push(ctx, nationbuilder.Signup{ExternalID: "e-" + tc.name})
			var e *nationbuilder.Error
			if !errors.As(err, &e) || e.Temporary() != tc.temporary || e.Status != tc.status {
				t.Fatalf("Push = %v, want temporary %v status %d", err, tc.temporary, tc.status)
			}
			if tc.fault == nbtest.RateLimited && e.RetryAfter != 3*time.Second {
				t.Errorf("RetryAfter = %s, want 3s", e.RetryAfter)
			}
		})
	}
	_, _, err := c.Push(ctx, nationbuilder.Signup{Email: "not-an-email"})
	var e *nationbuilder.Error
	if !errors.As(err, &e) || e.Temporary() || e.Status != 422 || e.Field != "email" {
		t.Errorf("invalid email: %v, want a permanent 422 on email", err)
	}
	if err := c.Update(ctx, nationbuilder.Signup{ID: "999", FirstName: "X"}); !nationbuilder.IsNotFound(err) || nationbuilder.IsTemporary(err) {
		t.Errorf("update of nobody: %v, want a permanent 404", err)
	}
}

func TestTagsAndContactTypeCached(t *testing.T) {
	f := nbtest.New(t)
	c := newClient(t, f)
	ctx := t.Context()
	id, _, err := c.Push(ctx, nationbuilder.Signup{ExternalID: "p"})
	if err != nil {
		t.Fatal(err)
	}
	for range 3 {
		tid, err := c.TagID(ctx, "1:1 2026-12")
		if err != nil {
			t.Fatal(err)
		}
		if err := c.Tag(ctx, id, tid); err != nil {
			t.Fatal(err)
		}
		if _, err := c.ContactTypeID(ctx, "1:1"); err != nil {
			t.Fatal(err)
		}
	}
	lookups := 0
	for _, r := range f.Requests() {
		if r.Method == "GET" || (r.Method == "POST" && r.Path != "/api/v2/signup_taggings") {
			lookups++
		}
	}
	if lookups != 4 { // find+create the tag, find+create the type
		t.Errorf("%d lookups of tags and types, want 4 (cached)", lookups)
	}
	if len(f.Tags()) != 1 || len(f.ContactTypes()) != 1 {
		t.Errorf("tags %v, types %v", f.Tags(), f.ContactTypes())
	}
	tid, _ := c.ContactTypeID(ctx, "1:1")
	if _, err := c.LogContactV1(ctx, nationbuilder.Contact{SignupID: id, AuthorID: id, Method: "meeting",
		Status: "meaningful_interaction", Note: "hi\nref r-1", TypeID: tid}); err != nil {
		t.Fatal(err)
	}
	cid, found, err := c.FindContact(ctx, id, "ref r-1")
	if err != nil || !found || cid == "" {
		t.Fatalf("FindContact = %s %v %v", cid, found, err)
	}
	if err := c.UpdateContactNote(ctx, cid, "edited\nref r-1"); err != nil {
		t.Fatal(err)
	}
	if cs := f.Contacts(); len(cs) != 1 || cs[0].Note != "edited\nref r-1" || cs[0].TypeID != tid {
		t.Errorf("contacts %+v", cs)
	}
}

func TestOAuthAndRefresh(t *testing.T) {
	f := nbtest.New(t)
	o := nationbuilder.OAuth{BaseURL: f.URL, ClientID: nbtest.ClientID, ClientSecret: nbtest.ClientSecret, RedirectURI: "urn:ietf:wg:oauth:2.0:oob"}
	now := time.Date(2026, 11, 24, 17, 0, 0, 0, time.UTC)
	if _, err := o.Exchange(t.Context(), "bad", now); !errors.Is(err, nationbuilder.ErrRevoked) {
		t.Errorf("bad code: %v", err)
	}
	tok, err := o.Exchange(t.Context(), nbtest.GoodCode, now)
	if err != nil || tok.Access == "" || tok.Refresh == "" || !tok.ExpiresAt.Equal(now.Add(24*time.Hour)) {
		t.Fatalf("Exchange = %+v %v", tok, err)
	}
	nt, err := o.Refresh(t.Context(), tok.Refresh, now)
	if err != nil || nt.Access == tok.Access {
		t.Fatalf("Refresh = %+v %v", nt, err)
	}
	if _, err := o.Refresh(t.Context(), tok.Refresh, now); !errors.Is(err, nationbuilder.ErrRevoked) {
		t.Errorf("reused refresh token: %v, want ErrRevoked", err)
	}
	if s := tok.String(); s == "" || contains(s, tok.Access) {
		t.Errorf("Token.String shows the token: %s", s)
	}
}

func contains(s, sub string) bool {
	return len(sub) > 0 && len(s) >= len(sub) && (s == sub || indexOf(s, sub) >= 0)
}

func indexOf(s, sub string) int {
	for i := 0; i+len(sub) <= len(s); i++ {
		if s[i:i+len(sub)] == sub {
			return i
		}
	}
	return -1
}

func TestSealer(t *testing.T) {
	key, err := nationbuilder.ParseKey("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f")
	if err != nil {
		t.Fatal(err)
	}
	s, _ := nationbuilder.NewSealer(key)
	tok := nationbuilder.Token{Access: "a", Refresh: "r", ExpiresAt: time.Date(2026, 11, 25, 0, 0, 0, 0, time.UTC)}
	sealed, err := s.Seal(tok)
	if err != nil || contains(sealed, "\"a\"") {
		t.Fatal(err)
	}
	got, err := s.Open(sealed)
	if err != nil || got != tok {
		t.Errorf("Open = %+v %v", got, err)
	}
	other, _ := nationbuilder.NewSealer(make([]byte, 32))
	if _, err := other.Open(sealed); err == nil {
		t.Error("opened with another key")
	}
}
