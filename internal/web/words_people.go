package web

import (
	"fmt"
	"maps"
	"time"

	"github.com/debrief-sms/debrief"
)

// The people and teams pages' words, added to the pages' own.
func init() {
	maps.Copy(wordsEN, peopleEN)
	maps.Copy(wordsES, peopleES)
}

var peopleEN = map[string]string{
	"people": "People", "teams": "Teams", "no_people": "No people.", "add_person": "Add a person",
	"edit_person": "Edit person", "name": "Name", "role": "Role", "language": "Language", "time_zone": "Time zone",
	"state": "State", "no_team": "No team", "save": "Save", "saved": "Saved.",
	"r_volunteer": "volunteer", "r_organizer": "organizer", "r_coordinator": "coordinator",
	"l_en": "English", "l_es": "Spanish",
	"active":         "active",
	"opted_out":      "opted out %s (only they can opt back in, by texting START)",
	"phone_bad":      "number bad since %s (Twilio refused it)",
	"deactivated":    "deactivated %s",
	"organizes":      "Organizes",
	"people_caption": "People, by name. An opt-out and a bad number are the person's and Twilio's to change, not ours.",
	"time_zone_hint": "An IANA name, such as America/Chicago.", "time_zone_guess": "Left empty, it is guessed from the number.",
	"phone_hint": "A US number, or any number with its country code (+52...).",
	"deactivate": "Deactivate", "reactivate": "Reactivate",
	"deactivate_hint": "A deactivated person cannot sign in here and gets no organizer texts. Their own texts are still answered; only STOP stops them.",
	"e_name":          "Please type a name.",
	"e_team":          "Please pick one of the teams listed.",
	"e_role":          "Please pick one of the roles listed.",
	"e_role_self":     "You cannot change your own role.",
	"e_language":      "Please pick English or Spanish.",
	"e_time_zone":     "That is not a time zone name we know. Try one such as America/New_York.",
	"e_phone_taken":   "This number is already signed up. A coordinator can find it on the People page.",
	"e_self":          "You cannot deactivate yourself.",
	"form_errors":     "Please fix what is marked below.",
	"add_team":        "Add a team", "team_name": "Team name", "edit_team": "Edit team",
	"organizer": "Organizer", "no_organizer": "No organizer", "people_count": "People",
	"organizer_role": "A team's organizer gets its weekly digest and its texts about commitments, overdue follow-ups and bad numbers. Every organizer on a team sees its pages.",
	"organizer_hint": "Only active people with the role organizer are listed.",
	"teams_caption":  "Teams, by name.",
	"no_teams":       "No teams.",
	"e_team_name":    "Please type the team's name.",
	"e_team_taken":   "A team has that name already.",
	"e_organizer":    "Please pick one of the organizers listed.",
	"all_people":     "All people", "all_teams_link": "All teams",
	"people_filters": "Filter people", "ps_all": "All",
	"ps_active": "Active", "ps_opted_out": "Opted out", "ps_bad_number": "Bad number", "ps_deactivated": "Deactivated",
}

var peopleES = map[string]string{
	"people": "Personas", "teams": "Equipos", "no_people": "No hay personas.", "add_person": "Agregar una persona",
	"edit_person": "Editar persona", "name": "Nombre", "role": "Rol", "language": "Idioma", "time_zone": "Zona horaria",
	"state": "Estado", "no_team": "Sin equipo", "save": "Guardar", "saved": "Guardado.",
	"r_volunteer": "voluntario", "r_organizer": "organizador", "r_coordinator": "coordinador",
	"l_en": "inglés", "l_es": "español",
	"active":         "activo",
	"opted_out":      "dado de baja %s (solo la persona puede volver, enviando START)",
	"phone_bad":      "número inválido desde %s (Twilio lo rechazó)",
	"deactivated":    "desactivado %s",
	"organizes":      "Organiza",
	"people_caption": "Personas, por nombre. Una baja y un número inválido los cambian la persona y Twilio, no nosotros.",
	"time_zone_hint": "Un nombre IANA, como America/Chicago.", "time_zone_guess": "Si lo deja vacío, se adivina por el número.",
	"phone_hint": "Un número de EE. UU., o cualquier número con su código de país (+52...).",
	"deactivate": "Desactivar", "reactivate": "Reactivar",
	"deactivate_hint": "Una persona desactivada no puede entrar aquí y no recibe mensajes de organizador. Sus propios mensajes se siguen contestando; solo STOP los detiene.",
	"e_name":          "Escriba un nombre, por favor.",
	"e_team":          "Elija uno de los equipos de la lista, por favor.",
	"e_role":          "Elija uno de los roles de la lista, por favor.",
	"e_role_self":     "No puede cambiar su propio rol.",
	"e_language":      "Elija inglés o español, por favor.",
	"e_time_zone":     "No conocemos esa zona horaria. Pruebe una como America/New_York.",
	"e_phone_taken":   "Este número ya está registrado. Un coordinador puede encontrarlo en la página de Personas.",
	"e_self":          "No puede desactivarse a sí mismo.",
	"form_errors":     "Corrija lo que está marcado abajo, por favor.",
	"add_team":        "Agregar un equipo", "team_name": "Nombre del equipo", "edit_team": "Editar equipo",
	"organizer": "Organizador", "no_organizer": "Sin organizador", "people_count": "Personas",
	"organizer_role": "El organizador de un equipo recibe su resumen semanal y sus mensajes sobre compromisos, seguimientos atrasados y números inválidos. Todo organizador de un equipo ve sus páginas.",
	"organizer_hint": "Solo aparecen personas activas con el rol de organizador.",
	"teams_caption":  "Equipos, por nombre.",
	"no_teams":       "No hay equipos.",
	"e_team_name":    "Escriba el nombre del equipo, por favor.",
	"e_team_taken":   "Ya hay un equipo con ese nombre.",
	"e_organizer":    "Elija uno de los organizadores de la lista, por favor.",
	"all_people":     "Todas las personas", "all_teams_link": "Todos los equipos",
	"people_filters": "Filtrar personas", "ps_all": "Todas",
	"ps_active": "Activas", "ps_opted_out": "Dadas de baja", "ps_bad_number": "Con número inválido", "ps_deactivated": "Desactivadas",
}

// formatDay writes the day of t in loc the way lang reads a date.
func formatDay(t time.Time, loc *time.Location, lang debrief.Language) string {
	t = t.In(loc)
	if lang == debrief.Spanish {
		return fmt.Sprintf("%d %s %d", t.Day(), monthsES[t.Month()-1], t.Year())
	}
	return t.Format("Jan 2, 2006")
}
