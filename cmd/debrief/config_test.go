package main

import (
	"strings"
	"testing"
)

func TestConfigFromEnv(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		env     map[string]string
		check   func(t *testing.T, c Config)
		wantErr string // part of the error; "" for none
	}{
		{
			name: "defaults",
			env:  map[string]string{},
			check: func(t *testing.T, c Config) {
				if c.Port != 8080 || c.DatabaseURL != "" || c.TwilioAPIURL != "https://api.twilio.com" ||
					c.DefaultTimeZone != "America/New_York" || c.Location.String() != "America/New_York" {
					t.Errorf("defaults: %+v", c)
				}
			},
		},
		{
			name: "everything set",
			env: map[string]string{
				"PORT": "9000", "DATABASE_URL": "postgres://u:p@db/debrief", "PUBLIC_URL": "https://debrief.fly.dev",
				"TWILIO_ACCOUNT_SID": "AC1", "TWILIO_AUTH_TOKEN": "tok", "TWILIO_MESSAGING_SERVICE_SID": "MG1",
				"TWILIO_API_URL": "http://127.0.0.1:4010", "DEFAULT_TIMEZONE": "America/Chicago",
			},
			check: func(t *testing.T, c Config) {
				want := Config{
					Port: 9000, DatabaseURL: "postgres://u:p@db/debrief", PublicURL: "https://debrief.fly.dev",
					TwilioAccountSID: "AC1", TwilioAuthToken: "tok", TwilioMessagingServiceSID: "MG1",
					TwilioAPIURL: "http://127.0.0.1:4010", DefaultTimeZone: "America/Chicago", Location: c.Location,
				}
				if c != want || c.Location.String() != "America/Chicago" {
					t.Errorf("got %+v\nwant %+v", c, want)
				}
			},
		},
		{name: "port not a number", env: map[string]string{"PORT": "http"}, wantErr: "PORT"},
		{name: "port out of range", env: map[string]string{"PORT": "70000"}, wantErr: "PORT"},
		{name: "unknown time zone", env: map[string]string{"DEFAULT_TIMEZONE": "Eastern"}, wantErr: "DEFAULT_TIMEZONE"},
		{name: "public URL without scheme", env: map[string]string{"PUBLIC_URL": "debrief.fly.dev"}, wantErr: "PUBLIC_URL"},
		{name: "public URL with query", env: map[string]string{"PUBLIC_URL": "https://debrief.fly.dev/?a=1"}, wantErr: "PUBLIC_URL"},
		{name: "bad Twilio API URL", env: map[string]string{"TWILIO_API_URL": "api.twilio.com"}, wantErr: "TWILIO_API_URL"},
		{name: "from and service", env: map[string]string{"TWILIO_FROM": "+16175550100", "TWILIO_MESSAGING_SERVICE_SID": "MG1"}, wantErr: "not both"},
		{name: "every error at once", env: map[string]string{"PORT": "x", "DEFAULT_TIMEZONE": "Nowhere"}, wantErr: "DEFAULT_TIMEZONE"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			c, err := configFromEnv(func(k string) string { return tc.env[k] })
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("error %v, want one about %s", err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			tc.check(t, c)
		})
	}
}
