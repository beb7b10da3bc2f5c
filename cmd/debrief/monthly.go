package main

import (
	"log/slog"
	"strings"
	"time"

	"github.com/debrief-sms/debrief/internal/texts"
	"github.com/debrief-sms/debrief/internal/web"
)

// monthlyLink is how the scheduler links the monthly report in the text
// coordinators get on the 1st: PUBLIC_URL and the page's path. Without
// PUBLIC_URL, or with one too long for the text's one segment, there is
// no text (nil), and the log says why.
func monthlyLink(publicURL string, logger *slog.Logger) func(time.Time) string {
	if publicURL == "" {
		logger.Info("no PUBLIC_URL: coordinators are not texted the monthly report's link")
		return nil
	}
	base := strings.TrimRight(publicURL, "/")
	link := func(m time.Time) string { return base + web.MonthlyURL(m) }
	if n := len(link(time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC))); n > texts.MaxLink {
		logger.Warn("PUBLIC_URL is too long for the monthly report's text: coordinators are not texted its link",
			"link_length", n, "max", texts.MaxLink)
		return nil
	}
	return link
}
