package nbtest

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// Contact methods and statuses NationBuilder takes.
var (
	methods  = map[string]bool{"face_to_face": true, "meeting": true, "text_1to1": true, "video_call": true, "phone_call": true, "door_knock": true, "other": true}
	statuses = map[string]bool{"meaningful_interaction": true, "answered": true, "other": true, "left_message": true}
)

func contactResource(c *Contact, at time.Time) map[string]any {
	return map[string]any{"id": c.ID, "type": "contacts", "attributes": map[string]any{
		"signup_id": c.SignupID, "author_id": nullable(c.AuthorID), "contact_method": nullable(c.Method),
		"contact_status": nullable(c.Status), "content": c.Note, "created_at": at.UTC().Format(time.RFC3339)}}
}

func (f *Fake) createContact(w http.ResponseWriter, r *http.Request, body []byte) int {
	d, st, ok := readDoc(w, body, "contacts")
	if !ok {
		return st
	}
	a := d.Data.Attributes
	c := &Contact{SignupID: str(a, "signup_id"), AuthorID: str(a, "author_id"), Method: str(a, "contact_method"),
		Status: str(a, "contact_status"), Note: str(a, "content")}
	if _, ok := f.people[c.SignupID]; !ok {
		return invalid(w, "signup_id", "Signup must exist")
	}
	if c.AuthorID != "" {
		if _, ok := f.people[c.AuthorID]; !ok {
			return invalid(w, "author_id", "Author must exist")
		}
	}
	if c.Method != "" && !methods[c.Method] {
		return invalid(w, "contact_method", "Contact method is not included in the list")
	}
	if c.Status != "" && !statuses[c.Status] {
		return invalid(w, "contact_status", "Contact status is not included in the list")
	}
	c.ID = f.id()
	f.contacts[c.ID] = c
	return writeJSON(w, r, http.StatusCreated, map[string]any{"data": contactResource(c, f.now())})
}

func (f *Fake) updateContact(w http.ResponseWriter, r *http.Request, id string, body []byte) int {
	c, ok := f.contacts[id]
	if !ok {
		return flat(w, http.StatusNotFound, "not_found", "Record not found")
	}
	d, st, ok := readDoc(w, body, "contacts")
	if !ok {
		return st
	}
	if d.Data.ID != id {
		return flat(w, http.StatusBadRequest, "bad_request", "data.id must be the id in the path")
	}
	if v, ok := d.Data.Attributes["content"].(string); ok {
		c.Note = v
	}
	return writeJSON(w, r, http.StatusOK, map[string]any{"data": contactResource(c, f.now())})
}

func (f *Fake) listContacts(w http.ResponseWriter, r *http.Request) int {
	sid, by := filterValue(r.URL.Query(), "signup_id")
	data := []any{}
	for _, c := range f.contacts {
		if by && c.SignupID != sid {
			continue
		}
		data = append(data, contactResource(c, f.now()))
	}
	return writeJSON(w, r, http.StatusOK, map[string]any{"data": data, "links": map[string]any{"self": r.URL.String(), "prev": nil, "next": nil}})
}

// v1Contact is POST /api/v1/people/:id/contacts.
func (f *Fake) v1Contact(w http.ResponseWriter, r *http.Request, person string, body []byte) int {
	if _, ok := f.people[person]; !ok {
		return flat(w, http.StatusNotFound, "not_found", "Record not found")
	}
	var in struct {
		Contact struct {
			SenderID json.Number `json:"sender_id"`
			AuthorID json.Number `json:"author_id"`
			TypeID   json.Number `json:"type_id"`
			Method   string      `json:"method"`
			Status   string      `json:"status"`
			Note     string      `json:"note"`
		} `json:"contact"`
	}
	if err := json.Unmarshal(body, &in); err != nil {
		return flat(w, http.StatusBadRequest, "bad_request", "Request body is not valid JSON")
	}
	ct := in.Contact
	author := string(ct.SenderID)
	if author == "" {
		author = string(ct.AuthorID)
	}
	if _, ok := f.people[author]; !ok {
		return flat(w, http.StatusBadRequest, "bad_request", "sender_id must be a person")
	}
	if ct.TypeID != "" {
		if _, ok := f.ctypes[string(ct.TypeID)]; !ok {
			return flat(w, http.StatusBadRequest, "bad_request", "type_id is not a contact type")
		}
	}
	if !methods[ct.Method] || !statuses[ct.Status] {
		return flat(w, http.StatusBadRequest, "bad_request", "method or status is not one NationBuilder knows")
	}
	c := &Contact{ID: f.id(), SignupID: person, AuthorID: author, Method: ct.Method, Status: ct.Status, Note: ct.Note,
		TypeID: string(ct.TypeID), V1: true}
	f.contacts[c.ID] = c
	out := map[string]any{"sender_id": num(author), "recipient_id": num(person), "type_id": num(c.TypeID),
		"method": c.Method, "status": c.Status, "note": c.Note}
	if f.V1ContactIDs {
		out["id"] = num(c.ID)
	}
	return writeJSON(w, r, http.StatusCreated, map[string]any{"contact": out})
}

func num(s string) any {
	if n, err := strconv.Atoi(s); err == nil {
		return n
	}
	return nil
}

func (f *Fake) listContactTypes(w http.ResponseWriter, r *http.Request) int {
	res := []any{}
	for id, n := range f.ctypes {
		res = append(res, map[string]any{"id": num(id), "name": n})
	}
	return writeJSON(w, r, http.StatusOK, map[string]any{"results": res, "next": nil, "prev": nil})
}

func (f *Fake) createContactType(w http.ResponseWriter, r *http.Request, body []byte) int {
	var in struct {
		ContactType struct {
			Name string `json:"name"`
		} `json:"contact_type"`
	}
	if err := json.Unmarshal(body, &in); err != nil || strings.TrimSpace(in.ContactType.Name) == "" {
		return flat(w, http.StatusBadRequest, "bad_request", "contact_type.name is required")
	}
	for _, n := range f.ctypes {
		if strings.EqualFold(n, in.ContactType.Name) {
			return invalid(w, "name", "Name has already been taken")
		}
	}
	id := f.id()
	f.ctypes[id] = in.ContactType.Name
	return writeJSON(w, r, http.StatusCreated, map[string]any{"contact_type": map[string]any{"id": num(id), "name": in.ContactType.Name}})
}

// oauth is /oauth/token: the authorization code GoodCode, then refresh
// tokens, each used once (NationBuilder rotates them).
func (f *Fake) oauth(w http.ResponseWriter, r *http.Request, body []byte) int {
	if r.URL.Path != "/oauth/token" || r.Method != http.MethodPost {
		return flat(w, http.StatusNotFound, "not_found", "Record not found")
	}
	form, err := url.ParseQuery(string(body))
	if err != nil {
		return oauthError(w, "invalid_request")
	}
	r.PostForm = form
	if r.PostForm.Get("client_id") != ClientID || r.PostForm.Get("client_secret") != ClientSecret {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusUnauthorized)
		_ = json.NewEncoder(w).Encode(map[string]string{"error": "invalid_client"})
		return http.StatusUnauthorized
	}
	switch r.PostForm.Get("grant_type") {
	case "authorization_code":
		if r.PostForm.Get("code") != GoodCode {
			return oauthError(w, "invalid_grant")
		}
	case "refresh_token":
		rt := r.PostForm.Get("refresh_token")
		if !f.refresh[rt] {
			return oauthError(w, "invalid_grant")
		}
		delete(f.refresh, rt)
	default:
		return oauthError(w, "unsupported_grant_type")
	}
	access, refresh := "access-"+f.id(), "refresh-"+f.id()
	f.tokens[access] = f.now().Add(24 * time.Hour)
	f.refresh[refresh] = true
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(http.StatusOK)
	_ = json.NewEncoder(w).Encode(map[string]any{"access_token": access, "token_type": "bearer", "expires_in": 86400,
		"refresh_token": refresh, "scope": "default", "created_at": f.now().Unix()})
	return http.StatusOK
}

func oauthError(w http.ResponseWriter, code string) int {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(http.StatusBadRequest)
	_ = json.NewEncoder(w).Encode(map[string]string{"error": code, "error_description": "The provided authorization grant is invalid, expired, revoked, or was issued to another client."})
	return http.StatusBadRequest
}
