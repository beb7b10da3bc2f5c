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
	switch {
	case r.PersonPhone != "":
		return PhoneExternalID(r.PersonPhone)
	case strings.TrimSpace(r.PersonEmail) != "":
		return hashedID("email:" + strings.ToLower(strings.TrimSpace(r.PersonEmail)))
	}
	return fmt.Sprintf("debrief-r-%d-%d", l.Volunteer.ID, r.Seq)
}

// PhoneExternalID is the external ID of whoever has the phone (E.164):
// the person met's when the report has their phone, and the volunteer's,
// so that a volunteer once met is one person in the CRM.
func PhoneExternalID(e164 string) string { return hashedID("phone:" + e164) }

func hashedID(key string) string {
	sum := sha256.Sum256([]byte(key))
	return "debrief-p-" + hex.EncodeToString(sum[:8])
}
