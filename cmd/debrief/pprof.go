//go:build pprof

package main

// Built with -tags pprof, debrief serves Go's profiler on 127.0.0.1:6060
// (loopback only) for load runs: go tool pprof http://127.0.0.1:6060/debug/pprof/profile

import (
	"log/slog"
	"net/http"
	_ "net/http/pprof" // registers /debug/pprof on the default mux
)

func init() {
	go func() {
		slog.Warn("profiler listening on 127.0.0.1:6060 (built with -tags pprof)")
		if err := http.ListenAndServe("127.0.0.1:6060", nil); err != nil {
			slog.Error("profiler", "err", err)
		}
	}()
}
