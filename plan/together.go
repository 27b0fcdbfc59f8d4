package plan

import (
	"context"
	"slices"
	"sync"
)

// A step is one piece of work of the pipeline that needs nothing from the
// steps run together with it (together).
type step struct {
	name string // as its log record's "stage"
	run  func(ctx context.Context, set *Settings) error
}

// together runs steps at the same time, each on a goroutine of its own, and
// returns when all are done. Each step's log records carry
// "concurrent_with": the names of the others, so that a reader of the log
// knows their wall times overlap.
//
// The error is deterministic, whatever the timing: the context's when it
// is done, else the error of the first step, in the order given, that
// failed. A step that fails cancels the steps after it (they would not be
// reported), never those before it, which run to their end: a step that
// fails because it was cancelled always comes after the step whose error
// is returned.
func together(ctx context.Context, set *Settings, steps ...step) error {
	names := make([]string, len(steps))
	for i, s := range steps {
		names[i] = s.name
	}
	ctxs := make([]context.Context, len(steps))
	cancels := make([]context.CancelFunc, len(steps))
	for i := range steps {
		ctxs[i], cancels[i] = context.WithCancel(ctx)
	}
	errs := make([]error, len(steps))
	var wg sync.WaitGroup
	for i, s := range steps {
		sset := *set
		if len(steps) > 1 {
			others := slices.Delete(slices.Clone(names), i, i+1)
			lg := set.log().With().Strs("concurrent_with", others).Logger()
			sset.Log = &lg
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := s.run(ctxs[i], &sset); err != nil {
				errs[i] = err
				for _, cancel := range cancels[i+1:] {
					cancel()
				}
			}
		}()
	}
	wg.Wait()
	for _, cancel := range cancels {
		cancel()
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}
