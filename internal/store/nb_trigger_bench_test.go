package store_test

import (
	"context"
	"fmt"
	"runtime"
	"testing"
	"time"

	"github.com/debrief-sms/debrief"
	"github.com/debrief-sms/debrief/internal/conversation"
	"github.com/debrief-sms/debrief/internal/store"
	"github.com/debrief-sms/debrief/internal/store/storetest"
)

// BenchmarkSaveNBTrigger measures what the triggers of migrations 00010 and 00013 on
// reports (the nb_pushes row of a completed report) cost Save: the same
// steps with the triggers and on a database where they were dropped.
// "draft" is most of a report's texts (an answer saved to the draft: the
// triggers' WHEN is false); "complete" is the text that completes a
// report, every step here (the insert trigger writes the push). Compare
// with alternating runs of one test binary (see the README's
// "NationBuilder sync"), 16 phones at once as BenchmarkSave.
func BenchmarkSaveNBTrigger(b *testing.B) {
	for _, be := range storetest.Backends(b) {
		if be.Name == "pgbouncer" {
			continue
		}
		b.Run(be.Name, func(b *testing.B) {
			for _, trigger := range []string{"with", "without"} {
				b.Run(trigger, func(b *testing.B) {
					for _, kind := range []string{"draft", "complete"} {
						b.Run(kind, func(b *testing.B) {
							s, db := be.OpenWithDB(b)
							if trigger == "without" {
								for _, name := range []string{"reports_nb_push_insert", "reports_nb_push_update"} {
									q := "DROP TRIGGER " + name
									if be.Name != "sqlite" {
										q += " ON reports"
									}
									if _, err := db.Exec(q); err != nil {
										b.Fatal(err)
									}
								}
							}
							if kind == "draft" {
								benchmarkSteps(b, s, false)
							} else {
								benchmarkCompletes(b, s)
							}
							b.StopTimer()
							var pushes int
							if err := db.QueryRow(`SELECT count(*) FROM nb_pushes`).Scan(&pushes); err != nil {
								b.Fatal(err)
							}
							if (pushes > 0) != (trigger == "with" && kind == "complete") {
								b.Fatalf("%d pushes queued", pushes)
							}
						})
					}
				})
			}
		})
	}
}

// benchmarkCompletes saves, from each of 16 phones, one completed report
// a step.
func benchmarkCompletes(b *testing.B, s *store.Store) {
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
			in, res := completeStep(st, sid)
			next, known, err := s.Save(ctx, in, res)
			if err != nil {
				b.Error(err)
				return
			}
			if !known {
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

// completeStep is a text that completes a new report.
func completeStep(st conversation.State, sid string) (debrief.Inbound, conversation.Result) {
	in := debrief.Inbound{SID: sid, From: st.Volunteer.Phone, Body: "text " + sid, ReceivedAt: received}
	next := st
	done := received.Add(time.Minute)
	seq := st.LastSeq + 1
	next.Draft = &debrief.Report{Seq: seq, Status: debrief.ReportComplete, PersonName: "Maria Lopez", Issue: "rent",
		Notes: sid, StartedAt: received, UpdatedAt: done, CompletedAt: &done}
	next.LastSeq = seq
	next.Step = fmt.Sprintf("after-%d", st.Version)
	return in, conversation.Result{State: next, Replies: []string{"reply to " + sid}, Effects: conversation.Effects{SaveDraft: true}}
}
