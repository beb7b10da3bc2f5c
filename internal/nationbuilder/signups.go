package nationbuilder

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
)

// Signup is a person's attributes as Debrief writes them; empty ones are
// left out of the request, so they never clear what NationBuilder has.
type Signup struct {
	ID           string `json:"-"`
	FirstName    string `json:"first_name,omitempty"`
	LastName     string `json:"last_name,omitempty"`
	Email        string `json:"email,omitempty"`
	MobileNumber string `json:"mobile_number,omitempty"`
	Note         string `json:"note,omitempty"`
	ExternalID   string `json:"external_id,omitempty"`
}

// resource is a JSON:API resource object.
type resource[A any] struct {
	ID         string `json:"id,omitempty"`
	Type       string `json:"type"`
	Attributes A      `json:"attributes"`
}

// document is a JSON:API document with one resource.
type document[A any] struct {
	Data resource[A] `json:"data"`
}

// page is a JSON:API document with a page of resources.
type page[A any] struct {
	Data  []resource[A] `json:"data"`
	Links struct {
		Next string `json:"next"`
	} `json:"links"`
}

// Push matches s to a person by its email or external_id (NationBuilder's
// push never matches on a phone) and updates them, or creates them: it
// returns their id and whether they were created (201).
func (c *Client) Push(ctx context.Context, s Signup) (id string, created bool, err error) {
	var out document[Signup]
	status, err := c.call(ctx, http.MethodPatch, "/api/v2/signups/push", nil,
		document[Signup]{Data: resource[Signup]{Type: "signups", Attributes: s}}, &out)
	if err != nil {
		return "", false, fmt.Errorf("push signup: %w", err)
	}
	if out.Data.ID == "" {
		return "", false, fmt.Errorf("push signup: %w", &Error{Status: status, Message: "answer without an id", temporary: true})
	}
	return out.Data.ID, status == http.StatusCreated, nil
}

// Create creates s as a new person and returns their id.
func (c *Client) Create(ctx context.Context, s Signup) (string, error) {
	var out document[Signup]
	status, err := c.call(ctx, http.MethodPost, "/api/v2/signups", nil,
		document[Signup]{Data: resource[Signup]{Type: "signups", Attributes: s}}, &out)
	if err != nil {
		return "", fmt.Errorf("create signup: %w", err)
	}
	if out.Data.ID == "" {
		return "", fmt.Errorf("create signup: %w", &Error{Status: status, Message: "answer without an id", temporary: true})
	}
	return out.Data.ID, nil
}

// Update writes s's attributes on the person s.ID.
func (c *Client) Update(ctx context.Context, s Signup) error {
	if s.ID == "" {
		return fmt.Errorf("update signup: no id")
	}
	_, err := c.call(ctx, http.MethodPatch, "/api/v2/signups/"+url.PathEscape(s.ID), nil,
		document[Signup]{Data: resource[Signup]{ID: s.ID, Type: "signups", Attributes: s}}, nil)
	if err != nil {
		return fmt.Errorf("update signup %s: %w", s.ID, err)
	}
	return nil
}

// FindByExternalID returns the id of the person whose external_id is id,
// found false when there is none.
func (c *Client) FindByExternalID(ctx context.Context, externalID string) (id string, found bool, err error) {
	var out page[Signup]
	q := url.Values{"filter[external_id][eq]": {externalID}, "fields[signups]": {"external_id"}}
	if _, err := c.call(ctx, http.MethodGet, "/api/v2/signups", q, nil, &out); err != nil {
		return "", false, fmt.Errorf("find signup by external id: %w", err)
	}
	for _, r := range out.Data {
		if r.Attributes.ExternalID == "" || r.Attributes.ExternalID == externalID {
			return r.ID, true, nil
		}
	}
	return "", false, nil
}

// Match is what v1's people/match looks for.
type Match struct {
	FirstName, LastName, Mobile string
}

// MatchPerson asks v1's people/match for the one person with m's mobile
// and name (v2 has no phone filter). found is false when nobody or more
// than one person matches: NationBuilder answers only for exactly one.
func (c *Client) MatchPerson(ctx context.Context, m Match) (id string, found bool, err error) {
	q := url.Values{"mobile": {m.Mobile}}
	if m.FirstName != "" {
		q.Set("first_name", m.FirstName)
	}
	if m.LastName != "" {
		q.Set("last_name", m.LastName)
	}
	var out struct {
		Person struct {
			ID jsonID `json:"id"`
		} `json:"person"`
	}
	_, err = c.call(ctx, http.MethodGet, "/api/v1/people/match", q, nil, &out)
	switch {
	case err == nil && out.Person.ID != "":
		return string(out.Person.ID), true, nil
	case err == nil, IsNotFound(err):
		return "", false, nil
	case statusOf(err) == http.StatusBadRequest && (codeOf(err) == "no_matches" || codeOf(err) == "multiple_matches"):
		return "", false, nil
	}
	return "", false, fmt.Errorf("match person by phone: %w", err)
}

// jsonID reads an id written as a number (v1) or a string (v2).
type jsonID string

func (j *jsonID) UnmarshalJSON(b []byte) error {
	if string(b) == "null" {
		*j = ""
		return nil
	}
	if len(b) > 0 && b[0] == '"' {
		s, err := strconv.Unquote(string(b))
		*j = jsonID(s)
		return err
	}
	if _, err := strconv.ParseInt(string(b), 10, 64); err != nil {
		return fmt.Errorf("id %s: %w", b, err)
	}
	*j = jsonID(b)
	return nil
}

// v1ID is a v2 id as v1 writes it, a number; an id that is not one is
// refused before any request.
func v1ID(id string) (int64, error) {
	n, err := strconv.ParseInt(id, 10, 64)
	if err != nil {
		return 0, fmt.Errorf("id %q is not a number, as v1 wants", id)
	}
	return n, nil
}
