package main

import (
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/debrief-sms/debrief/internal/followup"
)

// env is an environment for configFromEnv: a key present with "" is set
// and empty, as os.LookupEnv tells apart.
type env map[string]string

func (e env) lookup(k string) (string, bool) {
	v, ok := e[k]
	return v, ok
}

func quiet(t *testing.T, s string) followup.QuietHours {
	t.Helper()
	q, err := followup.ParseQuietHours(s)
	if err != nil {
		t.Fatal(err)
	}
	return q
}

func TestConfigFromEnv(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		env     env
		check   func(t *testing.T, c Config)
		wantErr []string // parts of the error; none for no error
	}{
		{
			name: "defaults",
			env:  env{},
			check: func(t *testing.T, c Config) {
				if c.Port != 8080 || c.DatabaseURL != "" || c.TwilioAPIURL != "https://api.twilio.com" ||
					c.DefaultTimeZone != "America/New_York" || c.Location.String() != "America/New_York" ||
					c.Rules != followup.DefaultRules() || c.SendRate != 1 || c.SendWorkers != 8 || c.ShutdownGrace != 15*time.Second || c.InboundLimit != 20 {
					t.Errorf("defaults: %+v", c)
				}
				if c.Rules.Quiet.String() != "20:00-09:00" || c.Rules.At.String() != "09:00" {
					t.Errorf("default quiet hours %q, follow-up time %q", c.Rules.Quiet, c.Rules.At)
				}
			},
		},
		{
			name: "everything set",
			env: env{
				"PORT": "9000", "DATABASE_URL": "postgres://u:p@db/debrief", "PUBLIC_URL": "https://debrief.fly.dev",
				"TWILIO_ACCOUNT_SID": "AC1", "TWILIO_AUTH_TOKEN": "tok", "TWILIO_MESSAGING_SERVICE_SID": "MG1",
				"TWILIO_API_URL": "http://127.0.0.1:4010", "DEFAULT_TIMEZONE": "America/Chicago",
				"FOLLOWUP_THANKS_AFTER": "90m", "FOLLOWUP_AT": "10:30", "FOLLOWUP_NO_DATE_AFTER": "120h",
				"FOLLOWUP_NUDGE_AFTER": "48h", "QUIET_HOURS": "21:30-08:00", "SEND_RATE": "2.5",
				"SHUTDOWN_GRACE": "30s", "INBOUND_LIMIT": "30", "SEND_WORKERS": "32",
			},
			check: func(t *testing.T, c Config) {
				want := Config{
					Port: 9000, DatabaseURL: "postgres://u:p@db/debrief", PublicURL: "https://debrief.fly.dev",
					TwilioAccountSID: "AC1", TwilioAuthToken: "tok", TwilioMessagingServiceSID: "MG1",
					TwilioAPIURL: "http://127.0.0.1:4010", DefaultTimeZone: "America/Chicago", Location: c.Location,
					Rules: followup.Rules{ThanksAfter: 90 * time.Minute, At: 10*60 + 30, NoDateAfter: 120 * time.Hour,
						NudgeAfter: 48 * time.Hour, Quiet: quiet(t, "21:30-08:00")},
					SendRate: 2.5, SendWorkers: 32, ShutdownGrace: 30 * time.Second, InboundLimit: 30,
					NationBuilder: NationBuilderConfig{Rate: defaultNBRate},
				}
				if !reflect.DeepEqual(c, want) || c.Location.String() != "America/Chicago" {
					t.Errorf("got %+v\nwant %+v", c, want)
				}
			},
		},
		{name: "port not a number", env: env{"PORT": "http"}, wantErr: []string{"PORT"}},
		{name: "port out of range", env: env{"PORT": "70000"}, wantErr: []string{"PORT"}},
		{name: "unknown time zone", env: env{"DEFAULT_TIMEZONE": "Eastern"}, wantErr: []string{"DEFAULT_TIMEZONE"}},
		{name: "public URL without scheme", env: env{"PUBLIC_URL": "debrief.fly.dev"}, wantErr: []string{"PUBLIC_URL"}},
		{name: "public URL with query", env: env{"PUBLIC_URL": "https://debrief.fly.dev/?a=1"}, wantErr: []string{"PUBLIC_URL"}},
		{name: "bad Twilio API URL", env: env{"TWILIO_API_URL": "api.twilio.com"}, wantErr: []string{"TWILIO_API_URL"}},
		{
			name: "through PgBouncer, migrations direct",
			env: env{"DATABASE_URL": "postgres://u:p@pgbouncer.example/debrief", "DATABASE_POOLER": "transaction",
				"DATABASE_DIRECT_URL": "postgres://u:p@direct.example/debrief"},
			check: func(t *testing.T, c Config) {
				if c.DatabasePooler != "transaction" || c.DatabaseDirectURL != "postgres://u:p@direct.example/debrief" ||
					!c.storeOptions().TransactionPooler {
					t.Errorf("got pooler %q, direct URL %q, store options %+v", c.DatabasePooler, c.DatabaseDirectURL, c.storeOptions())
				}
			},
		},
		{name: "unknown pooler mode", env: env{"DATABASE_URL": "postgres://db/debrief", "DATABASE_POOLER": "statement"}, wantErr: []string{"DATABASE_POOLER"}},
		{name: "pooler without PostgreSQL", env: env{"DATABASE_POOLER": "transaction"}, wantErr: []string{"DATABASE_POOLER"}},
		{name: "direct URL without PostgreSQL", env: env{"DATABASE_DIRECT_URL": "postgres://db/debrief"}, wantErr: []string{"DATABASE_DIRECT_URL"}},
		{name: "direct URL not PostgreSQL", env: env{"DATABASE_URL": "postgres://db/debrief", "DATABASE_DIRECT_URL": "direct.db"}, wantErr: []string{"DATABASE_DIRECT_URL"}},
		{name: "from and service", env: env{"TWILIO_FROM": "+16175550100", "TWILIO_MESSAGING_SERVICE_SID": "MG1"}, wantErr: []string{"not both"}},
		{name: "NationBuilder off when not configured", env: env{}, check: func(t *testing.T, c Config) {
			if c.NationBuilder.On() {
				t.Errorf("NationBuilder on: %+v", c.NationBuilder)
			}
		}},
		{name: "NationBuilder by OAuth", env: env{"NATIONBUILDER_SLUG": "climatenow", "NATIONBUILDER_CLIENT_ID": "id",
			"NATIONBUILDER_CLIENT_SECRET": "secret", "NATIONBUILDER_TOKEN_KEY": strings.Repeat("ab", 32), "NATIONBUILDER_RATE": "5"},
			check: func(t *testing.T, c Config) {
				nb := c.NationBuilder
				if !nb.On() || !nb.OAuth() || nb.APIURL != "https://climatenow.nationbuilder.com" || nb.Rate != 5 || len(nb.TokenKey) != 32 {
					t.Errorf("NationBuilder %+v", nb)
				}
			}},
		{name: "NationBuilder with a direct token and a fake's URL", env: env{"NATIONBUILDER_API_URL": "http://127.0.0.1:4011/",
			"NATIONBUILDER_ACCESS_TOKEN": "tok"},
			check: func(t *testing.T, c Config) {
				nb := c.NationBuilder
				if !nb.On() || nb.OAuth() || nb.APIURL != "http://127.0.0.1:4011" || nb.Rate != defaultNBRate {
					t.Errorf("NationBuilder %+v", nb)
				}
			}},
		{name: "NationBuilder OAuth without its settings", env: env{"NATIONBUILDER_SLUG": "climatenow"},
			wantErr: []string{"NATIONBUILDER_CLIENT_ID", "NATIONBUILDER_CLIENT_SECRET", "NATIONBUILDER_TOKEN_KEY"}},
		{name: "NationBuilder bad settings", env: env{"NATIONBUILDER_SLUG": "Climate Now!", "NATIONBUILDER_RATE": "30",
			"NATIONBUILDER_TOKEN_KEY": "short", "NATIONBUILDER_ACCESS_TOKEN": "tok"},
			wantErr: []string{"NATIONBUILDER_SLUG", "NATIONBUILDER_RATE", "NATIONBUILDER_TOKEN_KEY"}},
		{name: "NationBuilder token without a nation", env: env{"NATIONBUILDER_ACCESS_TOKEN": "tok"}, wantErr: []string{"NATIONBUILDER_SLUG"}},
		{name: "every error at once", env: env{"PORT": "x", "DEFAULT_TIMEZONE": "Nowhere"}, wantErr: []string{"PORT", "DEFAULT_TIMEZONE"}},
		{
			name: "empty quiet hours turn them off",
			env:  env{"QUIET_HOURS": ""},
			check: func(t *testing.T, c Config) {
				if c.Rules.Quiet != (followup.QuietHours{}) || c.Rules.Quiet.Contains(time.Date(2026, 1, 1, 3, 0, 0, 0, time.UTC), time.UTC) {
					t.Errorf("quiet hours %q, want none", c.Rules.Quiet)
				}
			},
		},
		{
			name: "other empty variables are defaults",
			env: env{"FOLLOWUP_THANKS_AFTER": "", "FOLLOWUP_AT": "", "FOLLOWUP_NO_DATE_AFTER": "", "FOLLOWUP_NUDGE_AFTER": "",
				"SEND_RATE": "", "SEND_WORKERS": "", "PORT": "", "DEFAULT_TIMEZONE": ""},
			check: func(t *testing.T, c Config) {
				if c.Rules != followup.DefaultRules() || c.SendRate != 1 || c.SendWorkers != 8 || c.Port != 8080 {
					t.Errorf("empty variables: %+v", c)
				}
			},
		},
		{
			name: "quiet hours within a day",
			env:  env{"QUIET_HOURS": "12:00-13:00"},
			check: func(t *testing.T, c Config) {
				if c.Rules.Quiet != quiet(t, "12:00-13:00") {
					t.Errorf("quiet hours %q", c.Rules.Quiet)
				}
			},
		},
		{
			name: "follow-up time just at the end of quiet hours",
			env:  env{"FOLLOWUP_AT": "9:00", "QUIET_HOURS": "20:00-09:00"},
			check: func(t *testing.T, c Config) {
				if c.Rules.At != 9*60 {
					t.Errorf("follow-up time %s", c.Rules.At)
				}
			},
		},
		{
			name: "fractional send rate",
			env:  env{"SEND_RATE": "0.5"},
			check: func(t *testing.T, c Config) {
				if c.SendRate != 0.5 {
					t.Errorf("send rate %v", c.SendRate)
				}
			},
		},
		{name: "thanks after not a duration", env: env{"FOLLOWUP_THANKS_AFTER": "2"}, wantErr: []string{"FOLLOWUP_THANKS_AFTER"}},
		{name: "thanks after negative", env: env{"FOLLOWUP_THANKS_AFTER": "-1h"}, wantErr: []string{"FOLLOWUP_THANKS_AFTER"}},
		{name: "thanks after zero", env: env{"FOLLOWUP_THANKS_AFTER": "0s"}, wantErr: []string{"above zero"}},
		{name: "no date after in days", env: env{"FOLLOWUP_NO_DATE_AFTER": "7d"}, wantErr: []string{"FOLLOWUP_NO_DATE_AFTER"}},
		{name: "nudge after zero", env: env{"FOLLOWUP_NUDGE_AFTER": "0"}, wantErr: []string{"FOLLOWUP_NUDGE_AFTER"}},
		{name: "follow-up time not a clock", env: env{"FOLLOWUP_AT": "9am"}, wantErr: []string{"FOLLOWUP_AT"}},
		{name: "follow-up time out of range", env: env{"FOLLOWUP_AT": "25:00"}, wantErr: []string{"FOLLOWUP_AT"}},
		{name: "follow-up time in quiet hours", env: env{"FOLLOWUP_AT": "07:00"}, wantErr: []string{"inside QUIET_HOURS"}},
		{name: "quiet hours one clock", env: env{"QUIET_HOURS": "20:00"}, wantErr: []string{"QUIET_HOURS"}},
		{name: "quiet hours bad clock", env: env{"QUIET_HOURS": "20:00-26:00"}, wantErr: []string{"QUIET_HOURS"}},
		{name: "quiet hours empty window", env: env{"QUIET_HOURS": "20:00-20:00"}, wantErr: []string{"QUIET_HOURS"}},
		{name: "send rate zero", env: env{"SEND_RATE": "0"}, wantErr: []string{"SEND_RATE"}},
		{name: "send rate negative", env: env{"SEND_RATE": "-1"}, wantErr: []string{"SEND_RATE"}},
		{name: "send rate not a number", env: env{"SEND_RATE": "fast"}, wantErr: []string{"SEND_RATE"}},
		{name: "send rate infinite", env: env{"SEND_RATE": "Inf"}, wantErr: []string{"SEND_RATE"}},
		{name: "send rate NaN", env: env{"SEND_RATE": "NaN"}, wantErr: []string{"SEND_RATE"}},
		{name: "send workers zero", env: env{"SEND_WORKERS": "0"}, wantErr: []string{"SEND_WORKERS", "from 1 to 100"}},
		{name: "send workers negative", env: env{"SEND_WORKERS": "-4"}, wantErr: []string{"SEND_WORKERS"}},
		{name: "send workers not whole", env: env{"SEND_WORKERS": "2.5"}, wantErr: []string{"SEND_WORKERS"}},
		{name: "send workers too many", env: env{"SEND_WORKERS": "101"}, wantErr: []string{"SEND_WORKERS"}},
		{
			name: "one send worker",
			env:  env{"SEND_WORKERS": "1"},
			check: func(t *testing.T, c Config) {
				if c.SendWorkers != 1 {
					t.Errorf("send workers %d", c.SendWorkers)
				}
			},
		},
		{name: "grace not a duration", env: env{"SHUTDOWN_GRACE": "15"}, wantErr: []string{"SHUTDOWN_GRACE"}},
		{name: "grace within a text's handling", env: env{"SHUTDOWN_GRACE": "10s"}, wantErr: []string{"SHUTDOWN_GRACE", "longer"}},
		{name: "inbound limit negative", env: env{"INBOUND_LIMIT": "-1"}, wantErr: []string{"INBOUND_LIMIT"}},
		{name: "inbound limit not a number", env: env{"INBOUND_LIMIT": "ten"}, wantErr: []string{"INBOUND_LIMIT"}},
		{
			name: "inbound limit off",
			env:  env{"INBOUND_LIMIT": "0"},
			check: func(t *testing.T, c Config) {
				if c.InboundLimit != 0 {
					t.Errorf("inbound limit %d", c.InboundLimit)
				}
			},
		},
		{name: "follow-up errors with others", env: env{"PORT": "x", "FOLLOWUP_AT": "noon", "SEND_RATE": "0", "SEND_WORKERS": "many"}, wantErr: []string{"PORT", "FOLLOWUP_AT", "SEND_RATE", "SEND_WORKERS"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			c, err := configFromEnv(tc.env.lookup)
			if len(tc.wantErr) > 0 {
				if err == nil {
					t.Fatalf("no error, want one about %s", tc.wantErr)
				}
				for _, part := range tc.wantErr {
					if !strings.Contains(err.Error(), part) {
						t.Errorf("error %q, want one about %s", err, part)
					}
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
