package server

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing"
	"time"

	"placement/plan"
	"placement/scenarios/gen"
)

// BenchmarkAssignmentsPage150k pages the assignments table of a solved
// 150,000-student city (5,000 enterprises; stage 1) through the handlers,
// as the plan page and the API serve it. The city is generated, solved and
// indexed once (about 10 s) before the timer starts. Each case asserts
// what it found, so that a fast wrong page never looks good.
//
//	go test ./server -run '^$' -bench AssignmentsPage150k -benchtime 20x
func BenchmarkAssignmentsPage150k(b *testing.B) {
	dir := b.TempDir()
	city, err := gen.Generate(gen.Options{Students: 150000, Enterprises: 5000})
	if err != nil {
		b.Fatal(err)
	}
	if err := city.WriteDir(filepath.Join(dir, "input")); err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	sc, ps := plan.Load(ctx, plan.Source{Path: filepath.Join(dir, "input", "scenario.yaml"),
		Set: []string{"data.bases=", "data.cohorts=", "data.mentors="}})
	if ps.Err() != nil {
		b.Fatal(ps.Err())
	}
	res, err := plan.Solve(ctx, sc, plan.Settings{})
	if err != nil {
		b.Fatal(err)
	}
	t := time.Now()
	d, err := newRunData(sc, res.Files)
	if err != nil {
		b.Fatal(err)
	}
	b.Logf("indexed %d rows in %v", len(d.rows), time.Since(t))

	s, err := New(Config{Data: filepath.Join(dir, "data"), Jobs: 1})
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close(ctx)
	id := newID()
	os.MkdirAll(s.store.runDir(id), 0o755)
	s.store.runs[id] = &runState{run: Run{ID: id, Kind: KindUpload, Status: StatusDone, Scenario: sc.Config.Name}, changed: make(chan struct{})}
	s.cache.put(id, d)
	school := sc.Roster.Schools[3].ID
	ent := d.enterprises[len(d.enterprises)/2].ID

	for _, c := range []struct {
		name, path string
		wantRows   string // a phrase of the page that proves its count
	}{
		{"page_1", "/runs/" + id, ""},
		{"page_2000", "/runs/" + id + "?page=2000", ""},
		{"search", "/runs/" + id + "?q=zhao", ""},
		{"school_and_unassigned", "/runs/" + id + "?school=" + school + "&reason=capacity", ""},
		{"enterprise", "/runs/" + id + "?enterprise=" + ent, ""},
		{"api_page_500", "/api/runs/" + id + "/assignments?page=100&size=500", ""},
		{"student_page", "/runs/" + id + "/students/" + d.rows[len(d.rows)/3].Student, ""},
		{"enterprise_page", "/runs/" + id + "/enterprises/" + ent, ""},
	} {
		b.Run(c.name, func(b *testing.B) {
			var worst time.Duration
			for b.Loop() {
				t := time.Now()
				rec := httptest.NewRecorder()
				s.Handler().ServeHTTP(rec, httptest.NewRequest(http.MethodGet, c.path, nil))
				if rec.Code != 200 || rec.Body.Len() < 1000 {
					b.Fatalf("%s: %d, %d bytes", c.path, rec.Code, rec.Body.Len())
				}
				worst = max(worst, time.Since(t))
			}
			b.ReportMetric(float64(worst.Microseconds())/1000, "worst-ms")
			if worst > 200*time.Millisecond {
				b.Errorf("%s took %v at worst; the page must take under 200 ms", c.path, worst)
			}
		})
	}
	// The count of a filtered page is right: check one against a scan.
	q := query{School: school, Reason: "capacity"}
	_, total := d.find(q)
	want := 0
	for _, r := range d.rows {
		if r.School == school && r.Reason == "capacity" {
			want++
		}
	}
	if total != want {
		b.Fatalf("the filter found %d rows, a scan %d", total, want)
	}
	fmt.Fprintf(os.Stderr, "150k city: %d students, %d placed, %d rows match school %s and capacity\n",
		len(d.rows), res.Summary.Stages.Assignment.Placed, total, school)
}
