//go:build browser

// The browser tests drive Debian's chromium through chromedp: go test
// -tags browser ./server (bash .ci/run installs chromium and runs them).
// A missing browser fails them. -screenshots DIR writes a screenshot of
// every page at 1366×768 and at a phone's width.

package server

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/browser"
	"github.com/chromedp/chromedp"

	"placement/explain"
	"placement/output"
)

var screenshots = flag.String("screenshots", "", "write a PNG of every page into this `dir`ectory")

// chromiumPath is Debian's chromium; .ci/run installs it.
const chromiumPath = "/usr/bin/chromium"

func TestBrowserUploadTheDemoReadThePlanAskWhyDownload(t *testing.T) {
	if _, err := exec.LookPath(chromiumPath); err != nil {
		t.Fatalf("chromium is not installed at %s (bash .ci/run installs it: apt-get install chromium fonts-wqy-microhei): %v", chromiumPath, err)
	}
	ts := newTestServer(t, Config{Jobs: 2})
	tmp := t.TempDir()
	// Chromium's singleton socket path must stay short: a t.TempDir under a
	// long test name is too long for it.
	chromeTmp, err := os.MkdirTemp("", "pw-")
	if err != nil {
		t.Fatal(err)
	}
	defer os.RemoveAll(chromeTmp)
	zipPath := filepath.Join(tmp, "zibo-demo.zip")
	var z bytes.Buffer
	if err := DemoZip(&z); err != nil {
		t.Fatal(err)
	}
	os.WriteFile(zipPath, z.Bytes(), 0o644)
	downloads := filepath.Join(tmp, "downloads")
	os.Mkdir(downloads, 0o755)

	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(chromiumPath), chromedp.NoSandbox, chromedp.Env("TMPDIR="+chromeTmp),
		chromedp.WindowSize(1366, 768))
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	defer cancelAlloc()
	ctx, cancel := chromedp.NewContext(actx)
	defer cancel()
	ctx, cancelTimeout := context.WithTimeout(ctx, 90*time.Second)
	defer cancelTimeout()

	shot := func(name string) {
		if *screenshots == "" {
			return
		}
		png, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
		if err != nil {
			t.Fatalf("screenshot %s: %v", name, err)
		}
		os.MkdirAll(*screenshots, 0o755)
		if err := os.WriteFile(filepath.Join(*screenshots, name+".png"), png, 0o644); err != nil {
			t.Fatal(err)
		}
	}

	// Upload the demo zip through the form and wait for the plan.
	if err := chromedp.Do(ctx,
		chromedp.EmulateViewport(1366, 768),
		chromedp.Navigate(ts.URL+"/upload"),
		chromedp.WaitVisible(chromedp.ID("zip")),
	); err != nil {
		t.Fatal(err)
	}
	shot("upload")
	if err := chromedp.Do(ctx,
		chromedp.SetUploadFiles(chromedp.ID("zip"), []string{zipPath}),
		chromedp.Click(chromedp.ID("send-zip")),
		chromedp.WaitVisible(chromedp.ID("headline")),
	); err != nil {
		t.Fatalf("uploading the demo and waiting for the plan: %v", err)
	}
	loc, err := chromedp.Run(ctx, chromedp.Location())
	if err != nil {
		t.Fatal(err)
	}
	id := strings.TrimPrefix(strings.SplitN(strings.TrimPrefix(loc, ts.URL), "?", 2)[0], "/runs/")
	if !validID(id) {
		t.Fatalf("the upload led to %s, not a run", loc)
	}

	// The headline figures are summary.json's.
	raw, err := os.ReadFile(filepath.Join(ts.data, "runs", id, "plan", output.SummaryFile))
	if err != nil {
		t.Fatal(err)
	}
	var sum output.Summary
	json.Unmarshal(raw, &sum)
	want := map[string]string{
		"fig-placed":     thousands(sum.Stages.Assignment.Placed),
		"fig-students":   thousands(sum.Inputs.Students),
		"fig-compliant":  thousands(sum.CompliantEnterprises),
		"fig-quota":      thousands(sum.QuotaEnterprises),
		"fig-shortfall":  thousands(sum.TotalShortfall),
		"fig-internship": thousands(sum.Subsidies.InternshipYuan),
		"fig-training":   thousands(sum.Subsidies.TrainingYuan),
		"fig-order":      thousands(sum.Subsidies.OrderClassYuan),
		"fig-total":      thousands(sum.Subsidies.TotalYuan),
	}
	for elem, w := range want {
		got, err := chromedp.Run(ctx, chromedp.Text(chromedp.ID(elem)))
		if err != nil {
			t.Fatal(err)
		}
		if got != w {
			t.Errorf("#%s shows %q, summary.json says %q", elem, got, w)
		}
	}
	if sum.Inputs.Students != 4000 || sum.Stages.Assignment.Placed == 0 {
		t.Fatalf("the demo's summary is %+v", sum.Stages.Assignment)
	}
	shot("plan")

	// Filter the table, then open a student's explanation.
	if err := chromedp.Do(ctx,
		chromedp.Navigate(ts.URL+"/runs/"+id+"?reason=capacity#assignments"),
		chromedp.WaitVisible(chromedp.ID("assign-table")),
	); err != nil {
		t.Fatal(err)
	}
	count, _ := chromedp.Run(ctx, chromedp.Text(chromedp.ID("rowcount")))
	shot("assignments")
	first, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("#assign-table tbody tr td a")))
	if err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS("#assign-table tbody tr a.why")),
		chromedp.WaitVisible(chromedp.ID("explain")),
	); err != nil {
		t.Fatalf("opening the explanation: %v", err)
	}
	got, _ := chromedp.Run(ctx, chromedp.Text(chromedp.ID("student-id")))
	outcome, _ := chromedp.Run(ctx, chromedp.Text(chromedp.ID("outcome")))
	if got != first || !strings.Contains(outcome, "未安置") {
		t.Errorf("the explanation of %s (filtered: %s) shows %q: %q", first, count, got, outcome)
	}
	// The explanation shown is the API's: the threshold and where, and,
	// for a placed student, the value's terms.
	var ans explain.StudentAnswer
	if code, data := ts.do(t, "GET", "/api/runs/"+id+"/explain?student="+url.QueryEscape(first), nil); code != 200 || json.Unmarshal(data, &ans) != nil {
		t.Fatalf("the API's explanation of %s: %d %s", first, code, data)
	}
	if ans.Threshold == nil {
		t.Fatalf("the demo's first student left out for capacity has no threshold: %+v", ans)
	}
	shown := map[string]string{"threshold": strconv.FormatInt(*ans.Threshold, 10), "threshold-post": ans.ThresholdPostID,
		"eligible-count": thousands(len(ans.Eligible))}
	for elem, w := range shown {
		if got, err := chromedp.Run(ctx, chromedp.Text(chromedp.ID(elem))); err != nil || got != w {
			t.Errorf("#%s of %s shows %q (%v), the API says %q", elem, first, got, err, w)
		}
	}
	shot("student")
	as, err := os.ReadFile(filepath.Join(ts.data, "runs", id, "plan", output.AssignmentsFile))
	if err != nil {
		t.Fatal(err)
	}
	placedID, _, _ := strings.Cut(strings.SplitN(string(as), "\n", 3)[1], ",")
	if code, data := ts.do(t, "GET", "/api/runs/"+id+"/explain?student="+url.QueryEscape(placedID), nil); code != 200 || json.Unmarshal(data, &ans) != nil {
		t.Fatalf("the API's explanation of %s: %d %s", placedID, code, data)
	}
	if err := chromedp.Do(ctx,
		chromedp.Navigate(ts.URL+"/runs/"+id+"/students/"+url.PathEscape(placedID)),
		chromedp.WaitVisible(chromedp.ID("terms")),
	); err != nil {
		t.Fatalf("opening the explanation of %s: %v", placedID, err)
	}
	tm := ans.Terms
	for elem, w := range map[string]int64{"term-placement": tm.Placement, "term-award": tm.Award, "term-specialty": tm.Specialty,
		"term-preference": tm.Preference, "term-km": tm.Km, "term-order": tm.Order, "term-value": tm.Value} {
		if got, err := chromedp.Run(ctx, chromedp.Text(chromedp.ID(elem))); err != nil || got != strconv.FormatInt(w, 10) {
			t.Errorf("#%s of %s shows %q (%v), the API says %d", elem, placedID, got, err, w)
		}
	}
	if tm.Value == 0 {
		t.Errorf("the API's terms of placed %s are all zero: %+v", placedID, tm)
	}
	shot("student-placed")

	// Re-plan the unchanged demo against its run through the re-plan
	// page: a new run, every placement kept, no changes.
	if err := chromedp.Do(ctx,
		chromedp.Navigate(ts.URL+"/runs/"+id+"/replan"),
		chromedp.WaitVisible(chromedp.ID("replan-zip")),
	); err != nil {
		t.Fatal(err)
	}
	shot("replan")
	if err := chromedp.Do(ctx,
		chromedp.SetUploadFiles(chromedp.ID("replan-zip"), []string{zipPath}),
		chromedp.Click(chromedp.ID("send-replan")),
		chromedp.WaitVisible(chromedp.ID("replan-result")),
	); err != nil {
		t.Fatalf("re-planning the demo: %v", err)
	}
	kept, _ := chromedp.Run(ctx, chromedp.Text(chromedp.ID("replan-kept")))
	noChanges, _ := chromedp.Run(ctx, chromedp.Text(chromedp.ID("no-changes")))
	if kept != thousands(sum.Stages.Assignment.Placed) || noChanges == "" {
		t.Errorf("the re-plan of the unchanged demo shows %q kept (want %s) and %q", kept, thousands(sum.Stages.Assignment.Placed), noChanges)
	}
	shot("replan-result")

	// Download a file of the plan through its link.
	progress := chromedp.Events(ctx, browser.DownloadProgress)
	if err := chromedp.Do(ctx,
		chromedp.Navigate(ts.URL+"/runs/"+id+"#downloads"),
		chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error {
			_, err := chromedp.Call(ctx, browser.SetDownloadBehavior, browser.SetDownloadBehaviorParams{
				Behavior: browser.SetDownloadBehaviorBehaviorAllowAndName, DownloadPath: downloads, EventsEnabled: new(true)})
			return err
		}),
		chromedp.Click(chromedp.CSS(`a[href$="/files/assignments.csv"]`)),
	); err != nil {
		t.Fatal(err)
	}
	for ev, err := range progress {
		if err != nil {
			t.Fatalf("waiting for the download: %v", err)
		}
		if ev.State != browser.DownloadProgressStateCompleted {
			continue
		}
		got, _ := os.ReadFile(filepath.Join(downloads, ev.GUID))
		want, _ := os.ReadFile(filepath.Join(ts.data, "runs", id, "plan", output.AssignmentsFile))
		if len(want) == 0 || !bytes.Equal(got, want) {
			t.Errorf("the downloaded assignments.csv (%d bytes) is not the plan's (%d bytes)", len(got), len(want))
		}
		break
	}

	if *screenshots == "" {
		return
	}
	// The other pages, for the manual.
	invalid := ts.upload(t, zipOf(t, "", tiny(t, func(f map[string][]byte) {
		f["students.csv"] = bytes.Replace(f["students.csv"], []byte(",90,"), []byte(",ninety,"), 1)
		f["students.csv"] = bytes.Replace(f["students.csv"], []byte(",intermediate,d2"), []byte(",expert,d2"), 1)
	})))
	ts.wait(t, invalid)
	ents, _ := ts.data0(id)
	pages := []struct{ name, path, wait string }{
		{"home", "/", "body"},
		{"enterprise", "/runs/" + id + "/enterprises/" + ents, "#enterprise"},
		{"training", "/runs/" + id + "/training", "#calendar"},
		{"mentors", "/runs/" + id + "/mentors", "#mentors"},
		{"whatif", "/runs/" + id + "/whatif", "#whatif"},
		{"problems", "/runs/" + invalid, "#problems"},
		{"plan-en", "/runs/" + id + "?lang=en", "#headline"},
	}
	for _, p := range pages {
		if err := chromedp.Do(ctx, chromedp.Navigate(ts.URL+p.path), chromedp.WaitVisible(chromedp.CSS(p.wait))); err != nil {
			t.Fatalf("%s: %v", p.path, err)
		}
		shot(p.name)
	}
	if err := chromedp.Do(ctx, chromedp.Navigate(ts.URL+"/runs/"+id+"?lang=zh")); err != nil {
		t.Fatal(err)
	}
	// A what-if through the form.
	if err := chromedp.Do(ctx,
		chromedp.Navigate(ts.URL+"/runs/"+id+"/whatif"),
		chromedp.Click(chromedp.ID("run-whatif")),
		chromedp.WaitVisible(chromedp.ID("whatif-result")),
	); err != nil {
		t.Fatalf("what-if: %v", err)
	}
	shot("whatif-result")
	// A phone's width.
	for _, p := range []struct{ name, path, wait string }{
		{"phone-plan", "/runs/" + id, "#headline"},
		{"phone-student", "/runs/" + id + "/students/" + first, "#explain"},
		{"phone-upload", "/upload", "#zip"},
	} {
		if err := chromedp.Do(ctx, chromedp.EmulateViewport(390, 844), chromedp.Navigate(ts.URL+p.path), chromedp.WaitVisible(chromedp.CSS(p.wait))); err != nil {
			t.Fatal(err)
		}
		shot(p.name)
	}
}

// data0 is the enterprise with the largest quota shortfall of a run.
func (ts *testServer) data0(id string) (string, error) {
	rs, _ := ts.store.get(id)
	d, err := ts.Server.data(context.Background(), rs.snapshot())
	if err != nil {
		return "", err
	}
	best, ent := -1, ""
	for _, e := range d.ents {
		if e.Shortfall > best {
			best, ent = e.Shortfall, e.ID
		}
	}
	return ent, nil
}
