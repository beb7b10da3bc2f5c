package main

import (
	"log/slog"
	"strings"
	"testing"
	"time"
)

func TestMonthlyLink(t *testing.T) {
	t.Parallel()
	logger := slog.New(slog.DiscardHandler)
	nov := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
	if got := monthlyLink("https://debrief.fly.dev/", logger)(nov); got != "https://debrief.fly.dev/monthly?month=2026-11" {
		t.Errorf("link %q", got)
	}
	if monthlyLink("", logger) != nil {
		t.Error("a link without PUBLIC_URL")
	}
	if monthlyLink("https://"+strings.Repeat("x", 70)+".example", logger) != nil {
		t.Error("a link too long for one segment")
	}
}
