package twiliotest

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// listPage is the Messages list answer (ListMessageResponse in Twilio's
// API description).
type listPage struct {
	End             int        `json:"end"`
	FirstPageURI    string     `json:"first_page_uri"`
	NextPageURI     *string    `json:"next_page_uri"`
	Page            int        `json:"page"`
	PageSize        int        `json:"page_size"`
	PreviousPageURI *string    `json:"previous_page_uri"`
	Start           int        `json:"start"`
	URI             string     `json:"uri"`
	Messages        []resource `json:"messages"`
}

// list answers GET Messages.json as Twilio does: the account's texts,
// most recent first, filtered by To, From and DateSent (a GMT day, on it,
// on or before it with DateSent<, on or after it with DateSent>; a text
// not yet sent, with no date_sent, matches none), in pages of PageSize
// (default 50, at most 1,000) chosen by Page.
func (s *Server) list(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	s.mu.Lock()
	s.lists++
	s.mu.Unlock()
	size, page := 50, 0
	if v := q.Get("PageSize"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > 1000 {
			writeError(w, http.StatusBadRequest, 20001, "Invalid PageSize "+v)
			return
		}
		size = n
	}
	if v := q.Get("Page"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 {
			writeError(w, http.StatusBadRequest, 20001, "Invalid Page "+v)
			return
		}
		page = n
	}
	type bound struct {
		key string
		ok  func(sent, day time.Time) bool
	}
	bounds := []bound{
		{"DateSent", func(sent, day time.Time) bool { return sent.Equal(day) }},
		{"DateSent<", func(sent, day time.Time) bool { return !sent.After(day) }},
		{"DateSent>", func(sent, day time.Time) bool { return !sent.Before(day) }},
	}
	days := map[string]time.Time{}
	for _, b := range bounds {
		v := q.Get(b.key)
		if v == "" {
			continue
		}
		day, ok := parseDay(v)
		if !ok {
			writeError(w, http.StatusBadRequest, 20001, "Invalid "+b.key+" "+v)
			return
		}
		days[b.key] = day
	}
	to, from := q.Get("To"), q.Get("From")
	var match []resource
	for _, m := range s.Sent() {
		if (to != "" && m.To != to) || (from != "" && m.From != from) {
			continue
		}
		if m.DateSent.IsZero() && len(days) > 0 {
			continue
		}
		sent := m.DateSent.UTC()
		sentDay := time.Date(sent.Year(), sent.Month(), sent.Day(), 0, 0, 0, 0, time.UTC)
		keep := true
		for _, b := range bounds {
			if day, ok := days[b.key]; ok && !b.ok(sentDay, day) {
				keep = false
			}
		}
		if keep {
			match = append(match, resourceOf(m))
		}
	}
	// Most recent first.
	for i, j := 0, len(match)-1; i < j; i, j = i+1, j-1 {
		match[i], match[j] = match[j], match[i]
	}
	start := min(page*size, len(match))
	end := min(start+size, len(match))
	pageURI := func(p int) string {
		v := url.Values{}
		for k, vs := range q {
			if k != "Page" && k != "PageToken" {
				v[k] = vs
			}
		}
		v.Set("PageSize", strconv.Itoa(size))
		v.Set("Page", strconv.Itoa(p))
		if p > 0 {
			v.Set("PageToken", "PA"+strconv.Itoa(p))
		}
		return s.MessagesPath() + "?" + v.Encode()
	}
	out := listPage{
		FirstPageURI: pageURI(0),
		Page:         page,
		PageSize:     size,
		Start:        start,
		URI:          pageURI(page),
		Messages:     match[start:end],
	}
	if out.Messages == nil {
		out.Messages = []resource{}
	}
	if end > start {
		out.End = end - 1
	}
	if end < len(match) {
		next := pageURI(page + 1)
		out.NextPageURI = &next
	}
	if page > 0 {
		prev := pageURI(page - 1)
		out.PreviousPageURI = &prev
	}
	writeJSON(w, http.StatusOK, out)
}

// parseDay reads a DateSent filter's GMT day: YYYY-MM-DD, or a date-time
// (RFC 3339, as twilio-go writes it) whose day counts.
func parseDay(v string) (time.Time, bool) {
	v = strings.TrimPrefix(v, "=")
	if t, err := time.Parse(time.DateOnly, v); err == nil {
		return t, true
	}
	if t, err := time.Parse(time.RFC3339, v); err == nil {
		t = t.UTC()
		return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC), true
	}
	return time.Time{}, false
}
