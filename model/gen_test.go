package model

import (
	"fmt"
	"math/rand/v2"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// genSize is the size of a generated scenario.
type genSize struct {
	students, enterprises, posts, districts, specialties, groups, schools, pins int
	distanceDensity                                                             float64 // share of district pairs listed
}

// genScenario writes a random scenario that is valid except, when
// distanceDensity < 1, for missing distances.
func genScenario(seed uint64, n genSize) map[string]string {
	rng := rand.New(rand.NewPCG(seed, 1))
	var b strings.Builder
	files := map[string]string{}

	b.WriteString("district_id,name\n")
	for i := 0; i < n.districts; i++ {
		fmt.Fprintf(&b, "D%d,District %d\n", i, i)
	}
	files["districts.csv"] = b.String()

	b.Reset()
	b.WriteString("specialty,name,group\n")
	for i := 0; i < n.specialties; i++ {
		fmt.Fprintf(&b, "SP%d,Specialty %d,G%d\n", i, i, i%n.groups)
	}
	files["specialties.csv"] = b.String()

	b.Reset()
	b.WriteString("school_id,name,kind,district\n")
	for i := 0; i < n.schools; i++ {
		kind := "technician_college"
		if i%2 == 1 {
			kind = "vocational_school"
		}
		fmt.Fprintf(&b, "SC%d,School %d,%s,D%d\n", i, i, kind, rng.IntN(n.districts))
	}
	files["schools.csv"] = b.String()

	b.Reset()
	b.WriteString("enterprise_id,name,industry,employees,above_scale,district\n")
	for i := 0; i < n.enterprises; i++ {
		fmt.Fprintf(&b, "E%d,Enterprise %d,industry %d,%d,%v,D%d\n", i, i, i%7, rng.IntN(3000), rng.IntN(2) == 0, rng.IntN(n.districts))
	}
	files["enterprises.csv"] = b.String()

	b.Reset()
	b.WriteString("post_id,enterprise_id,specialty,capacity,min_level,accepts_related\n")
	capacity := make([]int, n.posts)
	levels := []string{"", "intermediate", "senior", "technician"}
	for i := 0; i < n.posts; i++ {
		capacity[i] = 1 + rng.IntN(8)
		fmt.Fprintf(&b, "P%d,E%d,SP%d,%d,%s,%v\n", i, rng.IntN(n.enterprises), rng.IntN(n.specialties), capacity[i], levels[rng.IntN(4)], rng.IntN(3) > 0)
	}
	files["posts.csv"] = b.String()

	b.Reset()
	b.WriteString("student_id,name,school_id,specialty,level,district,score,award,order_enterprise_id,preferences\n")
	awards := []string{"", "none", "city", "province", "national"}
	for i := 0; i < n.students; i++ {
		order := ""
		if rng.IntN(10) == 0 {
			order = "E" + strconv.Itoa(rng.IntN(n.enterprises))
		}
		p1, p2, p3 := rng.IntN(n.enterprises), rng.IntN(n.enterprises), rng.IntN(n.enterprises)
		prefs := "E" + strconv.Itoa(p1)
		if p2 != p1 {
			prefs += ";E" + strconv.Itoa(p2)
		}
		if p3 != p1 && p3 != p2 {
			prefs += "; E" + strconv.Itoa(p3)
		}
		fmt.Fprintf(&b, "S%d,Student %d,SC%d,SP%d,%s,D%d,%d.5,%s,%s,%s\n", i, i, rng.IntN(n.schools), rng.IntN(n.specialties),
			levels[1+rng.IntN(3)], rng.IntN(n.districts), rng.IntN(100), awards[rng.IntN(5)], order, prefs)
	}
	files["students.csv"] = b.String()

	b.Reset()
	b.WriteString("from,to,km\n")
	for i := 0; i < n.districts; i++ {
		for j := i + 1; j < n.districts; j++ {
			if rng.Float64() < n.distanceDensity {
				if rng.IntN(2) == 0 {
					fmt.Fprintf(&b, "D%d,D%d,%d\n", i, j, 1+rng.IntN(60))
				} else {
					fmt.Fprintf(&b, "D%d,D%d,%d\n", j, i, 1+rng.IntN(60))
				}
			}
		}
	}
	files["distances.csv"] = b.String()

	b.Reset()
	b.WriteString("student_id,post_id\n")
	pinned := make([]int, n.posts)
	for i, s := range rng.Perm(n.students)[:n.pins] {
		p := (i * 7919) % n.posts
		for pinned[p] >= capacity[p] {
			p = (p + 1) % n.posts
		}
		pinned[p]++
		fmt.Fprintf(&b, "S%d,P%d\n", s, p)
	}
	files["pins.csv"] = b.String()
	return files
}

func TestLoadRosterLoadsAGeneratedScenario(t *testing.T) {
	n := genSize{students: 3000, enterprises: 200, posts: 600, districts: 12, specialties: 30, groups: 6, schools: 15, pins: 100, distanceDensity: 1}
	r, ps := LoadRoster(memOpener(genScenario(1, n)), testPaths, DefaultPolicy())
	if len(ps) != 0 {
		t.Fatalf("problems:\n%v", ps.Error())
	}
	if len(r.Students) != n.students || len(r.Posts) != n.posts || len(r.Pins) != n.pins || len(r.Districts) != n.districts {
		t.Errorf("loaded %d students, %d posts, %d pins, %d districts; want %d, %d, %d, %d",
			len(r.Students), len(r.Posts), len(r.Pins), len(r.Districts), n.students, n.posts, n.pins, n.districts)
	}
}

var missingPairRE = regexp.MustCompile(`^no distance between districts "([^"]+)" and "([^"]+)"`)

// The missing-distance check aggregates students by district and group;
// here it is checked against the definition applied to every student ×
// post pair, on random scenarios with a third of the distances missing.
func TestLoadRosterMissingDistancesMatchBruteForce(t *testing.T) {
	n := genSize{students: 400, enterprises: 30, posts: 60, districts: 9, specialties: 12, groups: 4, schools: 3, pins: 20, distanceDensity: 0.6}
	for seed := uint64(1); seed <= 20; seed++ {
		for _, oc := range []OrderClass{OrderStrict, OrderPrefer} {
			files := genScenario(seed, n)
			policy := DefaultPolicy()
			policy.OrderClass = oc
			r, ps := LoadRoster(memOpener(files), testPaths, policy)

			got := map[[2]string]Problem{}
			for _, p := range ps {
				m := missingPairRE.FindStringSubmatch(p.Msg)
				if m == nil {
					t.Fatalf("seed %d %s: unexpected problem %v", seed, oc, p)
				}
				got[[2]string{m[1], m[2]}] = p
			}

			want := bruteForceMissing(r, oc)
			if len(got) != len(want) {
				t.Errorf("seed %d %s: %d missing pairs reported, want %d", seed, oc, len(got), len(want))
			}
			for pair, w := range want {
				g, ok := got[pair]
				if !ok {
					t.Errorf("seed %d %s: pair %v not reported, want at %v", seed, oc, pair, w)
					continue
				}
				if g.File != w.File || g.Line != w.Line || g.Col != w.Col {
					t.Errorf("seed %d %s: pair %v reported at %s:%d:%d, want %s:%d:%d", seed, oc, pair, g.File, g.Line, g.Col, w.File, w.Line, w.Col)
				}
			}
		}
	}
}

// bruteForceMissing applies the definition of a needed pair (see
// distanceCheck) to every student and post, then to every pin, and returns
// each missing pair, ordered as (student district, enterprise district),
// at its first need.
func bruteForceMissing(r *Roster, oc OrderClass) map[[2]string]Problem {
	dt := NewDistanceTable(r)
	group := map[string]string{}
	for _, s := range r.Specialties {
		group[s.Code] = s.Group
	}
	ent := map[string]*Enterprise{}
	for i := range r.Enterprises {
		ent[r.Enterprises[i].ID] = &r.Enterprises[i]
	}
	missing := map[[2]string]Problem{}
	seen := map[[2]string]bool{}
	note := func(a, b string, p Problem) {
		if _, ok := dt.Km(a, b); ok || seen[[2]string{a, b}] || seen[[2]string{b, a}] {
			return
		}
		seen[[2]string{a, b}] = true
		missing[[2]string{a, b}] = p
	}
	for _, s := range r.Students {
		for _, p := range r.Posts {
			if group[p.Specialty] != group[s.Specialty] {
				continue
			}
			if oc == OrderStrict && s.OrderEnterpriseID != "" && p.EnterpriseID != s.OrderEnterpriseID {
				continue
			}
			note(s.District, ent[p.EnterpriseID].District, Problem{File: "students.csv", Line: s.Pos.Line, Col: 6})
		}
	}
	students := map[string]*Student{}
	for i := range r.Students {
		students[r.Students[i].ID] = &r.Students[i]
	}
	posts := map[string]*Post{}
	for i := range r.Posts {
		posts[r.Posts[i].ID] = &r.Posts[i]
	}
	for _, pin := range r.Pins {
		note(students[pin.StudentID].District, ent[posts[pin.PostID].EnterpriseID].District, Problem{File: "pins.csv", Line: pin.Pos.Line, Col: 2})
	}
	return missing
}

// BenchmarkLoadRoster loads a city-sized scenario: 150,000 students, 5,000
// enterprises, 20,000 posts, 30 districts with every distance listed.
func BenchmarkLoadRoster(b *testing.B) {
	n := genSize{students: 150000, enterprises: 5000, posts: 20000, districts: 30, specialties: 120, groups: 20, schools: 15, pins: 2000, distanceDensity: 1}
	files := genScenario(1, n)
	size := 0
	for _, s := range files {
		size += len(s)
	}
	b.SetBytes(int64(size))
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		r, ps := LoadRoster(memOpener(files), testPaths, DefaultPolicy())
		if len(ps) != 0 {
			b.Fatalf("problems:\n%v", ps.Error())
		}
		if len(r.Students) != n.students || len(r.Posts) != n.posts {
			b.Fatalf("loaded %d students and %d posts, want %d and %d", len(r.Students), len(r.Posts), n.students, n.posts)
		}
	}
}
