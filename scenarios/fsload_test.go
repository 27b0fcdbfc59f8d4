package scenarios_test

import (
	"io/fs"
	"strings"
	"testing"
	"testing/fstest"

	"placement/scenarios"
)

func TestLoadFSReadsTheDemoLikeDemo(t *testing.T) {
	t.Parallel()
	got, ps := scenarios.LoadFS(scenarios.DemoFS(), "scenario.yaml", scenarios.Options{})
	if ps.Err() != nil {
		t.Fatal(ps.Err())
	}
	want, _ := scenarios.Demo(scenarios.Options{})
	if len(got.Roster.Students) != len(want.Roster.Students) || got.Config.Name != want.Config.Name {
		t.Fatalf("LoadFS read %d students of %q, Demo %d of %q",
			len(got.Roster.Students), got.Config.Name, len(want.Roster.Students), want.Config.Name)
	}
}

func TestLoadFSRefusesPathsOutsideItsFileSystem(t *testing.T) {
	t.Parallel()
	demo := scenarios.DemoFS()
	for _, tt := range []struct{ name, yaml, want string }{
		{"an absolute data path", "name: x\ndata:\n  students: /etc/passwd\n", "/etc/passwd"},
		{"a data path that climbs out", "name: x\ndata:\n  students: ../../students.csv\n", "../students.csv"},
		{"an extends that climbs out", "extends: ../../outside.yaml\nname: x\n", "../outside.yaml"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			fsys := fstest.MapFS{"in/scenario.yaml": {Data: []byte(tt.yaml)}}
			for _, n := range []string{"schools.csv", "students.csv", "enterprises.csv", "posts.csv", "specialties.csv", "districts.csv", "distances.csv"} {
				data, err := fs.ReadFile(demo, n)
				if err != nil {
					t.Fatal(err)
				}
				fsys["in/"+n] = &fstest.MapFile{Data: data}
			}
			if tt.name != "an extends that climbs out" {
				fsys["in/scenario.yaml"].Data = []byte(tt.yaml + "  schools: schools.csv\n  enterprises: enterprises.csv\n  posts: posts.csv\n  specialties: specialties.csv\n  districts: districts.csv\n  distances: distances.csv\n")
			}
			sc, ps := scenarios.LoadFS(fsys, "in/scenario.yaml", scenarios.Options{})
			if sc != nil || ps.Err() == nil {
				t.Fatalf("loaded a scenario that names a file outside its folder")
			}
			msg := ps.Error()
			if !strings.Contains(msg, "leaves the scenario's folder") || !strings.Contains(msg, tt.want) {
				t.Fatalf("problems do not say that %s leaves the folder:\n%s", tt.want, msg)
			}
		})
	}
}
