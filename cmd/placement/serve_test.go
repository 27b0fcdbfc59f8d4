package main

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"placement/server"
)

// TestServeWritesTheSamePlanAsSolve uploads a generated city to the workspace
// and checks that every file of the run's plan is byte for byte what
// `placement solve` writes for it.
func TestServeWritesTheSamePlanAsSolve(t *testing.T) {
	t.Parallel()
	args := small(t)
	want, _ := smallPlan(t)
	srv, err := server.New(server.Config{Data: filepath.Join(t.TempDir(), "data"), Jobs: 1})
	if err != nil {
		t.Fatal(err)
	}
	hs := httptest.NewServer(srv.Handler())
	defer hs.Close()
	defer srv.Close(t.Context())

	var zipped bytes.Buffer
	zw := zip.NewWriter(&zipped)
	cityDir := filepath.Dir(args[1])
	entries, err := os.ReadDir(cityDir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		data, err := os.ReadFile(filepath.Join(cityDir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		w, _ := zw.Create(e.Name())
		w.Write(data)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	fw, _ := mw.CreateFormFile("scenario", "city.zip")
	fw.Write(zipped.Bytes())
	mw.Close()
	res, err := http.Post(hs.URL+"/api/runs", mw.FormDataContentType(), &body)
	if err != nil {
		t.Fatal(err)
	}
	var created struct{ ID string }
	json.NewDecoder(res.Body).Decode(&created)
	res.Body.Close()
	if res.StatusCode != http.StatusCreated {
		t.Fatalf("POST /api/runs: %d", res.StatusCode)
	}
	deadline := time.Now().Add(2 * time.Minute)
	for {
		res, err := http.Get(hs.URL + "/api/runs/" + created.ID)
		if err != nil {
			t.Fatal(err)
		}
		var st server.RunStatus
		json.NewDecoder(res.Body).Decode(&st)
		res.Body.Close()
		if st.Status == server.StatusDone {
			break
		}
		if st.Status != server.StatusQueued && st.Status != server.StatusRunning || time.Now().After(deadline) {
			t.Fatalf("the web run is %s: %s %v", st.Status, st.Error, st.Problems)
		}
		time.Sleep(50 * time.Millisecond)
	}
	entries, err = os.ReadDir(want)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), ".") {
			continue
		}
		wantData, _ := os.ReadFile(filepath.Join(want, e.Name()))
		res, err := http.Get(hs.URL + "/api/runs/" + created.ID + "/files/" + e.Name())
		if err != nil {
			t.Fatal(err)
		}
		got, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if res.StatusCode != 200 || !bytes.Equal(got, wantData) {
			t.Errorf("%s through the web (%d, %d bytes) differs from placement solve's (%d bytes)", e.Name(), res.StatusCode, len(got), len(wantData))
		}
	}
}

func TestServeRefusesToListenOffLoopbackWithoutAToken(t *testing.T) {
	t.Parallel()
	code, _, stderr := placement(t, nil, "serve", "--addr", "0.0.0.0:0", "--data", t.TempDir())
	if code != exitInput || !strings.Contains(stderr, "--token") {
		t.Fatalf("serve on 0.0.0.0 without a token: exit %d, %s", code, stderr)
	}
}
