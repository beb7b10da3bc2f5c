package conversation

import (
	"fmt"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/debrief-sms/debrief"
)

// longVars fills every slot with a long value, accents and emoji included,
// as the worst a volunteer could type.
func longVars() *vars {
	var v vars
	for i := range v {
		v[i] = strings.Repeat("Ñúñez-Ólafsdóttir 😀 “quoted” — ", 4)
	}
	return &v
}

func TestTemplatesFitOneSegment(t *testing.T) {
	t.Parallel()
	en, es := catalogs[debrief.English], catalogs[debrief.Spanish]
	for name := range en {
		if _, ok := es[name]; !ok {
			t.Errorf("template %q has no Spanish text", name)
		}
	}
	for name := range es {
		if _, ok := en[name]; !ok {
			t.Errorf("template %q has no English text", name)
		}
	}
	for _, lang := range []debrief.Language{debrief.English, debrief.Spanish} {
		for name, tmpl := range catalogs[lang] {
			t.Run(string(lang)+"/"+name, func(t *testing.T) {
				t.Parallel()
				s := tmpl.render(longVars())
				if !IsGSM7(s) {
					t.Fatalf("not GSM-7: %q", s)
				}
				if n := Segments(s); n != 1 {
					t.Errorf("%d segments: %q", n, s)
				}
				if strings.Contains(s, "....") {
					t.Errorf("four dots: %q", s)
				}
			})
		}
	}
}

// maxReport is a report with the longest values a volunteer can give: a
// 100-character name with letters GSM-7 has (ñ) and lacks (ú), and
// 1000-character answers whose cuts fall after a period.
func maxReport(seq int) *debrief.Report {
	name, _ := clip(strings.Repeat("Ñúñez Peña ", 10)+"Ñ", MaxName)
	long := func(s string) string {
		a, _ := clip(strings.Repeat(s, MaxAnswer/len(s)+1), MaxAnswer)
		return a
	}
	if utf8.RuneCountInString(name) != MaxName {
		panic("maxReport: name is not MaxName characters")
	}
	yes := true
	return &debrief.Report{Seq: seq, Status: debrief.ReportDraft, PersonName: name,
		Issue:      long("Aire limpio. Asma en la familia, calor en verano; "),
		Commitment: debrief.CommitOther, CommitmentText: long("Escribir a la junta escolar. "),
		NextSteps: long("La llamo el martes... "), Enjoy: long("Cocinar. "), Notes: long("Maestra. "),
		Thanked: &yes, StartedAt: start.Add(-time.Hour), UpdatedAt: start.Add(-time.Minute)}
}

// TestSummaryFitsOneSegment finishes and edits reports with the longest
// values a report allows: the summary is one segment, in both languages.
func TestSummaryFitsOneSegment(t *testing.T) {
	t.Parallel()
	at := time.Date(2026, 12, 30, 12, 30, 0, 0, newYork())
	for _, lang := range []debrief.Language{debrief.English, debrief.Spanish} {
		for _, seq := range []int{1, 99999} {
			cases := []struct {
				name string
				st   func() State
				body string
			}{
				{"finished", func() State {
					return State{Volunteer: known(lang), Step: KeyThanked, LastSeq: seq, Draft: maxReport(seq)}
				}, "yes"},
				{"finished, next contact with a time", func() State {
					d := maxReport(seq)
					d.NextContactAt, d.NextContactHasTime = &at, true
					return State{Volunteer: known(lang), Step: KeyThanked, LastSeq: seq, Draft: d}
				}, "no"},
				{"edited", func() State {
					d := maxReport(seq)
					d.Status = debrief.ReportComplete
					return State{Volunteer: known(lang), Step: KeyIssue, Editing: true, LastSeq: seq, Draft: d}
				}, strings.Repeat("Ozono, ruido. ", 80)},
			}
			for _, tc := range cases {
				t.Run(fmt.Sprintf("%s/%s/#%d", lang, tc.name, seq), func(t *testing.T) {
					t.Parallel()
					res := Step(tc.st(), Inbound{Body: tc.body}, Env{Now: start, Location: newYork()})
					s := res.Replies[len(res.Replies)-1]
					if res.State.Step != StepDone || !strings.Contains(s, "#"+strconv.Itoa(seq)+":") {
						t.Fatalf("not a summary: %q", res.Replies)
					}
					if !IsGSM7(s) || Segments(s) != 1 {
						t.Errorf("%d segments: %q", Segments(s), s)
					}
					if name := strings.TrimSuffix(gsmSafe(res.State.Draft.PersonName, 20), "..."); !strings.Contains(s, ": "+name+"...") {
						t.Errorf("the name is cut below 20 characters: %q", s)
					}
					if strings.Contains(s, "....") || strings.Contains(s, "..") && !strings.Contains(s, "...") {
						t.Errorf("doubled dots: %q", s)
					}
				})
			}
		}
	}
}

// TestSummaryKeepsShortValues renders the README's report: nothing cut.
func TestSummaryKeepsShortValues(t *testing.T) {
	t.Parallel()
	day := time.Date(2026, 12, 1, 0, 0, 0, 0, newYork())
	no := false
	d := &debrief.Report{Seq: 1, Status: debrief.ReportDraft, PersonName: "Maria Lopez", Issue: "clean air near schools.",
		Commitment: debrief.CommitHouseParty, NextSteps: "call her Tuesday", NextContactAt: &day, Thanked: &no}
	want := map[debrief.Language]string{
		debrief.English: "Saved! #1: Maria Lopez. Issue: clean air near schools. Agreed: host a house party. Next: Tue Dec 1. Thanked: no.\nNEW for another 1:1, EDIT to fix.",
		debrief.Spanish: "¡Guardado! #1: Maria Lopez. Tema: clean air near schools. Acuerdo: fiesta en casa. Luego: mar 1 dic. Agradeciste: no.\nNUEVO: otro 1:1. EDITAR: corregir.",
	}
	for lang, want := range want {
		res := Step(State{Volunteer: known(lang), Step: KeyThanked, LastSeq: 1, Draft: d}, Inbound{Body: "no"},
			Env{Now: start, Location: newYork()})
		if got := strings.Join(res.Replies, " | "); got != want {
			t.Errorf("%s:\n got %q\nwant %q", lang, got, want)
		}
	}
}

// TestFit shortens the longest values first and keeps punctuation single.
func TestFit(t *testing.T) {
	t.Parallel()
	tmpl, err := parseTemplate("{person}. {issue}. {commitment}. {next}." + strings.Repeat("x", 90))
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name                            string
		person, issue, commitment, next string
		want                            string
	}{
		{"fits", "Ana", "heat.", "call", "Tue", "Ana. heat. call. Tue."},
		{"punctuation single", "Dr. Ana", "heat?", "call,", "-", "Dr. Ana. heat? call. -."},
		{"longest cut first", "Ana", strings.Repeat("smog ", 12), "call her, ", "Tue Dec 1",
			"Ana. smog smog smog smog smog smog smog... call her. Tue Dec 1."},
		{"name kept at 20", strings.Repeat("Peña ", 8), strings.Repeat("smog ", 12), strings.Repeat("call ", 8), "Tue Dec 1",
			"Peña Peña Peña... smog smog smog... call call call... Tue Dec 1."},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got := tmpl.render(&vars{sPerson: tc.person, sIssue: tc.issue, sCommitment: tc.commitment, sNext: tc.next})
			if got = strings.TrimRight(got, "x"); got != tc.want {
				t.Errorf("got  %q\nwant %q", got, tc.want)
			}
		})
	}
}

func TestPlural(t *testing.T) {
	t.Parallel()
	cases := []struct {
		lang  debrief.Language
		count int
		want  string
	}{
		{debrief.English, 1, "You've started 1 report."},
		{debrief.English, 2, "You've started 2 reports."},
		{debrief.English, 0, "You've started 0 reports."},
		{debrief.Spanish, 1, "Has empezado 1 reporte."},
		{debrief.Spanish, 3, "Has empezado 3 reportes."},
	}
	for _, tc := range cases {
		st := State{Volunteer: known(tc.lang), LastSeq: tc.count}
		res := Step(st, Inbound{Body: "STATUS"}, Env{Now: start, Location: newYork()})
		if got := res.Replies[0]; !strings.HasPrefix(got, tc.want) {
			t.Errorf("%s, %d: %q, want %q", tc.lang, tc.count, got, tc.want)
		}
	}
	d := midReport(debrief.Spanish, StepDone)
	d.Draft.Status = debrief.ReportComplete
	res := Step(d, Inbound{Body: "estado"}, Env{Now: start, Location: newYork()})
	if want := "Has empezado 1 reporte. Tienes guardado el #1, sobre Maria."; res.Replies[0] != want {
		t.Errorf("got %q, want %q", res.Replies[0], want)
	}
	if _, err := parseTemplate("{count|report}"); err == nil {
		t.Error("a plural with one form parsed")
	}
}

// TestNoWords answers "?" with a pointer to HELP and the question again,
// emoji with what Debrief reads.
func TestNoWords(t *testing.T) {
	t.Parallel()
	cases := []struct {
		lang debrief.Language
		body string
		want string
	}{
		{debrief.English, "?", "Not sure? Reply HELP for the commands. What climate issue is Maria most concerned about?"},
		{debrief.English, " ?? ", "Not sure? Reply HELP"},
		{debrief.English, "...", "Not sure? Reply HELP"},
		{debrief.English, "…", "Not sure? Reply HELP"},
		{debrief.Spanish, "¿?", "¿Dudas? Responde AYUDA para ver los comandos. ¿Qué tema del clima le preocupa a Maria sobre todo?"},
		{debrief.English, "👍", "I can only read words, not emoji. What climate issue"},
		{debrief.English, ":)", "I can only read words, not emoji."},
	}
	for _, tc := range cases {
		res := Step(midReport(tc.lang, KeyIssue), Inbound{Body: tc.body}, Env{Now: start, Location: newYork()})
		if got := strings.Join(res.Replies, " | "); !strings.HasPrefix(got, tc.want) {
			t.Errorf("%s %q: %q, want %q", tc.lang, tc.body, got, tc.want)
		}
	}
}

func TestListsFitOneSegment(t *testing.T) {
	t.Parallel()
	var many []debrief.Team
	for i := range 30 {
		many = append(many, debrief.Team{ID: int64(i + 1), Name: strings.Repeat("Long Team Name Ñandú ", 3)})
	}
	qs := DefaultQuestions()
	for i := range 10 {
		qs = append(qs, Question{Key: "own" + string(rune('a'+i)), Kind: KindText,
			Prompt: map[debrief.Language]string{debrief.English: "Own question?"},
			Label:  map[debrief.Language]string{debrief.English: strings.Repeat("Label ", 6)}})
	}
	for _, lang := range []debrief.Language{debrief.English, debrief.Spanish} {
		v := debrief.Volunteer{Language: lang, Name: strings.Repeat("Ñ", 40)}
		cases := []struct {
			name string
			s    State
			body string
		}{
			{"team list", State{Volunteer: v, Step: StepName}, strings.Repeat("Ana María ", 10)},
			{"edit list", State{Volunteer: known(lang), Step: KeyIssue, LastSeq: 1,
				Draft: &debrief.Report{Seq: 1, Status: debrief.ReportDraft, PersonName: "Maria", StartedAt: start, UpdatedAt: start}}, "EDIT"},
		}
		for _, tc := range cases {
			res := Step(tc.s, Inbound{Body: tc.body}, Env{Now: start, Location: newYork(), Teams: many, Questions: qs})
			for _, r := range res.Replies {
				if n, ok := septets(r); !ok || n > SegmentGSM7 {
					t.Errorf("%s/%s: %d characters or not GSM-7: %q", lang, tc.name, n, r)
				}
			}
		}
	}
}

func TestGSM7(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name     string
		s        string
		gsm      bool
		segments int
	}{
		{"plain", "Hi there", true, 1},
		{"spanish in GSM-7", "¿Qué? ¡Sí! mañana", false, 1},
		{"spanish folded", "¿Qué? ¡Si! mañana, Ñandú", false, 1},
		{"GSM-7 accents", "é è ù ì ò à Ñ ñ ¿ ¡", true, 1},
		{"curly quote", "it’s", false, 1},
		{"em dash", "a — b", false, 1},
		{"emoji", "😀", false, 1},
		{"160 plain", strings.Repeat("a", 160), true, 1},
		{"161 plain", strings.Repeat("a", 161), true, 2},
		{"306 plain", strings.Repeat("a", 306), true, 2},
		{"extension counts twice", strings.Repeat("{", 80), true, 1},
		{"extension over", strings.Repeat("{", 81), true, 2},
		{"71 ucs2", strings.Repeat("á", 71), false, 2},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			if got := IsGSM7(tc.s); got != tc.gsm {
				t.Errorf("IsGSM7(%q) = %v", tc.s, got)
			}
			if got := Segments(tc.s); got != tc.segments {
				t.Errorf("Segments(%q) = %d, want %d", tc.s, got, tc.segments)
			}
		})
	}
}

func TestGSMSafe(t *testing.T) {
	t.Parallel()
	cases := []struct{ in, want string }{
		{"María José", "Maria José"},
		{"it’s “ok” — 😀 yes", "it's \"ok\" - yes"},
		{"short", "short"},
		{"Łucja Wiśniewska", "Lucja Wisniewska"},
		{"Dvořák Ő", "Dvorak O"},
		{strings.Repeat("a", 50), strings.Repeat("a", 37) + "..."},
		{strings.Repeat("a", 36) + ". and more", strings.Repeat("a", 36) + "..."},
		{strings.Repeat("a", 35) + "!, and more", strings.Repeat("a", 35) + "..."},
		{"Call her Wed Dec 30, 12:30pm about the party", "Call her Wed Dec 30, 12:30pm about..."},
		{"Clean air near the schools, asthma", "Clean air near the schools, asthma"},
		{"Clean air near the big schools, asthma", "Clean air near the big schools, asthma"},
		{"Clean air near the big schoolyard, asthma and more", "Clean air near the big schoolyard..."},
		{"Clean air near the big school, asthma and more", "Clean air near the big school, asthma..."},
		{"Clean air near the schools, asthma in her family", "Clean air near the schools, asthma in..."},
	}
	for _, tc := range cases {
		if got := gsmSafe(tc.in, 40); got != tc.want {
			t.Errorf("gsmSafe(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

// accentless are Spanish words that, written without an accent GSM-7
// lacks (á í ó ú), say something else or read as a slip. The Spanish
// texts use other words: "Guardé tu reporte", not "esta guardado".
var accentless = map[string]string{
	"acepto": "aceptó (acepto: I accept)", "paso": "pasó (paso: I pass)", "quedo": "quedó (quedo: I stay)",
	"llego": "llegó (llego: I arrive)", "reunio": "reunió", "guardo": "guardó (guardo: I keep)",
	"termino": "terminó (termino: I finish)", "hablo": "habló (hablo: I speak)", "llamo": "llamó (llamo: I call)",
	"mas": "más (mas: but)", "numero": "número (numero: I number)", "proximo": "próximo (proximo: I near)",
	"proximos": "próximos", "vacio": "vacío (vacio: I empty)", "invalido": "inválido (invalido: I annul)",
	"aun": "aún (aun: even)", "estas": "estás (estas: these)", "cual": "cuál", "cuales": "cuáles",
	"todavia": "todavía", "dia": "día", "dias": "días", "accion": "acción", "reunion": "reunión",
	"gustaria": "gustaría", "atras": "atrás", "movil": "móvil", "verificalo": "verifícalo",
	"telefono": "teléfono", "despues": "después", "tambien": "también", "aqui": "aquí", "asi": "así",
	"podria": "podría", "habia": "había", "pagina": "página", "ultimo": "último", "ultima": "última",
}

// pronouns are words whose accent marks the pronoun: without it they are
// an article or a possessive, which a word must follow.
var pronouns = map[string]string{"el": "él", "tu": "tú", "mi": "mí", "si": "sí (si: if)"}

// questionWords need their accent after ¿; qué and quién have it in GSM-7.
var questionWords = map[string]bool{"como": true, "cuando": true, "donde": true, "quien": true,
	"que": true, "cual": true, "cuanto": true, "cuantos": true, "cuantas": true}

// misread lists how a Spanish text reads wrong without accents GSM-7 lacks.
func misread(s string) []string {
	var found []string
	prevWord := ""
	for i := 0; i < len(s); {
		r, w := utf8.DecodeRuneInString(s[i:])
		if !unicode.IsLetter(r) {
			i += w
			continue
		}
		end := i + strings.IndexFunc(s[i:], func(r rune) bool { return !unicode.IsLetter(r) })
		if end < i {
			end = len(s)
		}
		word, lower := s[i:end], strings.ToLower(s[i:end])
		before := strings.TrimRight(s[:i], " ")
		rest := strings.TrimLeft(s[end:], " ")
		next, _ := utf8.DecodeRuneInString(rest)
		wordFollows := rest != "" && (unicode.IsLetter(next) || unicode.IsDigit(next) || next == '#') // "el 3 de dic", "tu 1:1"
		question := strings.HasSuffix(before, "¿") || strings.HasSuffix(before, "¿Y") || strings.HasSuffix(before, "¿y")
		switch {
		case accentless[lower] != "":
			found = append(found, word+": "+accentless[lower])
		case question && questionWords[lower] && !strings.ContainsAny(lower, "éá"):
			found = append(found, word+": an accent after ¿")
		case word == "SI":
			// The word a volunteer replies, as in "Responde SI o NO".
			if !strings.EqualFold(prevWord, "responde") {
				found = append(found, word+": sí, outside a reply keyword")
			}
		case pronouns[lower] != "" && !wordFollows:
			found = append(found, word+": "+pronouns[lower])
		case lower == "esta" && (!wordFollows || strings.HasSuffix(nextWord(rest), "ado") ||
			strings.HasSuffix(nextWord(rest), "ido") || nextWord(rest) == "bien" || nextWord(rest) == "en"):
			found = append(found, word+": está")
		}
		prevWord = word
		i = end
	}
	return found
}

func nextWord(s string) string {
	end := strings.IndexFunc(s, func(r rune) bool { return !unicode.IsLetter(r) })
	if end < 0 {
		end = len(s)
	}
	return strings.ToLower(s[:end])
}

func TestMisread(t *testing.T) {
	t.Parallel()
	cases := []struct {
		s     string
		wrong bool
	}{
		{"¿Qué acepto hacer Rosa?", true},
		{"Gracias: si.", true},
		{"si", true},
		{"Tu reporte sobre Rosa esta guardado.", true},
		{"Estas en Barrio Verde.", true},
		{"Responde un numero:", true},
		{"¿Como te llamas?", true},
		{"¿Y como se llama?", true},
		{"le preocupa mas a Rosa", true},
		{"vie 30 oct ya paso.", true},
		{"Gracias, SI.", true},
		{"Su teléfono o email si los tienes.", false},
		{"Responde SI o NO.", false},
		{"Esta pregunta no se puede saltar.", false},
		{"Hoy: habla con Rosa sobre el evento.", false},
		{"Responde LISTO cuando lo hagas.", false},
		{"¿Qué va a hacer Rosa?", false},
	}
	for _, tc := range cases {
		if got := misread(tc.s); (len(got) > 0) != tc.wrong {
			t.Errorf("misread(%q) = %q, want wrong %v", tc.s, got, tc.wrong)
		}
	}
}

// TestSpanishReadsRight renders every Spanish text, with one and with
// several of each count, and looks for words that read wrong without the
// accents GSM-7 lacks.
func TestSpanishReadsRight(t *testing.T) {
	t.Parallel()
	for _, n := range []string{"1", "2"} {
		var v vars
		for i := range v {
			v[i] = "Rosa"
		}
		for _, s := range []slot{sSeq, sN, sTotal, sCount, sMax, sDay} {
			v[s] = n
		}
		for name, tmpl := range catalogs[debrief.Spanish] {
			s := tmpl.render(&v)
			if !IsGSM7(s) {
				t.Errorf("%s is not GSM-7: %q", name, s)
			}
			for _, w := range misread(s) {
				t.Errorf("%s: %s in %q", name, w, s)
			}
		}
	}
}

// TestChoicesReadAsWritten types each commitment choice as the question
// words it: the words pick their own number's choice.
func TestChoicesReadAsWritten(t *testing.T) {
	t.Parallel()
	q := &DefaultQuestions()[questionIndex(DefaultQuestions(), KeyCommitment)]
	for _, lang := range []debrief.Language{debrief.English, debrief.Spanish} {
		lines := strings.Split(textsFor(lang).get(q.Template, &vars{sPerson: "Rosa"}), "\n")[1:]
		if len(lines) != len(q.Choices) {
			t.Fatalf("%s: %d choices listed, %d known", lang, len(lines), len(q.Choices))
		}
		for i, line := range lines {
			typed := strings.TrimPrefix(line, strconv.Itoa(i+1)+" ")
			if got, _ := choose(q, typed); got != q.Choices[i].Value {
				t.Errorf("%s: %q reads as %q, want %q", lang, typed, got, q.Choices[i].Value)
			}
		}
	}
}
