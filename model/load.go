package model

import "io"

// Opener opens a data file by the name the scenario gives it. The name is
// also what messages show, so it should read well to the user (a path
// relative to the working directory, or "demo/students.csv" for the
// embedded demo).
type Opener func(name string) (io.ReadCloser, error)

// DataPaths names the CSV files of a scenario; "" means absent (allowed only
// for the optional ones: pins, bases, cohorts, mentors).
type DataPaths struct {
	Schools     string
	Students    string
	Enterprises string
	Posts       string
	Specialties string
	Districts   string
	Distances   string
	Pins        string
	Bases       string
	Cohorts     string
	Mentors     string
}

// LoadRoster reads and validates the stage-1 files of a scenario. It returns
// the roster and every problem found; when Problems.Err() is non-nil the
// roster must not be used.
func LoadRoster(open Opener, paths DataPaths, policy Policy) (*Roster, Problems) {
	panic("model: LoadRoster not written yet")
}
