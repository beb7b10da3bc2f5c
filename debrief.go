// Package debrief holds Debrief's domain types: volunteers, teams, the 1:1
// reports they file by text, and the messages exchanged. It knows nothing of
// HTTP, SQL or Twilio; those live in internal/ and depend on this package.
package debrief

import "time"

// Language is a volunteer's language for Debrief's texts.
type Language string

// Supported languages.
const (
	English Language = "en"
	Spanish Language = "es"
)

// Role is what a person does in their team.
type Role string

// Roles.
const (
	RoleVolunteer   Role = "volunteer"
	RoleOrganizer   Role = "organizer"
	RoleCoordinator Role = "coordinator"
)

// Volunteer is a person who texts Debrief. Phone is E.164 and unique.
type Volunteer struct {
	ID         int64
	Phone      string
	Name       string
	TeamID     *int64
	TeamName   string // the team's name, loaded with the volunteer; a new name creates the team
	Language   Language
	TimeZone   string // IANA name, e.g. America/New_York
	Role       Role
	OptedOut   bool
	OptedOutAt *time.Time
	CreatedAt  time.Time
	// DeactivatedAt, when set, is when a coordinator or an organizer
	// deactivated the person: they cannot sign in to the web pages and
	// organize no team; their texts are answered like anyone's.
	DeactivatedAt *time.Time
}

// Team is an organizing team.
type Team struct {
	ID   int64
	Name string
}

// Commitment is what the person met agreed to do.
type Commitment string

// Commitments offered as numbered choices, in this order.
const (
	CommitHouseParty Commitment = "house_party"
	CommitAction     Commitment = "action"
	CommitMeetAgain  Commitment = "meet_again"
	CommitOther      Commitment = "other"
	CommitNone       Commitment = "none"
)

// ReportStatus is where a report is in its life.
type ReportStatus string

// Report statuses.
const (
	ReportDraft     ReportStatus = "draft"
	ReportComplete  ReportStatus = "complete"
	ReportAbandoned ReportStatus = "abandoned"
)

// Report is one 1:1 meeting as reported by a volunteer. Seq numbers a
// volunteer's reports 1, 2, 3...; (volunteer, Seq) identifies a report
// before the database has given it an ID.
type Report struct {
	ID                 int64
	Seq                int
	PersonName         string
	PersonPhone        string // E.164, if the volunteer gave one
	PersonEmail        string
	Issue              string       // the climate issue they care most about
	Commitment         Commitment   // empty until answered; the first of Commitments
	Commitments        []Commitment // every commitment agreed, in the order given ("2 and 3")
	CommitmentText     string       // the volunteer's own words for it (always asked for "something else")
	NextSteps          string
	NextContactAt      *time.Time // when they will talk again, if a date was given
	NextContactHasTime bool       // NextContactAt carries a time of day the volunteer gave
	Enjoy              string     // what they would enjoy doing as a volunteer
	Notes              string     // skills, leadership, contacts, background
	Thanked            *bool
	Extra              map[string]string // answers to a team's own questions, by key
	Status             ReportStatus
	StartedAt          time.Time
	UpdatedAt          time.Time
	CompletedAt        *time.Time
}

// Inbound is one text received from a phone.
type Inbound struct {
	SID        string // Twilio MessageSid, unique per message
	From       string // E.164
	To         string
	Body       string
	NumMedia   int
	MediaURLs  []string
	FromState  string
	FromZip    string
	ReceivedAt time.Time
}
