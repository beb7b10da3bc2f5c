package main

import "runtime/debug"

// defaultMemoryLimit is the Go heap's soft limit unless GOMEMLIMIT sets
// one. Left to GOGC alone, the server's heap grew to about 50 MB of RSS
// under the load test (16 senders); with this limit the collector runs
// earlier and RSS stayed near 36 MB for the same throughput and CPU. A
// soft limit never fails an allocation: past it, the GC just works harder.
const defaultMemoryLimit = 24 << 20

// limitMemory applies defaultMemoryLimit unless the environment sets
// GOMEMLIMIT, which the Go runtime reads itself.
func limitMemory(getenv func(string) string) {
	if getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(defaultMemoryLimit)
	}
}
