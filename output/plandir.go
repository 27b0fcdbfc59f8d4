package output

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"
)

// The plan directory.
//
// An output directory holds one plan: WritePlan replaces the previous
// plan's files with the new plan's, and removes — in the same atomic
// replacement — the files of the previous plan that the new one does not
// write. The previous plan's files are the ones its summary.json lists;
// nothing else in the directory is ever removed. Before any work a command
// checks its --out (CheckOutDir), that no write or removal would hit an
// input file (CheckPlanInputs), and takes the directory's lock (LockDir),
// so that two runs never interleave their files.

// ProductFiles are the names of every file a plan can hold, whatever its
// stages: the files CheckPlanInputs refuses to see an input under.
var ProductFiles = []string{
	AssignmentsFile, UnassignedFile, EnterprisesFile,
	TrainingScheduleFile, TrainingUnscheduledFile, BasesUtilizationFile,
	MentorPairsFile, MentorLoadFile, MentorMissingFile,
	SummaryFile,
}

// CheckOutDir refuses, before any work is done, an output directory that
// cannot be written: a path that is a file, a directory that is not
// writable or on a read-only file system, or a path that does not exist
// under a directory where it cannot be created. It creates nothing.
func CheckOutDir(dir string) error {
	fi, err := os.Stat(dir)
	switch {
	case err == nil && !fi.IsDir():
		return fmt.Errorf("--out %s is a file, not a directory", dir)
	case err == nil:
		if err := probe(dir); err != nil {
			return fmt.Errorf("--out %s cannot be written: %w", dir, err)
		}
		return nil
	case !errors.Is(err, fs.ErrNotExist) && !errors.Is(err, syscall.ENOTDIR):
		return fmt.Errorf("--out %s: %w", dir, cause(err))
	}
	// It does not exist: the nearest directory that does must let it be made.
	parent := dir
	for {
		next := filepath.Dir(parent)
		if next == parent {
			return nil
		}
		parent = next
		fi, err := os.Stat(parent)
		switch {
		case errors.Is(err, fs.ErrNotExist):
			continue
		case err != nil:
			return fmt.Errorf("--out %s cannot be created: %s: %w", dir, parent, cause(err))
		case !fi.IsDir():
			return fmt.Errorf("--out %s cannot be created: %s is a file, not a directory", dir, parent)
		}
		if err := probe(parent); err != nil {
			return fmt.Errorf("--out %s cannot be created in %s: %w", dir, parent, err)
		}
		return nil
	}
}

// probe makes and removes an entry in dir, as the write will: the one test
// that every file system answers truly (permissions, a read-only mount,
// /proc). The entry is named like a temporary directory of this process,
// so that a kill at that instant leaves nothing the next run keeps.
func probe(dir string) error {
	p, err := os.MkdirTemp(dir, tempPattern())
	if err != nil {
		return cause(err)
	}
	return os.Remove(p)
}

func cause(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// CheckPlanInputs refuses an output directory where writing a plan would
// replace or remove an input file: one of inputs (the scenario's files, an
// assignments file) that is the same file as dir/name for a name the plan
// may write (ProductFiles) or may remove (the files the previous plan's
// summary.json lists). Paths are compared as files (os.SameFile), so a
// relative path, a symbolic link or a hard link is caught too.
func CheckPlanInputs(dir string, inputs []string) error {
	names := append(slices.Clone(ProductFiles), previousPlan(dir)...)
	return CheckInputs(dir, names, inputs)
}

// CheckInputs refuses a write of the given names into dir that would
// replace one of inputs (see CheckPlanInputs).
func CheckInputs(dir string, names, inputs []string) error {
	var ins []fs.FileInfo
	var inNames []string
	for _, in := range inputs {
		if fi, err := os.Stat(in); err == nil {
			ins = append(ins, fi)
			inNames = append(inNames, in)
		}
	}
	for _, name := range names {
		fi, err := os.Stat(filepath.Join(dir, name))
		if err != nil {
			continue
		}
		for i, in := range ins {
			if os.SameFile(fi, in) {
				return fmt.Errorf("--out %s would replace the input file %s (as %s); choose another --out directory", dir, inNames[i], name)
			}
		}
	}
	return nil
}

// maxSummaryBytes bounds the summary.json read back to learn the previous
// plan's files.
const maxSummaryBytes = 1 << 20

// previousPlan is the list of files the summary.json in dir says it was
// written with: plain file names, other than summary.json, that a plan
// of this program can hold. Nothing when there is no readable
// summary.json; then no file is ever removed.
func previousPlan(dir string) []string {
	f, err := os.Open(filepath.Join(dir, SummaryFile))
	if err != nil {
		return nil
	}
	defer f.Close()
	if fi, err := f.Stat(); err != nil || !fi.Mode().IsRegular() || fi.Size() > maxSummaryBytes {
		return nil
	}
	var s struct {
		Files []struct {
			Name string `json:"name"`
		} `json:"files"`
	}
	if json.NewDecoder(f).Decode(&s) != nil {
		return nil
	}
	var names []string
	for _, e := range s.Files {
		if validName(e.Name) && e.Name != SummaryFile && !strings.HasPrefix(e.Name, TempPrefix) && !slices.Contains(names, e.Name) {
			names = append(names, e.Name)
		}
	}
	return names
}

func validName(name string) bool {
	return name != "" && name != "." && name != ".." && name == filepath.Base(name) && !strings.ContainsAny(name, `/\`)
}

// Report says what a write did besides writing its files.
type Report struct {
	// Removed are the files of the previous plan that the new one does not
	// write, removed as part of the replacement.
	Removed []string
	// Leftovers are temporary directories left by runs that were killed
	// while writing, removed before the write.
	Leftovers []string
}

// leftovers removes the temporary directories in dir whose owner — the
// process whose id their name holds — is gone, and returns their names.
// One without an id in its name, or whose owner still runs, is left.
func leftovers(dir string) []string {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil
	}
	var removed []string
	for _, e := range entries {
		rest, ok := strings.CutPrefix(e.Name(), TempPrefix)
		if !ok || !e.IsDir() {
			continue
		}
		digits, _, _ := strings.Cut(rest, "-")
		pid, err := strconv.Atoi(digits)
		if err != nil || pid <= 0 {
			continue
		}
		if pid != os.Getpid() && alive(pid) {
			continue // a run in progress (it is not ours: our writes are one at a time)
		}
		if os.RemoveAll(filepath.Join(dir, e.Name())) == nil {
			removed = append(removed, e.Name())
		}
	}
	return removed
}

// tempPattern is the os.MkdirTemp pattern of this process's temporary
// directories: the process id first, so that a leftover's owner is known.
func tempPattern() string { return TempPrefix + strconv.Itoa(os.Getpid()) + "-*" }
