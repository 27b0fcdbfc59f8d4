package output

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"syscall"
)

// TempPrefix starts the name of the temporary directory WriteDir makes
// inside the output directory: .placement-tmp-<process id>-<random>. One
// left behind by a killed run holds no output; the next write into the
// directory removes it once its process is gone.
const TempPrefix = ".placement-tmp-"

// afterWrite, when set by a test, runs after each file is written to the
// temporary directory; an error it returns fails the write there.
var afterWrite func(name string) error

// WriteDir writes files into dir (created if missing), all or nothing as
// far as a file system allows. The last file is the commit marker
// (summary.json, which lists the others with their SHA-256):
//
//  1. Every destination is checked first: one that exists and is not a
//     regular file fails the write before anything is touched.
//  2. Every file is written into a fresh temporary directory
//     dir/.placement-tmp-* (on dir's file system, so a rename is atomic)
//     and fsynced; then the temporary directory is fsynced.
//  3. Only once all are written: the old marker is removed (and dir
//     fsynced), the other files are renamed into place in order, (for
//     WritePlan) the previous plan's files that the new one lacks are
//     removed, the new marker is renamed last, and dir is fsynced.
//  4. The temporary directory is removed, whether or not the write
//     succeeded.
//
// An error in steps 1–2 leaves dir exactly as it was: previous outputs
// are untouched and no new file appears. The residual window is step 3:
// a crash, or a failing rename, between the first and the last rename
// leaves some new files next to old ones — but never next to a marker,
// since the old one is gone before the first rename and the new one comes
// after the last. So a directory with a summary.json holds one complete
// plan (which its sha256 list lets a reader verify), and one without it
// holds none to trust. Each file on its own is always complete: renames
// never expose half a file.
//
// Files in dir that are not being written are never touched (WritePlan
// also removes the previous plan's). Temporary directories left by killed
// runs are removed first. Two runs writing the same dir at once are kept
// apart by LockDir, which the commands take before they solve.
func WriteDir(dir string, files []File) error {
	return WriteDirContext(context.Background(), dir, files)
}

// WritePlan is WriteDir for a plan, whose last file is summary.json: a
// plan directory holds one plan. The files the previous plan's
// summary.json lists and the new plan does not write are removed as part
// of the replacement — after the old summary.json is gone and the new
// files are in place, before the new summary.json is — so that a
// directory with a summary.json never holds files of another plan. Only
// regular files the old summary.json lists are removed, never one of
// inputs (the run's input files, compared with os.SameFile). The report
// lists what was removed, and the leftover temporary directories.
func WritePlan(dir string, files []File, inputs []string) (Report, error) {
	return WritePlanContext(context.Background(), dir, files, inputs)
}

// WritePlanContext is WritePlan that gives up as WriteDirContext does.
func WritePlanContext(ctx context.Context, dir string, files []File, inputs []string) (Report, error) {
	if len(files) == 0 || files[len(files)-1].Name != SummaryFile {
		return Report{}, fmt.Errorf("output: a plan ends with %s", SummaryFile)
	}
	return writeDir(ctx, dir, files, true, inputs)
}

// WriteDirContext is WriteDir that gives up when ctx is done (a front end
// cancels it on SIGINT or SIGTERM) before step 3: it checks before it starts, after
// each file it writes and before the commit, and then returns an error
// wrapping context.Canceled (or ctx.Err()) with dir exactly as it was and
// the temporary directory removed. Once the commit has begun it is
// finished regardless: the renames take microseconds, and stopping
// between them would leave a directory with no summary.json.
func WriteDirContext(ctx context.Context, dir string, files []File) error {
	_, err := writeDir(ctx, dir, files, false, nil)
	return err
}

// writeDir is WriteDirContext, and WritePlanContext when plan is set.
func writeDir(ctx context.Context, dir string, files []File, plan bool, inputs []string) (rep Report, err error) {
	if err := interrupted(ctx, dir); err != nil {
		return rep, err
	}
	if len(files) == 0 {
		return rep, nil
	}
	seen := make(map[string]bool, len(files))
	for _, f := range files {
		if f.Name == "" || f.Name != filepath.Base(f.Name) || f.Name == "." || f.Name == ".." {
			return rep, fmt.Errorf("output: bad file name %q", f.Name)
		}
		if seen[f.Name] {
			return rep, fmt.Errorf("output: file %q given twice", f.Name)
		}
		seen[f.Name] = true
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return rep, fmt.Errorf("output: %w", err)
	}

	// 1. Check every destination before touching anything.
	for _, f := range files {
		fi, err := os.Lstat(filepath.Join(dir, f.Name))
		switch {
		case errors.Is(err, os.ErrNotExist):
		case err != nil:
			return rep, fmt.Errorf("output: %w", err)
		case !fi.Mode().IsRegular():
			return rep, fmt.Errorf("output: %s exists and is not a regular file", filepath.Join(dir, f.Name))
		}
	}

	// What a killed run left is removed first; what the previous plan
	// has and this one lacks is known before anything changes.
	rep.Leftovers = leftovers(dir)
	var stale []string
	if plan {
		stale = staleFiles(dir, files, inputs)
	}

	// 2. Write everything into a temporary directory.
	tmp, err := os.MkdirTemp(dir, tempPattern())
	if err != nil {
		return rep, fmt.Errorf("output: %w", err)
	}
	defer func() {
		if rerr := os.RemoveAll(tmp); rerr != nil && err == nil {
			err = fmt.Errorf("output: removing %s: %w", tmp, rerr)
		}
	}()
	for _, f := range files {
		if err := writeFile(filepath.Join(tmp, f.Name), f.Data); err != nil {
			return rep, err
		}
		if afterWrite != nil {
			if err := afterWrite(f.Name); err != nil {
				return rep, err
			}
		}
		if err := interrupted(ctx, dir); err != nil {
			return rep, err
		}
	}
	if err := syncDir(tmp); err != nil {
		return rep, err
	}
	if err := interrupted(ctx, dir); err != nil {
		return rep, err
	}

	// 3. Commit: marker out, files in, the previous plan's other files
	// out, marker in.
	marker := files[len(files)-1].Name
	if err := os.Remove(filepath.Join(dir, marker)); err != nil && !errors.Is(err, os.ErrNotExist) {
		return rep, fmt.Errorf("output: %w", err)
	}
	if err := syncDir(dir); err != nil {
		return rep, err
	}
	for i, f := range files {
		if i == len(files)-1 {
			for _, name := range stale {
				if err := os.Remove(filepath.Join(dir, name)); err != nil && !errors.Is(err, os.ErrNotExist) {
					return rep, fmt.Errorf("output: removing %s of the previous plan (the new files are in place, %s is missing): %w",
						name, marker, err)
				}
				rep.Removed = append(rep.Removed, name)
			}
		}
		if err := os.Rename(filepath.Join(tmp, f.Name), filepath.Join(dir, f.Name)); err != nil {
			return rep, fmt.Errorf("output: committing %s (the files before it are replaced, %s is missing): %w",
				f.Name, marker, err)
		}
	}
	return rep, syncDir(dir)
}

// staleFiles are the files of the previous plan in dir (its summary.json
// lists them) that files does not hold: regular files only (not a link,
// not a directory), and none that is one of inputs.
func staleFiles(dir string, files []File, inputs []string) []string {
	var ins []os.FileInfo
	for _, in := range inputs {
		if fi, err := os.Stat(in); err == nil {
			ins = append(ins, fi)
		}
	}
	var stale []string
	for _, name := range previousPlan(dir) {
		if slices.ContainsFunc(files, func(f File) bool { return f.Name == name }) {
			continue
		}
		fi, err := os.Lstat(filepath.Join(dir, name))
		if err != nil || !fi.Mode().IsRegular() {
			continue
		}
		if slices.ContainsFunc(ins, func(in os.FileInfo) bool { return os.SameFile(fi, in) }) {
			continue
		}
		stale = append(stale, name)
	}
	return stale
}

// interrupted is the error of a write given up because ctx is done, or nil.
func interrupted(ctx context.Context, dir string) error {
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("output: interrupted; %s is as it was: %w", dir, err)
	}
	return nil
}

// writeFile creates name, writes data and fsyncs it.
func writeFile(name string, data []byte) error {
	f, err := os.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return fmt.Errorf("output: %w", err)
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		return fmt.Errorf("output: writing %s: %w", name, err)
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return fmt.Errorf("output: syncing %s: %w", name, err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("output: closing %s: %w", name, err)
	}
	return nil
}

// syncDir fsyncs a directory, so that the names created, renamed or
// removed in it survive a crash. File systems that cannot sync a
// directory (EINVAL, ENOTSUP), and Windows, are let be.
func syncDir(dir string) error {
	if runtime.GOOS == "windows" {
		return nil
	}
	d, err := os.Open(dir)
	if err != nil {
		return fmt.Errorf("output: %w", err)
	}
	defer d.Close()
	if err := d.Sync(); err != nil && !errors.Is(err, syscall.EINVAL) && !errors.Is(err, syscall.ENOTSUP) {
		return fmt.Errorf("output: syncing %s: %w", dir, err)
	}
	return nil
}
