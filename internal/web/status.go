package web

import (
	"context"
	"fmt"
	"net/http"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/debrief-sms/debrief/internal/twilio"
)

// StatusPath receives Twilio's delivery status callbacks for sent texts.
const StatusPath = "/twilio/status"

// Deliveries records the delivery status of outbound texts.
type Deliveries interface {
	// UpdateDelivery stamps the change with at, the handler's clock.
	UpdateDelivery(ctx context.Context, sid, status string, errorCode int, at time.Time) (bool, error)
}

// status records a delivery status callback. An unknown SID is answered
// 200 too: Twilio would only retry it.
func (h *handlers) status(c echo.Context) error {
	r := c.Request()
	if err := h.checkSignature(r); err != nil {
		return err
	}
	if h.cfg.Deliveries == nil {
		return echo.NewHTTPError(http.StatusNotFound)
	}
	u, err := twilio.ParseStatus(r.PostForm)
	if err != nil {
		return refuse(c, err, "not a Twilio status callback")
	}
	c.Set(sidKey, u.SID)
	ctx, cancel := context.WithTimeout(r.Context(), h.cfg.Timeout)
	defer cancel()
	if _, err := h.cfg.Deliveries.UpdateDelivery(ctx, u.SID, u.Status, u.ErrorCode, h.cfg.Now()); err != nil {
		return fmt.Errorf("status of %s: %w", u.SID, err)
	}
	return c.NoContent(http.StatusNoContent)
}
