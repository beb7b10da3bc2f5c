package web

import (
	"bytes"
	"fmt"
	"html/template"
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/debrief-sms/debrief"
	"github.com/debrief-sms/debrief/internal/store"
	"github.com/debrief-sms/debrief/templates"
)

// pages are the organizers' pages, parsed once: each is the layout with
// one page's content.
type pages map[string]*template.Template

func parsePages() (pages, error) {
	out := pages{}
	for _, name := range []string{"signin", "code", "reports", "report", "followups", "people", "person", "teams", "team", "questions", "question", "monthly", "plans", "nationbuilder"} {
		files := []string{"web/layout.html", "web/" + name + ".html"}
		if name == "questions" || name == "question" {
			files = append(files, "web/question_fields.html")
		}
		t, err := template.ParseFS(templates.Web, files...)
		if err != nil {
			return nil, fmt.Errorf("parse page %s: %w", name, err)
		}
		out[name] = t
	}
	return out, nil
}

// page is what every page's template reads; Data is the page's own.
type page struct {
	Lang   debrief.Language
	Title  string
	T      map[string]string
	CSRF   string
	Viewer *store.Viewer
	Error  string
	Phone  string
	Data   any
	NBNav  bool // the nav links the NationBuilder page
}

// titles are the words of each page's title, unless it sets its own.
var titles = map[string]string{"signin": "signin", "code": "enter_code", "reports": "reports", "report": "report", "followups": "followups",
	"people": "people", "person": "people", "teams": "teams", "team": "teams", "questions": "questions", "question": "q_edit", "monthly": "monthly",
	"plans": "plans", "nationbuilder": "nationbuilder"}

// render writes the page called name with status.
func (p pages) render(c echo.Context, status int, name string, pg page) error {
	if pg.T == nil {
		pg.T = words(pg.Lang)
	}
	if pg.Title == "" {
		pg.Title = pg.T[titles[name]]
	}
	pg.NBNav, _ = c.Get(nbNavKey).(bool)
	if tok, ok := c.Get(csrfKey).(string); ok {
		pg.CSRF = tok
	}
	var b bytes.Buffer
	if err := p[name].ExecuteTemplate(&b, "layout", pg); err != nil {
		return fmt.Errorf("render %s: %w", name, err)
	}
	c.Response().Header().Set("Cache-Control", "no-store")
	return c.HTMLBlob(status, b.Bytes())
}

// css serves the one stylesheet.
func css(c echo.Context) error {
	b, err := templates.Web.ReadFile("web/site.css")
	if err != nil {
		return err
	}
	c.Response().Header().Set("Cache-Control", "public, max-age=3600")
	return c.Blob(http.StatusOK, "text/css; charset=utf-8", b)
}

// requestLanguage is the language of a page shown before sign-in: Spanish
// when the browser asks for it first, English otherwise.
func requestLanguage(r *http.Request) debrief.Language {
	al := r.Header.Get("Accept-Language")
	if len(al) >= 2 && (al[:2] == "es" || al[:2] == "ES") {
		return debrief.Spanish
	}
	return debrief.English
}
