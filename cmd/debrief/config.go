package main

import (
	"errors"
	"fmt"
	"math"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/debrief-sms/debrief"
	"github.com/debrief-sms/debrief/internal/followup"
	"github.com/debrief-sms/debrief/internal/store"
	"github.com/debrief-sms/debrief/internal/web"
)

// Config is Debrief's configuration, read once from the environment by
// main and passed down; no other package reads the environment.
type Config struct {
	Port        int    // PORT, default 8080
	DatabaseURL string // DATABASE_URL; "" is the embedded SQLite file debrief.db
	// DatabasePooler is DATABASE_POOLER: "transaction" when DATABASE_URL
	// goes through a pooler in transaction mode (PgBouncer on Fly.io's
	// Managed Postgres), "" (or "session") when not.
	DatabasePooler string
	// DatabaseDirectURL is DATABASE_DIRECT_URL: the same PostgreSQL
	// database without the pooler, for migrations, whose session lock a
	// transaction pooler cannot keep.
	DatabaseDirectURL         string
	PublicURL                 string // PUBLIC_URL, the base URL Twilio calls, e.g. https://debrief.fly.dev
	TwilioAccountSID          string // TWILIO_ACCOUNT_SID
	TwilioAuthToken           string // TWILIO_AUTH_TOKEN, signs webhooks
	TwilioFrom                string // TWILIO_FROM, the number Debrief texts from
	TwilioMessagingServiceSID string // TWILIO_MESSAGING_SERVICE_SID, instead of TWILIO_FROM
	TwilioAPIURL              string // TWILIO_API_URL, default https://api.twilio.com
	DefaultTimeZone           string // DEFAULT_TIMEZONE, default America/New_York
	Location                  *time.Location

	// MetricsAddr is a private listener serving only /metrics
	// (METRICS_ADDR, e.g. 127.0.0.1:9090 or :9091 on Fly's private
	// network); "" serves none.
	MetricsAddr string
	// MetricsToken is the bearer token /metrics asks for (METRICS_TOKEN).
	// Without METRICS_ADDR it serves /metrics on the public port, behind
	// the token; with it, the private listener asks for it too.
	MetricsToken string

	// Rules are the follow-up settings: FOLLOWUP_THANKS_AFTER (2h),
	// FOLLOWUP_AT (09:00), FOLLOWUP_NO_DATE_AFTER (168h),
	// FOLLOWUP_NUDGE_AFTER (72h) and QUIET_HOURS (20:00-09:00; set and
	// empty turns quiet hours off). The scheduler and the inbox take them.
	Rules followup.Rules
	// SendRate is the most texts per second the scheduler sends
	// (SEND_RATE, default 1, Twilio's limit for one long code). It must
	// be positive: unpaced sending only earns 20429 refusals.
	SendRate float64
	// SendWorkers is how many texts the scheduler has in flight at once
	// (SEND_WORKERS, default 8, at most maxSendWorkers): SEND_RATE still
	// paces them. More keep the pace when Twilio answers slowly (8
	// requests of 10 s each are 0.8 texts a second).
	SendWorkers int
	// ShutdownGrace is how long serve waits, after SIGTERM, for the
	// requests in flight (SHUTDOWN_GRACE, default 15s). It must be longer
	// than the handling of one text (web.DefaultTimeout) so that a text
	// held to its timeout is still answered by the process that took it.
	ShutdownGrace time.Duration
	// InboundLimit is the most texts one phone may send in a minute before
	// Debrief pauses its replies (INBOUND_LIMIT, default 20); 0 turns the
	// limit off.
	InboundLimit int
	// NationBuilder is the NationBuilder sync's settings (NATIONBUILDER_*).
	NationBuilder NationBuilderConfig
}

// Defaults.
const (
	defaultPort         = 8080
	defaultTwilioAPIURL = "https://api.twilio.com"
	defaultTimeZone     = "America/New_York"
	defaultQuietHours   = "20:00-09:00"
	defaultSendRate     = 1.0
	defaultSendWorkers  = 8
	maxSendWorkers      = 100
	defaultGrace        = 15 * time.Second
	defaultInboundLimit = 20
)

// configFromEnv reads and checks the configuration; lookup is os.LookupEnv
// outside tests. A variable set to "" counts as unset, except QUIET_HOURS,
// where "" turns quiet hours off.
func configFromEnv(lookup func(string) (string, bool)) (Config, error) {
	getenv := func(k string) string {
		v, _ := lookup(k)
		return v
	}
	c := Config{
		Port:                      defaultPort,
		DatabaseURL:               getenv("DATABASE_URL"),
		DatabasePooler:            getenv("DATABASE_POOLER"),
		DatabaseDirectURL:         getenv("DATABASE_DIRECT_URL"),
		PublicURL:                 getenv("PUBLIC_URL"),
		TwilioAccountSID:          getenv("TWILIO_ACCOUNT_SID"),
		TwilioAuthToken:           getenv("TWILIO_AUTH_TOKEN"),
		TwilioFrom:                getenv("TWILIO_FROM"),
		TwilioMessagingServiceSID: getenv("TWILIO_MESSAGING_SERVICE_SID"),
		MetricsAddr:               getenv("METRICS_ADDR"),
		MetricsToken:              getenv("METRICS_TOKEN"),
		TwilioAPIURL:              orDefault(getenv("TWILIO_API_URL"), defaultTwilioAPIURL),
		DefaultTimeZone:           orDefault(getenv("DEFAULT_TIMEZONE"), defaultTimeZone),
		SendRate:                  defaultSendRate,
		SendWorkers:               defaultSendWorkers,
		ShutdownGrace:             defaultGrace,
		InboundLimit:              defaultInboundLimit,
	}
	var errs []error
	if p := getenv("PORT"); p != "" {
		port, err := strconv.Atoi(p)
		if err != nil || port < 1 || port > 65535 {
			errs = append(errs, fmt.Errorf("PORT %q is not a port number", p))
		}
		c.Port = port
	}
	loc, err := time.LoadLocation(c.DefaultTimeZone)
	if err != nil {
		errs = append(errs, fmt.Errorf("DEFAULT_TIMEZONE %q: %w", c.DefaultTimeZone, err))
	}
	c.Location = loc
	errs = append(errs, checkMetrics(c.MetricsAddr, c.MetricsToken)...)
	if c.PublicURL != "" {
		if err := checkBaseURL(c.PublicURL); err != nil {
			errs = append(errs, fmt.Errorf("PUBLIC_URL: %w", err))
		}
	}
	if err := checkBaseURL(c.TwilioAPIURL); err != nil {
		errs = append(errs, fmt.Errorf("TWILIO_API_URL: %w", err))
	}
	if c.TwilioFrom != "" && c.TwilioMessagingServiceSID != "" {
		errs = append(errs, errors.New("set TWILIO_FROM or TWILIO_MESSAGING_SERVICE_SID, not both"))
	}
	if err := c.checkDatabase(); err != nil {
		errs = append(errs, err)
	}
	rules, err := rulesFromEnv(lookup)
	if err != nil {
		errs = append(errs, err)
	}
	c.Rules = rules
	if s := getenv("SEND_RATE"); s != "" {
		rate, err := strconv.ParseFloat(s, 64)
		if err != nil || !(rate > 0) || math.IsInf(rate, 0) {
			errs = append(errs, fmt.Errorf("SEND_RATE %q: want texts per second, a number above 0 (default 1)", s))
		}
		c.SendRate = rate
	}
	if s := getenv("SEND_WORKERS"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 || n > maxSendWorkers {
			errs = append(errs, fmt.Errorf("SEND_WORKERS %q: want how many texts are sent at once, a whole number from 1 to %d (default %d)",
				s, maxSendWorkers, defaultSendWorkers))
		}
		c.SendWorkers = n
	}
	if err := positiveDuration(lookup, "SHUTDOWN_GRACE", &c.ShutdownGrace); err != nil {
		errs = append(errs, err)
	} else if c.ShutdownGrace <= web.DefaultTimeout {
		errs = append(errs, fmt.Errorf("SHUTDOWN_GRACE %s: must be longer than a text's handling (%s), or a text held to its end is cut off",
			c.ShutdownGrace, web.DefaultTimeout))
	}
	if s := getenv("INBOUND_LIMIT"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 0 {
			errs = append(errs, fmt.Errorf("INBOUND_LIMIT %q: want texts per minute from one phone, a whole number (default 20; 0 for no limit)", s))
		}
		c.InboundLimit = n
	}
	nb, nbErrs := nationBuilderFromEnv(getenv)
	c.NationBuilder, errs = nb, append(errs, nbErrs...)
	if err := errors.Join(errs...); err != nil {
		return Config{}, fmt.Errorf("configuration: %w", err)
	}
	return c, nil
}

// checkDatabase checks DATABASE_POOLER and DATABASE_DIRECT_URL, which only
// PostgreSQL has.
func (c Config) checkDatabase() error {
	postgres := func(u string) bool {
		return strings.HasPrefix(u, "postgres://") || strings.HasPrefix(u, "postgresql://")
	}
	var errs []error
	switch c.DatabasePooler {
	case "", "session":
	case "transaction":
		if !postgres(c.DatabaseURL) {
			errs = append(errs, errors.New("DATABASE_POOLER=transaction needs a postgres:// DATABASE_URL"))
		}
	default:
		errs = append(errs, fmt.Errorf("DATABASE_POOLER %q: want transaction, session or empty", c.DatabasePooler))
	}
	if c.DatabaseDirectURL != "" && (!postgres(c.DatabaseDirectURL) || !postgres(c.DatabaseURL)) {
		errs = append(errs, errors.New("DATABASE_DIRECT_URL: both it and DATABASE_URL must be postgres:// URLs"))
	}
	return errors.Join(errs...)
}

// storeOptions are the store's options for DATABASE_URL.
func (c Config) storeOptions() store.Options {
	return store.Options{
		DefaultTimeZone:   c.DefaultTimeZone,
		DefaultLanguage:   debrief.English,
		TransactionPooler: c.DatabasePooler == "transaction",
	}
}

// rulesFromEnv reads the follow-up settings over followup.DefaultRules.
func rulesFromEnv(lookup func(string) (string, bool)) (followup.Rules, error) {
	r := followup.DefaultRules()
	var errs []error
	for _, d := range []struct {
		name string
		dst  *time.Duration
	}{
		{"FOLLOWUP_THANKS_AFTER", &r.ThanksAfter},
		{"FOLLOWUP_NO_DATE_AFTER", &r.NoDateAfter},
		{"FOLLOWUP_NUDGE_AFTER", &r.NudgeAfter},
	} {
		if err := positiveDuration(lookup, d.name, d.dst); err != nil {
			errs = append(errs, err)
		}
	}
	if s, _ := lookup("FOLLOWUP_AT"); s != "" {
		at, err := followup.ParseClock(s)
		if err != nil {
			errs = append(errs, fmt.Errorf("FOLLOWUP_AT: %w", err))
		}
		r.At = at
	}
	quiet, set := lookup("QUIET_HOURS")
	if !set {
		quiet = defaultQuietHours
	}
	q, err := followup.ParseQuietHours(quiet)
	if err != nil {
		errs = append(errs, fmt.Errorf("QUIET_HOURS (empty turns them off): %w", err))
	}
	r.Quiet = q
	if len(errs) == 0 {
		if at := r.At.On(time.Time{}, time.UTC); r.Quiet.Contains(at, time.UTC) {
			errs = append(errs, fmt.Errorf("FOLLOWUP_AT %s falls inside QUIET_HOURS %s: every reminder would wait until %s",
				r.At, r.Quiet, r.Quiet.End))
		}
	}
	return r, errors.Join(errs...)
}

// positiveDuration sets *dst to the Go duration in the variable name, if
// set; it must be above zero.
func positiveDuration(lookup func(string) (string, bool), name string, dst *time.Duration) error {
	s, _ := lookup(name)
	if s == "" {
		return nil
	}
	d, err := time.ParseDuration(strings.TrimSpace(s))
	if err != nil {
		return fmt.Errorf("%s %q: want a Go duration such as 2h or 90m", name, s)
	}
	if d <= 0 {
		return fmt.Errorf("%s %q: must be above zero", name, s)
	}
	*dst = d
	return nil
}

// canSend reports whether Twilio credentials for sending are configured,
// and names what is missing.
func (c Config) canSend() (bool, []string) {
	var missing []string
	if c.TwilioAccountSID == "" {
		missing = append(missing, "TWILIO_ACCOUNT_SID")
	}
	if c.TwilioAuthToken == "" {
		missing = append(missing, "TWILIO_AUTH_TOKEN")
	}
	if c.TwilioFrom == "" && c.TwilioMessagingServiceSID == "" {
		missing = append(missing, "TWILIO_FROM or TWILIO_MESSAGING_SERVICE_SID")
	}
	return len(missing) == 0, missing
}

func orDefault(v, def string) string {
	if v == "" {
		return def
	}
	return v
}

// checkBaseURL accepts an absolute http(s) URL without query or fragment.
func checkBaseURL(raw string) error {
	u, err := url.Parse(raw)
	if err != nil {
		return err
	}
	if (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		return fmt.Errorf("%q is not an absolute http(s) URL", raw)
	}
	if u.RawQuery != "" || u.Fragment != "" {
		return fmt.Errorf("%q must not have a query or fragment", raw)
	}
	return nil
}
