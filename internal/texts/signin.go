package texts

import "github.com/debrief-sms/debrief"

// RenderSigninCode returns the text that carries a web sign-in code, in
// lang, one GSM-7 segment like every template.
func RenderSigninCode(lang debrief.Language, code string) string {
	var v Vars
	v[Code] = code
	return For(lang).Get("signin_code", &v)
}
