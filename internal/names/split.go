package names

import "strings"

// Split divides a person's name into a first and a last name, as a CRM's
// fields want them: the first word, then the rest ("Sam Park", "Ana García
// López" is Ana and García López). A particle before the final word starts
// the last name, so that it stays with it: "María José de la Cruz" is
// María José and de la Cruz. A single word is a first name; titles (Dr.,
// Sra.) are left out, and a title with one word is that word as a last
// name: "Sra. López" is López.
func Split(name string) (first, last string) {
	words := strings.Fields(name)
	titled := false
	for len(words) > 1 && titles[fold(strings.TrimRight(words[0], "."))] {
		words, titled = words[1:], true
	}
	switch {
	case len(words) == 0:
		return "", ""
	case len(words) == 1 && titled:
		return "", words[0]
	case len(words) == 1:
		return words[0], ""
	}
	at := 1
	for i := 1; i < len(words)-1; i++ {
		if particles[fold(words[i])] {
			at = i
			break
		}
	}
	return strings.Join(words[:at], " "), strings.Join(words[at:], " ")
}
