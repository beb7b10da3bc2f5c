package export

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"

	"github.com/debrief-sms/debrief/internal/store"
)

// ExternalID identifies the person met across imports, so that a second
// import updates them instead of adding them again: from their phone
// (E.164) when the report has one, else their email (trimmed, lower
// case), "debrief-p-" and the first 16 hex digits of the SHA-256 of
// "phone:" or "email:" and it. A report with neither names someone
// Debrief cannot recognise again: the ID is the report's own,
// "debrief-r-<volunteer id>-<seq>".
func ExternalID(l store.ReportListing) string {
	r := &l.Report
	key := ""
	switch {
	case r.PersonPhone != "":
		key = "phone:" + r.PersonPhone
	case strings.TrimSpace(r.PersonEmail) != "":
		key = "email:" + strings.ToLower(strings.TrimSpace(r.PersonEmail))
	default:
		return fmt.Sprintf("debrief-r-%d-%d", l.Volunteer.ID, r.Seq)
	}
	sum := sha256.Sum256([]byte(key))
	return "debrief-p-" + hex.EncodeToString(sum[:8])
}
