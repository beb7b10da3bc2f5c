// Package templates holds Debrief's texts, one file per language under
// messages/, and the organizers' web pages under web/, embedded in the
// binary. Each line of a messages file is "name = text"; {name} marks a
// value and \n a line break. The conversation package parses them once at
// start-up; internal/web parses the pages. It performs no I/O.
package templates

import "embed"

// FS holds messages/en.txt and messages/es.txt.
//
//go:embed messages/*.txt
var FS embed.FS

// Web holds the organizers' pages, web/*.html (html/template, a layout
// and a page each), and their one stylesheet, web/site.css.
//
//go:embed web/*.html web/site.css
var Web embed.FS
