package store

import (
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/debrief-sms/debrief"
)

// nullString is s, or nil (NULL) when s is empty.
func nullString(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// nullTime is *t in UTC, or nil (NULL).
func nullTime(t *time.Time) any {
	if t == nil {
		return nil
	}
	return t.UTC()
}

// utcPtr is t in UTC, nil stays nil.
func utcPtr(t *time.Time) *time.Time {
	if t == nil {
		return nil
	}
	u := t.UTC()
	return &u
}

// encodeExtra is a report's extra answers as a JSON object.
func encodeExtra(extra map[string]string) (string, error) {
	if len(extra) == 0 {
		return "{}", nil
	}
	b, err := json.Marshal(extra)
	if err != nil {
		return "", fmt.Errorf("encode extra answers: %w", err)
	}
	return string(b), nil
}

// decodeExtra reads a report's extra answers; none is nil, not an empty map.
func decodeExtra(s string) (map[string]string, error) {
	var extra map[string]string
	if err := json.Unmarshal([]byte(s), &extra); err != nil {
		return nil, fmt.Errorf("decode extra answers: %w", err)
	}
	if len(extra) == 0 {
		return nil, nil
	}
	return extra, nil
}

// joinCommitments is a report's commitments as their column stores them:
// comma-separated, in order.
func joinCommitments(cs []debrief.Commitment) string {
	parts := make([]string, len(cs))
	for i, c := range cs {
		parts[i] = string(c)
	}
	return strings.Join(parts, ",")
}

// splitCommitments reads the commitments column; "" is none.
func splitCommitments(s string) []debrief.Commitment {
	if s == "" {
		return nil
	}
	parts := strings.Split(s, ",")
	out := make([]debrief.Commitment, len(parts))
	for i, p := range parts {
		out[i] = debrief.Commitment(p)
	}
	return out
}
