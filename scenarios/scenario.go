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
	return &Scenario{Config: cfg, Roster: roster}, ps
}

func hasRequiredData(d model.DataPaths) bool {
	for _, p := range []string{d.Schools, d.Students, d.Enterprises, d.Posts, d.Specialties, d.Districts, d.Distances} {
		if p == "" {
			return false
		}
	}
	return true
}
