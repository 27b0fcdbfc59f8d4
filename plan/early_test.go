package plan

import (
	"context"
	"sync/atomic"
	"testing"
	"time"

	"placement/output"
)

// A stage started early logs no progress and holds its final record until
// its turn; cancelled before its turn, it logs neither.
func TestEarlyStageWaitsForItsTurn(t *testing.T) {
	t.Parallel()
	for _, turn := range []bool{true, false} {
		ctx, cancel := context.WithCancel(context.Background())
		var progressBefore, final, finished atomic.Bool
		started := make(chan struct{})
		at, stopped := startEarly(ctx, &Settings{}, func(ctx context.Context, _ *Settings, e *early) (output.Extra, error) {
			progressBefore.Store(e.progress())
			close(started)
			final.Store(e.final(ctx))
			finished.Store(true)
			return output.Extra{}, ctx.Err()
		})
		<-started
		time.Sleep(20 * time.Millisecond) // time enough to go wrong
		if finished.Load() {
			t.Fatal("the stage's final record did not wait for its turn")
		}
		if turn {
			if _, err := at(ctx, nil); err != nil {
				t.Fatal(err)
			}
			if !final.Load() {
				t.Error("at its turn the stage may not log its final record")
			}
		} else {
			cancel()
			stopped()
			if final.Load() {
				t.Error("a stage cancelled before its turn logs its final record")
			}
		}
		if progressBefore.Load() {
			t.Error("the stage may log progress before its turn")
		}
		cancel()
	}
}
