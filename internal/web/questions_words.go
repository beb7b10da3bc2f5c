package web

import "maps"

// The questions page's words, kept apart from words.go's and merged into
// them once.
func init() {
	maps.Copy(wordsEN, questionWordsEN)
	maps.Copy(wordsES, questionWordsES)
}

var questionWordsEN = map[string]string{
	"questions": "Questions", "q_intro": "Asked in every report after the questions about the meeting, before \"Have you thanked them?\". " +
		"Each must fit one text with its choices. A change reaches reports that start after it: reports already answered, and those under way, keep the words they were asked.",
	"q_for": "Questions for", "q_none": "No questions of its own yet.", "q_shared": "Asked of every team first",
	"q_add": "Add a question", "q_text": "Question in English", "q_text_es": "Question in Spanish (optional: English is used without it)",
	"q_kind": "Kind of answer", "q_choices": "Choices, one a line (for choices)", "q_choices_es": "Choices in Spanish, one a line, in the same order (optional)",
	"q_optional": "Optional: the volunteer may reply SKIP", "q_save": "Save", "q_add_button": "Add",
	"q_edit": "Edit question", "q_edit_button": "Edit", "q_retire": "Retire", "q_up": "Move up", "q_down": "Move down",
	"q_version": "Version", "q_cancel": "Back to the questions", "q_optional_mark": "optional", "q_national_mark": "national campaign",
	"q_national":       "The national campaign's questions",
	"q_national_intro": "Five optional questions on each member's capacity (time, strengths and limits), skills, willingness to reach out to and welcome new members across race and class, and wish for support or training.",
	"q_national_on":    "Ask them", "q_national_off": "Stop asking them", "q_national_is_on": "They are asked.",
	"qk_text": "free text", "qk_yesno": "yes or no", "qk_choice": "numbered choices", "qk_number": "a number", "qk_date": "a day",
	"q_answers": "Team questions",
}

var questionWordsES = map[string]string{
	"questions": "Preguntas", "q_intro": "Se hacen en cada reporte después de las preguntas sobre la reunión, antes de \"¿Ya le diste las gracias?\". " +
		"Cada una debe caber en un mensaje con sus opciones. Un cambio llega a los reportes que empiezan después: los ya respondidos, y los que están en curso, guardan las palabras que se preguntaron.",
	"q_for": "Preguntas de", "q_none": "Todavía no tiene preguntas propias.", "q_shared": "Se hacen primero a todos los equipos",
	"q_add": "Agregar una pregunta", "q_text": "Pregunta en inglés", "q_text_es": "Pregunta en español (opcional: sin ella se usa el inglés)",
	"q_kind": "Tipo de respuesta", "q_choices": "Opciones, una por línea (para opciones)", "q_choices_es": "Opciones en español, una por línea, en el mismo orden (opcional)",
	"q_optional": "Opcional: se puede responder SALTAR", "q_save": "Guardar", "q_add_button": "Agregar",
	"q_edit": "Editar pregunta", "q_edit_button": "Editar", "q_retire": "Retirar", "q_up": "Subir", "q_down": "Bajar",
	"q_version": "Versión", "q_cancel": "Volver a las preguntas", "q_optional_mark": "opcional", "q_national_mark": "campaña nacional",
	"q_national":       "Las preguntas de la campaña nacional",
	"q_national_intro": "Cinco preguntas opcionales sobre la capacidad de cada miembro (tiempo, fortalezas y límites), sus habilidades, su disposición a invitar y recibir a miembros nuevos de otras razas y clases sociales, y si quiere apoyo o capacitación.",
	"q_national_on":    "Hacerlas", "q_national_off": "Dejar de hacerlas", "q_national_is_on": "Se están haciendo.",
	"qk_text": "texto libre", "qk_yesno": "sí o no", "qk_choice": "opciones numeradas", "qk_number": "un número", "qk_date": "un día",
	"q_answers": "Preguntas del equipo",
}
