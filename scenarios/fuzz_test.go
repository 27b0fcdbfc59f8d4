package scenarios

import (
	"io/fs"
	"path"
	"strings"
	"testing"
)

// memFiles serves scenario files from memory.
func memFiles(m map[string]string) files {
	return files{
		read: func(name string) ([]byte, error) {
			s, ok := m[name]
			if !ok {
				return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrNotExist}
			}
			return []byte(s), nil
		},
		join: path.Join, dir: path.Dir, isAbs: path.IsAbs,
	}
}

// FuzzScenarioConfig feeds an arbitrary scenario file (which may extend
// base.yaml, a valid one) to the config reader: it must report problems,
// never panic or hang, and locate each in a file or override it was given.
//
//	go test ./scenarios -run XXX -fuzz FuzzScenarioConfig -fuzztime 1m
func FuzzScenarioConfig(f *testing.F) {
	f.Add([]byte(dataYAML + "policy:\n  quota_rate: 0.02\nweights:\n  preference: [30, 20, 10]\n  award: {city: 100}\n"))
	f.Add([]byte("extends: base.yaml\npolicy: {quota_rate: 0.03}\n"))
	f.Add([]byte("extends: scenario.yaml\n"))
	f.Add([]byte("a: &x [*x]\n"))
	f.Add([]byte("data: &d {schools: s.csv}\npolicy: *d\nweights:\n  award: *d\n"))
	f.Add([]byte(strings.Repeat("[", 5000) + strings.Repeat("]", 5000)))
	f.Add([]byte(strings.Repeat("- ", 200) + "x\n"))
	f.Add([]byte("calendar:\n  days: [mon, mon, xyz]\n  weeks: -1\npolicy:\n  quota_rate: 0.00001\n  order_class: maybe\n"))
	f.Add([]byte("\uFEFFname: 淄博\nterm: 2026秋\n"))
	f.Fuzz(func(t *testing.T, yaml []byte) {
		m := map[string]string{
			"scenario.yaml": string(yaml),
			"base.yaml":     dataYAML + "name: base\n",
		}
		_, ps := loadConfig(memFiles(m), "scenario.yaml", Options{Set: []string{"weights.per_km=2"}})
		for _, p := range ps {
			_, known := m[p.File]
			if !known && !strings.HasPrefix(p.File, "flag --set") && !strings.HasPrefix(p.File, "environment") || p.Line < 0 || p.Col < 0 || p.Msg == "" {
				t.Errorf("badly located problem %+v", p)
			}
		}
	})
}

func TestHostileScenarioFilesAreClearErrors(t *testing.T) {
	tests := []struct {
		name, yaml, want string
	}{
		{"deeply nested YAML", "data:\n  x: " + strings.Repeat("[", 100) + strings.Repeat("]", 100) + "\n",
			"scenario.yaml:2:68: the YAML nests deeper than 64 levels"},
		{"YAML nested beyond yaml.v3's own limit", strings.Repeat("[", 20000),
			"scenario.yaml: YAML: exceeded max depth of 10000"},
		{"a file over 1 MiB", "name: x\n# " + strings.Repeat("x", 1<<20) + "\n",
			"scenario.yaml: the scenario file is 1048587 bytes; at most 1048576 are allowed"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, ps := loadConfig(memFiles(map[string]string{"scenario.yaml": tt.yaml}), "scenario.yaml", Options{})
			if err := ps.Err(); err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("problems %v, want %q", err, tt.want)
			}
		})
	}
}
