package web

import (
	"fmt"
	"maps"
	"time"

	"github.com/debrief-sms/debrief"
)

// The monthly report's words, kept apart from words.go and added to its
// maps at start.
func init() {
	maps.Copy(wordsEN, monthlyEN)
	maps.Copy(wordsES, monthlyES)
}

var monthlyEN = map[string]string{
	"monthly": "Monthly report", "month": "Month", "prev_month": "Previous month", "next_month": "Next month",
	"m_so_far":         "This month is not over: the figures are so far.",
	"m_zone":           "Months run midnight to midnight in %s. A 1:1 counts in the month its report was completed.",
	"m_teams":          "1:1s and commitments by team",
	"m_follow":         "Follow-up completion by team",
	"m_caption":        "Complete 1:1 reports by the team of the volunteer who reported them.",
	"m_follow_caption": "1:1s planned by text for the month, then of the month's 1:1s: reported within 24 hours of the meeting, whose person was thanked, and their next-step reminders: done, overdue now.",
	"m_reports":        "1:1s", "m_volunteers": "Volunteers reporting", "m_thanked": "Thanked", "m_next_steps": "Next steps",
	"m_done": "Done", "m_overdue": "Overdue", "m_planned": "Planned", "m_within24": "Reported within 24 h", "m_total": "Total", "m_no_team": "No team", "m_count": "1:1s",
	"m_issues": "Climate issues people care about most", "m_enjoy": "What they would enjoy doing as volunteers",
	"m_issue": "Issue", "m_wish": "Would enjoy", "m_none": "No answers this month.",
	"m_answers_caption": "Answers that read the same (case, accents, plurals) are counted together; the 10 given most.",
	"m_history":         "The last 12 months", "m_history_caption": "1:1s and next steps by the month the 1:1 was reported.",
	"m_chart_reports": "1:1s reported per month", "m_chart_done": "Next steps done per month, in percent",
	"m_done_pct": "Done %", "m_chart_desc": "The table below gives every month's figures.", "m_questions": "Team questions",
}

var monthlyES = map[string]string{
	"monthly": "Informe mensual", "month": "Mes", "prev_month": "Mes anterior", "next_month": "Mes siguiente",
	"m_so_far":         "Este mes no ha terminado: las cifras son hasta hoy.",
	"m_zone":           "Los meses van de medianoche a medianoche en %s. Un 1:1 cuenta en el mes en que se completó su reporte.",
	"m_teams":          "1:1 y compromisos por equipo",
	"m_follow":         "Seguimiento por equipo",
	"m_caption":        "Reportes de 1:1 completos, por el equipo del voluntario que los reportó.",
	"m_follow_caption": "1:1 planeados por texto para el mes, y de los 1:1 del mes: reportados en las 24 horas del encuentro, a cuántas personas se les agradeció, y sus recordatorios de próximo paso: hechos, atrasados ahora.",
	"m_reports":        "1:1", "m_volunteers": "Voluntarios que reportaron", "m_thanked": "Agradecidos", "m_next_steps": "Próximos pasos",
	"m_done": "Hechos", "m_overdue": "Atrasados", "m_planned": "Planeados", "m_within24": "Reportados en 24 h", "m_total": "Total", "m_no_team": "Sin equipo", "m_count": "1:1",
	"m_issues": "Los temas climáticos que más les importan", "m_enjoy": "Lo que les gustaría hacer como voluntarios",
	"m_issue": "Tema", "m_wish": "Le gustaría", "m_none": "No hay respuestas este mes.",
	"m_answers_caption": "Las respuestas que dicen lo mismo (mayúsculas, acentos, plurales) se cuentan juntas; las 10 más dadas.",
	"m_history":         "Los últimos 12 meses", "m_history_caption": "1:1 y próximos pasos por el mes en que se reportó el 1:1.",
	"m_chart_reports": "1:1 reportados por mes", "m_chart_done": "Próximos pasos hechos por mes, en porcentaje",
	"m_done_pct": "% hechos", "m_chart_desc": "La tabla de abajo da las cifras de cada mes.", "m_questions": "Preguntas del equipo",
}

var monthsLongES = [...]string{"enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto",
	"septiembre", "octubre", "noviembre", "diciembre"}

// monthName is "November 2026" or "noviembre de 2026".
func monthName(t time.Time, lang debrief.Language) string {
	if lang == debrief.Spanish {
		return fmt.Sprintf("%s de %d", monthsLongES[t.Month()-1], t.Year())
	}
	return t.Format("January 2006")
}

// monthShort is "Nov" or "nov", for a chart's axis.
func monthShort(t time.Time, lang debrief.Language) string {
	if lang == debrief.Spanish {
		return monthsES[t.Month()-1]
	}
	return t.Format("Jan")
}

// monthlySummary says the month in a sentence: how many 1:1s, by how many
// volunteers, of how many teams.
func monthlySummary(lang debrief.Language, reports, volunteers, teams int) string {
	plural := func(n int, one, other string) string {
		if n == 1 {
			return fmt.Sprintf("%d %s", n, one)
		}
		return fmt.Sprintf("%d %s", n, other)
	}
	if lang == debrief.Spanish {
		return fmt.Sprintf("%s por %s de %s.", plural(reports, "1:1 reportado", "1:1 reportados"),
			plural(volunteers, "voluntario", "voluntarios"), plural(teams, "equipo", "equipos"))
	}
	return fmt.Sprintf("%s reported by %s of %s.", plural(reports, "1:1", "1:1s"),
		plural(volunteers, "volunteer", "volunteers"), plural(teams, "team", "teams"))
}
