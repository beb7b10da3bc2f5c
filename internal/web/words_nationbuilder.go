package web

import "maps"

// The NationBuilder page's words, added to the pages' own.
func init() {
	maps.Copy(wordsEN, nbWordsEN)
	maps.Copy(wordsES, nbWordsES)
}

var nbWordsEN = map[string]string{
	"nationbuilder": "NationBuilder", "nb_connection": "Connection", "nb_nation": "Nation",
	"nb_direct":          "A token given directly (NATIONBUILDER_ACCESS_TOKEN). It expires within 24 hours; unset it to connect here instead.",
	"nb_connected_state": "Connected.", "nb_expires": "The token is renewed before %s.",
	"nb_not_connected": "Not connected yet: no report is pushed until a coordinator connects the nation.",
	"nb_stopped":       "Pushes stopped because",
	"nb_connect":       "Connect NationBuilder", "nb_reconnect": "Connect again",
	"nb_connect_hint":  "You go to NationBuilder, sign in there as an admin of the nation and approve Debrief, and come back here.",
	"nb_no_public_url": "Set PUBLIC_URL to connect from this page, or run debrief nationbuilder connect.",
	"nb_pushes":        "Reports pushed", "nb_waiting": "%d waiting", "nb_oldest": "(the oldest due %s)",
	"nb_done": "%d done", "nb_failed": "%d failed",
	"nb_failed_caption":   "Failed: NationBuilder refused them. Fix the cause, then retry.",
	"nb_retrying_caption": "Waiting after a failed try: they are tried again on their own.",
	"nb_tries":            "Tries", "nb_when": "When", "nb_retry": "Retry", "nb_retry_all": "Retry every failed push",
	"nb_retry_hint":      "The scheduler (serve or worker) pushes them again within a minute.",
	"nb_connected":       "NationBuilder is connected. Reports waiting are pushed within a minute.",
	"nb_retried":         "Queued again.",
	"nb_declined":        "NationBuilder did not connect: the approval was declined or failed.",
	"nb_exchange_failed": "NationBuilder did not accept the connection (the code may have been used or expired). Please connect again.",
}

var nbWordsES = map[string]string{
	"nationbuilder": "NationBuilder", "nb_connection": "Conexión", "nb_nation": "Nación",
	"nb_direct":          "Un token dado directamente (NATIONBUILDER_ACCESS_TOKEN). Vence en menos de 24 horas; quítalo para conectar aquí.",
	"nb_connected_state": "Conectado.", "nb_expires": "El token se renueva antes del %s.",
	"nb_not_connected": "Todavía no está conectado: no se envía ningún reporte hasta que un coordinador conecte la nación.",
	"nb_stopped":       "Los envíos se detuvieron porque",
	"nb_connect":       "Conectar NationBuilder", "nb_reconnect": "Conectar de nuevo",
	"nb_connect_hint":  "Vas a NationBuilder, entras allí como administrador de la nación, apruebas Debrief y vuelves aquí.",
	"nb_no_public_url": "Define PUBLIC_URL para conectar desde esta página, o usa debrief nationbuilder connect.",
	"nb_pushes":        "Reportes enviados", "nb_waiting": "%d en espera", "nb_oldest": "(el más antiguo desde el %s)",
	"nb_done": "%d enviados", "nb_failed": "%d fallidos",
	"nb_failed_caption":   "Fallidos: NationBuilder los rechazó. Corrige la causa y vuelve a intentarlo.",
	"nb_retrying_caption": "En espera después de un intento fallido: se vuelven a intentar solos.",
	"nb_tries":            "Intentos", "nb_when": "Cuándo", "nb_retry": "Reintentar", "nb_retry_all": "Reintentar todos los fallidos",
	"nb_retry_hint":      "El programador (serve o worker) los vuelve a enviar en menos de un minuto.",
	"nb_connected":       "NationBuilder está conectado. Los reportes en espera se envían en menos de un minuto.",
	"nb_retried":         "En cola de nuevo.",
	"nb_declined":        "NationBuilder no se conectó: la aprobación fue rechazada o falló.",
	"nb_exchange_failed": "NationBuilder no aceptó la conexión (puede que el código ya se usara o venciera). Por favor, conecta de nuevo.",
}
