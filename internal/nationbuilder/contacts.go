package nationbuilder

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
)

// Contact is a contact logged on a person: Author held it.
type Contact struct {
	SignupID string // the person contacted
	AuthorID string // the person who held the contact
	// Method: v2's face_to_face, meeting, text_1to1, video_call...; v1
	// takes the same names.
	Method string
	Status string // meaningful_interaction...
	Note   string
	TypeID string // v1 contact type; v2 has none
}

// ErrNoContactTypes reports a nation whose v1 contact types cannot be
// read or written (no v1 access): log contacts through v2, without a type.
var ErrNoContactTypes = errors.New("contact types unavailable")

type contactAttrs struct {
	SignupID      string `json:"signup_id,omitempty"`
	AuthorID      string `json:"author_id,omitempty"`
	ContactMethod string `json:"contact_method,omitempty"`
	ContactStatus string `json:"contact_status,omitempty"`
	Content       string `json:"content"`
}

// CreateContact logs c through v2 (no contact type) and returns its id.
func (c *Client) CreateContact(ctx context.Context, ct Contact) (string, error) {
	var out document[contactAttrs]
	status, err := c.call(ctx, http.MethodPost, "/api/v2/contacts", nil, document[contactAttrs]{Data: resource[contactAttrs]{
		Type: "contacts", Attributes: contactAttrs{SignupID: ct.SignupID, AuthorID: ct.AuthorID,
			ContactMethod: ct.Method, ContactStatus: ct.Status, Content: ct.Note}}}, &out)
	if err != nil {
		return "", fmt.Errorf("create contact: %w", err)
	}
	if out.Data.ID == "" {
		return "", fmt.Errorf("create contact: %w", &Error{Status: status, Message: "answer without an id"})
	}
	return out.Data.ID, nil
}

// UpdateContactNote replaces the note (content) of the contact id.
func (c *Client) UpdateContactNote(ctx context.Context, id, note string) error {
	_, err := c.call(ctx, http.MethodPatch, "/api/v2/contacts/"+url.PathEscape(id), nil, document[contactAttrs]{
		Data: resource[contactAttrs]{ID: id, Type: "contacts", Attributes: contactAttrs{Content: note}}}, nil)
	if err != nil {
		return fmt.Errorf("update contact %s: %w", id, err)
	}
	return nil
}

// maxContactPages bounds FindContact: v2 documents no signup_id filter on
// contacts (unconfirmed), and a nation that ignores it would page through
// every contact it has.
const maxContactPages = 5

// ErrTooManyContacts reports a FindContact that gave up paging.
var ErrTooManyContacts = errors.New("too many contacts to look through: NationBuilder may not filter contacts by signup_id")

// FindContact returns the id of the contact on signupID whose note
// contains marker, found false when none does. It is how a contact whose
// creation got no answer is found before it is logged again.
func (c *Client) FindContact(ctx context.Context, signupID, marker string) (id string, found bool, err error) {
	q := url.Values{"filter[signup_id]": {signupID}, "page[size]": {"100"}}
	for path, pages := "/api/v2/contacts", 0; ; pages++ {
		if pages == maxContactPages {
			return "", false, fmt.Errorf("find contact on %s: %w", signupID, ErrTooManyContacts)
		}
		var out page[contactAttrs]
		if _, err := c.call(ctx, http.MethodGet, path, q, nil, &out); err != nil {
			return "", false, fmt.Errorf("find contact on %s: %w", signupID, err)
		}
		for _, r := range out.Data {
			if (r.Attributes.SignupID == "" || r.Attributes.SignupID == signupID) && strings.Contains(r.Attributes.Content, marker) {
				return r.ID, true, nil
			}
		}
		next, nq, ok := c.nextPage(out.Links.Next)
		if !ok {
			return "", false, nil
		}
		path, q = next, nq
	}
}

// v1Contact is v1's contact. NationBuilder's v1 documentation names the
// person who held it sender_id in some versions and author_id in others,
// so both are sent.
type v1Contact struct {
	ID       jsonID `json:"id,omitempty"`
	SenderID int64  `json:"sender_id,omitempty"`
	AuthorID int64  `json:"author_id,omitempty"`
	TypeID   int64  `json:"type_id,omitempty"`
	Method   string `json:"method,omitempty"`
	Status   string `json:"status,omitempty"`
	Note     string `json:"note"`
}

// LogContactV1 logs c through v1, which has contact types, and returns
// its id when the answer carries one ("" when it does not).
func (c *Client) LogContactV1(ctx context.Context, ct Contact) (string, error) {
	person, err := v1ID(ct.SignupID)
	if err != nil {
		return "", fmt.Errorf("log contact: %w", err)
	}
	author, err := v1ID(ct.AuthorID)
	if err != nil {
		return "", fmt.Errorf("log contact: %w", err)
	}
	in := v1Contact{SenderID: author, AuthorID: author, Method: ct.Method, Status: ct.Status, Note: ct.Note}
	if ct.TypeID != "" {
		if in.TypeID, err = v1ID(ct.TypeID); err != nil {
			return "", fmt.Errorf("log contact: type: %w", err)
		}
	}
	var out struct {
		Contact v1Contact `json:"contact"`
	}
	if _, err := c.call(ctx, http.MethodPost, "/api/v1/people/"+strconv.FormatInt(person, 10)+"/contacts", nil,
		map[string]v1Contact{"contact": in}, &out); err != nil {
		return "", fmt.Errorf("log contact: %w", err)
	}
	return string(out.Contact.ID), nil
}

type v1ContactType struct {
	ID   jsonID `json:"id,omitempty"`
	Name string `json:"name"`
}

// ContactTypeID returns the id of v1's contact type named name, creating
// it when the nation has none, cached for the client's life. A nation
// whose v1 refuses (403, 404) gives ErrNoContactTypes.
func (c *Client) ContactTypeID(ctx context.Context, name string) (string, error) {
	c.mu.Lock()
	id, ok := c.contactTypes[name]
	c.mu.Unlock()
	if ok {
		return id, nil
	}
	id, err := c.findContactType(ctx, name)
	if err == nil && id == "" {
		var out struct {
			ContactType v1ContactType `json:"contact_type"`
		}
		_, err = c.call(ctx, http.MethodPost, "/api/v1/settings/contact_types", nil,
			map[string]v1ContactType{"contact_type": {Name: name}}, &out)
		id = string(out.ContactType.ID)
		if statusOf(err) == http.StatusUnprocessableEntity {
			id, err = c.findContactType(ctx, name)
		}
	}
	if s := statusOf(err); s == http.StatusForbidden || s == http.StatusNotFound {
		return "", fmt.Errorf("contact type %q: %w: %w", name, ErrNoContactTypes, err)
	}
	if err != nil {
		return "", fmt.Errorf("contact type %q: %w", name, err)
	}
	if id == "" {
		return "", fmt.Errorf("contact type %q: neither found nor created", name)
	}
	c.mu.Lock()
	c.contactTypes[name] = id
	c.mu.Unlock()
	return id, nil
}

func (c *Client) findContactType(ctx context.Context, name string) (string, error) {
	q := url.Values{"per_page": {"100"}}
	for path := "/api/v1/settings/contact_types"; ; {
		var out struct {
			Results []v1ContactType `json:"results"`
			Next    string          `json:"next"`
		}
		if _, err := c.call(ctx, http.MethodGet, path, q, nil, &out); err != nil {
			return "", err
		}
		for _, t := range out.Results {
			if strings.EqualFold(t.Name, name) {
				return string(t.ID), nil
			}
		}
		next, nq, ok := c.nextPage(out.Next)
		if !ok {
			return "", nil
		}
		path, q = next, nq
	}
}
