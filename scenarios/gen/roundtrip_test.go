package gen

import (
	"io"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"placement/model"
)

// TestLoaderReadsTheCityBack writes a city and reads it with
// model.LoadRoster: no problems, and the same roster.
func TestLoaderReadsTheCityBack(t *testing.T) {
	for _, o := range []Options{{}, {Students: 20000, Enterprises: 700, Seed: 3}} {
		c := generate(t, o)
		dir := writeDir(t, c)
		open := func(name string) (io.ReadCloser, error) { return os.Open(filepath.Join(dir, name)) }
		got, probs := model.LoadRoster(open, model.DataPaths{
			Schools: SchoolsFile, Students: StudentsFile, Enterprises: EnterprisesFile, Posts: PostsFile,
			Specialties: SpecialtiesFile, Districts: DistrictsFile, Distances: DistancesFile, Pins: PinsFile,
		}, c.Policy)
		if len(probs) > 0 {
			t.Fatalf("%+v: loader problems:\n%v", o, probs)
		}
		want := c.Roster
		for _, f := range []struct {
			name      string
			got, want any
		}{
			{"schools", got.Schools, want.Schools},
			{"students", got.Students, want.Students},
			{"enterprises", got.Enterprises, want.Enterprises},
			{"posts", got.Posts, want.Posts},
			{"specialties", got.Specialties, want.Specialties},
			{"districts", got.Districts, want.Districts},
			{"distances", got.Distances, want.Distances},
			{"pins", got.Pins, want.Pins},
		} {
			if !reflect.DeepEqual(f.got, f.want) {
				t.Errorf("%+v: %s read back differ", o, f.name)
			}
		}
	}
}
