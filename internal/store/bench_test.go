package store_test

import (
	"context"
	"fmt"
	"runtime"
	"sync/atomic"
	"testing"
	"time"

	"github.com/debrief-sms/debrief/internal/store"
	"github.com/debrief-sms/debrief/internal/store/storetest"
)

// BenchmarkSave measures the webhook's database work for a step, Save
// alone (stepping from the state Save returns, as the inbox does) and Load
// then Save, with 16 phones texting at once.
func BenchmarkSave(b *testing.B) {
	for _, be := range storetest.Backends(b) {
		b.Run(be.Name, func(b *testing.B) {
			s := be.Open(b)
			b.Run("save", func(b *testing.B) { benchmarkSteps(b, s, false) })
			b.Run("load+save", func(b *testing.B) { benchmarkSteps(b, s, true) })
			// With the inbound limit on, the inbox loads with LoadRecent.
			b.Run("loadrecent+save", func(b *testing.B) { benchmarkSteps(b, s, true, true) })
		})
	}
}

var benchPhones atomic.Int64

func benchmarkSteps(b *testing.B, s *store.Store, load bool, recent ...bool) {
	ctx := context.Background()
	b.ReportAllocs()
	b.SetParallelism(max(1, 16/runtime.GOMAXPROCS(0)))
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		phone := fmt.Sprintf("+1617%07d", benchPhones.Add(1))
		st, _, _, err := s.Load(ctx, phone, "")
		if err != nil {
			b.Error(err)
			return
		}
		for i := 0; pb.Next(); i++ {
			sid := fmt.Sprintf("SM%s-%d", phone, i)
			if load && len(recent) > 0 {
				// Every text of the phone is in the window: the most it reads.
				var l store.Loaded
				if l, err = s.LoadRecent(ctx, phone, sid, received.Add(-time.Minute), 11); err != nil {
					b.Error(err)
					return
				}
				st = l.State
			} else if load {
				if st, _, _, err = s.Load(ctx, phone, sid); err != nil {
					b.Error(err)
					return
				}
			}
			in, res := simpleStep(st, sid)
			res.State.Draft.Notes = sid // keep rows small as texts pile up
			next, known, err := s.Save(ctx, in, res)
			if err != nil {
				b.Error(err)
				return
			}
			if !known { // as the inbox does: only the database knows
				if next, _, _, err = s.Load(ctx, phone, ""); err != nil {
					b.Error(err)
					return
				}
			}
			st = next
		}
	})
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "steps/s")
}

// BenchmarkLoadRecent compares Load with LoadRecent, which the inbox uses
// with the inbound limit on, for a phone with 20 texts in the window (the
// most LoadRecent reads is 11), one query at a time.
func BenchmarkLoadRecent(b *testing.B) {
	for _, be := range storetest.Backends(b) {
		b.Run(be.Name, func(b *testing.B) {
			s := be.Open(b)
			ctx := context.Background()
			phone := fmt.Sprintf("+1617%07d", benchPhones.Add(1))
			st, _, _, err := s.Load(ctx, phone, "")
			if err != nil {
				b.Fatal(err)
			}
			for i := range 20 {
				in, res := simpleStep(st, fmt.Sprintf("SMrecent%d", i))
				if st, _, err = s.Save(ctx, in, res); err != nil {
					b.Fatal(err)
				}
			}
			b.Run("load", func(b *testing.B) {
				b.ReportAllocs()
				for b.Loop() {
					if _, _, _, err := s.Load(ctx, phone, "SMnone"); err != nil {
						b.Fatal(err)
					}
				}
			})
			b.Run("loadrecent", func(b *testing.B) {
				b.ReportAllocs()
				for b.Loop() {
					if _, err := s.LoadRecent(ctx, phone, "SMnone", received.Add(-time.Minute), 11); err != nil {
						b.Fatal(err)
					}
				}
			})
		})
	}
}
