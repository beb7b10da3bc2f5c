package conversation

import (
	"strings"
	"testing"
	"time"

	"github.com/debrief-sms/debrief"
	"github.com/debrief-sms/debrief/internal/texts"
)

// start is the fixed clock of the tests: a Saturday evening in New York,
// hours before daylight saving time ends.
var start = time.Date(2026, 10, 31, 22, 0, 0, 0, newYork())

func newYork() *time.Location {
	loc, err := time.LoadLocation("America/New_York")
	if err != nil {
		panic(err)
	}
	return loc
}

var teams = []debrief.Team{{ID: 7, Name: "Riverside Moms"}, {ID: 9, Name: "Eastside"}}

// convo plays texts against Step as the webhook would, storing what each
// step returns and advancing the clock a minute per text.
type convo struct {
	t     *testing.T
	st    State
	now   time.Time
	last  Result
	saved map[int]debrief.Report // reports by seq, as the store would keep them
	teams []debrief.Team
}

func newConvo(t *testing.T, v debrief.Volunteer) *convo {
	t.Helper()
	return &convo{t: t, st: State{Volunteer: v}, now: start, saved: map[int]debrief.Report{}, teams: teams}
}

func known(lang debrief.Language) debrief.Volunteer {
	id := int64(7)
	return debrief.Volunteer{ID: 1, Phone: "+16175550000", Name: "Ana", TeamID: &id, TeamName: "Riverside Moms", Language: lang}
}

func (c *convo) send(body string) Result {
	return c.sendIn(Inbound{Body: body})
}

func (c *convo) sendIn(in Inbound) Result {
	c.t.Helper()
	env := Env{Now: c.now, Location: newYork()}
	if c.st.NeedsTeams() {
		env.Teams = c.teams
	}
	before := c.st
	res := Step(c.st, in, env)
	if res.State.Version != before.Version {
		c.t.Fatalf("Step changed the version")
	}
	for _, r := range res.Replies {
		if !texts.IsGSM7(r) || texts.Segments(r) > 2 {
			c.t.Errorf("reply to %q is not GSM-7 or too long (%d segments): %q", in.Body, texts.Segments(r), r)
		}
	}
	if !res.Effects.OptedOut && !before.Volunteer.OptedOut && len(res.Replies) == 0 {
		c.t.Errorf("no reply to %q", in.Body)
	}
	if res.Effects.SaveDraft {
		if res.State.Draft == nil {
			c.t.Fatalf("SaveDraft without a draft after %q", in.Body)
		}
		c.saved[res.State.Draft.Seq] = *res.State.Draft
	}
	if a := res.Effects.Abandoned; a != nil {
		if a.Status != debrief.ReportAbandoned {
			c.t.Errorf("abandoned report has status %q", a.Status)
		}
		c.saved[a.Seq] = *a
	}
	if res.Effects.CreateTeam != "" {
		c.teams = append(c.teams, debrief.Team{ID: int64(len(c.teams) + 100), Name: res.Effects.CreateTeam})
	}
	c.st = res.State
	c.last = res
	c.now = c.now.Add(time.Minute)
	return res
}

func (c *convo) reply() string { return strings.Join(c.last.Replies, " | ") }

// turn is one text and words its reply must hold (case-insensitive).
type turn struct {
	body string
	want []string
}

func (c *convo) play(turns []turn) {
	c.t.Helper()
	for _, tu := range turns {
		c.send(tu.body)
		got := strings.ToLower(c.reply())
		for _, w := range tu.want {
			if !strings.Contains(got, strings.ToLower(w)) {
				c.t.Errorf("reply to %q = %q, want %q in it", tu.body, c.reply(), w)
			}
		}
	}
}

func TestFlowEnglish(t *testing.T) {
	t.Parallel()
	c := newConvo(t, debrief.Volunteer{ID: 1, Phone: "+16175550000", Language: debrief.English})
	c.play([]turn{
		{"Hi", []string{"name"}},
		{"I'm Ana Pérez", []string{"Thanks, Ana", "1 Riverside Moms, 2 Eastside"}},
		{"riverside moms", []string{"Riverside Moms", "Who did you meet"}},
		{"Maria Lopez 617 253 1000", []string{"issue", "Maria Lopez"}},
		{"Clean air near the schools, asthma in her family", []string{"agree", "1 Host"}},
		{"1", []string{"next steps"}},
		{"Call her about the house party next Tuesday", []string{"Got it: Tue Nov 3.", "enjoy"}},
		{"Phone banking and hosting", []string{"anything else"}},
		{"Teacher, knows the PTA president", []string{"thanked Maria"}},
		{"yes", []string{"Saved! #1: Maria Lopez.", "Agreed: host a house party", "Next: Tue Nov 3", "Thanked: yes"}},
		{"thanks!", []string{"is saved"}},
		{"NEW", []string{"New report #2", "Who did you meet"}},
	})
	v := c.st.Volunteer
	if v.Name != "Ana Pérez" || v.TeamID == nil || *v.TeamID != 7 || v.TeamName != "Riverside Moms" {
		t.Errorf("volunteer = %+v", v)
	}
	r := c.saved[1]
	nextTue := time.Date(2026, 11, 3, 0, 0, 0, 0, newYork())
	if r.PersonName != "Maria Lopez" || r.PersonPhone != "+16172531000" || r.Issue == "" ||
		r.Commitment != debrief.CommitHouseParty || r.CommitmentText != "" || r.NextContactAt == nil ||
		!r.NextContactAt.Equal(nextTue) || r.NextContactHasTime || r.Enjoy == "" || r.Notes == "" ||
		r.Thanked == nil || !*r.Thanked || r.Status != debrief.ReportComplete || r.CompletedAt == nil {
		t.Errorf("report 1 = %+v", r)
	}
	if d := c.saved[2]; d.Seq != 2 || d.Status != debrief.ReportDraft || !d.StartedAt.Equal(c.now.Add(-time.Minute)) {
		t.Errorf("report 2 = %+v", d)
	}
	if c.st.LastSeq != 2 {
		t.Errorf("LastSeq = %d", c.st.LastSeq)
	}
}

func TestFlowSpanish(t *testing.T) {
	t.Parallel()
	c := newConvo(t, debrief.Volunteer{ID: 2, Phone: "+16175550001", Language: debrief.English})
	c.play([]turn{
		{"Hola", []string{"tu nombre"}},
		{"Me llamo Lucía", []string{"Gracias, Lucia", "equipo"}},
		{"Barrio Verde", []string{"Barrio Verde", "reuniste"}},
		{"Rosa Díaz rosa@example.org", []string{"clima", "Rosa"}},
		{"El calor en verano", []string{"va a hacer Rosa", "1 Organizar"}},
		{"reunirse otra vez", []string{"pasos siguen"}},
		{"La llamo", []string{"fecha vas a hablar con Rosa"}},
		{"el martes a las 5", []string{"Anotado: mar 3 nov, 17:00.", "interesa"}},
		{"Cocinar para eventos", []string{"otra cosa que anotar"}},
		{"saltar", []string{"gracias a Rosa"}},
		{"sí", []string{"Guardado! #1: Rosa Diaz.", "Acuerdo: reunirse otra vez", "Agradeciste: ya."}},
	})
	if c.st.Volunteer.Language != debrief.Spanish || c.last.Effects.CreateTeam != "" {
		t.Errorf("volunteer = %+v", c.st.Volunteer)
	}
	r := c.saved[1]
	at := time.Date(2026, 11, 3, 17, 0, 0, 0, newYork())
	if r.PersonName != "Rosa Díaz" || r.PersonEmail != "rosa@example.org" || r.Commitment != debrief.CommitMeetAgain ||
		r.NextSteps != "La llamo; el martes a las 5" || r.NextContactAt == nil || !r.NextContactAt.Equal(at) ||
		!r.NextContactHasTime || r.Notes != "" || r.Thanked == nil || !*r.Thanked {
		t.Errorf("report = %+v", r)
	}
	if c.teams[len(c.teams)-1].Name != "Barrio Verde" {
		t.Errorf("team Barrio Verde was not created: %v", c.teams)
	}
}
