package nbsync

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/debrief-sms/debrief"
	"github.com/debrief-sms/debrief/internal/export"
	"github.com/debrief-sms/debrief/internal/names"
	"github.com/debrief-sms/debrief/internal/nationbuilder"
	"github.com/debrief-sms/debrief/internal/store"
)

// How a person is found in NationBuilder, in this order; the first rule
// that applies decides, and the id found is kept for the external id
// (nb_people), so every later report about them goes straight to it:
//
//  1. An id learned before, for this push (a retry) or for the person's
//     external id (an earlier report): updated in place. A 404 (deleted
//     or merged in NationBuilder) forgets it and goes on with 2-4.
//  2. An email: NationBuilder's push, which matches on the email (and on
//     the external id, which it also sets) and creates only when neither
//     matches.
//  3. A phone, no email: the push does not match on phones, so first
//     the external id (export.ExternalID, from the phone) is looked up,
//     which finds a person Debrief created even if the answer that
//     carried their id was lost; then v1's people/match on the mobile
//     number and name, which answers only when exactly one person
//     matches (someone entered by hand or imported); that person gets
//     the external id. Neither: the push creates them, with it.
//  4. A name only: the report's own external id ("debrief-r-..."), which
//     the push matches: the same report edited is the same person, and
//     another report with the same name is someone else, as the CSV
//     export has it (a name alone is not an identity).
//
// The volunteer is found the same way by their phone (rule 3), and never
// has their profile overwritten: a person matched gets only the external
// id.

// push does everything for one report, recording each id as it learns
// it.
func (s *Syncer) push(ctx context.Context, p *store.NBPush) error {
	l := &p.Listing
	if l.Report.ID == 0 {
		return &nationbuilder.Error{Status: 404, Code: "not_found", Message: "the report is no longer stored"}
	}
	if l.Report.Status != debrief.ReportComplete {
		return nil // set back to a draft since: nothing to push
	}
	if p.AuthorID == "" {
		id, err := s.volunteer(ctx, l.Volunteer)
		if err != nil {
			return fmt.Errorf("volunteer: %w", err)
		}
		p.AuthorID = id
		if err := s.record(ctx, p); err != nil {
			return err
		}
	}
	if err := s.person(ctx, p); err != nil {
		return fmt.Errorf("person met: %w", err)
	}
	if err := s.tag(ctx, p); err != nil {
		return err
	}
	return s.contact(ctx, p)
}

// tag applies the report's tags the person does not have from an earlier
// revision (tags are only ever added, as NationBuilder's import does).
func (s *Syncer) tag(ctx context.Context, p *store.NBPush) error {
	added := false
	for _, name := range export.Tags(p.Listing, s.cfg.Location) {
		if slices.Contains(p.Tags, name) {
			continue
		}
		tag, err := s.cfg.Nation.TagID(ctx, name)
		if err == nil {
			err = s.cfg.Nation.Tag(ctx, p.PersonID, tag)
		}
		if err != nil {
			if added {
				_ = s.record(ctx, p)
			}
			return err
		}
		p.Tags, added = append(p.Tags, name), true
	}
	if !added {
		return nil
	}
	return s.record(ctx, p)
}

func (s *Syncer) record(ctx context.Context, p *store.NBPush) error {
	return s.cfg.Store.RecordNBProgress(context.WithoutCancel(ctx), *p, s.cfg.Now())
}

// signup is the person met's attributes: the name split, the phone as
// the mobile number, the report in plain words as the profile's note.
func (s *Syncer) signup(l store.ReportListing) nationbuilder.Signup {
	first, last := names.Split(l.Report.PersonName)
	return nationbuilder.Signup{FirstName: first, LastName: last, Email: strings.TrimSpace(l.Report.PersonEmail),
		MobileNumber: l.Report.PersonPhone, Note: export.Note(l, s.cfg.Location), ExternalID: export.ExternalID(l)}
}

// person finds, creates or updates the person met (see the rules above).
func (s *Syncer) person(ctx context.Context, p *store.NBPush) error {
	attrs := s.signup(p.Listing)
	ext := attrs.ExternalID
	known := p.PersonID
	if known == "" {
		var err error
		if known, err = s.cfg.Store.NBPerson(ctx, ext); err != nil {
			return err
		}
	}
	if known != "" {
		attrs.ID = known
		err := s.cfg.Nation.Update(ctx, attrs)
		if err == nil {
			return s.learned(ctx, p, ext, known)
		}
		if !nationbuilder.IsNotFound(err) {
			return err
		}
		if err := s.cfg.Store.SaveNBPerson(ctx, ext, "", s.cfg.Now()); err != nil {
			return err
		}
		attrs.ID = ""
	}
	id, err := s.find(ctx, attrs)
	if err != nil {
		return err
	}
	return s.learned(ctx, p, ext, id)
}

// find matches attrs to a person or creates them, and returns their id.
func (s *Syncer) find(ctx context.Context, attrs nationbuilder.Signup) (string, error) {
	if attrs.Email == "" && attrs.MobileNumber != "" {
		id, found, err := s.byPhone(ctx, attrs)
		if err != nil || found {
			if found {
				attrs.ID = id
				err = s.cfg.Nation.Update(ctx, attrs)
			}
			return id, err
		}
	}
	id, _, err := s.cfg.Nation.Push(ctx, attrs)
	return id, err
}

// byPhone looks for the person with attrs' external id, then for the one
// person with its mobile number and name.
func (s *Syncer) byPhone(ctx context.Context, attrs nationbuilder.Signup) (string, bool, error) {
	id, found, err := s.cfg.Nation.FindByExternalID(ctx, attrs.ExternalID)
	if err != nil || found {
		return id, found, err
	}
	return s.cfg.Nation.MatchPerson(ctx, nationbuilder.Match{FirstName: attrs.FirstName, LastName: attrs.LastName, Mobile: attrs.MobileNumber})
}

func (s *Syncer) learned(ctx context.Context, p *store.NBPush, ext, id string) error {
	if id == "" {
		return &nationbuilder.Error{Status: 502, Message: "NationBuilder gave no id for the person"}
	}
	if err := s.cfg.Store.SaveNBPerson(context.WithoutCancel(ctx), ext, id, s.cfg.Now()); err != nil {
		return err
	}
	if p.PersonID == id {
		return nil
	}
	p.PersonID = id
	return s.record(ctx, p)
}

// volunteer finds or creates the volunteer by their phone and returns
// their id.
func (s *Syncer) volunteer(ctx context.Context, v debrief.Volunteer) (string, error) {
	ext := export.PhoneExternalID(v.Phone)
	id, err := s.cfg.Store.NBPerson(ctx, ext)
	if err != nil || id != "" {
		return id, err
	}
	first, last := names.Split(v.Name)
	attrs := nationbuilder.Signup{FirstName: first, LastName: last, MobileNumber: v.Phone, ExternalID: ext}
	id, found, err := s.byPhone(ctx, attrs)
	switch {
	case err != nil:
		return "", err
	case found:
		err = s.cfg.Nation.Update(ctx, nationbuilder.Signup{ID: id, ExternalID: ext})
	default:
		id, _, err = s.cfg.Nation.Push(ctx, attrs)
	}
	if err != nil {
		return "", err
	}
	return id, s.cfg.Store.SaveNBPerson(context.WithoutCancel(ctx), ext, id, s.cfg.Now())
}

// ContactType is the v1 contact type of a 1:1.
const ContactType = "1:1"

// marker ends a contact's note: how a contact whose creation got no
// answer is recognised before another is logged.
func marker(l store.ReportListing) string {
	return fmt.Sprintf("(Debrief report %d-%d)", l.Volunteer.ID, l.Report.Seq)
}

// contact logs the meeting once, and on a later push (an edit) updates
// its note instead. A contact request that left without its answer being
// recorded is looked for, by its marker, before another is sent.
func (s *Syncer) contact(ctx context.Context, p *store.NBPush) error {
	mark := marker(p.Listing)
	note := export.Note(p.Listing, s.cfg.Location) + "\n" + mark
	if p.ContactID == "" && (p.ContactLogged || p.ContactStartedAt != nil) {
		id, found, err := s.cfg.Nation.FindContact(ctx, p.PersonID, mark)
		if err != nil {
			return err
		}
		if found {
			p.ContactID, p.ContactLogged, p.ContactStartedAt = id, true, nil
			if err := s.record(ctx, p); err != nil {
				return err
			}
		} else if p.ContactLogged {
			s.cfg.Logger.Warn("NationBuilder contact logged but not found: its note is not updated", "push", p.ID)
			return nil
		}
	}
	if p.ContactID != "" {
		err := s.cfg.Nation.UpdateContactNote(ctx, p.ContactID, note)
		if nationbuilder.IsNotFound(err) {
			s.cfg.Logger.Warn("NationBuilder contact deleted: not logged again", "push", p.ID)
			return nil
		}
		return err
	}
	now := s.cfg.Now()
	p.ContactStartedAt = &now
	if err := s.record(ctx, p); err != nil {
		return err
	}
	id, err := s.logContact(ctx, p, note)
	if err != nil {
		if permanent(err) {
			p.ContactStartedAt = nil // refused: nothing was logged
			_ = s.record(ctx, p)
		}
		return err
	}
	p.ContactID, p.ContactLogged, p.ContactStartedAt = id, true, nil
	if id == "" {
		// v1 does not always say the id; v2's list does.
		if found, ok, err := s.cfg.Nation.FindContact(ctx, p.PersonID, mark); err == nil && ok {
			p.ContactID = found
		}
	}
	return s.record(ctx, p)
}

// logContact logs the meeting through v1 with the contact type "1:1"
// (created when the nation has none), or through v2 without a type when
// the nation has no v1.
func (s *Syncer) logContact(ctx context.Context, p *store.NBPush, note string) (string, error) {
	c := nationbuilder.Contact{SignupID: p.PersonID, AuthorID: p.AuthorID, Status: "meaningful_interaction", Note: note}
	typeID, err := s.cfg.Nation.ContactTypeID(ctx, ContactType)
	if errors.Is(err, nationbuilder.ErrNoContactTypes) {
		c.Method = "face_to_face"
		return s.cfg.Nation.CreateContact(ctx, c)
	}
	if err != nil {
		return "", err
	}
	c.Method, c.TypeID = "meeting", typeID
	return s.cfg.Nation.LogContactV1(ctx, c)
}
