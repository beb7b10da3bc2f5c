package store_test

import (
	"context"
	"testing"

	"github.com/debrief-sms/debrief/internal/store"
	"github.com/debrief-sms/debrief/internal/store/storetest"
	"github.com/debrief-sms/debrief/internal/twilio"
)

func TestUpdateDeliveryOnlyMovesForward(t *testing.T) {
	t.Parallel()
	const sid = "SM0123456789abcdef0123456789abcdef"
	// Each callback in turn, as Twilio may deliver them: out of order,
	// repeated, and a second final status after the first.
	steps := []struct {
		name   string
		status string
		code   int
		want   string
		wantEC int // error_code stored, 0 for NULL
	}{
		{"queued first", "queued", 0, "queued", 0},
		{"sent", "sent", 0, "sent", 0},
		{"queued late", "queued", 0, "sent", 0},
		{"sending late", "sending", 0, "sent", 0},
		{"accepted late", "accepted", 0, "sent", 0},
		{"delivered", "delivered", 0, "delivered", 0},
		{"sent late", "sent", 0, "delivered", 0},
		{"failed after delivered", "failed", 30003, "delivered", 0},
		{"delivered again", "delivered", 0, "delivered", 0},
		{"read", "read", 0, "read", 0},
		{"delivered after read", "delivered", 0, "read", 0},
		{"received is never an outbound text's", "received", 0, "read", 0},
	}
	storetest.Each(t, func(t *testing.T, b storetest.Backend) {
		s := b.Open(t)
		ctx := context.Background()
		if _, err := s.SQL().ExecContext(ctx, `INSERT INTO messages (message_sid, direction, phone, body, status, created_at)
				VALUES ($1, 'out', '+16175551234', 'Have you thanked Maria?', 'accepted', $2)`, sid, received); err != nil {
			t.Fatal(err)
		}
		for _, st := range steps {
			known, err := s.UpdateDelivery(ctx, sid, st.status, st.code, received)
			if err != nil || !known {
				t.Fatalf("%s: UpdateDelivery = %v, %v; want known", st.name, known, err)
			}
			if got, code := deliveryStatus(t, s, sid); got != st.want || code != st.wantEC {
				t.Errorf("%s: status %q, error code %d; want %q, %d", st.name, got, code, st.want, st.wantEC)
			}
		}
		if known, err := s.UpdateDelivery(ctx, "SMffffffffffffffffffffffffffffffff", "delivered", 0, received); err != nil || known {
			t.Errorf("unknown SID: UpdateDelivery = %v, %v; want not known", known, err)
		}
	})
}

func TestUpdateDeliveryReplacesAnUnknownStatus(t *testing.T) {
	t.Parallel()
	const sid = "SM0123456789abcdef0123456789abcdef"
	storetest.Each(t, func(t *testing.T, b storetest.Backend) {
		s := b.Open(t)
		ctx := context.Background()
		// A status stored before statuses were checked ranks below
		// every one of Twilio's.
		if _, err := s.SQL().ExecContext(ctx, `INSERT INTO messages (message_sid, direction, phone, body, status, created_at)
				VALUES ($1, 'out', '+16175551234', 'Have you thanked Maria?', 'pwned', $2)`, sid, received); err != nil {
			t.Fatal(err)
		}
		for _, status := range []string{"sent", "undelivered", "sending"} {
			if _, err := s.UpdateDelivery(ctx, sid, status, map[string]int{"undelivered": 30003}[status], received); err != nil {
				t.Fatal(err)
			}
		}
		if got, code := deliveryStatus(t, s, sid); got != "undelivered" || code != 30003 {
			t.Errorf("status %q, error code %d; want undelivered, 30003", got, code)
		}
	})
}

// TestDeliveryOrderCoversTwilio checks that every status Twilio reports
// for a sent text has a place in the order, and an inbound text's none.
func TestDeliveryOrderCoversTwilio(t *testing.T) {
	t.Parallel()
	for _, status := range twilio.Statuses() {
		inbound := status == twilio.StatusReceiving || status == twilio.StatusReceived
		if rank := store.DeliveryRank(status); (rank == 0) != inbound {
			t.Errorf("%s ranks %d", status, rank)
		}
	}
	order := []string{"queued", "sending", "sent", "delivered", "read"}
	for i := 1; i < len(order); i++ {
		if store.DeliveryRank(order[i-1]) >= store.DeliveryRank(order[i]) {
			t.Errorf("%s does not come before %s", order[i-1], order[i])
		}
	}
	for _, final := range []string{"undelivered", "failed"} {
		if store.DeliveryRank(final) != store.DeliveryRank("delivered") {
			t.Errorf("%s does not rank as delivered", final)
		}
	}
}

func deliveryStatus(t *testing.T, s *store.Store, sid string) (string, int) {
	t.Helper()
	var status string
	var code *int
	if err := s.SQL().QueryRowContext(context.Background(), `SELECT status, error_code FROM messages WHERE message_sid = $1`, sid).Scan(&status, &code); err != nil {
		t.Fatal(err)
	}
	if code == nil {
		return status, 0
	}
	return status, *code
}
