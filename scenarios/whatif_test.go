package scenarios

import (
	"bytes"
	"encoding/csv"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var updateNEV = flag.Bool("update", false, "rewrite whatif/larger-nev-cohort/students.csv from the demo's students")

// readyMade are the what-if scenarios under whatif/, each an overlay on
// whatif/base, and what each must differ in from the base.
var readyMade = map[string]func(t *testing.T, base, sc *Scenario){
	"base": func(t *testing.T, base, sc *Scenario) {
		if sc.Config.Name != "alliance-2026-autumn" {
			t.Errorf("name %q", sc.Config.Name)
		}
	},
	"quota-3pct": func(t *testing.T, base, sc *Scenario) {
		if got := sc.Config.Policy.QuotaBasisPoints; got != 300 || base.Config.Policy.QuotaBasisPoints != 200 {
			t.Errorf("quota %d bp, base %d bp; want 300 and 200", got, base.Config.Policy.QuotaBasisPoints)
		}
	},
	"tighter-commute": func(t *testing.T, base, sc *Scenario) {
		if got := sc.Config.Policy.MaxCommuteKm; got != 30 || base.Config.Policy.MaxCommuteKm != 0 {
			t.Errorf("commute limit %d km, base %d km; want 30 and 0", got, base.Config.Policy.MaxCommuteKm)
		}
	},
	"larger-nev-cohort": func(t *testing.T, base, sc *Scenario) {
		nev := func(s *Scenario) int {
			n := 0
			for _, st := range s.Roster.Students {
				if st.Specialty == "nev_maintenance" {
					n++
				}
			}
			return n
		}
		if d := len(sc.Roster.Students) - len(base.Roster.Students); d != extraNEV {
			t.Errorf("%d students more than the base, want %d", d, extraNEV)
		}
		if d := nev(sc) - nev(base); d != extraNEV {
			t.Errorf("%d NEV students more than the base, want %d", d, extraNEV)
		}
	},
}

// TestReadyMadeWhatifScenariosLoad loads every scenario under whatif/: no
// problem (not even a warning), the base's data, a comment that says
// which question it answers, and the one change it is about.
func TestReadyMadeWhatifScenariosLoad(t *testing.T) {
	files, err := filepath.Glob("whatif/*/scenario.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if len(files) != len(readyMade) {
		t.Errorf("%d ready-made scenarios, the test knows %d: %v", len(files), len(readyMade), files)
	}
	base, ps := Load("whatif/base/scenario.yaml", Options{})
	if len(ps) > 0 {
		t.Fatalf("base: %v", ps)
	}
	for _, f := range files {
		name := filepath.Base(filepath.Dir(f))
		t.Run(name, func(t *testing.T) {
			sc, ps := Load(f, Options{})
			if len(ps) > 0 {
				t.Fatalf("%v", ps)
			}
			text, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			if !strings.HasPrefix(string(text), "# ") || !strings.Contains(string(text), "Question it answers:") {
				t.Errorf("%s does not start with a comment saying which question it answers", f)
			}
			if name != "base" && !strings.Contains(string(text), "extends: ../base/scenario.yaml") {
				t.Errorf("%s does not extend the base", f)
			}
			if sc.Config.Term != base.Config.Term || len(sc.Roster.Enterprises) != len(base.Roster.Enterprises) ||
				len(sc.Bases) != len(base.Bases) || len(sc.Mentors) != len(base.Mentors) {
				t.Errorf("%s does not hold the base's semester", f)
			}
			check, ok := readyMade[name]
			if !ok {
				t.Fatalf("no check for %s", f)
			}
			check(t, base, sc)
		})
	}
}

// extraNEV is how many new-energy-vehicle students larger-nev-cohort adds.
const extraNEV = 200

// TestLargerNEVCohortIsTheDemoPlusNewStudents keeps
// whatif/larger-nev-cohort/students.csv equal to the demo's students.csv
// followed by extraNEV new NEV students made from the demo's (see
// moreNEVStudents). When the demo changes, remake it with
//
//	go test ./scenarios -run LargerNEV -update
func TestLargerNEVCohortIsTheDemoPlusNewStudents(t *testing.T) {
	demo, err := os.ReadFile("demo/students.csv")
	if err != nil {
		t.Fatal(err)
	}
	want, err := moreNEVStudents(demo, extraNEV)
	if err != nil {
		t.Fatal(err)
	}
	const name = "whatif/larger-nev-cohort/students.csv"
	if *updateNEV {
		if err := os.WriteFile(name, want, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	got, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s is not the demo's students plus %d NEV students; remake it with go test ./scenarios -run LargerNEV -update", name, extraNEV)
	}
}

// moreNEVStudents is the demo's students.csv (as it is, byte for byte)
// followed by n new students of nev_maintenance: the k-th copies school,
// level, district, score and preferences from the demo's (k mod m)-th NEV
// student, takes the name of another demo student, and gets the id
// "<school>-N<k>"; no award, no order class.
func moreNEVStudents(demo []byte, n int) ([]byte, error) {
	recs, err := csv.NewReader(bytes.NewReader(demo)).ReadAll()
	if err != nil {
		return nil, err
	}
	col := map[string]int{}
	for i, h := range recs[0] {
		col[h] = i
	}
	for _, h := range []string{"student_id", "name", "school_id", "specialty", "level", "district", "score", "award", "order_enterprise_id", "preferences"} {
		if _, ok := col[h]; !ok {
			return nil, fmt.Errorf("demo/students.csv has no %s column", h)
		}
	}
	var nev [][]string
	for _, r := range recs[1:] {
		if r[col["specialty"]] == "nev_maintenance" {
			nev = append(nev, r)
		}
	}
	if len(nev) == 0 {
		return nil, fmt.Errorf("demo/students.csv has no nev_maintenance students")
	}
	out := bytes.NewBuffer(append([]byte(nil), demo...))
	if len(demo) > 0 && demo[len(demo)-1] != '\n' {
		out.WriteByte('\n')
	}
	w := csv.NewWriter(out)
	students := recs[1:]
	for k := 0; k < n; k++ {
		tmpl := nev[k%len(nev)]
		r := make([]string, len(recs[0]))
		copy(r, tmpl)
		r[col["student_id"]] = fmt.Sprintf("%s-N%05d", tmpl[col["school_id"]], k+1)
		r[col["name"]] = students[(k*37+11)%len(students)][col["name"]]
		r[col["award"]] = "none"
		r[col["order_enterprise_id"]] = ""
		if err := w.Write(r); err != nil {
			return nil, err
		}
	}
	w.Flush()
	return out.Bytes(), w.Error()
}
