package scenarios

import (
	"io"
	"os"

	"placement/model"
)

// Scenario is a checked config and the roster its data files hold.
type Scenario struct {
	Config *Config
	Roster *model.Roster
	// Mentors are the rows of data.mentors, in file order; nil when the
	// scenario names no mentors file (no stage 3).
	Mentors []model.Mentor
	// Bases and Cohorts are stage 2's data, read by model.LoadTraining
	// when data.bases or data.cohorts is set; stage 2 runs when both are.
	Bases   []model.Base
	Cohorts []model.Cohort
}

// Load reads the scenario file at path, applies opts, and reads its data
// files with model.LoadRoster. It returns every problem of the config and
// of the data together; the scenario is nil when there is an error among
// them. The data files are read even when the config has errors (as long
// as the file itself parsed and names them all), so that one run shows
// every problem.
func Load(path string, opts Options) (*Scenario, model.Problems) {
	return load(osFiles, osOpen, path, opts)
}

func osOpen(name string) (io.ReadCloser, error) { return os.Open(name) }

func load(fsys files, open model.Opener, path string, opts Options) (*Scenario, model.Problems) {
	cfg, ps := loadConfig(fsys, path, opts)
	if cfg == nil || !hasRequiredData(cfg.Data) {
		return nil, ps
	}
	roster, rps := model.LoadRoster(open, cfg.Data, cfg.Policy)
	ps = append(ps, rps...)
	if ps.Err() != nil {
		return nil, ps
	}
	sc := &Scenario{Config: cfg, Roster: roster}
	if cfg.Data.Mentors != "" {
		var mps model.Problems
		sc.Mentors, mps = model.LoadMentors(open, cfg.Data.Mentors, roster)
		if ps = append(ps, mps...); ps.Err() != nil {
			return nil, ps
		}
	}
	if cfg.Data.Bases != "" || cfg.Data.Cohorts != "" {
		var tps model.Problems
		sc.Bases, sc.Cohorts, tps = model.LoadTraining(open, cfg.Data, roster, model.Calendar(cfg.Calendar))
		if ps = append(ps, tps...); ps.Err() != nil {
			return nil, ps
		}
	}
	return sc, ps
}

func hasRequiredData(d model.DataPaths) bool {
	for _, p := range []string{d.Schools, d.Students, d.Enterprises, d.Posts, d.Specialties, d.Districts, d.Distances} {
		if p == "" {
			return false
		}
	}
	return true
}
