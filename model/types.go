package model

import "fmt"

// Level is a student's qualification level, or a post's minimum level.
// The zero value means "no minimum" on a post and is invalid on a student.
type Level int8

// Levels, lowest first (SPEC "Levels, lowest first").
const (
	LevelNone         Level = 0
	LevelIntermediate Level = 1
	LevelSenior       Level = 2
	LevelTechnician   Level = 3
)

var levelNames = [...]string{"", "intermediate", "senior", "technician"}

func (l Level) String() string {
	if l < 0 || int(l) >= len(levelNames) {
		return fmt.Sprintf("Level(%d)", int8(l))
	}
	return levelNames[l]
}

// ParseLevel reads a level name; the empty string is LevelNone.
func ParseLevel(s string) (Level, bool) {
	for i, n := range levelNames {
		if n == s {
			return Level(i), true
		}
	}
	return LevelNone, false
}

// Award is the highest skills-competition award a student holds.
type Award int8

// Awards, lowest first.
const (
	AwardNone     Award = 0
	AwardCity     Award = 1
	AwardProvince Award = 2
	AwardNational Award = 3
)

// NumAwards is the number of award values.
const NumAwards = 4

var awardNames = [...]string{"none", "city", "province", "national"}

func (a Award) String() string {
	if a < 0 || int(a) >= len(awardNames) {
		return fmt.Sprintf("Award(%d)", int8(a))
	}
	return awardNames[a]
}

// ParseAward reads an award name; the empty string is AwardNone.
func ParseAward(s string) (Award, bool) {
	if s == "" {
		return AwardNone, true
	}
	for i, n := range awardNames {
		if n == s {
			return Award(i), true
		}
	}
	return AwardNone, false
}

// SchoolKind is technician_college or vocational_school.
type SchoolKind string

// School kinds.
const (
	TechnicianCollege SchoolKind = "technician_college"
	VocationalSchool  SchoolKind = "vocational_school"
)

// Pos is where a record came from, for messages that must name file and line.
type Pos struct {
	File string
	Line int // 1-based line of the record in the file (the header is line 1)
}

func (p Pos) String() string { return fmt.Sprintf("%s:%d", p.File, p.Line) }

// School is one row of schools.csv.
type School struct {
	ID       string
	Name     string
	Kind     SchoolKind
	District string // may be empty
	Pos      Pos
}

// Student is one row of students.csv.
type Student struct {
	ID                string
	Name              string
	SchoolID          string
	Specialty         string
	Level             Level
	District          string
	Score             float64 // 0..100; 0 when absent. Used only to break ties.
	Award             Award
	OrderEnterpriseID string   // sponsor of the student's order class, or ""
	Preferences       []string // enterprise ids, most wanted first; no duplicates
	Pos               Pos
}

// Enterprise is one row of enterprises.csv.
type Enterprise struct {
	ID         string
	Name       string
	Industry   string
	Employees  int
	AboveScale bool
	District   string
	Pos        Pos
}

// Post is one row of posts.csv: a kind of internship place at an enterprise.
type Post struct {
	ID             string
	EnterpriseID   string
	Specialty      string
	Capacity       int   // ≥ 1
	MinLevel       Level // LevelNone: any level
	AcceptsRelated bool  // default true
	Pos            Pos
}

// Specialty is one row of specialties.csv.
type Specialty struct {
	Code  string // the "specialty" column
	Name  string
	Group string
	Pos   Pos
}

// District is one row of districts.csv.
type District struct {
	ID   string
	Name string
	Pos  Pos
}

// Distance is one row of distances.csv (symmetric).
type Distance struct {
	From, To string
	Km       int
	Pos      Pos
}

// Pin is one row of pins.csv: an assignment fixed by an officer.
type Pin struct {
	StudentID string
	PostID    string
	Pos       Pos
}

// Roster is all the CSV data of one scenario, in file order.
type Roster struct {
	Schools     []School
	Students    []Student
	Enterprises []Enterprise
	Posts       []Post
	Specialties []Specialty
	Districts   []District
	Distances   []Distance
	Pins        []Pin

	index *Index // see Index
}

// OrderClass is how order-class students are treated.
type OrderClass string

// Order-class modes.
const (
	OrderStrict OrderClass = "strict" // only the sponsor's posts
	OrderPrefer OrderClass = "prefer" // any post; the sponsor's earn weights.order_prefer
)

// Policy is the scenario's policy section.
type Policy struct {
	QuotaBasisPoints      int // quota_rate × 10000, exact
	MaxCommuteKm          int // 0 = no limit
	OrderClass            OrderClass
	InternshipSubsidyYuan int
	TrainingSubsidyYuan   int
	OrderClassSubsidyYuan int
}

// Weights is the scenario's weights section (all integers).
type Weights struct {
	Placement        int
	ExactSpecialty   int
	RelatedSpecialty int
	Preference       []int // points for the 1st, 2nd, ... listed enterprise
	PerKm            int
	Award            [NumAwards]int // indexed by Award
	QuotaBonus       int
	OrderPrefer      int
	TrainPerKm       int
	BaseSwitch       int
	Unscheduled      int
	MentorMissing    int
	TeacherVisit     int
	MentorRelated    int
}

// DefaultPolicy is the policy of SPEC.md when a key is absent.
func DefaultPolicy() Policy {
	return Policy{
		QuotaBasisPoints:      200,
		MaxCommuteKm:          0,
		OrderClass:            OrderStrict,
		InternshipSubsidyYuan: 300,
		TrainingSubsidyYuan:   650,
		OrderClassSubsidyYuan: 10000,
	}
}

// DefaultWeights are the weights of SPEC.md when a key is absent.
func DefaultWeights() Weights {
	return Weights{
		Placement:        200,
		ExactSpecialty:   100,
		RelatedSpecialty: 60,
		Preference:       []int{30, 20, 10},
		PerKm:            1,
		Award:            [NumAwards]int{0, 100, 200, 300},
		QuotaBonus:       200,
		OrderPrefer:      150,
		TrainPerKm:       1,
		BaseSwitch:       50,
		Unscheduled:      10000,
		MentorMissing:    1000,
		TeacherVisit:     30,
		MentorRelated:    20,
	}
}

// Quota is the post quota of an enterprise: ceil(employees × rate) when it
// is above scale, else 0, in exact integer arithmetic (rate in basis
// points, at most 10000). It cannot overflow, whatever Employees holds:
// employees = 10000a + b, so employees × rate = a × rate + b × rate/10000,
// and a × rate ≤ employees.
func Quota(e *Enterprise, basisPoints int) int {
	if !e.AboveScale || e.Employees <= 0 || basisPoints <= 0 {
		return 0
	}
	bp := min(basisPoints, 10000)
	a, b := e.Employees/10000, e.Employees%10000
	return a*bp + (b*bp+9999)/10000
}
