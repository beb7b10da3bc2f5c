package conversation

import (
	"strconv"
	"strings"

	"github.com/debrief-sms/debrief"
	"github.com/debrief-sms/debrief/internal/names"
	"github.com/debrief-sms/debrief/internal/texts"
)

// greetings open a conversation; they answer no question.
var greetings = map[string]bool{
	"HI": true, "HELLO": true, "HEY": true, "HIYA": true, "HI THERE": true, "HEY THERE": true,
	"GOOD MORNING": true, "GOOD AFTERNOON": true, "GOOD EVENING": true,
	"HOLA": true, "BUENAS": true, "BUENOS DIAS": true, "BUENAS TARDES": true, "BUENAS NOCHES": true,
	"HOLA BUENAS": true, "HOLA BUENOS DIAS": true,
}

// speaksSpanish reports whether a newcomer's first text is in Spanish: a
// Spanish greeting, or one that opens it ("Hola, soy Ana").
func speaksSpanish(text string) bool {
	first, _, _ := strings.Cut(foldWords(text), " ")
	return first == "HOLA" || first == "BUENAS" || first == "BUENOS" || first == "SOY" || first == "ME"
}

func (r *run) welcome(text string) {
	if speaksSpanish(text) && r.st.Volunteer.Language != debrief.Spanish {
		r.setLanguage(debrief.Spanish)
	}
	if z := r.env.TimeZone; z != "" && r.st.Volunteer.TimeZone != z {
		// Until they say otherwise, a newcomer lives where their number
		// or carrier says: it decides their quiet hours.
		r.st.Volunteer.TimeZone = z
		r.eff.SaveVolunteer = true
	}
	r.st.Step = StepName
	if introduces(text) {
		r.setName(text)
		return
	}
	r.say("welcome", nil)
}

func (r *run) setLanguage(lang debrief.Language) {
	r.st.Volunteer.Language = lang
	r.x = texts.For(lang)
	r.eff.SaveVolunteer = true
}

// introductions are how a first text says who is texting ("Hi I'm Ana"),
// folded.
var introductions = []string{"I M ", "IM ", "I AM ", "MY NAME IS ", "MY NAME S ", "THIS IS ", "ME LLAMO ",
	"MI NOMBRE ES ", "SOY "}

// introduces reports whether a text names its sender.
func introduces(text string) bool {
	f := " " + foldWords(text) + " "
	for _, p := range introductions {
		if strings.Contains(f, " "+p) {
			return true
		}
	}
	return strings.HasSuffix(f, " HERE ") || strings.HasSuffix(f, " AQUI ")
}

// setName reads the volunteer's name ("Ana", "I'm Ana from Riverside
// Moms"); a team named with it that exists, or the first team of all,
// is joined at once.
func (r *run) setName(text string) {
	name, team := names.Self(text)
	if name == "" {
		r.say("name_retry", nil)
		return
	}
	r.st.Volunteer.Name = name
	r.eff.SaveVolunteer = true
	r.st.Step = StepTeam
	if team != "" {
		for _, t := range r.env.Teams {
			if strings.EqualFold(strings.Join(strings.Fields(t.Name), " "), team) {
				r.say("thanks_name", &texts.Vars{texts.Name: name})
				r.joinTeam(t)
				return
			}
		}
		if len(r.env.Teams) == 0 {
			r.say("thanks_name", &texts.Vars{texts.Name: name})
			r.eff.CreateTeam = team
			r.joinTeam(debrief.Team{Name: team})
			return
		}
	}
	r.askTeam("ask_team")
}

// askTeam asks for the team with a numbered list of the existing teams,
// as many as fit; the others can still be typed by name.
func (r *run) askTeam(name string) {
	var b strings.Builder
	budget := texts.Teams.Max()
	for i, t := range r.env.Teams {
		item := strconv.Itoa(i+1) + " " + texts.GSMSafe(strings.TrimSpace(t.Name), 30)
		if b.Len() > 0 {
			item = ", " + item
		}
		if b.Len()+len(item) > budget {
			break
		}
		b.WriteString(item)
	}
	if b.Len() == 0 {
		name += "_open"
	}
	r.say(name, &texts.Vars{texts.Name: r.st.Volunteer.Name, texts.Teams: b.String()})
}

func (r *run) setTeam(text string) {
	w := word(text)
	if n, err := strconv.Atoi(w); err == nil && len(w) <= 2 {
		if n < 1 || n > len(r.env.Teams) {
			r.askTeam("team_retry")
			return
		}
		r.joinTeam(r.env.Teams[n-1])
		return
	}
	// A longer number is a name: teams are called "350" too.
	name := cleanName(text)
	if name == "" {
		r.askTeam("team_retry")
		return
	}
	for _, t := range r.env.Teams {
		if strings.EqualFold(strings.Join(strings.Fields(t.Name), " "), name) {
			r.joinTeam(t)
			return
		}
	}
	r.eff.CreateTeam = name
	r.joinTeam(debrief.Team{Name: name})
}

func (r *run) joinTeam(t debrief.Team) {
	v := &r.st.Volunteer
	v.TeamName = t.Name
	v.TeamID = nil
	if t.ID != 0 {
		id := t.ID
		v.TeamID = &id
	}
	r.eff.SaveVolunteer = true
	r.say("joined", &texts.Vars{texts.Team: t.Name})
	r.startReport()
}
