package store

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"errors"
	"fmt"
	"time"

	"gorm.io/gorm"

	"github.com/debrief-sms/debrief"
)

// Sign-in errors.
var (
	// ErrBadCode reports a sign-in code that is wrong, expired, used or
	// out of attempts, or a number with no live code: the page says the
	// same for each.
	ErrBadCode = errors.New("wrong or expired sign-in code")
	// ErrNoSession reports a session token that is unknown, revoked or
	// expired.
	ErrNoSession = errors.New("no such session")
)

// SigninRequests counts a request for a code from e164 and client at now,
// and returns how many requests that number and that client made in the
// hour up to now, this one included. The request is stored before it is
// counted, so two instances counting at once each see the other's.
func (s *Store) SigninRequests(ctx context.Context, e164, client string, now time.Time) (byPhone, byClient int64, err error) {
	now = now.UTC()
	since := now.Add(-time.Hour)
	err = s.gdb.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		if err := tx.Exec(`INSERT INTO signin_requests (phone, client, requested_at) VALUES (?, ?, ?)`,
			e164, client, now).Error; err != nil {
			return err
		}
		var counts struct{ ByPhone, ByClient int64 }
		if err := tx.Raw(`SELECT
			(SELECT count(*) FROM signin_requests WHERE phone = ? AND requested_at > ?) AS by_phone,
			(SELECT count(*) FROM signin_requests WHERE client = ? AND requested_at > ?) AS by_client`,
			e164, since, client, since).Scan(&counts).Error; err != nil {
			return err
		}
		byPhone, byClient = counts.ByPhone, counts.ByClient
		// Requests older than a day count for nothing.
		return tx.Exec(`DELETE FROM signin_requests WHERE requested_at < ?`, now.Add(-24*time.Hour)).Error
	})
	if err != nil {
		return 0, 0, fmt.Errorf("count sign-in requests: %w", err)
	}
	return byPhone, byClient, nil
}

// AddSigninCode stores code for the volunteer, salted and hashed, valid
// until expires. Earlier codes of theirs stop working.
func (s *Store) AddSigninCode(ctx context.Context, volunteerID int64, code string, now, expires time.Time) error {
	var salt [16]byte
	if _, err := rand.Read(salt[:]); err != nil {
		return fmt.Errorf("add sign-in code: %w", err)
	}
	saltHex := hex.EncodeToString(salt[:])
	err := s.gdb.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		if err := tx.Exec(`UPDATE signin_codes SET used_at = ? WHERE volunteer_id = ? AND used_at IS NULL`,
			now.UTC(), volunteerID).Error; err != nil {
			return err
		}
		return tx.Exec(`INSERT INTO signin_codes (volunteer_id, salt, code_hash, expires_at, created_at)
			VALUES (?, ?, ?, ?, ?)`, volunteerID, saltHex, codeHash(saltHex, code), expires.UTC(), now.UTC()).Error
	})
	if err != nil {
		return fmt.Errorf("add sign-in code: %w", err)
	}
	return nil
}

func codeHash(salt, code string) string {
	sum := sha256.Sum256([]byte(salt + ":" + code))
	return hex.EncodeToString(sum[:])
}

// UseSigninCode checks code against the volunteer's live code at now: a
// right one is used up and nil returned; a wrong one counts an attempt,
// and the code dies at maxAttempts. Anything else is ErrBadCode.
func (s *Store) UseSigninCode(ctx context.Context, volunteerID int64, code string, maxAttempts int, now time.Time) error {
	now = now.UTC()
	var ok bool
	err := s.gdb.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		// Count the attempt first: two guesses at once cannot both be
		// the fifth.
		var live struct {
			ID             int64
			Salt, CodeHash string
		}
		res := tx.Raw(`UPDATE signin_codes SET attempts = attempts + 1
			WHERE volunteer_id = ? AND used_at IS NULL AND expires_at > ? AND attempts < ?
			RETURNING id, salt, code_hash`, volunteerID, now, maxAttempts).Scan(&live)
		if res.Error != nil || res.RowsAffected == 0 {
			return res.Error
		}
		if subtle.ConstantTimeCompare([]byte(codeHash(live.Salt, code)), []byte(live.CodeHash)) != 1 {
			return nil
		}
		ok = true
		return tx.Exec(`UPDATE signin_codes SET used_at = ? WHERE id = ?`, now, live.ID).Error
	})
	if err != nil {
		return fmt.Errorf("check sign-in code: %w", err)
	}
	if !ok {
		return ErrBadCode
	}
	return nil
}

// Session limits: a session unused for SessionIdle, or older than
// SessionMax, is over.
const (
	SessionIdle = 12 * time.Hour
	SessionMax  = 7 * 24 * time.Hour
)

// NewSession starts a session for the volunteer and returns its token,
// which only the cookie holds; the table keeps its hash.
func (s *Store) NewSession(ctx context.Context, volunteerID int64, now time.Time) (string, error) {
	var b [32]byte
	if _, err := rand.Read(b[:]); err != nil {
		return "", fmt.Errorf("new session: %w", err)
	}
	token := hex.EncodeToString(b[:])
	now = now.UTC()
	err := s.gdb.WithContext(ctx).Exec(`INSERT INTO web_sessions (token_hash, volunteer_id, created_at, seen_at)
		VALUES (?, ?, ?, ?)`, tokenHash(token), volunteerID, now, now).Error
	if err != nil {
		return "", fmt.Errorf("new session: %w", err)
	}
	return token, nil
}

func tokenHash(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

// Viewer is the person a session belongs to, as the web pages need them.
type Viewer struct {
	ID       int64
	Name     string
	Phone    string
	Role     debrief.Role
	Language debrief.Language
	TimeZone string
	// TeamIDs are the teams an organizer sees: those they organize and
	// their own.
	TeamIDs []int64
}

// SessionTouch is how stale a session's seen_at may grow before a page
// view writes it again: a view within it reads the session and commits
// nothing, so browsing costs no write, and an idle session still ends
// within SessionIdle plus this.
const SessionTouch = time.Minute

// Session returns the person whose live session token is, and marks it
// seen at now (at most once per SessionTouch); ErrNoSession when it is
// unknown, revoked or over, or the person may no longer sign in.
func (s *Store) Session(ctx context.Context, token string, now time.Time) (Viewer, error) {
	now = now.UTC()
	hash := tokenHash(token)
	var row struct {
		VolunteerID int64
		SeenAt      time.Time
		Name, Phone string
		Role        string
		Language    string
		TimeZone    string
		TeamID      *int64
		Deactivated bool
	}
	res := s.gdb.WithContext(ctx).Raw(`SELECT v.id AS volunteer_id, ws.seen_at, v.name, v.phone, v.role, v.language,
		v.time_zone, v.team_id, v.deactivated_at IS NOT NULL AS deactivated
		FROM web_sessions ws JOIN volunteers v ON v.id = ws.volunteer_id
		WHERE ws.token_hash = ? AND ws.seen_at > ? AND ws.created_at > ?`,
		hash, now.Add(-SessionIdle), now.Add(-SessionMax)).Scan(&row)
	if res.Error != nil {
		return Viewer{}, fmt.Errorf("read session: %w", res.Error)
	}
	if res.RowsAffected == 0 {
		return Viewer{}, ErrNoSession
	}
	v := Viewer{ID: row.VolunteerID, Name: row.Name, Phone: row.Phone, Role: debrief.Role(row.Role),
		Language: language(row.Language), TimeZone: row.TimeZone}
	if v.Role != debrief.RoleOrganizer && v.Role != debrief.RoleCoordinator || row.Deactivated {
		return Viewer{}, ErrNoSession
	}
	if now.Sub(row.SeenAt.UTC()) >= SessionTouch {
		// A sign-out racing this view deletes the row first, and the
		// update then touches nothing: the next view finds no session.
		if err := s.gdb.WithContext(ctx).Exec(`UPDATE web_sessions SET seen_at = ? WHERE token_hash = ? AND seen_at < ?`,
			now, hash, now).Error; err != nil {
			return Viewer{}, fmt.Errorf("touch session: %w", err)
		}
	}
	var teams []int64
	if err := s.gdb.WithContext(ctx).Raw(`SELECT id FROM teams WHERE organizer_id = ? OR id = ? ORDER BY id`,
		v.ID, row.TeamID).Scan(&teams).Error; err != nil {
		return Viewer{}, fmt.Errorf("read session: %w", err)
	}
	v.TeamIDs = teams
	return v, nil
}

// EndSession deletes the session of token; an unknown one is no error.
func (s *Store) EndSession(ctx context.Context, token string) error {
	if err := s.gdb.WithContext(ctx).Exec(`DELETE FROM web_sessions WHERE token_hash = ?`, tokenHash(token)).Error; err != nil {
		return fmt.Errorf("end session: %w", err)
	}
	return nil
}

// SetRole gives the volunteer a new role and ends their web sessions, in
// one transaction: what they may see changed, so they sign in again. A
// volunteer organizes no team: made one, they stop being any team's
// organizer (teams.organizer_id, which the digest and the organizer texts
// follow).
func (s *Store) SetRole(ctx context.Context, volunteerID int64, role debrief.Role) error {
	err := s.gdb.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		return setRole(tx, volunteerID, role, s.now())
	})
	if err != nil {
		return fmt.Errorf("set role of volunteer %d: %w", volunteerID, err)
	}
	return nil
}

// setRole is SetRole inside tx. Load reads the role, so the conversation's
// version is bumped first (migration 00003).
func setRole(tx *gorm.DB, volunteerID int64, role debrief.Role, now time.Time) error {
	if err := bumpVersion(tx, volunteerID); err != nil {
		return err
	}
	res := tx.Exec(`UPDATE volunteers SET role = ?, updated_at = ? WHERE id = ?`, string(role), now, volunteerID)
	if res.Error != nil {
		return res.Error
	}
	if res.RowsAffected == 0 {
		return ErrNoVolunteer
	}
	if role == debrief.RoleVolunteer {
		if err := tx.Exec(`UPDATE teams SET organizer_id = NULL WHERE organizer_id = ?`, volunteerID).Error; err != nil {
			return err
		}
	}
	return tx.Exec(`DELETE FROM web_sessions WHERE volunteer_id = ?`, volunteerID).Error
}
