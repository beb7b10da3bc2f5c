package web

import (
	"maps"
)

// The plans page's words, added to the pages' own.
func init() {
	maps.Copy(wordsEN, plansEN)
	maps.Copy(wordsES, plansES)
}

var plansEN = map[string]string{
	"plans": "Plans", "month": "Month", "month_hint": "Year and month, such as 2026-11.", "all_states": "All",
	"pl_upcoming": "upcoming", "pl_asked": "asked", "pl_unreported": "not reported after the second ask",
	"pl_reported": "reported", "pl_cancelled": "cancelled",
	"pl_planned_at": "When", "pl_person": "Meeting with", "no_plans": "No 1:1s planned this month.",
	"pl_caption":       "1:1s planned in %s, by planned time. Times are in your time zone.",
	"pl_teams_caption": "Planned vs reported in %s, by team.",
	"pl_vols_caption":  "Planned vs reported in %s, by volunteer.",
	"pl_pick_team":     "Pick a team to see its volunteers' figures.",
	"pl_figures_hint":  "Planned counts the 1:1s planned in the month and not cancelled; reported, the reports completed in it, planned or not; the next four count among those reports.",
	"pl_planned":       "Planned", "pl_reported_n": "Reported", "pl_within": "Within 24 h", "pl_thanked": "Thanked",
	"pl_next_done": "Next step done", "pl_overdue": "Overdue", "pl_prev_month": "Previous month", "pl_next_month": "Next month",
	"pl_months": "Months", "pl_summary": "Planned vs reported", "pl_list": "Each 1:1 planned",
}

var plansES = map[string]string{
	"plans": "Planes", "month": "Mes", "month_hint": "Año y mes, como 2026-11.", "all_states": "Todos",
	"pl_upcoming": "próximo", "pl_asked": "preguntado", "pl_unreported": "sin reporte tras la segunda pregunta",
	"pl_reported": "reportado", "pl_cancelled": "cancelado",
	"pl_planned_at": "Cuándo", "pl_person": "Con quién", "no_plans": "No hay 1:1 planeados este mes.",
	"pl_caption":       "1:1 planeados en %s, por fecha. Las horas están en su zona horaria.",
	"pl_teams_caption": "Planeados y reportados en %s, por equipo.",
	"pl_vols_caption":  "Planeados y reportados en %s, por voluntario.",
	"pl_pick_team":     "Elija un equipo para ver las cifras de sus voluntarios.",
	"pl_figures_hint":  "Planeados cuenta los 1:1 planeados en el mes y no cancelados; reportados, los reportes completados en él, planeados o no; las cuatro siguientes cuentan entre esos reportes.",
	"pl_planned":       "Planeados", "pl_reported_n": "Reportados", "pl_within": "En 24 h", "pl_thanked": "Agradecidos",
	"pl_next_done": "Próximo paso hecho", "pl_overdue": "Atrasados", "pl_prev_month": "Mes anterior", "pl_next_month": "Mes siguiente",
	"pl_months": "Meses", "pl_summary": "Planeados y reportados", "pl_list": "Cada 1:1 planeado",
}
