package server

import (
	"archive/zip"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"os"
	"path"
	"path/filepath"
	"strings"

	"placement/model"
	"placement/scenarios"
)

// Limits bound what one request may bring. The zero value of a field means
// its default.
type Limits struct {
	// Body is the most bytes of a request body (an upload): default 256 MiB.
	// The body is read as a stream and refused as soon as it passes this.
	Body int64
	// Files is the most files an upload (or a zip in it) may hold: default
	// 200.
	Files int
	// FileBytes is the most bytes of one file once extracted, declared by
	// the zip and as actually read: default model.MaxFileBytes, the most
	// the loader reads of a data file.
	FileBytes int64
	// TotalBytes is the most bytes of all files of an upload once
	// extracted: default 1 GiB.
	TotalBytes int64
}

// Default limits.
const (
	DefaultMaxBody    = 256 << 20
	DefaultMaxFiles   = 200
	DefaultTotalBytes = 1 << 30
)

func (l Limits) withDefaults() Limits {
	if l.Body <= 0 {
		l.Body = DefaultMaxBody
	}
	if l.Files <= 0 {
		l.Files = DefaultMaxFiles
	}
	if l.FileBytes <= 0 {
		l.FileBytes = model.MaxFileBytes
	}
	if l.TotalBytes <= 0 {
		l.TotalBytes = DefaultTotalBytes
	}
	return l
}

// httpError is an error with the status it answers and a message for the
// user.
type httpError struct {
	code int
	msg  string
}

func (e *httpError) Error() string { return e.msg }

func badRequest(format string, args ...any) error {
	return &httpError{http.StatusBadRequest, fmt.Sprintf(format, args...)}
}

// ScenarioFile is the scenario's YAML at the root of an upload or of its
// single top folder.
const ScenarioFile = "scenario.yaml"

// upload is what a request brought: files extracted into dir/input.
type upload struct {
	dir  string // a directory under tmp: input/ and maybe upload.zip
	path string // the scenario file inside input/
	kind string
	// previous is the field "previous": the id of a done run to re-plan
	// against ("" for a plain upload).
	previous string
}

// receive reads a multipart upload as a stream into a fresh directory
// under tmp. Fields: "scenario" (a .zip), "files" (each a file of the
// scenario, scenario.yaml among them), "demo" (any value: the embedded
// demo), "previous" (a run id: re-plan against that run's plan). Other
// fields are read and ignored. On error nothing is left.
func (s *Server) receive(w http.ResponseWriter, r *http.Request) (up *upload, err error) {
	lim := s.limits
	r.Body = http.MaxBytesReader(w, r.Body, lim.Body)
	mr, err := r.MultipartReader()
	if err != nil {
		return nil, badRequest("the request must be a multipart/form-data upload: %v", err)
	}
	dir, err := s.store.tempDir()
	if err != nil {
		return nil, err
	}
	defer func() {
		if err != nil {
			os.RemoveAll(dir)
		}
	}()
	in := filepath.Join(dir, "input")
	if err := os.Mkdir(in, 0o755); err != nil {
		return nil, err
	}
	root, err := os.OpenRoot(in)
	if err != nil {
		return nil, err
	}
	defer root.Close()

	up = &upload{dir: dir}
	var files, zips int
	var total int64
	for {
		part, err := mr.NextPart()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, bodyError(err, lim)
		}
		switch part.FormName() {
		case "scenario":
			if part.FileName() == "" {
				break
			}
			zips++
			if zips > 1 || files > 0 {
				return nil, badRequest("send one scenario .zip, or the files one by one, not both")
			}
			zpath := filepath.Join(dir, "upload.zip")
			if err := saveStream(zpath, part); err != nil {
				return nil, bodyError(err, lim)
			}
			if up.path, err = extractZip(zpath, root, lim); err != nil {
				return nil, err
			}
			up.kind = KindUpload
		case "files":
			name := part.FileName()
			if name == "" {
				break // an empty file input
			}
			if zips > 0 {
				return nil, badRequest("send one scenario .zip, or the files one by one, not both")
			}
			name = path.Base(strings.ReplaceAll(name, `\`, "/")) // browsers may send a path
			if err := checkName(name); err != nil {
				return nil, err
			}
			files++
			if files > lim.Files {
				return nil, badRequest("the upload holds more than %d files", lim.Files)
			}
			n, err := saveLimited(root, name, part, lim.FileBytes)
			if err != nil {
				return nil, bodyError(err, lim)
			}
			if total += n; total > lim.TotalBytes {
				return nil, badRequest("the files add up to more than %d MiB", lim.TotalBytes>>20)
			}
			up.kind = KindUpload
		case "previous":
			b, err := io.ReadAll(io.LimitReader(part, 65))
			if err != nil {
				return nil, bodyError(err, lim)
			}
			if up.previous = strings.TrimSpace(string(b)); !validID(up.previous) {
				return nil, badRequest("the field \"previous\" must be the id of a run, not %q", up.previous)
			}
		case "demo":
			if _, err := io.Copy(io.Discard, part); err != nil {
				return nil, bodyError(err, lim)
			}
			if zips > 0 || files > 0 {
				return nil, badRequest("the demo city takes no files")
			}
			if err := copyFS(root, scenarios.DemoFS()); err != nil {
				return nil, err
			}
			up.kind, up.path = KindDemo, ScenarioFile
		default:
			if _, err := io.Copy(io.Discard, part); err != nil {
				return nil, bodyError(err, lim)
			}
		}
	}
	if up.kind == "" {
		return nil, badRequest("the upload holds no scenario: send a .zip in the field \"scenario\", the files in \"files\", or \"demo\"")
	}
	if files > 0 {
		if _, err := root.Stat(ScenarioFile); err != nil {
			return nil, badRequest("the files hold no %s: it names the other files and the policy", ScenarioFile)
		}
		up.path = ScenarioFile
	}
	return up, nil
}

// bodyError turns an error reading the body into the answer the client
// gets: 413 past the limit, 400 for a malformed form.
func bodyError(err error, lim Limits) error {
	var he *httpError
	if errors.As(err, &he) {
		return err
	}
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) {
		return &httpError{http.StatusRequestEntityTooLarge,
			fmt.Sprintf("the upload is larger than %d MiB, the most this server accepts", lim.Body>>20)}
	}
	return badRequest("the upload could not be read (malformed multipart form?): %v", err)
}

func saveStream(name string, r io.Reader) error {
	f, err := os.Create(name)
	if err != nil {
		return err
	}
	if _, err := io.Copy(f, r); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// saveLimited writes r into root/name, refusing more than max bytes.
func saveLimited(root *os.Root, name string, r io.Reader, max int64) (int64, error) {
	if dir := path.Dir(name); dir != "." {
		if err := root.MkdirAll(dir, 0o755); err != nil {
			return 0, err
		}
	}
	f, err := root.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		if errors.Is(err, fs.ErrExist) {
			return 0, badRequest("the upload holds %q twice", name)
		}
		return 0, err
	}
	n, err := io.Copy(f, io.LimitReader(r, max+1))
	cerr := f.Close()
	if err != nil {
		return n, err
	}
	if n > max {
		return n, badRequest("%q is larger than %d MiB, the most one file may be", name, max>>20)
	}
	return n, cerr
}

// checkName refuses a name that could leave the upload's folder or hide.
func checkName(name string) error {
	switch {
	case strings.ContainsAny(name, "\\\x00"), !filepath.IsLocal(name), !fs.ValidPath(name):
		return badRequest("the file name %q is not allowed: it must stay inside the upload's folder", name)
	case len(name) > 255:
		return badRequest("the file name %q is too long", name)
	}
	for _, seg := range strings.Split(name, "/") {
		if strings.HasPrefix(seg, ".") {
			return badRequest("the file name %q is not allowed: no part may start with a dot", name)
		}
	}
	return nil
}

// ignored are the entries a zip made on a Mac or Windows holds besides the
// files: skipped, not refused.
func ignored(name string) bool {
	base := path.Base(name)
	return strings.HasPrefix(name, "__MACOSX/") || base == ".DS_Store" || strings.HasPrefix(base, "._") || base == "Thumbs.db"
}

// extractZip checks every entry of the zip and extracts the files into
// root; it returns the scenario file's path inside root. Refused: names
// that are absolute, climb out with "..", or hold a backslash; symbolic
// links and other non-regular files; more than lim.Files files; a file
// that declares or, while extracted, turns out to hold more than
// lim.FileBytes; more than lim.TotalBytes in all.
func extractZip(zpath string, root *os.Root, lim Limits) (string, error) {
	zr, err := zip.OpenReader(zpath)
	if err != nil {
		return "", badRequest("the scenario is not a readable .zip file: %v", err)
	}
	defer zr.Close()
	var entries []*zip.File
	var declared uint64
	for _, f := range zr.File {
		name := f.Name
		if strings.HasSuffix(name, "/") && f.Mode().IsDir() {
			if err := checkName(strings.TrimSuffix(name, "/")); err != nil {
				return "", zipError(name, err)
			}
			continue
		}
		if ignored(name) {
			continue
		}
		if err := checkName(name); err != nil {
			return "", zipError(name, err)
		}
		if f.Mode()&fs.ModeSymlink != 0 {
			return "", badRequest("zip entry %q is a symbolic link; only plain files are accepted", name)
		}
		if !f.Mode().IsRegular() {
			return "", badRequest("zip entry %q is not a plain file", name)
		}
		if len(entries)+1 > lim.Files {
			return "", badRequest("the zip holds more than %d files", lim.Files)
		}
		if f.UncompressedSize64 > uint64(lim.FileBytes) {
			return "", badRequest("zip entry %q declares %d MiB; the most one file may be is %d MiB", name, f.UncompressedSize64>>20, lim.FileBytes>>20)
		}
		if declared += f.UncompressedSize64; declared > uint64(lim.TotalBytes) {
			return "", badRequest("the zip's files declare more than %d MiB in all", lim.TotalBytes>>20)
		}
		entries = append(entries, f)
	}
	scenario, err := findScenario(entries)
	if err != nil {
		return "", err
	}
	var total int64
	for _, f := range entries {
		rc, err := f.Open()
		if err != nil {
			return "", badRequest("zip entry %q cannot be read: %v", f.Name, err)
		}
		// Read no more than declared (and allowed) + 1 byte: a file that
		// holds more than it declares is a zip bomb.
		max := min(int64(f.UncompressedSize64), lim.FileBytes)
		n, err := saveLimited(root, f.Name, io.LimitReader(rc, max+1), max)
		rc.Close()
		if err != nil {
			var he *httpError
			// archive/zip itself stops a file that outgrows its declared size
			// with ErrFormat; our limit stops one past the per-file limit.
			if errors.As(err, &he) || n > max || errors.Is(err, zip.ErrFormat) {
				return "", badRequest("zip entry %q holds more than it declares (%d bytes): refused as a zip bomb", f.Name, f.UncompressedSize64)
			}
			if errors.Is(err, zip.ErrChecksum) || errors.Is(err, zip.ErrFormat) {
				return "", badRequest("zip entry %q is damaged: %v", f.Name, err)
			}
			return "", err
		}
		if total += n; total > lim.TotalBytes {
			return "", badRequest("the zip's files hold more than %d MiB in all", lim.TotalBytes>>20)
		}
	}
	return scenario, nil
}

func zipError(name string, err error) error {
	return badRequest("zip entry %q refused: %v", name, err)
}

// findScenario is scenario.yaml at the zip's root, or in its single top
// folder.
func findScenario(entries []*zip.File) (string, error) {
	tops := map[string]bool{}
	has := map[string]bool{}
	for _, f := range entries {
		has[f.Name] = true
		top, _, nested := strings.Cut(f.Name, "/")
		if nested {
			tops[top+"/"] = true
		} else {
			tops[""] = true
		}
	}
	if has[ScenarioFile] {
		return ScenarioFile, nil
	}
	if len(tops) == 1 {
		for top := range tops {
			if has[top+ScenarioFile] {
				return top + ScenarioFile, nil
			}
		}
	}
	return "", badRequest("the zip holds no %s at its root or in a single top folder", ScenarioFile)
}

// copyFS copies every file of src into root.
func copyFS(root *os.Root, src fs.FS) error {
	return fs.WalkDir(src, ".", func(name string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		f, err := src.Open(name)
		if err != nil {
			return err
		}
		defer f.Close()
		_, err = saveLimited(root, name, f, model.MaxFileBytes)
		return err
	})
}

// copyDir copies a run's input directory into root (a what-if or a variant
// keeps its own copy of the scenario it varies).
func copyDir(root *os.Root, dir string) error {
	src, err := os.OpenRoot(dir)
	if err != nil {
		return err
	}
	defer src.Close()
	return copyFS(root, src.FS())
}
