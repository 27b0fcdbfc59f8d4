package gen

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"placement/model"
)

var allFiles = []string{ScenarioFile, SchoolsFile, StudentsFile, EnterprisesFile, PostsFile,
	SpecialtiesFile, DistrictsFile, DistancesFile, PinsFile, MentorsFile, BasesFile, CohortsFile}

func generate(t testing.TB, o Options) *City {
	t.Helper()
	c, err := Generate(o)
	if err != nil {
		t.Fatalf("Generate(%+v): %v", o, err)
	}
	return c
}

func writeDir(t testing.TB, c *City) string {
	t.Helper()
	dir := t.TempDir()
	if err := c.WriteDir(dir); err != nil {
		t.Fatalf("WriteDir: %v", err)
	}
	return dir
}

func readAll(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	for _, f := range allFiles {
		b, err := os.ReadFile(filepath.Join(dir, f))
		if err != nil {
			t.Fatal(err)
		}
		out[f] = b
	}
	return out
}

func TestSameSeedGivesIdenticalBytes(t *testing.T) {
	o := Options{Students: 3000, Enterprises: 150, Seed: 7}
	a := readAll(t, writeDir(t, generate(t, o)))
	b := readAll(t, writeDir(t, generate(t, o)))
	for _, f := range allFiles {
		if !bytes.Equal(a[f], b[f]) {
			t.Errorf("%s differs between two runs with the same options", f)
		}
	}
}

func TestDifferentSeedGivesDifferentCity(t *testing.T) {
	a := readAll(t, writeDir(t, generate(t, Options{Seed: 7})))
	b := readAll(t, writeDir(t, generate(t, Options{Seed: 8})))
	for _, f := range []string{StudentsFile, EnterprisesFile, PostsFile, ScenarioFile} {
		if bytes.Equal(a[f], b[f]) {
			t.Errorf("%s is the same for seeds 7 and 8", f)
		}
	}
	// The fixed tables do not depend on the seed.
	for _, f := range []string{SchoolsFile, SpecialtiesFile, DistrictsFile, DistancesFile} {
		if !bytes.Equal(a[f], b[f]) {
			t.Errorf("%s depends on the seed", f)
		}
	}
}

func TestZeroOptionsAreTheDefaultCity(t *testing.T) {
	c := generate(t, Options{})
	want := Options{Students: 4000, Enterprises: 126, Seed: 1, Posts: 504, PrefShare: 0.5,
		OrderShare: 0.04, Name: "zibo-synthetic", Schools: 15}
	if c.Options != want {
		t.Errorf("Options = %+v, want %+v", c.Options, want)
	}
	if c.Name != "zibo-synthetic" || c.Term != "2026-autumn" {
		t.Errorf("name, term = %q, %q", c.Name, c.Term)
	}
}

func TestLargerCitiesHaveMoreSchools(t *testing.T) {
	for _, tc := range []struct{ students, schools, want int }{
		{4000, 0, 15},
		{22000, 0, 15},
		{40000, 0, 27},
		{150000, 0, 100},
		{150000, 15, 15},
		{4000, 60, 60},
	} {
		o, err := Options{Students: tc.students, Schools: tc.schools}.withDefaults()
		if err != nil || o.Schools != tc.want {
			t.Errorf("%d students, Schools %d: %d schools (%v), want %d", tc.students, tc.schools, o.Schools, err, tc.want)
		}
	}
}

func TestBadOptionsAreRejected(t *testing.T) {
	for _, o := range []Options{
		{Students: -1},
		{Enterprises: -5},
		{Posts: -1},
		{PrefShare: 1.5},
		{OrderShare: math.NaN()},
		{Schools: -1},
		{Schools: 20_000},
	} {
		if _, err := Generate(o); !errors.Is(err, ErrOptions) {
			t.Errorf("Generate(%+v) error = %v, want ErrOptions", o, err)
		}
	}
}

func TestGeneratedCitiesAreValid(t *testing.T) {
	for _, tc := range []struct {
		name string
		o    Options
	}{
		{"the default city", Options{}},
		{"another seed", Options{Seed: 42}},
		{"a tiny city", Options{Students: 60, Enterprises: 5}},
		{"fewer posts than enterprises", Options{Students: 500, Enterprises: 200, Posts: 120}},
		{"many posts", Options{Students: 2000, Enterprises: 100, Posts: 1500}},
		{"no preferences and no order classes", Options{PrefShare: -1, OrderShare: -1}},
		{"everyone with preferences, many order classes", Options{Students: 3000, PrefShare: 1, OrderShare: 0.3}},
		{"a large city", Options{Students: 30000, Enterprises: 1000}},
		{"more schools than the alliance's", Options{Students: 3000, Schools: 40}},
		{"fewer schools than the alliance's", Options{Students: 500, Schools: 4}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			checkCity(t, generate(t, tc.o))
		})
	}
}

// checkCity checks the structural promises: counts, unique ids, every
// reference resolving, every district pair present, capacities, order
// classes and pins.
func checkCity(t *testing.T, c *City) {
	t.Helper()
	for _, p := range cityProblems(c) {
		t.Error(p)
	}
}

// cityProblems lists every broken promise of c.
func cityProblems(c *City) (probs []string) {
	bad := func(format string, args ...any) { probs = append(probs, fmt.Sprintf(format, args...)) }
	o, r := c.Options, c.Roster
	if len(r.Students) != o.Students || len(r.Enterprises) != o.Enterprises || len(r.Posts) != o.Posts {
		bad("counts %d students, %d enterprises, %d posts; want %d, %d, %d",
			len(r.Students), len(r.Enterprises), len(r.Posts), o.Students, o.Enterprises, o.Posts)
		return probs
	}

	checkPos := func(what string, i int, p model.Pos, file string) {
		if p.File != file || p.Line != i+2 {
			bad("%s %d: Pos %v, want %s:%d", what, i, p, file, i+2)
		}
	}
	unique := func(what string, ids []string) map[string]int {
		m := map[string]int{}
		for i, id := range ids {
			if id == "" {
				bad("%s %d has no id", what, i)
			}
			if _, dup := m[id]; dup {
				bad("duplicate %s id %q", what, id)
			}
			m[id] = i
		}
		return m
	}

	var ids []string
	for i, d := range r.Districts {
		ids = append(ids, d.ID)
		checkPos("district", i, d.Pos, DistrictsFile)
	}
	dist := unique("district", ids)
	if len(dist) != 8 {
		bad("%d districts, want 8", len(dist))
	}
	pairs := map[[2]string]int{}
	for i, d := range r.Distances {
		checkPos("distance", i, d.Pos, DistancesFile)
		_, okF := dist[d.From]
		_, okT := dist[d.To]
		if !okF || !okT || d.From == d.To || d.Km <= 0 {
			bad("bad distance %+v", d)
		}
		k := [2]string{min(d.From, d.To), max(d.From, d.To)}
		if _, dup := pairs[k]; dup {
			bad("pair %v listed twice", k)
		}
		pairs[k] = d.Km
	}
	if len(pairs) != 28 {
		bad("%d district pairs, want all 28", len(pairs))
	}

	ids = ids[:0]
	groupOf := map[string]string{}
	groupSize := map[string]int{}
	for i, s := range r.Specialties {
		ids = append(ids, s.Code)
		groupOf[s.Code] = s.Group
		groupSize[s.Group]++
		checkPos("specialty", i, s.Pos, SpecialtiesFile)
	}
	unique("specialty", ids)
	for _, g := range []string{"chemicals", "machinery", "pharmaceuticals", "electronics", "automotive", "ceramics"} {
		if n := groupSize[g]; n < 3 || n > 6 {
			bad("group %s has %d specialties, want 3..6", g, n)
		}
	}

	ids = ids[:0]
	kinds := map[model.SchoolKind]int{}
	for i, s := range r.Schools {
		ids = append(ids, s.ID)
		kinds[s.Kind]++
		if _, ok := dist[s.District]; !ok {
			bad("school %s: unknown district %q", s.ID, s.District)
		}
		checkPos("school", i, s.Pos, SchoolsFile)
	}
	schools := unique("school", ids)
	if len(r.Schools) != c.Options.Schools {
		bad("%d schools, want %d", len(r.Schools), c.Options.Schools)
	}
	if c.Options.Schools == DefaultSchools && (kinds[model.TechnicianCollege] != 7 || kinds[model.VocationalSchool] != 8 || len(kinds) != 2) {
		bad("school kinds %v, want 7 technician colleges and 8 vocational schools", kinds)
	}

	ids = ids[:0]
	for i := range r.Enterprises {
		e := &r.Enterprises[i]
		ids = append(ids, e.ID)
		checkPos("enterprise", i, e.Pos, EnterprisesFile)
		if _, ok := dist[e.District]; !ok {
			bad("enterprise %s: unknown district %q", e.ID, e.District)
		}
		if groupSize[e.Industry] == 0 {
			bad("enterprise %s: industry %q is no specialty group", e.ID, e.Industry)
		}
		if e.Employees < 50 || e.Employees > 20000 || e.Name == "" {
			bad("enterprise %+v", *e)
		}
	}
	ents := unique("enterprise", ids)

	ids = ids[:0]
	capacity := 0
	entSpecs := map[[2]string]bool{} // (enterprise, specialty) with a post
	for i := range r.Posts {
		p := &r.Posts[i]
		ids = append(ids, p.ID)
		checkPos("post", i, p.Pos, PostsFile)
		if _, ok := ents[p.EnterpriseID]; !ok {
			bad("post %s: unknown enterprise %q", p.ID, p.EnterpriseID)
		}
		if groupOf[p.Specialty] == "" {
			bad("post %s: unknown specialty %q", p.ID, p.Specialty)
		}
		if p.Capacity < 1 || p.Capacity > MaxPostCapacity || p.MinLevel < model.LevelNone || p.MinLevel > model.LevelTechnician {
			bad("post %+v", *p)
		}
		capacity += p.Capacity
		entSpecs[[2]string{p.EnterpriseID, p.Specialty}] = true
	}
	posts := unique("post", ids)
	if n := len(r.Posts); n > 0 && n*MaxPostCapacity >= o.Students && n <= o.Students*9/10 {
		if capacity*10 < o.Students*9 || capacity*10 > o.Students*11 {
			bad("capacity %d is not within 90–110%% of %d students", capacity, o.Students)
		}
	}

	ids = ids[:0]
	orders, prefs := 0, 0
	for i := range r.Students {
		s := &r.Students[i]
		ids = append(ids, s.ID)
		checkPos("student", i, s.Pos, StudentsFile)
		if _, ok := schools[s.SchoolID]; !ok {
			bad("student %s: unknown school %q", s.ID, s.SchoolID)
		}
		if _, ok := dist[s.District]; !ok {
			bad("student %s: unknown district %q", s.ID, s.District)
		}
		if groupOf[s.Specialty] == "" {
			bad("student %s: unknown specialty %q", s.ID, s.Specialty)
		}
		if s.Level < model.LevelIntermediate || s.Level > model.LevelTechnician ||
			s.Score < 40 || s.Score > 100 || math.Abs(s.Score*10-math.Round(s.Score*10)) > 1e-9 ||
			s.Award < model.AwardNone || s.Award > model.AwardNational || s.Name == "" {
			bad("student %+v", *s)
		}
		if len(s.Preferences) > 3 {
			bad("student %s: %d preferences", s.ID, len(s.Preferences))
		}
		if len(s.Preferences) > 0 {
			prefs++
		}
		for k, e := range s.Preferences {
			if _, ok := ents[e]; !ok {
				bad("student %s: unknown preferred enterprise %q", s.ID, e)
			}
			if slices.Contains(s.Preferences[:k], e) {
				bad("student %s lists %s twice", s.ID, e)
			}
		}
		if e := s.OrderEnterpriseID; e != "" {
			orders++
			j, ok := ents[e]
			switch {
			case !ok:
				bad("student %s: unknown sponsor %q", s.ID, e)
			case r.Enterprises[j].Industry != groupOf[s.Specialty]:
				bad("student %s (%s): sponsor %s is in %s", s.ID, s.Specialty, e, r.Enterprises[j].Industry)
			case !entSpecs[[2]string{e, s.Specialty}]:
				bad("student %s: sponsor %s has no %s post", s.ID, e, s.Specialty)
			}
		}
	}
	students := unique("student", ids)
	if want := int(math.Round(o.OrderShare * float64(o.Students))); len(r.Posts) > 0 && orders != want {
		bad("%d order-class students, want %d", orders, want)
	}
	if wantPrefs := o.PrefShare * float64(o.Students); math.Abs(float64(prefs)-wantPrefs) > 5*math.Sqrt(wantPrefs+1) {
		bad("%d students with preferences, want about %.0f", prefs, wantPrefs)
	}

	if o.Students >= 100 && len(r.Posts) > 0 && len(r.Pins) == 0 {
		bad("no pins among %d students", o.Students)
	}
	pinnedOnPost := map[string]int{}
	exact := 0
	for i, p := range r.Pins {
		checkPos("pin", i, p.Pos, PinsFile)
		si, ok1 := students[p.StudentID]
		pi, ok2 := posts[p.PostID]
		if !ok1 || !ok2 {
			bad("pin %+v: dangling", p)
			continue
		}
		if i > 0 && r.Pins[i-1].StudentID >= p.StudentID {
			bad("pin %s: not sorted by student, or pinned twice", p.StudentID)
		}
		st, post := &r.Students[si], &r.Posts[pi]
		if st.OrderEnterpriseID != "" && st.OrderEnterpriseID != post.EnterpriseID {
			bad("pin %+v: order-class student pinned away from sponsor %s", p, st.OrderEnterpriseID)
		}
		if pinnedOnPost[p.PostID]++; pinnedOnPost[p.PostID] > post.Capacity {
			bad("post %s over-filled by pins", p.PostID)
		}
		if st.Specialty == post.Specialty && post.MinLevel <= st.Level {
			exact++
		}
	}
	if len(r.Pins) > 0 && exact < len(r.Pins)-2 {
		bad("only %d of %d pins are eligible exact-specialty pairs", exact, len(r.Pins))
	}
	return probs
}

func TestCityProblemsCatchesBrokenCities(t *testing.T) {
	for _, tc := range []struct {
		name  string
		spoil func(r *model.Roster)
	}{
		{"a duplicate student id", func(r *model.Roster) { r.Students[1].ID = r.Students[0].ID }},
		{"a dangling school", func(r *model.Roster) { r.Students[0].SchoolID = "S99" }},
		{"a missing district pair", func(r *model.Roster) { r.Distances = r.Distances[1:] }},
		{"a post over capacity", func(r *model.Roster) { r.Posts[0].Capacity = MaxPostCapacity + 1 }},
		{"a sponsor without the specialty", func(r *model.Roster) {
			for i := range r.Students {
				if r.Students[i].OrderEnterpriseID != "" {
					r.Students[i].Specialty = "ecommerce_operation"
					return
				}
			}
		}},
		{"a post over-filled by pins", func(r *model.Roster) {
			for i := range r.Pins {
				r.Pins[i].PostID = r.Pins[0].PostID
			}
			for i := range r.Posts {
				if r.Posts[i].ID == r.Pins[0].PostID {
					r.Posts[i].Capacity = 1
				}
			}
		}},
		{"a student pinned twice", func(r *model.Roster) { r.Pins[1].StudentID = r.Pins[0].StudentID }},
		{"a preference listed twice", func(r *model.Roster) {
			for i := range r.Students {
				if p := r.Students[i].Preferences; len(p) >= 2 {
					p[1] = p[0]
					return
				}
			}
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := generate(t, Options{})
			tc.spoil(c.Roster)
			if len(cityProblems(c)) == 0 {
				t.Error("cityProblems found nothing")
			}
		})
	}
}

func TestDistancesAreAMetric(t *testing.T) {
	// Every road is a shortest path: no detour through a third district is shorter.
	for i := range numDistricts {
		for j := range numDistricts {
			if roadKm[i][j] != roadKm[j][i] || (i == j) != (roadKm[i][j] == 0) {
				t.Errorf("km[%s][%s] = %d, km[%s][%s] = %d", districts[i].id, districts[j].id,
					roadKm[i][j], districts[j].id, districts[i].id, roadKm[j][i])
			}
			for k := range numDistricts {
				if roadKm[i][j] > roadKm[i][k]+roadKm[k][j] {
					t.Errorf("%s–%s %d km is longer than via %s (%d km)", districts[i].id, districts[j].id,
						roadKm[i][j], districts[k].id, roadKm[i][k]+roadKm[k][j])
				}
			}
		}
	}
	// The shape of the city from Zhangdian.
	for _, c := range []struct {
		to     int
		lo, hi int
	}{{dYY, 90, 110}, {dGQ, 50, 70}, {dLZ, 15, 25}, {dZCN, 15, 25}, {dZC, 15, 25}, {dBS, 35, 45}, {dHT, 25, 35}} {
		if km := roadKm[dZD][c.to]; km < c.lo || km > c.hi {
			t.Errorf("Zhangdian–%s = %d km, want %d..%d", districts[c.to].short, km, c.lo, c.hi)
		}
	}
}

func TestQuotasBindInTheDefaultCity(t *testing.T) {
	c := generate(t, Options{})
	s := c.Stats()
	t.Logf("default city: %+v", s)
	if s.Capacity*10 < s.Students*9 || s.Capacity*10 > s.Students*11 {
		t.Errorf("capacity %d for %d students", s.Capacity, s.Students)
	}
	if s.Oversubscribed < 3 || s.Undersubscribed < 3 {
		t.Errorf("%d oversubscribed and %d undersubscribed specialties, want some of each",
			s.Oversubscribed, s.Undersubscribed)
	}
	// Above scale for most of the larger enterprises, about 60 % overall.
	if share := float64(s.AboveScale) / float64(s.Enterprises); share < 0.5 || share > 0.75 {
		t.Errorf("above-scale share %.2f", share)
	}
	// The quotas matter: they claim a large part of the capacity...
	if s.Quota*100 < s.Capacity*35 {
		t.Errorf("total quota %d is under 35%% of capacity %d", s.Quota, s.Capacity)
	}
	// ...and bind: for a noticeable share of the quota enterprises the
	// quota is at or above what they offer, or above what students of
	// their specialties would fill unprompted.
	if s.QuotaOverOffered < 3 {
		t.Errorf("only %d enterprises have a quota above their offer", s.QuotaOverOffered)
	}
	if s.QuotaNearOffered*10 < s.QuotaEnterprises {
		t.Errorf("only %d of %d quota enterprises have a quota ≥ 75%% of their offer",
			s.QuotaNearOffered, s.QuotaEnterprises)
	}
	if s.QuotaOverDemand*100 < s.QuotaEnterprises*15 {
		t.Errorf("only %d of %d quota enterprises have a quota above their natural demand",
			s.QuotaOverDemand, s.QuotaEnterprises)
	}
	if s.OrderOverflow*10 > s.OrderStudents {
		t.Errorf("%d of %d order-class students do not fit their sponsor", s.OrderOverflow, s.OrderStudents)
	}
}

func TestQuotasBindForEverySeed(t *testing.T) {
	for seed := int64(1); seed <= 10; seed++ {
		s := generate(t, Options{Seed: seed}).Stats()
		if s.QuotaOverOffered < 2 || s.QuotaOverDemand*10 < s.QuotaEnterprises {
			t.Errorf("seed %d: quotas hardly bind: %+v", seed, s)
		}
	}
}

// TestWrittenFilesReadBack parses every CSV with encoding/csv and checks
// the SPEC column names, the row counts and a few fields, including names
// that need quoting.
func TestWrittenFilesReadBack(t *testing.T) {
	c := generate(t, Options{Students: 800, Enterprises: 60})
	dir := writeDir(t, c)
	r := c.Roster
	for _, f := range []struct {
		name   string
		header string
		rows   int
	}{
		{SchoolsFile, "school_id,name,kind,district", len(r.Schools)},
		{StudentsFile, "student_id,name,school_id,specialty,level,district,score,award,order_enterprise_id,preferences", len(r.Students)},
		{EnterprisesFile, "enterprise_id,name,industry,employees,above_scale,district", len(r.Enterprises)},
		{PostsFile, "post_id,enterprise_id,specialty,capacity,min_level,accepts_related", len(r.Posts)},
		{SpecialtiesFile, "specialty,name,group", len(r.Specialties)},
		{DistrictsFile, "district_id,name", len(r.Districts)},
		{DistancesFile, "from,to,km", len(r.Distances)},
		{PinsFile, "student_id,post_id", len(r.Pins)},
	} {
		fh, err := os.Open(filepath.Join(dir, f.name))
		if err != nil {
			t.Fatal(err)
		}
		recs, err := csv.NewReader(fh).ReadAll()
		fh.Close()
		if err != nil {
			t.Fatalf("%s: %v", f.name, err)
		}
		if got := strings.Join(recs[0], ","); got != f.header {
			t.Errorf("%s header %q, want %q", f.name, got, f.header)
		}
		if len(recs)-1 != f.rows {
			t.Errorf("%s has %d rows, want %d", f.name, len(recs)-1, f.rows)
		}
		switch f.name {
		case EnterprisesFile:
			for i, rec := range recs[1:] {
				if e := r.Enterprises[i]; rec[1] != e.Name || rec[3] != fmt.Sprint(e.Employees) || rec[4] != fmt.Sprint(e.AboveScale) {
					t.Errorf("enterprises.csv row %d = %q, want %+v", i+2, rec, e)
				}
			}
		case StudentsFile:
			for i, rec := range recs[1:] {
				s := r.Students[i]
				if rec[0] != s.ID || rec[4] != s.Level.String() || rec[8] != s.OrderEnterpriseID ||
					rec[9] != strings.Join(s.Preferences, ";") {
					t.Errorf("students.csv row %d = %q, want %+v", i+2, rec, s)
				}
			}
		}
	}
	y, err := os.ReadFile(filepath.Join(dir, ScenarioFile))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"\nname: zibo-synthetic\n", "\nterm: 2026-autumn\n", "  students: students.csv\n", "  pins: pins.csv\n",
		"  quota_rate: 0.02\n", "  order_class: strict\n", "  preference: [30, 20, 10]\n",
		"  award: {none: 0, city: 100, province: 200, national: 300}\n", "  quota_bonus: 200\n",
		"students=800 enterprises=60 posts=240 seed=1",
	} {
		if !strings.Contains(string(y), want) {
			t.Errorf("scenario.yaml lacks %q:\n%s", want, y)
		}
	}
	if !strings.HasPrefix(string(y), "# Generated by `placement gen`") {
		t.Errorf("scenario.yaml does not start with the generated-by header")
	}
}

func TestWriteDirLeavesNoTemporaryFiles(t *testing.T) {
	c := generate(t, Options{Students: 200, Enterprises: 20})
	dir := writeDir(t, c)
	if err := c.WriteDir(dir); err != nil { // over an existing scenario
		t.Fatal(err)
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range entries {
		got = append(got, e.Name())
	}
	want := slices.Sorted(slices.Values(allFiles))
	if !slices.Equal(got, want) {
		t.Errorf("dir holds %v, want %v", got, want)
	}
}

func TestYAMLStringQuotesWhatItMust(t *testing.T) {
	for in, want := range map[string]string{
		"zibo-synthetic": "zibo-synthetic",
		"2026-autumn":    "2026-autumn",
		"yes":            `"yes"`,
		"1e3":            `"1e3"`,
		"a: b":           `"a: b"`,
		"-x":             `"-x"`,
		"":               `""`,
		"淄博":             `"淄博"`,
	} {
		if got := yamlString(in); got != want {
			t.Errorf("yamlString(%q) = %s, want %s", in, got, want)
		}
	}
	if got := rateString(200); got != "0.02" {
		t.Errorf("rateString(200) = %s", got)
	}
	if got := rateString(10000); got != "1" {
		t.Errorf("rateString(10000) = %s", got)
	}
	if got := rateString(125); got != "0.0125" {
		t.Errorf("rateString(125) = %s", got)
	}
}

func BenchmarkGenerate150k(b *testing.B) {
	o := Options{Students: 150_000, Enterprises: 5_000}
	for b.Loop() {
		c, err := Generate(o)
		if err != nil {
			b.Fatal(err)
		}
		if err := c.WriteDir(b.TempDir()); err != nil {
			b.Fatal(err)
		}
		r := c.Roster
		if len(r.Students) != 150_000 || len(r.Enterprises) != 5_000 || len(r.Posts) != 20_000 {
			b.Fatalf("counts %d, %d, %d", len(r.Students), len(r.Enterprises), len(r.Posts))
		}
		if s := c.Stats(); s.Capacity < 135_000 || s.Capacity > 165_000 || s.Pins != 300 || s.OrderStudents != 6000 {
			b.Fatalf("stats %+v", s)
		}
	}
}
