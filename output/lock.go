package output

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
)

// LockFile is the file, inside an output directory, that a run holds an
// advisory lock on (flock) while it works on the directory. It holds the
// id of the process that has it and is removed when the lock is released;
// one left by a killed run is taken over by the next.
const LockFile = ".placement.lock"

// InUseError says that another process holds the lock of an output
// directory.
type InUseError struct {
	Dir string
	PID int // 0 when not known
}

func (e *InUseError) Error() string {
	who := "another process"
	if e.PID > 0 {
		who = "process " + strconv.Itoa(e.PID)
	}
	return fmt.Sprintf("--out %s is in use by %s (another placement run writing a plan there); wait for it to finish, or choose another --out", e.Dir, who)
}

// Lock is the held lock of an output directory.
type Lock struct {
	dir, path string
	created   bool // LockDir created dir
	f         *os.File
	once      sync.Once
}

// LockDir takes the lock of output directory dir, creating dir if it is
// missing. It does not wait: when another process holds it, the error is
// an *InUseError naming that process. Release gives it back (and removes
// dir again if LockDir created it and nothing was written there).
func LockDir(dir string) (*Lock, error) {
	created := false
	if _, err := os.Stat(dir); errors.Is(err, os.ErrNotExist) {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return nil, fmt.Errorf("--out %s: %w", dir, cause(err))
		}
		created = true
	}
	l := &Lock{dir: dir, path: filepath.Join(dir, LockFile), created: created}
	for {
		f, err := os.OpenFile(l.path, os.O_RDWR|os.O_CREATE, 0o644)
		if err != nil {
			l.removeDir()
			return nil, fmt.Errorf("--out %s: cannot lock it: %w", dir, cause(err))
		}
		ok, err := tryLock(f)
		if err != nil {
			f.Close()
			l.removeDir()
			return nil, fmt.Errorf("--out %s: cannot lock it: %w", dir, err)
		}
		if !ok {
			pid := readPID(f)
			f.Close()
			return nil, &InUseError{Dir: dir, PID: pid}
		}
		// The holder before us removes the file as it lets go: if the path
		// is no longer the file we locked, lock the new one.
		fi, err1 := f.Stat()
		pi, err2 := os.Stat(l.path)
		if err1 != nil || err2 != nil || !os.SameFile(fi, pi) {
			f.Close()
			continue
		}
		f.Truncate(0)
		f.WriteAt([]byte(strconv.Itoa(os.Getpid())+"\n"), 0)
		l.f = f
		return l, nil
	}
}

func readPID(f *os.File) int {
	b, _ := io.ReadAll(io.LimitReader(f, 32))
	pid, err := strconv.Atoi(strings.TrimSpace(string(b)))
	if err != nil {
		return 0
	}
	return pid
}

// Release removes the lock file and lets go of the lock; if LockDir
// created the directory and it is empty, it is removed too. Calling it
// again does nothing. A command releases it as it returns, also when a
// signal cancelled it (the lock file of a run killed outright is taken
// over by the next run).
func (l *Lock) Release() {
	if l == nil {
		return
	}
	l.once.Do(func() {
		os.Remove(l.path) // before unlocking: a waiter then sees a new file
		unlock(l.f)
		l.f.Close()
		l.removeDir()
	})
}

// removeDir removes the directory LockDir created, if it is empty.
func (l *Lock) removeDir() {
	if l.created {
		os.Remove(l.dir) // fails, as it should, when it holds anything
	}
}
