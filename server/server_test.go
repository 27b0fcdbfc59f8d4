package server

import (
	"bytes"
	"context"
	"encoding/json"
	"maps"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"placement/output"
)

func TestUploadSolvesAndServesThePlan(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t, Config{})
	id := ts.upload(t, zipOf(t, "tiny/", tiny(t, nil)))
	st := ts.wait(t, id)
	if st.Status != StatusDone {
		t.Fatalf("status %s, want done: %+v", st.Status, st)
	}
	onDisk, err := os.ReadFile(filepath.Join(ts.data, "runs", id, "plan", output.SummaryFile))
	if err != nil {
		t.Fatal(err)
	}
	var a, b any
	json.Unmarshal(st.Summary, &a)
	json.Unmarshal(onDisk, &b)
	if !jsonEqual(a, b) {
		t.Fatalf("the API's summary is not summary.json:\n%s\n%s", st.Summary, onDisk)
	}

	code, data := ts.do(t, "GET", "/api/runs/"+id+"/files/assignments.csv", nil)
	if code != 200 || !bytes.HasPrefix(data, []byte("student_id,post_id")) {
		t.Fatalf("assignments.csv: %d %s", code, data)
	}
	code, data = ts.do(t, "GET", "/api/runs/"+id+"/explain?student=st2", nil)
	if code != 200 || !contains(data, `"student_id": "st2"`) || !contains(data, `"terms"`) {
		t.Fatalf("explain: %d %s", code, data)
	}
	code, data = ts.do(t, "GET", "/api/runs/"+id+"/explain?student=nobody", nil)
	if code != 404 {
		t.Fatalf("explain of an unknown student: %d %s, want 404", code, data)
	}
	code, data = ts.do(t, "GET", "/api/runs/"+id+"/assignments?size=2&page=2", nil)
	var page AssignmentsPage
	if json.Unmarshal(data, &page); code != 200 || page.Total != 3 || len(page.Rows) != 1 || page.Rows[0].StudentID != "st3" {
		t.Fatalf("assignments page 2 of size 2: %d %s", code, data)
	}
	code, data = ts.do(t, "GET", "/api/runs", nil)
	if code != 200 || !contains(data, id) || !contains(data, `"scenario": "tiny"`) {
		t.Fatalf("list: %d %s", code, data)
	}
	code, data = ts.do(t, "GET", "/api/runs/"+id+"/plan.zip", nil)
	if code != 200 || !bytes.HasPrefix(data, []byte("PK")) {
		t.Fatalf("plan.zip: %d", code)
	}
	for _, page := range []string{"/", "/runs/" + id, "/runs/" + id + "/students/st1", "/runs/" + id + "/enterprises/ent1",
		"/runs/" + id + "/training", "/runs/" + id + "/mentors", "/runs/" + id + "/whatif", "/runs/" + id + "/replan", "/upload"} {
		if code, data := ts.do(t, "GET", page, nil); code != 200 {
			t.Errorf("GET %s: %d %s", page, code, data)
		}
	}

	if code, data := ts.do(t, "DELETE", "/api/runs/"+id, nil); code != http.StatusNoContent {
		t.Fatalf("DELETE: %d %s", code, data)
	}
	if code, _ := ts.do(t, "GET", "/api/runs/"+id, nil); code != 404 {
		t.Fatalf("a deleted run answers %d, want 404", code)
	}
	if left := listDir(t, filepath.Join(ts.data, "runs")); len(left) != 0 {
		t.Fatalf("the deleted run left %v", left)
	}
}

func jsonEqual(a, b any) bool {
	x, _ := json.Marshal(a)
	y, _ := json.Marshal(b)
	return bytes.Equal(x, y)
}

func TestInvalidUploadListsEveryProblemWithFileLineAndColumn(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t, Config{})
	id := ts.upload(t, zipOf(t, "", tiny(t, func(f map[string][]byte) {
		f["students.csv"] = bytes.Replace(f["students.csv"], []byte(",90,"), []byte(",ninety,"), 1)
	})))
	st := ts.wait(t, id)
	if st.Status != StatusInvalid || len(st.Problems) == 0 {
		t.Fatalf("status %s with %d problems, want invalid with problems", st.Status, len(st.Problems))
	}
	p := st.Problems[0]
	if p.File != "students.csv" || p.Line != 2 || p.Column != 7 || p.Severity != "error" || !strings.Contains(p.Message, "ninety") {
		t.Fatalf("problem %+v, want students.csv line 2 column 7 about \"ninety\"", p)
	}
	code, page := ts.do(t, "GET", "/runs/"+id, nil)
	if code != 200 || !contains(page, "students.csv") || !contains(page, "ninety") {
		t.Fatalf("the run page does not show the problem: %d", code)
	}
}

func TestScenarioCannotReadFilesOutsideItsUpload(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t, Config{})
	secret := filepath.Join(filepath.Dir(ts.data), "secret.csv")
	os.WriteFile(secret, []byte("student_id\nleak\n"), 0o644)
	id := ts.upload(t, zipOf(t, "", tiny(t, func(f map[string][]byte) {
		f["scenario.yaml"] = bytes.Replace(f["scenario.yaml"], []byte("students: students.csv"), []byte("students: "+secret), 1)
	})))
	st := ts.wait(t, id)
	if st.Status != StatusInvalid || len(st.Problems) == 0 || !strings.Contains(st.Problems[0].Message, "leaves the scenario's folder") {
		t.Fatalf("a scenario naming %s: %s %+v, want invalid: leaves the folder", secret, st.Status, st.Problems)
	}
	id = ts.upload(t, zipOf(t, "", tiny(t, func(f map[string][]byte) {
		f["scenario.yaml"] = bytes.Replace(f["scenario.yaml"], []byte("students: students.csv"), []byte("students: ../../../secret.csv"), 1)
	})))
	if st := ts.wait(t, id); st.Status != StatusInvalid || !strings.Contains(st.Problems[0].Message, "leaves the scenario's folder") {
		t.Fatalf("a scenario naming ../../../secret.csv: %s %+v", st.Status, st.Problems)
	}
}

func TestHTMLInRosterNamesShowsAsText(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t, Config{})
	const evil = `<script>alert("x")</script>`
	id := ts.upload(t, zipOf(t, "", tiny(t, func(f map[string][]byte) {
		f["students.csv"] = bytes.Replace(f["students.csv"], []byte(",Ann,"), []byte(`,"<script>alert(""x"")</script>",`), 1)
		f["enterprises.csv"] = bytes.Replace(f["enterprises.csv"], []byte("ent1,"), []byte(`ent1,<img src=x onerror=alert(1)>`), 1)
	})))
	if st := ts.wait(t, id); st.Status != StatusDone {
		t.Fatalf("status %s %+v", st.Status, st.Problems)
	}
	for _, page := range []string{"/runs/" + id, "/runs/" + id + "/students/st1", "/runs/" + id + "/enterprises/ent1"} {
		_, data := ts.do(t, "GET", page, nil)
		if contains(data, "<script>alert") || contains(data, "<img src=x") {
			t.Errorf("%s holds the roster's HTML unescaped", page)
		}
	}
	_, data := ts.do(t, "GET", "/runs/"+id+"/students/st1", nil)
	if !contains(data, "&lt;script&gt;") {
		t.Errorf("the student page does not show the name as text")
	}
	_ = evil
}

func TestRunsSurviveARestartAndUnfinishedOnesRunAgain(t *testing.T) {
	t.Parallel()
	data := filepath.Join(t.TempDir(), "data")
	first := newTestServer(t, Config{Data: data})
	done := first.upload(t, zipOf(t, "", tiny(t, nil)))
	again := first.upload(t, zipOf(t, "", tiny(t, nil)))
	first.wait(t, done)
	first.wait(t, again)
	first.http.Close()
	first.Close(context.Background())
	// As if the server had stopped in the middle of the second run.
	path := filepath.Join(data, "runs", again, "run.json")
	raw, _ := os.ReadFile(path)
	os.WriteFile(path, bytes.Replace(raw, []byte(`"status": "done"`), []byte(`"status": "running"`), 1), 0o644)
	os.RemoveAll(filepath.Join(data, "runs", again, "plan"))

	second := newTestServer(t, Config{Data: data})
	if st := second.wait(t, done); st.Status != StatusDone || len(st.Summary) == 0 {
		t.Fatalf("after a restart the done run is %s", st.Status)
	}
	if st := second.wait(t, again); st.Status != StatusDone {
		t.Fatalf("after a restart the interrupted run is %s, want done (run again)", st.Status)
	}
	if code, page := second.do(t, "GET", "/runs/"+done, nil); code != 200 || !contains(page, "fig-placed") {
		t.Fatalf("the plan page after a restart: %d", code)
	}
}

func TestWhatifRunsTheGridAndOpensAVariant(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t, Config{})
	base := ts.upload(t, zipOf(t, "", tiny(t, nil)))
	ts.wait(t, base)
	code, data := ts.do(t, "POST", "/api/runs/"+base+"/whatif", strings.NewReader(`{"set":["weights.placement=100,300"]}`), "Content-Type", "application/json")
	if code != http.StatusCreated {
		t.Fatalf("POST whatif: %d %s", code, data)
	}
	var out struct{ ID string }
	json.Unmarshal(data, &out)
	if st := ts.wait(t, out.ID); st.Status != StatusDone {
		t.Fatalf("what-if: %s %s", st.Status, st.Error)
	}
	code, csv := ts.do(t, "GET", "/api/runs/"+out.ID+"/files/whatif.csv", nil)
	if code != 200 || strings.Count(strings.TrimSpace(string(csv)), "\n") != 2 {
		t.Fatalf("whatif.csv: %d %s", code, csv)
	}
	if code, page := ts.do(t, "GET", "/runs/"+out.ID, nil); code != 200 || !contains(page, "whatif.svg") {
		t.Fatalf("what-if page: %d", code)
	}
	res, err := http.Post(ts.URL+"/runs/"+out.ID+"/variants/2", "application/x-www-form-urlencoded", nil)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	variant := strings.TrimPrefix(res.Request.URL.Path, "/runs/")
	if !validID(variant) {
		t.Fatalf("opening a variant led to %s", res.Request.URL)
	}
	if st := ts.wait(t, variant); st.Status != StatusDone {
		t.Fatalf("variant: %s", st.Status)
	}
	rs, _ := ts.store.get(variant)
	if set := rs.snapshot().Set; len(set) != 1 || set[0] != "weights.placement=300" {
		t.Fatalf("variant 2 has overrides %v, want [weights.placement=300]", set)
	}
	if code, data := ts.do(t, "POST", "/api/runs/"+base+"/whatif", strings.NewReader(`{"set":["nonsense"]}`)); code != 400 {
		t.Fatalf("a bad axis: %d %s, want 400", code, data)
	}
}

func TestTokenIsRequiredOnEveryRequest(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t, Config{Token: "s3cret"})
	for _, tt := range []struct {
		name   string
		header []string
		want   int
	}{
		{"no token", nil, 401},
		{"a wrong bearer token", []string{"Authorization", "Bearer nope"}, 401},
		{"a wrong header token", []string{"X-Placement-Token", "s3cre"}, 401},
		{"a wrong cookie", []string{"Cookie", tokenCookie + "=x"}, 401},
		{"the bearer token", []string{"Authorization", "Bearer s3cret"}, 200},
		{"the header token", []string{"X-Placement-Token", "s3cret"}, 200},
		{"the cookie", []string{"Cookie", tokenCookie + "=s3cret"}, 200},
	} {
		for _, path := range []string{"/", "/api/runs"} {
			code, body := ts.do(t, "GET", path, nil, tt.header...)
			if code != tt.want {
				t.Errorf("%s, GET %s: %d, want %d", tt.name, path, code, tt.want)
			}
			if code == 401 && !contains(body, "token") {
				t.Errorf("%s: the refusal does not say a token is needed: %s", tt.name, body)
			}
		}
	}
	if code, _ := ts.do(t, "POST", "/login", strings.NewReader("token=wrong"), "Content-Type", "application/x-www-form-urlencoded"); code != 401 {
		t.Errorf("login with a wrong token: %d, want 401", code)
	}
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	res, err := client.PostForm(ts.URL+"/login", url.Values{"token": {"s3cret"}})
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusSeeOther || len(res.Cookies()) == 0 || res.Cookies()[0].Value != "s3cret" || !res.Cookies()[0].HttpOnly {
		t.Fatalf("login: %d cookies %v", res.StatusCode, res.Cookies())
	}
}

func TestCheckBindRequiresATokenOffLoopback(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		addr, token string
		ok          bool
	}{
		{"127.0.0.1:8080", "", true},
		{"[::1]:8080", "", true},
		{"localhost:8080", "", true},
		{"0.0.0.0:8080", "", false},
		{":8080", "", false},
		{"192.168.1.5:8080", "", false},
		{"0.0.0.0:8080", "t", true},
	} {
		if err := CheckBind(tt.addr, tt.token); (err == nil) != tt.ok {
			t.Errorf("CheckBind(%q, %q) = %v, want ok %v", tt.addr, tt.token, err, tt.ok)
		}
	}
}

func TestCrossSiteFormPostsAreRefused(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t, Config{})
	body, ctype := multipartBody(t, "demo", "", nil)
	code, data := ts.do(t, "POST", "/upload", body, "Content-Type", ctype, "Sec-Fetch-Site", "cross-site")
	if code != http.StatusForbidden || !contains(data, "CSRF") {
		t.Fatalf("a cross-site form post: %d %s, want 403 naming CSRF", code, data)
	}
	code, data = ts.do(t, "POST", "/upload", strings.NewReader(""), "Origin", "https://evil.example", "Content-Type", "multipart/form-data; boundary=x")
	if code != http.StatusForbidden {
		t.Fatalf("a post from another origin: %d %s, want 403", code, data)
	}
	if runs := ts.store.list(); len(runs) != 0 {
		t.Fatalf("a refused post made %d runs", len(runs))
	}
}

func TestServeShutsDownGracefully(t *testing.T) {
	t.Parallel()
	s, err := New(Config{Data: filepath.Join(t.TempDir(), "data"), Jobs: 1, Grace: 5 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	errc := make(chan error, 1)
	go func() { errc <- s.Serve(ctx, ln) }()
	base := "http://" + ln.Addr().String()
	body, ctype := multipartBody(t, "scenario", "s.zip", zipOf(t, "", tiny(t, nil)))
	res, err := http.Post(base+"/api/runs", ctype, body)
	if err != nil {
		t.Fatal(err)
	}
	var out struct{ ID string }
	json.NewDecoder(res.Body).Decode(&out)
	res.Body.Close()
	// An event stream open during the shutdown must not hold it up.
	stream, err := http.Get(base + "/api/runs/" + out.ID + "/events")
	if err != nil {
		t.Fatal(err)
	}
	defer stream.Body.Close()
	cancel()
	select {
	case err := <-errc:
		if err != nil {
			t.Fatalf("Serve: %v", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Serve did not return within 10 s of its context ending")
	}
	raw, err := os.ReadFile(filepath.Join(s.cfg.Data, "runs", out.ID, "run.json"))
	if err != nil {
		t.Fatal(err)
	}
	var r Run
	json.Unmarshal(raw, &r)
	switch r.Status {
	case StatusDone:
		if _, err := os.Stat(filepath.Join(s.cfg.Data, "runs", out.ID, "plan", output.SummaryFile)); err != nil {
			t.Fatalf("a done run without its summary.json: %v", err)
		}
	case StatusQueued: // cancelled: it runs again at the next start
	default:
		t.Fatalf("after shutdown the run is %s, want done or queued", r.Status)
	}
}

func TestDeletingARunningRunCancelsItsSolveAndFreesTheWorker(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t, Config{Jobs: 1})
	body, ctype := multipartBody(t, "demo", "", nil)
	body2, ctype2 := multipartBody(t, "scenario", "tiny.zip", zipOf(t, "", tiny(t, nil))) // quick, once it may run
	_, data := ts.do(t, "POST", "/api/runs", body, "Content-Type", ctype)
	var first struct{ ID string }
	json.Unmarshal(data, &first)
	_, data = ts.do(t, "POST", "/api/runs", body2, "Content-Type", ctype2)
	var second struct{ ID string }
	json.Unmarshal(data, &second)
	// One worker: the second waits while the first runs.
	deadline := time.Now().Add(30 * time.Second)
	for {
		rs, _ := ts.store.get(first.ID)
		if rs.snapshot().Status == StatusRunning {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the first run never started")
		}
		time.Sleep(time.Millisecond)
	}
	if rs, _ := ts.store.get(second.ID); rs.snapshot().Status != StatusQueued {
		t.Fatalf("with one worker the second run is %s while the first runs, want queued", rs.snapshot().Status)
	}
	if code, _ := ts.do(t, "DELETE", "/api/runs/"+first.ID, nil); code != http.StatusNoContent {
		t.Fatalf("DELETE a running run: %d", code)
	}
	if st := ts.wait(t, second.ID); st.Status != StatusDone {
		t.Fatalf("the run queued behind the deleted one is %s", st.Status)
	}
	if _, err := os.Stat(filepath.Join(ts.data, "runs", first.ID)); !os.IsNotExist(err) {
		t.Fatalf("the deleted run's directory is still there: %v", err)
	}
}

func TestEventsStreamTheRunsProgress(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t, Config{})
	id := ts.upload(t, zipOf(t, "", tiny(t, nil)))
	ts.wait(t, id)
	code, data := ts.do(t, "GET", "/api/runs/"+id+"/events", nil)
	if code != 200 || !contains(data, "event: progress") || !contains(data, `"status":"done"`) || !contains(data, `"name":"mentors","state":"done"`) {
		t.Fatalf("events of a done run: %d %s", code, data)
	}
}

func TestPagesAreChineseByDefaultAndEnglishOnRequest(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t, Config{})
	if _, page := ts.do(t, "GET", "/upload", nil); !contains(page, "上传学期数据") {
		t.Fatal("the upload page is not in Chinese by default")
	}
	if _, page := ts.do(t, "GET", "/upload?lang=en", nil); !contains(page, "Upload a semester") || contains(page, "上传学期数据") {
		t.Fatal("?lang=en does not give the English page")
	}
	if _, page := ts.do(t, "GET", "/upload", nil, "Cookie", langCookie+"=en"); !contains(page, "Upload a semester") {
		t.Fatal("the language cookie is not honoured")
	}
}

func TestAnExplainFuncAnswersTheExplainEndpoint(t *testing.T) {
	t.Parallel()
	var got ExplainRequest
	ts := newTestServer(t, Config{Explain: func(_ context.Context, req ExplainRequest) (any, error) {
		got = req
		return map[string]string{"answer": "from explain " + req.Student}, nil
	}})
	id := ts.upload(t, zipOf(t, "", tiny(t, nil)))
	ts.wait(t, id)
	code, data := ts.do(t, "GET", "/api/runs/"+id+"/explain?student=st1", nil)
	if code != 200 || !contains(data, `"answer": "from explain st1"`) {
		t.Fatalf("explain: %d %s", code, data)
	}
	if got.Scenario == nil || got.Scenario.Config.Name != "tiny" || filepath.Base(got.PlanDir) != "plan" {
		t.Fatalf("the ExplainFunc got %+v", got)
	}
	if _, err := os.Stat(filepath.Join(got.PlanDir, output.SummaryFile)); err != nil {
		t.Fatalf("the plan directory handed to the ExplainFunc: %v", err)
	}
}

func TestAWhatifOverAVariantKeepsTheVariantsOverrides(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t, Config{})
	base := ts.upload(t, zipOf(t, "", tiny(t, nil)))
	ts.wait(t, base)
	rs, _ := ts.store.get(base)
	variant, err := ts.derive(rs.snapshot(), KindUpload, nil, []string{"policy.quota_rate=0"})
	if err != nil {
		t.Fatal(err)
	}
	ts.wait(t, variant.ID)
	w, err := ts.startWhatif(mustRun(t, ts, variant.ID), []string{"weights.placement=100,300"})
	if err != nil {
		t.Fatal(err)
	}
	if st := ts.wait(t, w.ID); st.Status != StatusDone {
		t.Fatalf("what-if over a variant: %s %s", st.Status, st.Error)
	}
	// The base has one enterprise with a quota; the variant sets the
	// quota rate to 0, so no variant of its what-if may have one.
	_, csv := ts.do(t, "GET", "/api/runs/"+w.ID+"/files/whatif.csv", nil)
	tab, err := parseCSV(csv, -1)
	if err != nil || len(tab.Rows) != 2 {
		t.Fatalf("whatif.csv: %v\n%s", err, csv)
	}
	col := slices.Index(tab.Header, "quota_enterprises")
	for _, row := range tab.Rows {
		if row[col] != "0" {
			t.Fatalf("the what-if over a variant lost the variant's override policy.quota_rate=0:\n%s", csv)
		}
	}
}

func mustRun(t *testing.T, ts *testServer, id string) Run {
	rs, ok := ts.store.get(id)
	if !ok {
		t.Fatalf("no run %s", id)
	}
	return rs.snapshot()
}

func TestIDsWithSlashesAndQuestionMarksStillNameTheirPages(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t, Config{})
	id := ts.upload(t, zipOf(t, "", tiny(t, func(f map[string][]byte) {
		for _, name := range []string{"students.csv", "pins.csv"} {
			f[name] = bytes.ReplaceAll(f[name], []byte("st2,"), []byte("st/2?x,"))
		}
	})))
	if st := ts.wait(t, id); st.Status != StatusDone {
		t.Fatalf("%s %+v", st.Status, st.Problems)
	}
	_, page := ts.do(t, "GET", "/runs/"+id, nil)
	if !contains(page, `/students/st%2F2%3Fx"`) {
		t.Fatalf("the plan page does not link st/2?x as one path segment")
	}
	if code, page := ts.do(t, "GET", "/runs/"+id+"/students/st%2F2%3Fx", nil); code != 200 || !contains(page, "st/2?x") {
		t.Fatalf("the student page of st/2?x: %d", code)
	}
}

func TestRunStatusHasExactlyTheDocumentedKeys(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t, Config{})
	done := ts.upload(t, zipOf(t, "", tiny(t, nil)))
	invalid := ts.upload(t, zipOf(t, "", tiny(t, func(f map[string][]byte) {
		f["students.csv"] = bytes.Replace(f["students.csv"], []byte(",90,"), []byte(",x,"), 1)
	})))
	ts.wait(t, done)
	ts.wait(t, invalid)
	for _, tt := range []struct {
		id   string
		keys string
	}{
		{done, "id status summary"},
		{invalid, "id problems status"},
	} {
		_, data := ts.do(t, "GET", "/api/runs/"+tt.id, nil)
		var m map[string]json.RawMessage
		if err := json.Unmarshal(data, &m); err != nil {
			t.Fatal(err)
		}
		keys := slices.Sorted(maps.Keys(m))
		if strings.Join(keys, " ") != tt.keys {
			t.Errorf("GET /api/runs/%s has keys %v, want %s", tt.id, keys, tt.keys)
		}
	}
	_, data := ts.do(t, "GET", "/api/runs/"+invalid, nil)
	var st struct{ Problems []map[string]any }
	json.Unmarshal(data, &st)
	if len(st.Problems) == 0 || strings.Join(slices.Sorted(maps.Keys(st.Problems[0])), " ") != "column file line message severity" {
		t.Errorf("a problem has keys %v", st.Problems)
	}
	body, ctype := multipartBody(t, "scenario", "s.zip", zipOf(t, "", tiny(t, nil)))
	_, data = ts.do(t, "POST", "/api/runs", body, "Content-Type", ctype)
	var created map[string]any
	json.Unmarshal(data, &created)
	if len(created) != 1 || created["id"] == nil {
		t.Errorf("POST /api/runs answered %s, want {\"id\": …}", data)
	}
}
