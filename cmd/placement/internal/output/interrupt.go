package output

import (
	"context"
	"sync"
)

// Interrupting writes.
//
// A process stopped by a signal must not leave a half-written plan or a
// temporary directory behind. Every write of this package (WriteDir,
// WriteDirContext) and every write wrapped in Guard holds writeMu;
// Interrupt cancels them and waits for the one in progress, which gives up
// cleanly (see WriteDirContext) or, if it was already renaming its files
// into place, completes. After Interrupt no write starts: the caller is
// about to exit.

var (
	writeMu             sync.Mutex
	stopCtx, stopWrites = context.WithCancel(context.Background())
	wrote               bool // a write completed; guarded by writeMu
)

// Interrupt stops every write, in progress or to come, and returns once
// none is in progress. It reports whether a write completed before (its
// files are complete and in place).
func Interrupt() (wroteFiles bool) {
	stopWrites()
	writeMu.Lock()
	defer writeMu.Unlock()
	return wrote
}

// Guard runs write, a write that does not go through WriteDir (the
// generator's, say), so that Interrupt waits for it to finish; it fails
// without running write once Interrupt was called. write must not call
// WriteDir.
func Guard(write func() error) error {
	writeMu.Lock()
	defer writeMu.Unlock()
	if err := interrupted(context.Background(), "the output"); err != nil {
		return err
	}
	err := write()
	if err == nil {
		wrote = true
	}
	return err
}

// resetInterrupt undoes Interrupt, for tests.
func resetInterrupt() {
	writeMu.Lock()
	defer writeMu.Unlock()
	stopCtx, stopWrites = context.WithCancel(context.Background())
	wrote = false
}
