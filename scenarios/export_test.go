package scenarios

import "placement/model"

// LoadConfig reads the scenario file at path and applies opts, for the
// tests of the config alone: the config is nil when there is an error
// among the problems (warnings alone leave it usable).
func LoadConfig(path string, opts Options) (*Config, model.Problems) {
	cfg, ps := loadConfig(osFiles, path, opts)
	if ps.Err() != nil {
		return nil, ps
	}
	return cfg, ps
}
