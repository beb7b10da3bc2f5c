package conversation

import (
	"bufio"
	"fmt"
	"os"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/debrief-sms/debrief"
	"github.com/debrief-sms/debrief/internal/followup"
)

// The corpora of the parsers (names, dates, intent) hold texts written the
// way volunteers really text, with what each must be understood as. Their
// own packages test the parsers on them; here every line goes through
// Step, in the question it answers, and what Step stores must be what the
// volunteer meant.

// corpus reads a tab-separated file, skipping blank and # lines; each
// row comes with its line number.
func corpus(t *testing.T, path string) (rows [][]string, lines []int) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		if strings.TrimSpace(line) == "" || strings.HasPrefix(line, "#") {
			continue
		}
		rows = append(rows, strings.Split(line, "\t"))
		lines = append(lines, n)
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return rows, lines
}

func col(row []string, i int) string {
	if i < len(row) {
		return strings.TrimSpace(row[i])
	}
	return ""
}

func TestCorpusPersonMet(t *testing.T) {
	t.Parallel()
	rows, lines := corpus(t, "../names/testdata/met.tsv")
	for k, row := range rows {
		text, name, ph, email := col(row, 0), col(row, 1), col(row, 2), col(row, 3)
		if name == "" {
			continue
		}
		t.Run(fmt.Sprintf("line%d", lines[k]), func(t *testing.T) {
			t.Parallel()
			res := Step(midReport(debrief.English, KeyPerson), Inbound{Body: text}, Env{Now: start, Location: newYork()})
			d := res.State.Draft
			if d.PersonName != name || d.PersonPhone != ph || d.PersonEmail != email || res.State.Step != KeyIssue {
				t.Errorf("%q: stored %q %q %q at step %q, want %q %q %q", text, d.PersonName, d.PersonPhone, d.PersonEmail, res.State.Step, name, ph, email)
			}
		})
	}
}

func TestCorpusVolunteerName(t *testing.T) {
	t.Parallel()
	rows, lines := corpus(t, "../names/testdata/self.tsv")
	for k, row := range rows {
		text, name := col(row, 0), col(row, 1)
		if name == "" {
			continue
		}
		t.Run(fmt.Sprintf("line%d", lines[k]), func(t *testing.T) {
			t.Parallel()
			st := State{Volunteer: debrief.Volunteer{ID: 1, Phone: "+16175550000", Language: debrief.English}, Step: StepName}
			res := Step(st, Inbound{Body: text}, Env{Now: start, Location: newYork(), Teams: teams})
			if got := res.State.Volunteer.Name; got != name {
				t.Errorf("%q: name %q, want %q; reply %q", text, got, name, res.Replies)
			}
		})
	}
}

func TestCorpusNextContact(t *testing.T) {
	t.Parallel()
	rows, lines := corpus(t, "../dates/testdata/corpus.tsv")
	for k, row := range rows {
		lang, nowText, zone, text, want, doubt := col(row, 0), col(row, 1), col(row, 2), col(row, 3), col(row, 4), col(row, 5)
		t.Run(fmt.Sprintf("line%d", lines[k]), func(t *testing.T) {
			t.Parallel()
			loc, err := time.LoadLocation(zone)
			if err != nil {
				t.Fatal(err)
			}
			now, err := time.Parse(time.RFC3339, nowText)
			if err != nil {
				t.Fatal(err)
			}
			st := midReport(debrief.Language(lang), KeyNextSteps)
			st.LastActivity = now.Add(-time.Minute)
			st.Draft.UpdatedAt = now.Add(-time.Minute)
			if commands[word(text)] != cmdNone || optOutWords[word(text)] {
				t.Skipf("%q is a command", text)
			}
			res := Step(st, Inbound{Body: text}, Env{Now: now, Location: loc})
			d := res.State.Draft
			day, past := expectedDay(t, want, now, loc)
			switch {
			case want == "none" || past:
				if d.NextContactAt != nil || res.State.Pending != PendingDate {
					t.Errorf("%q: next contact %v, pending %q; want asked again for a day", text, d.NextContactAt, res.State.Pending)
				}
			case doubt != "":
				if res.State.Pending != PendingDateCheck || d.NextContactAt == nil || !d.NextContactAt.Equal(day) {
					t.Errorf("%q: pending %q, next contact %v; want %s questioned", text, res.State.Pending, d.NextContactAt, day)
				}
			default:
				if d.NextContactAt == nil || !d.NextContactAt.Equal(day) || res.State.Pending != "" {
					t.Errorf("%q: next contact %v, pending %q; want %s; reply %q", text, d.NextContactAt, res.State.Pending, day, res.Replies)
				}
			}
		})
	}
}

// expectedDay reads the corpus' expected column: 2026-12-05,
// 2026-12-05T09:00, week:2026-12-07, month:2027-01-01; past reports a day
// gone by (Step asks again for one to come).
func expectedDay(t *testing.T, want string, now time.Time, loc *time.Location) (day time.Time, past bool) {
	t.Helper()
	if want == "none" {
		return time.Time{}, false
	}
	_, v, ok := strings.Cut(want, ":")
	if !ok || strings.Contains(want, "T") {
		v = want
	}
	layout := time.DateOnly
	if strings.Contains(v, "T") {
		layout = "2006-01-02T15:04"
	}
	d, err := time.ParseInLocation(layout, v, loc)
	if err != nil {
		t.Fatalf("expected %q: %v", want, err)
	}
	n := now.In(loc)
	if layout == time.DateOnly {
		return d, d.Before(time.Date(n.Year(), n.Month(), n.Day(), 0, 0, 0, 0, loc))
	}
	return d, d.Before(now)
}

func TestCorpusIntents(t *testing.T) {
	t.Parallel()
	rules := followup.DefaultRules()
	rows, lines := corpus(t, "../intent/testdata/corpus.tsv")
	for k, row := range rows {
		fn, text, want := col(row, 0), col(row, 1), col(row, 2)
		t.Run(fmt.Sprintf("line%d_%s", lines[k], fn), func(t *testing.T) {
			t.Parallel()
			w := word(text)
			switch fn {
			case "yesno":
				if want == "none" || commands[w] != cmdNone || optOutWords[w] {
					t.Skip("not an answer to a yes/no question")
				}
				res := Step(midReport(debrief.English, KeyThanked), Inbound{Body: text}, Env{Now: start, Location: newYork()})
				if th := res.State.Draft.Thanked; th == nil || *th != (want == "yes") {
					t.Errorf("%q: thanked %v, want %s; reply %q", text, th, want, res.Replies)
				}
			case "optout":
				res := Step(midReport(debrief.English, KeyEnjoy), Inbound{Body: text}, Env{Now: start, Location: newYork()})
				if wantOut := want == "true" || optOutWords[w]; res.Effects.OptedOut != wantOut {
					t.Errorf("%q: opted out %v, want %v", text, res.Effects.OptedOut, wantOut)
				}
			case "done":
				if want != "true" && optOutWords[w] {
					t.Skip("an opt-out")
				}
				res := Step(reminderState(debrief.English, StepDone), Inbound{Body: text}, Env{Now: tuesday, Location: newYork(), FollowUps: &rules})
				if closed := res.Effects.CloseReminder == 42; closed != (want == "true") {
					t.Errorf("%q: closed the reminder %v, want %s; reply %q", text, closed, want, res.Replies)
				}
			case "later":
				if want != "true" {
					t.Skip("what is not a later may still be a day")
				}
				res := Step(reminderState(debrief.English, StepDone), Inbound{Body: text}, Env{Now: tuesday, Location: newYork(), FollowUps: &rules})
				if res.Effects.Reschedule == nil {
					t.Errorf("%q: reminder not moved; reply %q", text, res.Replies)
				}
			case "choices":
				if want == "none" || commands[w] != cmdNone {
					t.Skip("free text")
				}
				res := Step(midReport(debrief.English, KeyCommitment), Inbound{Body: text}, Env{Now: start, Location: newYork()})
				var wantCs []debrief.Commitment
				if want != "range" {
					qs := DefaultQuestions()
					ci := questionIndex(qs, KeyCommitment)
					for _, n := range strings.Split(want, ",") {
						i, err := strconv.Atoi(n)
						if err != nil {
							t.Fatalf("expected %q", want)
						}
						wantCs = append(wantCs, debrief.Commitment(qs[ci].Choices[i-1].Value))
					}
				}
				if got := res.State.Draft.Commitments; !reflect.DeepEqual(got, wantCs) {
					t.Errorf("%q: commitments %v, want %v", text, got, wantCs)
				}
			default:
				t.Fatalf("unknown func %q", fn)
			}
		})
	}
}
