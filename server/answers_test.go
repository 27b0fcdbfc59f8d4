package server

import (
	"context"
	"encoding/json"
	"fmt"
	"html"
	"path/filepath"
	"reflect"
	"testing"

	"placement/explain"
)

// The explain endpoint and the student and enterprise pages give explain's
// answers: the endpoint's JSON is the answer explain.Load gives for the
// written plan, and the page shows its terms, threshold and eligible posts,
// in Chinese and, switched, in English, escaped.
func TestStudentAndEnterprisePagesShowExplainsAnswers(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t, Config{})
	id := ts.upload(t, zipOf(t, "tiny/", tiny(t, nil)))
	if st := ts.wait(t, id); st.Status != StatusDone {
		t.Fatalf("status %s", st.Status)
	}
	rs, _ := ts.store.get(id)
	d, err := ts.Server.data(context.Background(), rs.snapshot())
	if err != nil {
		t.Fatal(err)
	}
	ex, ps, err := explain.Load(context.Background(), d.sc, filepath.Join(ts.data, "runs", id, "plan"))
	if err != nil || ps.Err() != nil {
		t.Fatal(err, ps.Err())
	}
	var thresholds, placed int
	for _, st := range d.sc.Roster.Students {
		want, err := ex.Student(st.ID)
		if err != nil {
			t.Fatal(err)
		}
		code, data := ts.do(t, "GET", "/api/runs/"+id+"/explain?student="+st.ID, nil)
		var got explain.StudentAnswer
		if err := json.Unmarshal(data, &got); code != 200 || err != nil {
			t.Fatalf("explain %s: %d %s", st.ID, code, data)
		}
		if !reflect.DeepEqual(&got, want) {
			t.Errorf("explain %s: the API says %+v, explain.Load %+v", st.ID, got, want)
		}
		_, page := ts.do(t, "GET", "/runs/"+id+"/students/"+st.ID, nil)
		_, pageEN := ts.do(t, "GET", "/runs/"+id+"/students/"+st.ID+"?lang=en", nil)
		var must []string
		if want.Status == "assigned" {
			placed++
			tm := want.Terms
			must = append(must, fmt.Sprintf(`id="term-value">%d<`, tm.Value), fmt.Sprintf(`id="term-placement">%d<`, tm.Placement),
				fmt.Sprintf(`id="term-km">%d<`, tm.Km), fmt.Sprintf(`id="term-preference">%d<`, tm.Preference))
		} else if want.Threshold != nil {
			thresholds++
			must = append(must, fmt.Sprintf(`id="threshold">%d<`, *want.Threshold), `id="threshold-post">`+want.ThresholdPostID+`<`)
		}
		must = append(must, fmt.Sprintf(`id="eligible-count">%d<`, len(want.Eligible)))
		for _, m := range must {
			if !contains(page, m) || !contains(pageEN, m) {
				t.Errorf("the page of %s lacks %s", st.ID, m)
			}
		}
		for _, e := range want.Eligible {
			if !contains(pageEN, html.EscapeString(e.Why)) {
				t.Errorf("the English page of %s lacks %q", st.ID, e.Why)
			}
			if want.Status != "assigned" && !contains(page, "分值") {
				t.Errorf("the Chinese page of %s does not say why in Chinese", st.ID)
			}
		}
	}
	if thresholds == 0 || placed == 0 {
		t.Fatalf("the tiny city has %d placed and %d thresholds: the test proves little", placed, thresholds)
	}
	for _, e := range d.sc.Roster.Enterprises {
		want, err := ex.Enterprise(e.ID)
		if err != nil {
			t.Fatal(err)
		}
		_, page := ts.do(t, "GET", "/runs/"+id+"/enterprises/"+e.ID+"?lang=en", nil)
		for _, m := range []string{fmt.Sprintf(`id="ent-quota">%d<`, want.Quota), fmt.Sprintf(`id="ent-shortfall">%d<`, want.Shortfall),
			`id="shortfall-why">` + html.EscapeString(want.Why) + `<`} {
			if !contains(page, m) {
				t.Errorf("the page of %s lacks %s", e.ID, m)
			}
		}
	}
}
