package scenarios

import (
	"io"

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

	onDisk bool         // read from the file system, not the embedded demo
	open   model.Opener // opens the data files again, for Digest
}

// InputFiles are the files on disk the scenario was read from: its
// scenario files (Config.Files) and every data file it names. They are
// what an output directory must never overwrite or remove. The embedded
// demo has none.
func (sc *Scenario) InputFiles() []string {
	if !sc.onDisk {
		return nil
	}
	d := sc.Config.Data
	out := append([]string(nil), sc.Config.Files...)
	for _, p := range []string{d.Schools, d.Students, d.Enterprises, d.Posts, d.Specialties, d.Districts,
		d.Distances, d.Pins, d.Bases, d.Cohorts, d.Mentors} {
		if p != "" {
			out = append(out, p)
		}
	}
	return out
}

// Load reads the scenario file at path, applies opts, and reads its data
// files with model.LoadRoster. It returns every problem of the config and
// of the data together; the scenario is nil when there is an error among
// them. The data files are read even when the config has errors (as long
// as the file itself parsed and names them all), so that one run shows
// every problem.
func Load(path string, opts Options) (*Scenario, model.Problems) {
	sc, ps := load(osFiles, osOpen, path, opts)
	if sc != nil {
		sc.onDisk = true
	}
	return sc, ps
}

// osOpen opens a data file: a regular file only (model.OpenRegular), so
// that a named pipe or a device is refused at once.
func osOpen(name string) (io.ReadCloser, error) { return model.OpenFile(name) }

func load(fsys files, open model.Opener, path string, opts Options) (*Scenario, model.Problems) {
	cfg, ps := loadConfig(fsys, path, opts)
	if cfg == nil || !hasRequiredData(cfg.Data) {
		return nil, ps
	}
	// Every file of every stage, whatever the others hold: one run shows
	// every problem.
	data, dps := model.LoadData(open, cfg.Data, cfg.Policy, model.Calendar(cfg.Calendar))
	if ps = append(ps, dps...); ps.Err() != nil {
		return nil, ps
	}
	sc := &Scenario{Config: cfg, Roster: data.Roster, Mentors: data.Mentors, Bases: data.Bases, Cohorts: data.Cohorts,
		open: open}
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
