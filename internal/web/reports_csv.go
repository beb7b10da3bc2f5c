package web

import (
	"bufio"
	"fmt"
	"io"
	"net/http"
	"os"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/debrief-sms/debrief/internal/export"
	"github.com/debrief-sms/debrief/internal/store"
)

// ReportsCSVPath downloads the reports page's reports, filtered as the
// page is by the same query string, as a NationBuilder import file.
const ReportsCSVPath = "/reports.csv"

// Downloads, and how long one may take to reach its reader.
const (
	// concurrentExports is how many downloads read the database at once;
	// more wait their turn. Each holds a pool connection for the seconds
	// 100,000 reports take to write to disk (2-4 on a loaded VM).
	concurrentExports = 2
	// exportSendTime is how long the file may take to reach a slow
	// client, beyond the server's WriteTimeout for pages.
	exportSendTime = 10 * time.Minute
)

// reportsCSV answers the reports the page with the same query would list
// (every page of them) as the CSV file `debrief export` writes, days and
// dates in the viewer's zone. The listing is written to a temporary file
// first and the file served from there: the database connection the
// listing holds is back in the pool within seconds, however slow
// the client, and a failure while reading is a clean 500, not half a file.
func (h *handlers) reportsCSV(c echo.Context) error {
	v := viewerOf(c)
	q, err := readReportQuery(c, v)
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	select {
	case h.exports <- struct{}{}:
	case <-ctx.Done():
		return fmt.Errorf("wait to export: %w", ctx.Err())
	}
	loc := viewerZone(v)
	file, n, err := h.writeCSV(c, q.Filter, export.Options{Location: loc})
	<-h.exports
	if err != nil {
		return err
	}
	defer func() {
		file.Close()
		os.Remove(file.Name())
	}()
	c.Set(rowsKey, n)
	// The server's WriteTimeout is for pages; the file gets
	// exportSendTime, timed by the runtime's timer (a deadline is wall
	// clock, which the handlers never read), then writes fail at once.
	rc := http.NewResponseController(c.Response())
	if err := rc.SetWriteDeadline(time.Time{}); err != nil {
		return fmt.Errorf("export: write deadline: %w", err)
	}
	cut := time.AfterFunc(exportSendTime, func() { rc.SetWriteDeadline(time.Unix(1, 0)) })
	defer cut.Stop()
	now := h.cfg.Now()
	name := "debrief-reports-" + now.In(loc).Format(time.DateOnly) + ".csv"
	hd := c.Response().Header()
	hd.Set(echo.HeaderContentType, "text/csv; charset=utf-8")
	hd.Set(echo.HeaderContentDisposition, `attachment; filename="`+name+`"`)
	hd.Set("Cache-Control", "no-store")
	http.ServeContent(c.Response(), c.Request(), name, time.Time{}, file)
	return nil
}

// writeCSV writes the export of f to a new temporary file and returns it,
// read from its start, with the number of reports in it. The caller
// closes and removes it.
func (h *handlers) writeCSV(c echo.Context, f store.ReportFilter, opts export.Options) (_ *os.File, n int, err error) {
	ctx := c.Request().Context()
	if opts.ExtraKeys, err = h.cfg.Accounts.ReportExtraKeys(ctx, f); err != nil {
		return nil, 0, fmt.Errorf("export: %w", err)
	}
	file, err := os.CreateTemp("", "debrief-reports-*.csv")
	if err != nil {
		return nil, 0, fmt.Errorf("export: %w", err)
	}
	defer func() {
		if err != nil {
			file.Close()
			os.Remove(file.Name())
		}
	}()
	buf := bufio.NewWriterSize(file, 64<<10)
	err = export.CSV(buf, opts, func(each func(store.ReportListing) error) error {
		return h.cfg.Accounts.ListReports(ctx, f, func(l store.ReportListing) error { n++; return each(l) })
	})
	if err != nil {
		return nil, 0, fmt.Errorf("export: %w", err)
	}
	if err := buf.Flush(); err != nil {
		return nil, 0, fmt.Errorf("export: %w", err)
	}
	if _, err := file.Seek(0, io.SeekStart); err != nil {
		return nil, 0, fmt.Errorf("export: %w", err)
	}
	return file, n, nil
}
