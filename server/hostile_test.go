package server

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"hash/crc32"
	"io"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// rawEntry is a zip entry written as given, header and all, so that a test
// can forge what a hostile zip holds.
type rawEntry struct {
	name     string
	data     []byte
	mode     fs.FileMode
	declared int64 // the uncompressed size the header claims; -1: the true size
}

func forgedZip(t testing.TB, entries ...rawEntry) []byte {
	t.Helper()
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	for _, e := range entries {
		var comp bytes.Buffer
		fw, _ := flate.NewWriter(&comp, flate.BestCompression)
		fw.Write(e.data)
		fw.Close()
		h := &zip.FileHeader{Name: e.name, Method: zip.Deflate, CRC32: crc32.ChecksumIEEE(e.data),
			CompressedSize64: uint64(comp.Len()), UncompressedSize64: uint64(len(e.data))}
		if e.declared >= 0 {
			h.UncompressedSize64 = uint64(e.declared)
		}
		if e.mode != 0 {
			h.SetMode(e.mode)
		}
		w, err := zw.CreateRaw(h)
		if err != nil {
			t.Fatal(err)
		}
		w.Write(comp.Bytes())
	}
	zw.Close()
	return b.Bytes()
}

// tinyEntries is the tiny scenario as raw entries, plus extra.
func tinyEntries(t testing.TB, extra ...rawEntry) []rawEntry {
	var out []rawEntry
	for name, data := range readDir(t, tinyDir) {
		out = append(out, rawEntry{name: name, data: data, declared: -1})
	}
	return append(out, extra...)
}

func TestHostileUploadsAreRefusedAndStoreNothing(t *testing.T) {
	t.Parallel()
	limits := Limits{Body: 4 << 20, Files: 20, FileBytes: 256 << 10, TotalBytes: 1 << 20}
	big := bytes.Repeat([]byte("0"), 1<<20) // 1 MiB that compresses to a kilobyte
	tests := []struct {
		name  string
		zip   []byte
		ctype string // when the body is not a form with that zip
		body  []byte
		want  int
		say   string
	}{
		{name: "a zip slip with ..", zip: forgedZip(t, tinyEntries(t, rawEntry{name: "../../evil.csv", data: []byte("x"), declared: -1})...),
			want: 400, say: "inside the upload's folder"},
		{name: "a zip slip inside a folder", zip: forgedZip(t, tinyEntries(t, rawEntry{name: "a/../../evil.csv", data: []byte("x"), declared: -1})...),
			want: 400, say: "inside the upload's folder"},
		{name: "an absolute path", zip: forgedZip(t, tinyEntries(t, rawEntry{name: "/tmp/evil.csv", data: []byte("x"), declared: -1})...),
			want: 400, say: "inside the upload's folder"},
		{name: "a backslash path", zip: forgedZip(t, tinyEntries(t, rawEntry{name: `..\evil.csv`, data: []byte("x"), declared: -1})...),
			want: 400, say: "not allowed"},
		{name: "a symbolic link", zip: forgedZip(t, tinyEntries(t, rawEntry{name: "link.csv", data: []byte("/etc/passwd"), mode: fs.ModeSymlink | 0o777, declared: -1})...),
			want: 400, say: "symbolic link"},
		{name: "a zip bomb that lies about its size", zip: forgedZip(t, tinyEntries(t, rawEntry{name: "bomb.csv", data: big, declared: 100})...),
			want: 400, say: "zip bomb"},
		{name: "a file declared too large", zip: forgedZip(t, tinyEntries(t, rawEntry{name: "huge.csv", data: big, declared: -1})...),
			want: 400, say: "the most one file may be"},
		{name: "too many files", zip: forgedZip(t, tinyEntries(t, manyEntries(30)...)...),
			want: 400, say: "more than 20 files"},
		{name: "too much in all", zip: forgedZip(t, tinyEntries(t, rawEntry{name: "a.csv", data: big[:250<<10], declared: -1},
			rawEntry{name: "b.csv", data: big[:250<<10], declared: -1}, rawEntry{name: "c.csv", data: big[:250<<10], declared: -1},
			rawEntry{name: "d.csv", data: big[:250<<10], declared: -1}, rawEntry{name: "e.csv", data: big[:250<<10], declared: -1})...),
			want: 400, say: "in all"},
		{name: "not a zip", zip: []byte("this is not a zip"), want: 400, say: "not a readable .zip"},
		{name: "a zip without scenario.yaml", zip: forgedZip(t, rawEntry{name: "students.csv", data: []byte("x"), declared: -1}),
			want: 400, say: "no scenario.yaml"},
		{name: "two top folders", zip: forgedZip(t, rawEntry{name: "a/scenario.yaml", data: []byte("x"), declared: -1}, rawEntry{name: "b/x.csv", data: []byte("x"), declared: -1}),
			want: 400, say: "no scenario.yaml"},
		{name: "a malformed multipart body", ctype: "multipart/form-data; boundary=xyz", body: []byte("--xyz\r\nContent-Disposition: form-data; name=\"scenario\"; filename=\"a.zip\"\r\n\r\nPK-and-no-end"),
			want: 400, say: "malformed multipart"},
		{name: "a body that is not a form", ctype: "application/json", body: []byte(`{"a":1}`), want: 400, say: "multipart/form-data"},
		{name: "an empty form", ctype: "multipart/form-data; boundary=xyz", body: []byte("--xyz--\r\n"), want: 400, say: "no scenario"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			dir := t.TempDir()
			ts := newTestServer(t, Config{Data: filepath.Join(dir, "data"), Limits: limits})
			var body io.Reader
			ctype := tt.ctype
			if ctype == "" {
				body, ctype = multipartBody(t, "scenario", "s.zip", tt.zip)
			} else {
				body = bytes.NewReader(tt.body)
			}
			code, data := ts.do(t, "POST", "/api/runs", body, "Content-Type", ctype)
			if code != tt.want || !contains(data, tt.say) {
				t.Fatalf("%d %s, want %d saying %q", code, data, tt.want, tt.say)
			}
			assertNothingStored(t, ts, dir)
		})
	}
}

func manyEntries(n int) []rawEntry {
	var out []rawEntry
	for i := range n {
		out = append(out, rawEntry{name: "extra/" + strings.Repeat("x", i+1) + ".csv", data: []byte("x"), declared: -1})
	}
	return out
}

// assertNothingStored checks that a refused upload left no run and no
// temporary file, that nothing appeared next to the data directory, and
// that the server still answers.
func assertNothingStored(t *testing.T, ts *testServer, dir string) {
	t.Helper()
	if got := listDir(t, dir); strings.Join(got, " ") != "data data/runs data/tmp" {
		t.Errorf("after the refusal the directory holds %v, want only data/runs and data/tmp", got)
	}
	if code, _ := ts.do(t, "GET", "/api/runs", nil); code != 200 {
		t.Errorf("the server no longer answers: %d", code)
	}
}

// endless is a body of n bytes made on the fly: a 1 GB upload without 1 GB
// of memory. It counts what the server read.
type endless struct {
	head   []byte
	n, off int64
}

func (e *endless) Read(p []byte) (int, error) {
	if e.off >= e.n {
		return 0, io.EOF
	}
	k := 0
	for k < len(p) && e.off < e.n {
		if e.off < int64(len(e.head)) {
			p[k] = e.head[e.off]
		} else {
			p[k] = 'A'
		}
		k++
		e.off++
	}
	return k, nil
}

func TestAOneGigabyteBodyIsCutOffAtTheLimit(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	ts := newTestServer(t, Config{Data: filepath.Join(dir, "data"), Limits: Limits{Body: 1 << 20}})
	head := "--xyz\r\nContent-Disposition: form-data; name=\"scenario\"; filename=\"big.zip\"\r\nContent-Type: application/zip\r\n\r\n"
	body := &endless{head: []byte(head), n: 1 << 30}
	req := httptest.NewRequest("POST", "/api/runs", body)
	req.Header.Set("Content-Type", "multipart/form-data; boundary=xyz")
	rec := httptest.NewRecorder()
	ts.Handler().ServeHTTP(rec, req)
	if rec.Code != http.StatusRequestEntityTooLarge || !strings.Contains(rec.Body.String(), "larger than 1 MiB") {
		t.Fatalf("a 1 GB body: %d %s, want 413 naming the limit", rec.Code, rec.Body)
	}
	if body.off > 2<<20 {
		t.Fatalf("the server read %d bytes of a body limited to 1 MiB", body.off)
	}
	assertNothingStored(t, ts, dir)

	// The same through a real connection: the client gets the answer.
	body = &endless{head: []byte(head), n: 1 << 30}
	res, err := http.Post(ts.URL+"/api/runs", "multipart/form-data; boundary=xyz", body)
	if err == nil {
		res.Body.Close()
		if res.StatusCode != http.StatusRequestEntityTooLarge {
			t.Fatalf("over the network: %d, want 413", res.StatusCode)
		}
	} // else the server closed the connection while the client was still sending: also a refusal
	assertNothingStored(t, ts, dir)
}

func TestRequestPathsNeverReachOtherFiles(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t, Config{})
	id := ts.upload(t, zipOf(t, "", tiny(t, nil)))
	ts.wait(t, id)
	os.WriteFile(filepath.Join(ts.data, "runs", id, "plan", ".hidden"), []byte("x"), 0o644)
	for _, path := range []string{
		"/api/runs/" + id + "/files/..%2frun.json",
		"/api/runs/" + id + "/files/..%2F..%2F" + id + "%2Frun.json",
		"/api/runs/" + id + "/files/.hidden",
		"/api/runs/" + id + "/files/%2Fetc%2Fpasswd",
		"/api/runs/..%2f..%2fetc/files/passwd",
		"/api/runs/" + strings.Repeat("0", 32) + "/files/assignments.csv",
		"/runs/" + id + "/students/..%2f..%2f",
		"/static/../server.go",
	} {
		code, data := ts.do(t, "GET", path, nil)
		if code != 404 && code != 400 || contains(data, `"id"`) && contains(data, `"kind"`) {
			t.Errorf("GET %s: %d %s, want 404", path, code, data)
		}
	}
}

func TestFilesOneByOneAndTheDemoAreAccepted(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t, Config{})
	var b bytes.Buffer
	mw := newMultipart(&b)
	for name, data := range readDir(t, tinyDir) {
		fw, _ := mw.CreateFormFile("files", `C:\Users\officer\`+name) // as an old browser sends it
		fw.Write(data)
	}
	mw.Close()
	code, data := ts.do(t, "POST", "/api/runs", &b, "Content-Type", mw.FormDataContentType())
	if code != 201 {
		t.Fatalf("files one by one: %d %s", code, data)
	}
	var out struct{ ID string }
	jsonUnmarshal(data, &out)
	if st := ts.wait(t, out.ID); st.Status != StatusDone {
		t.Fatalf("files one by one: %s", st.Status)
	}
	b.Reset()
	mw = newMultipart(&b)
	fw, _ := mw.CreateFormFile("files", "students.csv")
	fw.Write([]byte("x"))
	mw.Close()
	if code, data := ts.do(t, "POST", "/api/runs", &b, "Content-Type", mw.FormDataContentType()); code != 400 || !contains(data, "scenario.yaml") {
		t.Fatalf("files without scenario.yaml: %d %s", code, data)
	}
}
