package main

import (
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"time"
)

// Config is Debrief's configuration, read once from the environment by
// main and passed down; no other package reads the environment.
type Config struct {
	Port                      int    // PORT, default 8080
	DatabaseURL               string // DATABASE_URL; "" is the embedded SQLite file debrief.db
	PublicURL                 string // PUBLIC_URL, the base URL Twilio calls, e.g. https://debrief.fly.dev
	TwilioAccountSID          string // TWILIO_ACCOUNT_SID
	TwilioAuthToken           string // TWILIO_AUTH_TOKEN, signs webhooks
	TwilioFrom                string // TWILIO_FROM, the number Debrief texts from
	TwilioMessagingServiceSID string // TWILIO_MESSAGING_SERVICE_SID, instead of TWILIO_FROM
	TwilioAPIURL              string // TWILIO_API_URL, default https://api.twilio.com
	DefaultTimeZone           string // DEFAULT_TIMEZONE, default America/New_York
	Location                  *time.Location
}

// Defaults.
const (
	defaultPort         = 8080
	defaultTwilioAPIURL = "https://api.twilio.com"
	defaultTimeZone     = "America/New_York"
)

// configFromEnv reads and checks the configuration; getenv is os.Getenv
// outside tests.
func configFromEnv(getenv func(string) string) (Config, error) {
	c := Config{
		Port:                      defaultPort,
		DatabaseURL:               getenv("DATABASE_URL"),
		PublicURL:                 getenv("PUBLIC_URL"),
		TwilioAccountSID:          getenv("TWILIO_ACCOUNT_SID"),
		TwilioAuthToken:           getenv("TWILIO_AUTH_TOKEN"),
		TwilioFrom:                getenv("TWILIO_FROM"),
		TwilioMessagingServiceSID: getenv("TWILIO_MESSAGING_SERVICE_SID"),
		TwilioAPIURL:              orDefault(getenv("TWILIO_API_URL"), defaultTwilioAPIURL),
		DefaultTimeZone:           orDefault(getenv("DEFAULT_TIMEZONE"), defaultTimeZone),
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
	if err := errors.Join(errs...); err != nil {
		return Config{}, fmt.Errorf("configuration: %w", err)
	}
	return c, nil
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
