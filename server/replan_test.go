package server

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"mime/multipart"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"placement/output"
)

// replanUpload posts a scenario zip with the field "previous" and returns
// the answer.
func (ts *testServer) replanUpload(t *testing.T, previous string, zipData []byte) (int, []byte) {
	t.Helper()
	var b bytes.Buffer
	mw := multipart.NewWriter(&b)
	mw.WriteField("previous", previous)
	fw, _ := mw.CreateFormFile("scenario", "changed.zip")
	fw.Write(zipData)
	mw.Close()
	return ts.do(t, "POST", "/api/runs", &b, "Content-Type", mw.FormDataContentType())
}

func (ts *testServer) replan(t *testing.T, previous string, zipData []byte) (string, RunStatus) {
	t.Helper()
	code, data := ts.replanUpload(t, previous, zipData)
	if code != http.StatusCreated {
		t.Fatalf("re-plan against %s: %d %s", previous, code, data)
	}
	var out struct{ ID string }
	jsonUnmarshal(data, &out)
	st := ts.wait(t, out.ID)
	if st.Status != StatusDone {
		t.Fatalf("re-plan run %s: %s %s", out.ID, st.Status, data)
	}
	return out.ID, st
}

// Re-planning an unchanged scenario against its own run changes nothing:
// an empty changes table, every kept count, and CSV files byte-identical
// to the base run's.
func TestReplanOfAnUnchangedScenarioInTheWorkspace(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t, Config{})
	z := zipOf(t, "tiny/", tiny(t, nil))
	base := ts.upload(t, z)
	if st := ts.wait(t, base); st.Status != StatusDone {
		t.Fatalf("base: %s", st.Status)
	}
	id, _ := ts.replan(t, base, z)
	rs, _ := ts.store.get(id)
	if run := rs.snapshot(); run.Kind != KindReplan || run.Base != base {
		t.Errorf("the re-plan run is %s from %q, want %s from %s", run.Kind, run.Base, KindReplan, base)
	}
	baseDir, dir := filepath.Join(ts.data, "runs", base, "plan"), filepath.Join(ts.data, "runs", id, "plan")
	names, _ := filepath.Glob(filepath.Join(baseDir, "*.csv"))
	if len(names) < 4 {
		t.Fatalf("the base plan has %d CSV files", len(names))
	}
	for _, n := range names {
		old, _ := os.ReadFile(n)
		got, err := os.ReadFile(filepath.Join(dir, filepath.Base(n)))
		if err != nil || !bytes.Equal(old, got) {
			t.Errorf("%s differs from the base run's (%v)", filepath.Base(n), err)
		}
	}
	changes, err := os.ReadFile(filepath.Join(dir, output.ChangesFile))
	if err != nil || strings.Count(string(changes), "\n") != 1 {
		t.Errorf("changes.csv: %q %v, want a header alone", changes, err)
	}
	code, page := ts.do(t, "GET", "/runs/"+id, nil)
	placed := strings.Count(string(mustRead(t, filepath.Join(baseDir, output.AssignmentsFile))), "\n") - 1
	for _, m := range []string{`id="no-changes"`, fmt.Sprintf(`id="replan-kept">%d<`, placed), `id="replan-moved">0<`,
		`id="replan-newly">0<`, `id="replan-removed">0<`, `href="/runs/` + base + `"`} {
		if code != 200 || !contains(page, m) {
			t.Errorf("the re-plan's page lacks %s", m)
		}
	}
}

// A changed scenario: its changes are the table on the run's page, row for
// row, and the counts are summary.json's.
func TestReplanShowsTheChangesTable(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t, Config{})
	base := ts.upload(t, zipOf(t, "tiny/", tiny(t, nil)))
	ts.wait(t, base)
	changed := zipOf(t, "tiny/", tiny(t, func(f map[string][]byte) {
		// st1 leaves; p1 loses a place.
		f["students.csv"] = bytes.Replace(f["students.csv"], []byte("st1,Ann,sch1,cnc,senior,d1,90,city,,ent1\n"), nil, 1)
		f["posts.csv"] = bytes.Replace(f["posts.csv"], []byte("p1,ent1,cnc,2,"), []byte("p1,ent1,cnc,1,"), 1)
	}))
	id, _ := ts.replan(t, base, changed)
	rows, err := csv.NewReader(bytes.NewReader(mustRead(t, filepath.Join(ts.data, "runs", id, "plan", output.ChangesFile)))).ReadAll()
	if err != nil || len(rows) < 2 {
		t.Fatalf("changes.csv: %v %v, want rows", rows, err)
	}
	_, page := ts.do(t, "GET", "/runs/"+id+"?lang=en", nil)
	if !contains(page, `id="changes-table"`) || !contains(page, fmt.Sprintf("%d rows, page 1 of 1", len(rows)-1)) {
		t.Errorf("the page lacks the changes table of %d rows", len(rows)-1)
	}
	for _, r := range rows[1:] {
		if !contains(page, ">"+r[0]+"</a></td><td>") {
			t.Errorf("the changes table lacks %v", r)
		}
	}
	code, data := ts.do(t, "GET", "/api/runs/"+id, nil)
	var st RunStatus
	jsonUnmarshal(data, &st)
	var sum output.Summary
	jsonUnmarshal(st.Summary, &sum)
	rp := sum.Stages.Replan
	if code != 200 || rp == nil || rp.Removed+rp.Moved+rp.NewlyPlaced == 0 || rp.Previous != base {
		t.Fatalf("summary's replan: %+v", rp)
	}
	for _, m := range []string{fmt.Sprintf(`id="replan-kept">%d<`, rp.Kept), fmt.Sprintf(`id="replan-removed">%d<`, rp.Removed)} {
		if !contains(page, m) {
			t.Errorf("the page lacks %s", m)
		}
	}
}

// A bad "previous" is refused before anything is stored: malformed 400,
// unknown 404, a run that is not a done plan 409.
func TestReplanAgainstABadPreviousIsRefused(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t, Config{})
	z := zipOf(t, "tiny/", tiny(t, nil))
	bad := ts.upload(t, zipOf(t, "", tiny(t, func(f map[string][]byte) {
		f["students.csv"] = bytes.Replace(f["students.csv"], []byte(",90,"), []byte(",ninety,"), 1)
	})))
	if st := ts.wait(t, bad); st.Status != StatusInvalid {
		t.Fatalf("the invalid upload is %s", st.Status)
	}
	before := listDir(t, ts.data)
	for _, c := range []struct {
		previous string
		code     int
	}{{"../etc", 400}, {"", 400}, {strings.Repeat("a", 100), 400}, {strings.Repeat("0", 32), 404}, {bad, 409}} {
		code, data := ts.replanUpload(t, c.previous, z)
		if code != c.code {
			t.Errorf("previous %q: %d %s, want %d", c.previous, code, data, c.code)
		}
	}
	if after := listDir(t, ts.data); !slicesEqual(before, after) {
		t.Errorf("a refused re-plan left files:\nbefore %v\nafter  %v", before, after)
	}
}

func mustRead(t *testing.T, path string) []byte {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func slicesEqual(a, b []string) bool { return strings.Join(a, "\n") == strings.Join(b, "\n") }
