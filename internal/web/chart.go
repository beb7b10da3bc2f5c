package web

import "fmt"

// barChart is a bar chart drawn as inline SVG by the page's template: no
// script, no inline style (the page's CSP forbids both; site.css colours
// it), a <title> and <desc> for screen readers, and the same figures in a
// table beside it. Coordinates are in the SVG's viewBox, which the
// stylesheet scales to the page's width.
type barChart struct {
	ID            string // unique on the page; the title's and desc's IDs derive from it
	Title, Desc   string
	Width, Height int
	Baseline      int // y of the axis
	Bars          []bar
}

// bar is one bar, its value written above it and its label below.
type bar struct {
	X, Y, W, H     int
	Value, Label   string
	ValueY, LabelY int
	CenterX        int
}

// Chart geometry, in viewBox units.
const (
	chartWidth  = 640
	chartHeight = 220
	chartTop    = 24 // room for the tallest bar's value
	chartBottom = 28 // room for the labels
	chartSide   = 8
)

// newBarChart lays out values as bars scaled to top (the largest value
// when top is 0), each labelled below with labels[i] and above with
// texts[i].
func newBarChart(id, title, desc string, labels, texts []string, values []float64, top float64) barChart {
	c := barChart{ID: id, Title: title, Desc: desc, Width: chartWidth, Height: chartHeight, Baseline: chartHeight - chartBottom}
	if top <= 0 {
		for _, v := range values {
			top = max(top, v)
		}
	}
	if top <= 0 {
		top = 1
	}
	slot := (chartWidth - 2*chartSide) / max1(len(values))
	plot := c.Baseline - chartTop
	for i, v := range values {
		h := int(v / top * float64(plot))
		if v > 0 && h < 1 {
			h = 1 // a value above zero shows
		}
		x := chartSide + i*slot
		b := bar{X: x + slot/6, W: slot - slot/3, H: h, Y: c.Baseline - h, CenterX: x + slot/2, LabelY: c.Baseline + 18}
		b.ValueY = b.Y - 6
		if i < len(labels) {
			b.Label = labels[i]
		}
		if i < len(texts) {
			b.Value = texts[i]
		}
		c.Bars = append(c.Bars, b)
	}
	return c
}

func max1(n int) int {
	if n < 1 {
		return 1
	}
	return n
}

// percent writes a percentage, rounded.
func percent(v float64) string { return fmt.Sprintf("%.0f%%", v) }
