package textstest

import "testing"

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
		if got := Misread(tc.s); (len(got) > 0) != tc.wrong {
			t.Errorf("Misread(%q) = %q, want wrong %v", tc.s, got, tc.wrong)
		}
	}
}
