package main

import (
	"os"
	"testing"
	"time"
)

func TestProcCPU(t *testing.T) {
	tests := []struct {
		stat string
		name string
		used time.Duration
		ok   bool
	}{
		{"4242 (postgres) S 1 4242 4242 0 -1 4194560 917 0 0 0 150 25 0 0 20 0 1 0 1234 225697792 4120 18446744073709551615",
			"postgres", 1750 * time.Millisecond, true},
		// A command name may hold spaces and parentheses: the last ')' ends it.
		{"77 (a (b) c) R 1 77 77 0 -1 0 0 0 0 0 3 4 0 0 20 0 1 0 1 1 1 1", "a (b) c", 70 * time.Millisecond, true},
		{"77 (short) R 1 2 3", "", 0, false},
		{"garbage", "", 0, false},
		{"77 (x) R 1 77 77 0 -1 0 0 0 0 0 u s 0 0", "", 0, false},
	}
	for _, tt := range tests {
		name, used, ok := procCPU([]byte(tt.stat))
		if name != tt.name || used != tt.used || ok != tt.ok {
			t.Errorf("procCPU(%q) = %q, %v, %v; want %q, %v, %v", tt.stat, name, used, ok, tt.name, tt.used, tt.ok)
		}
	}
}

func TestSampleCPUSeesThisProcess(t *testing.T) {
	if _, err := os.Stat("/proc/self/stat"); err != nil {
		t.Skip("no /proc on this machine")
	}
	deadline := time.Now().Add(50 * time.Millisecond)
	for time.Now().Before(deadline) { // burn some CPU to be seen
	}
	if s := sampleCPU(os.Getpid()); s.server <= 0 {
		t.Errorf("sampleCPU(own pid) = %+v, want this process's CPU time", s)
	}
}

// TestPerTextIgnoresExitedProcesses: a backend gone by the second sample
// (the reference's, closed with its pool) takes nothing off, and one
// started since counts from zero.
func TestPerTextIgnoresExitedProcesses(t *testing.T) {
	before := cpuSample{server: time.Second, postgres: map[int]time.Duration{
		10: 5 * time.Second, // exits before the second sample
		11: time.Second,
	}}
	after := cpuSample{server: 3 * time.Second, postgres: map[int]time.Duration{
		11: 2 * time.Second,
		12: time.Second, // started since
	}}
	server, postgres := perText(before, after, 1000)
	if server != 2*time.Millisecond || postgres != 2*time.Millisecond {
		t.Errorf("perText = %v, %v; want 2ms, 2ms", server, postgres)
	}
}
