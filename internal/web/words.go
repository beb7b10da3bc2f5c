package web

import (
	"fmt"
	"time"

	"github.com/debrief-sms/debrief"
)

// words are the pages' words, by language. Spanish keeps its accents: a
// page is not a text message.
func words(lang debrief.Language) map[string]string {
	if lang == debrief.Spanish {
		return wordsES
	}
	return wordsEN
}

var wordsEN = map[string]string{
	"signin": "Sign in", "signin_intro": "Organizers and coordinators: type your phone number and we will text you a code.",
	"phone": "Phone number", "send_code": "Text me a code", "enter_code": "Enter your code",
	"code_sent": "If this number can sign in, a six-digit code is on its way by text. It works for 10 minutes.",
	"code":      "Six-digit code", "start_over": "Use another number", "account": "Account", "signout": "Sign out",
	"bad_phone": "That is not a phone number we can text. Please check it.",
	"bad_code":  "That code did not work. Check it, or ask for a new one.",
	"too_many":  "Too many codes asked for. Please wait an hour and try again.",
	"reports":   "Reports", "report": "Report", "team": "Team", "all_teams": "All teams", "status": "Status",
	"all_statuses": "All", "filter": "Show", "by": "by", "no_name": "(no name yet)", "no_reports": "No reports.",
	"pages": "Pages", "newer": "Newer", "older": "Older", "back": "All reports",
	"followups": "Follow-ups", "no_followups": "No follow-ups.", "kind": "Kind", "due": "Due", "sent": "Sent",
	"closed": "Closed", "draft": "draft", "complete": "complete", "abandoned": "abandoned",
	"a_person": "Person met", "a_phone": "Their phone", "a_email": "Their email", "a_issue": "Issue",
	"a_commitments": "Agreed to", "a_commitment_text": "In their words", "a_next": "Next steps",
	"a_next_at": "Next contact", "a_enjoy": "Would enjoy", "a_notes": "Notes", "a_thanked": "Thanked",
	"a_reporter": "Reported by", "a_team": "Team", "a_started": "Started", "a_completed": "Completed",
	"yes": "yes", "no": "no",
	"c_house_party": "host a house party", "c_action": "attend an action", "c_meet_again": "meet again",
	"c_other": "something else", "c_none": "nothing yet",
	"k_thanks": "thank-you", "k_next_step": "next step", "k_nudge": "second nudge", "k_overdue": "overdue check",
	"k_organizer_commitment": "to the organizer: commitment", "k_organizer_overdue": "to the organizer: overdue",
	"k_organizer_bad_number": "to the organizer: bad number", "k_digest": "weekly digest",
	"s_pending": "pending", "s_sending": "sending", "s_sent": "sent", "s_delivered": "delivered", "s_failed": "failed",
	"s_done": "done", "s_cancelled": "cancelled", "s_overdue": "overdue",
	"menu": "Pages of Debrief", "volunteer": "Volunteer", "why": "Why it failed",
	"followups_caption": "Texts to volunteers, the latest due first. Times are in your time zone.",
	"f_due":             "due now", "f_overdue": "overdue", "f_done": "done", "f_failed": "failed",
	// The reports page's filters and download.
	"rq_filters": "Filter the reports", "rq_search": "Search",
	"rq_search_hint":    "Names and answers: the person met, the volunteer, the issue, next steps, notes... Capitals and accents don't matter.",
	"rq_all_volunteers": "All volunteers", "rq_choose_team_first": "Choose a team to pick one of its volunteers.",
	"rq_days": "Reported between", "rq_from": "From", "rq_to": "To (included)", "rq_commitment": "Agreed to",
	"rq_any_commitment": "Anything", "rq_clear_filters": "Clear the filters",
	"rq_download_csv": "Download these reports (CSV for NationBuilder)",
}

var wordsES = map[string]string{
	"signin": "Entrar", "signin_intro": "Organizadores y coordinadores: escriban su número de teléfono y les enviaremos un código.",
	"phone": "Número de teléfono", "send_code": "Envíenme un código", "enter_code": "Escriba su código",
	"code_sent": "Si este número puede entrar, le llegará un código de seis dígitos por mensaje. Sirve durante 10 minutos.",
	"code":      "Código de seis dígitos", "start_over": "Usar otro número", "account": "Cuenta", "signout": "Salir",
	"bad_phone": "No podemos enviar mensajes a ese número. Revíselo, por favor.",
	"bad_code":  "Ese código no sirvió. Revíselo o pida uno nuevo.",
	"too_many":  "Se pidieron demasiados códigos. Espere una hora e inténtelo de nuevo.",
	"reports":   "Reportes", "report": "Reporte", "team": "Equipo", "all_teams": "Todos los equipos", "status": "Estado",
	"all_statuses": "Todos", "filter": "Mostrar", "by": "de", "no_name": "(sin nombre aún)", "no_reports": "No hay reportes.",
	"pages": "Páginas", "newer": "Más recientes", "older": "Más antiguos", "back": "Todos los reportes",
	"followups": "Seguimientos", "no_followups": "No hay seguimientos.", "kind": "Tipo", "due": "Para", "sent": "Enviado",
	"closed": "Cerrado", "draft": "borrador", "complete": "completo", "abandoned": "abandonado",
	"a_person": "Persona", "a_phone": "Su teléfono", "a_email": "Su correo", "a_issue": "Tema",
	"a_commitments": "Se comprometió a", "a_commitment_text": "En sus palabras", "a_next": "Próximos pasos",
	"a_next_at": "Próximo contacto", "a_enjoy": "Le gustaría", "a_notes": "Notas", "a_thanked": "Agradecido",
	"a_reporter": "Reportado por", "a_team": "Equipo", "a_started": "Empezado", "a_completed": "Completado",
	"yes": "sí", "no": "no",
	"c_house_party": "organizar una reunión en casa", "c_action": "ir a una acción", "c_meet_again": "reunirse otra vez",
	"c_other": "otra cosa", "c_none": "nada aún",
	"k_thanks": "agradecimiento", "k_next_step": "próximo paso", "k_nudge": "segundo recordatorio",
	"k_overdue": "revisión de atraso", "k_organizer_commitment": "al organizador: compromiso",
	"k_organizer_overdue": "al organizador: atrasado", "k_organizer_bad_number": "al organizador: número inválido",
	"k_digest":  "resumen semanal",
	"s_pending": "pendiente", "s_sending": "enviándose", "s_sent": "enviado", "s_delivered": "entregado",
	"s_failed": "falló", "s_done": "hecho", "s_cancelled": "cancelado", "s_overdue": "atrasado",
	"menu": "Páginas de Debrief", "volunteer": "Voluntario", "why": "Por qué falló",
	"followups_caption": "Mensajes a los voluntarios, los más recientes primero. Las horas están en su zona horaria.",
	"f_due":             "para ahora", "f_overdue": "atrasados", "f_done": "hechos", "f_failed": "fallidos",
	// The reports page's filters and download.
	"rq_filters": "Filtrar los reportes", "rq_search": "Buscar",
	"rq_search_hint":    "Nombres y respuestas: la persona, el voluntario, el tema, los próximos pasos, las notas... No importan mayúsculas ni acentos.",
	"rq_all_volunteers": "Todos los voluntarios", "rq_choose_team_first": "Elija un equipo para escoger a uno de sus voluntarios.",
	"rq_days": "Reportados entre", "rq_from": "Desde", "rq_to": "Hasta (incluido)", "rq_commitment": "Se comprometió a",
	"rq_any_commitment": "Cualquiera", "rq_clear_filters": "Quitar los filtros",
	"rq_download_csv": "Descargar estos reportes (CSV para NationBuilder)",
}

// word is w[prefix+key], or key itself when there is no such word.
func word(w map[string]string, prefix, key string) string {
	if v, ok := w[prefix+key]; ok {
		return v
	}
	return key
}

var (
	daysES   = [...]string{"dom", "lun", "mar", "mié", "jue", "vie", "sáb"}
	monthsES = [...]string{"ene", "feb", "mar", "abr", "may", "jun", "jul", "ago", "sep", "oct", "nov", "dic"}
)

// formatTime writes t in loc the way lang reads a date and time.
func formatTime(t time.Time, loc *time.Location, lang debrief.Language) string {
	t = t.In(loc)
	if lang == debrief.Spanish {
		return fmt.Sprintf("%s %d %s %d %s", daysES[t.Weekday()], t.Day(), monthsES[t.Month()-1], t.Year(), t.Format("15:04 MST"))
	}
	return t.Format(timeLayout)
}
