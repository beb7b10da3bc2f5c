package nbtest

import (
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"
)

func readBody(r *http.Request) []byte {
	b, _ := io.ReadAll(io.LimitReader(r.Body, 1<<20))
	return b
}

// doc is a JSON:API request document.
type doc struct {
	Data struct {
		ID         string         `json:"id"`
		Type       string         `json:"type"`
		Attributes map[string]any `json:"attributes"`
	} `json:"data"`
}

// readDoc decodes a v2 body of type want; ok is false when it answered
// 400.
func readDoc(w http.ResponseWriter, body []byte, want string) (doc, int, bool) {
	var d doc
	if err := json.Unmarshal(body, &d); err != nil {
		return d, flat(w, http.StatusBadRequest, "bad_request", "Request body is not valid JSON"), false
	}
	if d.Data.Type != want {
		return d, flat(w, http.StatusBadRequest, "bad_request", "data.type must be "+want), false
	}
	return d, 0, true
}

func str(m map[string]any, k string) string {
	s, _ := m[k].(string)
	return s
}

// route answers a request that passed authentication and faults.
func (f *Fake) route(w http.ResponseWriter, r *http.Request, body []byte) int {
	p, m := r.URL.Path, r.Method
	switch {
	case m == http.MethodPatch && p == "/api/v2/signups/push":
		return f.push(w, r, body)
	case m == http.MethodPost && p == "/api/v2/signups":
		return f.createSignup(w, r, body)
	case m == http.MethodGet && p == "/api/v2/signups":
		return f.listSignups(w, r)
	case strings.HasPrefix(p, "/api/v2/signups/") && (m == http.MethodPatch || m == http.MethodGet):
		return f.signup(w, r, strings.TrimPrefix(p, "/api/v2/signups/"), body)
	case m == http.MethodGet && p == "/api/v2/signup_tags":
		return f.listTags(w, r)
	case m == http.MethodPost && p == "/api/v2/signup_tags":
		return f.createTag(w, r, body)
	case m == http.MethodPost && p == "/api/v2/signup_taggings":
		return f.tagging(w, r, body)
	case m == http.MethodPost && p == "/api/v2/contacts":
		return f.createContact(w, r, body)
	case m == http.MethodGet && p == "/api/v2/contacts":
		return f.listContacts(w, r)
	case m == http.MethodPatch && strings.HasPrefix(p, "/api/v2/contacts/"):
		return f.updateContact(w, r, strings.TrimPrefix(p, "/api/v2/contacts/"), body)
	case m == http.MethodGet && p == "/api/v1/people/match":
		return f.match(w, r)
	case strings.HasPrefix(p, "/api/v1/people/") && strings.HasSuffix(p, "/contacts") && m == http.MethodPost:
		return f.v1Contact(w, r, strings.TrimSuffix(strings.TrimPrefix(p, "/api/v1/people/"), "/contacts"), body)
	case p == "/api/v1/settings/contact_types" && m == http.MethodGet:
		return f.listContactTypes(w, r)
	case p == "/api/v1/settings/contact_types" && m == http.MethodPost:
		return f.createContactType(w, r, body)
	}
	return flat(w, http.StatusNotFound, "not_found", "Record not found")
}

// signupResource is a person as v2 answers it.
func signupResource(p *Person) map[string]any {
	attrs := map[string]any{"first_name": p.FirstName, "last_name": p.LastName, "external_id": nullable(p.ExternalID),
		"email": nullable(p.Email), "mobile_number": nullable(p.MobileNumber), "note": nullable(p.Note)}
	return map[string]any{"id": p.ID, "type": "signups", "attributes": attrs}
}

func nullable(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// apply writes attrs on p; a blank value never clears a field.
func apply(p *Person, attrs map[string]any) {
	set := func(dst *string, k string) {
		if v := str(attrs, k); v != "" {
			*dst = v
		}
	}
	set(&p.FirstName, "first_name")
	set(&p.LastName, "last_name")
	set(&p.Email, "email")
	set(&p.MobileNumber, "mobile_number")
	set(&p.Note, "note")
	set(&p.ExternalID, "external_id")
}

// check refuses what NationBuilder's validations refuse.
func check(w http.ResponseWriter, attrs map[string]any) (int, bool) {
	if e := str(attrs, "email"); e != "" && !strings.Contains(e, "@") {
		return invalid(w, "email", "Email '"+e+"' should look like an email address"), false
	}
	return 0, true
}

// push matches on email first, then external_id, never on a phone.
func (f *Fake) push(w http.ResponseWriter, r *http.Request, body []byte) int {
	d, st, ok := readDoc(w, body, "signups")
	if !ok {
		return st
	}
	if st, ok := check(w, d.Data.Attributes); !ok {
		return st
	}
	email, ext := strings.ToLower(str(d.Data.Attributes, "email")), str(d.Data.Attributes, "external_id")
	if email == "" && ext == "" {
		return invalid(w, "email", "A push needs an email or another unique id to match on")
	}
	var found *Person
	for _, p := range f.people {
		if email != "" && strings.EqualFold(p.Email, email) {
			found = p
			break
		}
	}
	if found == nil && ext != "" {
		for _, p := range f.people {
			if p.ExternalID == ext {
				found = p
				break
			}
		}
	}
	status := http.StatusOK
	if found == nil {
		found = &Person{ID: f.id()}
		f.people[found.ID] = found
		status = http.StatusCreated
	}
	apply(found, d.Data.Attributes)
	return writeJSON(w, r, status, map[string]any{"data": signupResource(found)})
}

func (f *Fake) createSignup(w http.ResponseWriter, r *http.Request, body []byte) int {
	d, st, ok := readDoc(w, body, "signups")
	if !ok {
		return st
	}
	if st, ok := check(w, d.Data.Attributes); !ok {
		return st
	}
	p := &Person{ID: f.id()}
	apply(p, d.Data.Attributes)
	f.people[p.ID] = p
	return writeJSON(w, r, http.StatusCreated, map[string]any{"data": signupResource(p)})
}

func (f *Fake) signup(w http.ResponseWriter, r *http.Request, id string, body []byte) int {
	p, ok := f.people[id]
	if !ok {
		return flat(w, http.StatusNotFound, "not_found", "Record not found")
	}
	if r.Method == http.MethodPatch {
		d, st, ok := readDoc(w, body, "signups")
		if !ok {
			return st
		}
		if d.Data.ID != id {
			return flat(w, http.StatusBadRequest, "bad_request", "data.id must be the id in the path")
		}
		if st, ok := check(w, d.Data.Attributes); !ok {
			return st
		}
		apply(p, d.Data.Attributes)
	}
	return writeJSON(w, r, http.StatusOK, map[string]any{"data": signupResource(p)})
}

// filterValue reads filter[attr] or filter[attr][eq].
func filterValue(q url.Values, attr string) (string, bool) {
	for _, k := range []string{"filter[" + attr + "]", "filter[" + attr + "][eq]"} {
		if v, ok := q[k]; ok {
			return v[0], true
		}
	}
	return "", false
}

func (f *Fake) listSignups(w http.ResponseWriter, r *http.Request) int {
	q := r.URL.Query()
	ext, byExt := filterValue(q, "external_id")
	email, byEmail := filterValue(q, "email")
	if !byEmail {
		email, byEmail = filterValue(q, "with_email_address")
	}
	for k := range q {
		if strings.HasPrefix(k, "filter[") && !strings.Contains(k, "external_id") && !strings.Contains(k, "email") {
			return flat(w, http.StatusBadRequest, "bad_request", "Tried to filter on attribute "+k+", but could not find an attribute with that name.")
		}
	}
	data := []any{}
	for _, p := range f.people {
		if (byExt && p.ExternalID != ext) || (byEmail && !strings.EqualFold(p.Email, email)) {
			continue
		}
		data = append(data, signupResource(p))
	}
	return writeJSON(w, r, http.StatusOK, map[string]any{"data": data, "links": map[string]any{"self": r.URL.String(), "prev": nil, "next": nil}})
}

// match is v1's people/match: exactly one person with the mobile (and
// the names given), or 400 no_matches / multiple_matches.
func (f *Fake) match(w http.ResponseWriter, r *http.Request) int {
	q := r.URL.Query()
	var hits []*Person
	for _, p := range f.people {
		if m := q.Get("mobile"); m != "" && p.MobileNumber != m {
			continue
		}
		if e := q.Get("email"); e != "" && !strings.EqualFold(p.Email, e) {
			continue
		}
		if fn := q.Get("first_name"); fn != "" && !strings.EqualFold(p.FirstName, fn) {
			continue
		}
		if ln := q.Get("last_name"); ln != "" && !strings.EqualFold(p.LastName, ln) {
			continue
		}
		hits = append(hits, p)
	}
	switch len(hits) {
	case 0:
		return flat(w, http.StatusBadRequest, "no_matches", "No people matched the given criteria.")
	case 1:
		n := 0
		for _, c := range hits[0].ID {
			n = n*10 + int(c-'0')
		}
		return writeJSON(w, r, http.StatusOK, map[string]any{"person": map[string]any{"id": n,
			"first_name": hits[0].FirstName, "last_name": hits[0].LastName, "mobile": hits[0].MobileNumber}})
	}
	return flat(w, http.StatusBadRequest, "multiple_matches", "Multiple people matched the given criteria.")
}

func (f *Fake) listTags(w http.ResponseWriter, r *http.Request) int {
	name, by := filterValue(r.URL.Query(), "name")
	data := []any{}
	for id, n := range f.tags {
		if by && !strings.EqualFold(n, name) {
			continue
		}
		data = append(data, map[string]any{"id": id, "type": "signup_tags", "attributes": map[string]any{"name": n}})
	}
	return writeJSON(w, r, http.StatusOK, map[string]any{"data": data, "links": map[string]any{"self": r.URL.String(), "prev": nil, "next": nil}})
}

func (f *Fake) createTag(w http.ResponseWriter, r *http.Request, body []byte) int {
	d, st, ok := readDoc(w, body, "signup_tags")
	if !ok {
		return st
	}
	name := strings.TrimSpace(str(d.Data.Attributes, "name"))
	if name == "" {
		return invalid(w, "name", "Name can't be blank")
	}
	for _, n := range f.tags {
		if strings.EqualFold(n, name) {
			return invalid(w, "name", "Name has already been taken")
		}
	}
	id := f.id()
	f.tags[id] = name
	return writeJSON(w, r, http.StatusCreated, map[string]any{"data": map[string]any{"id": id, "type": "signup_tags", "attributes": map[string]any{"name": name}}})
}

func (f *Fake) tagging(w http.ResponseWriter, r *http.Request, body []byte) int {
	d, st, ok := readDoc(w, body, "signup_taggings")
	if !ok {
		return st
	}
	sid, tid := str(d.Data.Attributes, "signup_id"), str(d.Data.Attributes, "tag_id")
	p, okP := f.people[sid]
	name, okT := f.tags[tid]
	if !okP || !okT {
		return flat(w, http.StatusNotFound, "not_found", "Record not found")
	}
	if f.taggings[[2]string{sid, tid}] {
		return invalid(w, "tag_id", "Tag has already been applied")
	}
	f.taggings[[2]string{sid, tid}] = true
	p.Tags = append(p.Tags, name)
	id := f.id()
	return writeJSON(w, r, http.StatusCreated, map[string]any{"data": map[string]any{"id": id, "type": "signup_taggings",
		"attributes": map[string]any{"signup_id": sid, "tag_id": tid, "created_at": f.now().UTC().Format(time.RFC3339)}}})
}
