package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"time"
)

// CPU time is a steadier measure than throughput on a shared machine: a
// neighbour taking the cores slows every request, but a text still costs
// the server and PostgreSQL the same CPU. cpuSample is what the server
// process and every process named postgres on this machine (PostgreSQL's
// backends, when the database is local) have used so far, by PID: a
// backend that exits between two samples (the reference's, as its pool
// closes) must not take its whole life's CPU off the sum.
type cpuSample struct {
	server   time.Duration
	postgres map[int]time.Duration
}

// clockTick is USER_HZ, the unit of /proc/<pid>/stat's times: 100 on Linux.
const clockTick = 100

// sampleCPU reads /proc; a machine without it gives zeros.
func sampleCPU(serverPID int) cpuSample {
	s := cpuSample{postgres: make(map[int]time.Duration)}
	dirs, _ := filepath.Glob("/proc/[0-9]*/stat")
	for _, path := range dirs {
		b, err := os.ReadFile(path)
		if err != nil {
			continue
		}
		name, used, ok := procCPU(b)
		if !ok {
			continue
		}
		switch pid, _ := strconv.Atoi(filepath.Base(filepath.Dir(path))); {
		case pid == serverPID && serverPID > 0:
			s.server += used
		case name == "postgres":
			s.postgres[pid] = used
		}
	}
	return s
}

// procCPU reads the command name and user plus system time from the
// contents of /proc/<pid>/stat: "pid (comm) state ..." with utime and
// stime the 12th and 13th fields after the closing parenthesis.
func procCPU(stat []byte) (name string, used time.Duration, ok bool) {
	open, end := bytes.IndexByte(stat, '('), bytes.LastIndexByte(stat, ')')
	if open < 0 || end < open {
		return "", 0, false
	}
	fields := bytes.Fields(stat[end+1:])
	if len(fields) < 13 {
		return "", 0, false
	}
	utime, err1 := strconv.ParseInt(string(fields[11]), 10, 64)
	stime, err2 := strconv.ParseInt(string(fields[12]), 10, 64)
	if err1 != nil || err2 != nil {
		return "", 0, false
	}
	return string(stat[open+1 : end]), time.Duration(utime+stime) * time.Second / clockTick, true
}

// perText is the CPU used between two samples, per text sent. PostgreSQL's
// is summed over the processes alive at the second sample, each from its
// first sample if it had one (else it started since, from zero); the
// little a process used before exiting in between is not seen.
func perText(before, after cpuSample, texts int) (server, postgres time.Duration) {
	if texts == 0 {
		return 0, 0
	}
	var used time.Duration
	for pid, t := range after.postgres {
		used += t - before.postgres[pid]
	}
	return (after.server - before.server) / time.Duration(texts), used / time.Duration(texts)
}

func formatCPU(d time.Duration) string {
	return fmt.Sprintf("%.2f ms", float64(d)/float64(time.Millisecond))
}
