package server

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"os"
	"path/filepath"

	"placement/output"
)

// A re-plan is an upload with the field "previous" naming a done run: the
// new run solves the uploaded scenario with plan.Replan against that run's
// plan, and its plan directory adds changes.csv and the summary's "replan"
// counts. The previous plan's files are copied into the new run's
// previous/ directory when the upload is received, so that the run stays
// whole when its base is deleted, and runs again after a restart.

// previousDir is where a re-plan run keeps the plan it started from.
func (s *store) previousDir(id string) string { return filepath.Join(s.runDir(id), "previous") }

// previousFiles are the files of a plan directory plan.LoadPrevious reads;
// assignments.csv is required, the others are copied when present.
var previousFiles = []string{output.AssignmentsFile, output.UnassignedFile, output.MentorPairsFile, output.TrainingScheduleFile}

// takePrevious checks that base names a done plan run and copies its plan
// files into dir/previous (dir: the upload's directory, not yet stored).
func (s *Server) takePrevious(base, dir string) error {
	rs, ok := s.store.get(base)
	if !ok {
		return &httpError{http.StatusNotFound, fmt.Sprintf("no run %q to re-plan against", base)}
	}
	run := rs.snapshot()
	if run.Status != StatusDone || run.Kind == KindWhatif {
		return &httpError{http.StatusConflict, fmt.Sprintf("run %s is %s %s: re-plan against a done plan run", base, run.Kind, run.Status)}
	}
	to := filepath.Join(dir, "previous")
	if err := os.Mkdir(to, 0o755); err != nil {
		return err
	}
	for _, name := range previousFiles {
		err := copyFile(filepath.Join(s.store.planDir(base), name), filepath.Join(to, name))
		switch {
		case errors.Is(err, fs.ErrNotExist) && name != output.AssignmentsFile:
		case errors.Is(err, fs.ErrNotExist):
			return &httpError{http.StatusConflict, fmt.Sprintf("run %s has no %s (deleted meanwhile?)", base, name)}
		case err != nil:
			return err
		}
	}
	return nil
}

func copyFile(from, to string) error {
	in, err := os.Open(from)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(to, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o644)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

// changesPageSize is the rows of a page of the changes table.
const changesPageSize = 50
