// Package templates holds Debrief's texts, one file per language under
// messages/, embedded in the binary. Each line is "name = text"; {name}
// marks a value and \n a line break. The conversation package parses them
// once at start-up. It performs no I/O.
package templates

import "embed"

// FS holds messages/en.txt and messages/es.txt.
//
//go:embed messages/*.txt
var FS embed.FS
