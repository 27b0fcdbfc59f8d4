package server

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
)

// tinyDir is a scenario with every stage: three students, one enterprise.
const tinyDir = "../plan/testdata/tiny"

// readDir reads every file of a scenario directory, by name.
func readDir(t testing.TB, dir string) map[string][]byte {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	files := map[string][]byte{}
	for _, e := range entries {
		data, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		files[e.Name()] = data
	}
	return files
}

// zipOf zips files under the folder top ("" for the root).
func zipOf(t testing.TB, top string, files map[string][]byte) []byte {
	t.Helper()
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	for name, data := range files {
		f, err := zw.Create(top + name)
		if err != nil {
			t.Fatal(err)
		}
		f.Write(data)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// multipartBody is a form with one file field.
func multipartBody(t testing.TB, field, filename string, data []byte) (io.Reader, string) {
	t.Helper()
	var b bytes.Buffer
	mw := multipart.NewWriter(&b)
	fw, err := mw.CreateFormFile(field, filename)
	if err != nil {
		t.Fatal(err)
	}
	fw.Write(data)
	mw.Close()
	return &b, mw.FormDataContentType()
}

type testServer struct {
	*Server
	URL  string
	data string
	http *httptest.Server
}

// newTestServer starts a server over a fresh data directory.
func newTestServer(t testing.TB, cfg Config) *testServer {
	t.Helper()
	if cfg.Data == "" {
		cfg.Data = filepath.Join(t.TempDir(), "data")
	}
	if cfg.Jobs == 0 {
		cfg.Jobs = 1
	}
	s, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	hs := httptest.NewServer(s.Handler())
	t.Cleanup(func() {
		hs.Close()
		s.Close(t.Context())
	})
	return &testServer{Server: s, URL: hs.URL, data: cfg.Data, http: hs}
}

// do sends a request and returns the status and body.
func (ts *testServer) do(t testing.TB, method, path string, body io.Reader, header ...string) (int, []byte) {
	t.Helper()
	req, err := http.NewRequest(method, ts.URL+path, body)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	data, _ := io.ReadAll(res.Body)
	return res.StatusCode, data
}

// upload posts a scenario zip and returns the run id.
func (ts *testServer) upload(t testing.TB, zipData []byte) string {
	t.Helper()
	body, ctype := multipartBody(t, "scenario", "scenario.zip", zipData)
	code, data := ts.do(t, "POST", "/api/runs", body, "Content-Type", ctype)
	if code != http.StatusCreated {
		t.Fatalf("POST /api/runs: %d %s", code, data)
	}
	var out struct{ ID string }
	if err := json.Unmarshal(data, &out); err != nil || !validID(out.ID) {
		t.Fatalf("POST /api/runs answered %s", data)
	}
	return out.ID
}

// wait polls a run until it is no longer queued or running.
func (ts *testServer) wait(t testing.TB, id string) RunStatus {
	t.Helper()
	deadline := time.Now().Add(60 * time.Second)
	for {
		code, data := ts.do(t, "GET", "/api/runs/"+id, nil)
		if code != http.StatusOK {
			t.Fatalf("GET /api/runs/%s: %d %s", id, code, data)
		}
		var st RunStatus
		if err := json.Unmarshal(data, &st); err != nil {
			t.Fatal(err)
		}
		if st.Status != StatusQueued && st.Status != StatusRunning {
			return st
		}
		if time.Now().After(deadline) {
			t.Fatalf("run %s still %s after 60 s", id, st.Status)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// tiny is the tiny scenario's files, with changes.
func tiny(t testing.TB, change func(files map[string][]byte)) map[string][]byte {
	files := readDir(t, tinyDir)
	if change != nil {
		change(files)
	}
	return files
}

// listDir lists every path under dir, relative, sorted.
func listDir(t testing.TB, dir string) []string {
	t.Helper()
	var out []string
	filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err == nil && p != dir {
			rel, _ := filepath.Rel(dir, p)
			out = append(out, rel)
		}
		return nil
	})
	return out
}

func contains(s []byte, sub string) bool { return strings.Contains(string(s), sub) }

func newMultipart(w io.Writer) *multipart.Writer { return multipart.NewWriter(w) }

func jsonUnmarshal(data []byte, v any) { json.Unmarshal(data, v) }
