package store

import (
	"encoding/json"
	"fmt"
	"time"
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
