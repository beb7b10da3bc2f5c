package conversation

// NationalSet names the national campaign's question set
// (`debrief questions enable national`).
const NationalSet = "national"

// NationalQuestion is one question of the national campaign's set, by the
// key that finds it again when the set is enabled twice.
type NationalQuestion struct {
	Key string
	TeamQuestion
}

// NationalQuestions is the national campaign's set: to build a movement
// that welcomes everyone, it learns each member's capacity (the time they
// have, their strengths and what limits them), their skills, whether they
// would reach out to and welcome new members across race and class, and
// whether they want support or training to do it. Every question is
// optional: a volunteer may not know yet, and a 1:1 is a conversation,
// not a form. Each call returns new values (IDs unset: the store gives
// them).
func NationalQuestions() []NationalQuestion {
	return []NationalQuestion{
		{"time", TeamQuestion{Kind: AskChoice, Optional: true,
			Text:   "How much time could they give the group each month?",
			TextES: "¿Qué tiempo puede dar al grupo cada mes?",
			Choices: SplitChoices("An hour or two;A few hours;A day or more;Not right now",
				"Una o dos horas;Unas horas;Una jornada o varias;Ahora no")}},
		{"strengths", TeamQuestion{Kind: AskText, Optional: true,
			Text:   "What strengths do they bring, and what limits them (time, health, family)?",
			TextES: "¿Qué fortalezas trae, y qué le pone freno (tiempo, salud, familia)?"}},
		{"skills", TeamQuestion{Kind: AskText, Optional: true,
			Text:   "What skills could they share? Like speaking, writing, languages, social media.",
			TextES: "¿Qué habilidades puede compartir? Ej: hablar, escribir, idiomas, redes sociales."}},
		{"welcome", TeamQuestion{Kind: AskChoice, Optional: true,
			Text:   "Would they reach out to and welcome new members across race and class?",
			TextES: "¿Quiere invitar y dar la bienvenida a miembros nuevos de otras razas y clases sociales?",
			Choices: SplitChoices("Gladly;Maybe, with support;Not now",
				"Con gusto;Tal vez, con apoyo;Ahora no")}},
		{"support", TeamQuestion{Kind: AskYesNo, Optional: true,
			Text:   "Would they like support or training to do that well?",
			TextES: "¿Quiere apoyo o un taller para hacerlo bien?"}},
	}
}
