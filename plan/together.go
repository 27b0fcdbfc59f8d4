package plan

import (
	"context"
	"sync"
)

// A step is one piece of work of the pipeline, run together with others
// whose results it does not need (together).
type step struct {
	name string // as its log record's "stage"
	// after, when not "", names an earlier step that this one starts after
	// (to keep their memory apart, not for its result).
	after string
	run   func(ctx context.Context, set *Settings) error
}

// together runs steps at the same time, each on a goroutine of its own
// (a step with an after waits for that step to end), and returns when all
// are done. Each step's log records carry "concurrent_with": the steps
// that may run at the same time as it, so that a reader of the log knows
// their wall times overlap.
//
// The error is deterministic, whatever the timing: the context's when it
// is done, else the error of the first step, in the order given, that
// failed. A step that fails cancels the steps after it (they would not be
// reported), never those before it, which run to their end: a step that
// fails because it was cancelled always comes after the step whose error
// is returned.
func together(ctx context.Context, set *Settings, steps ...step) error {
	index := map[string]int{}
	for i, s := range steps {
		index[s.name] = i
	}
	ctxs := make([]context.Context, len(steps))
	cancels := make([]context.CancelFunc, len(steps))
	done := make([]chan struct{}, len(steps))
	for i := range steps {
		ctxs[i], cancels[i] = context.WithCancel(ctx)
		done[i] = make(chan struct{})
	}
	errs := make([]error, len(steps))
	var wg sync.WaitGroup
	for i, s := range steps {
		sset := *set
		var with []string
		for _, o := range steps {
			if o.name != s.name && o.name != s.after && o.after != s.name {
				with = append(with, o.name)
			}
		}
		if len(with) > 0 {
			lg := set.log().With().Strs("concurrent_with", with).Logger()
			sset.Log = &lg
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer close(done[i])
			err := ctxs[i].Err()
			if j, ok := index[s.after]; ok && j < i {
				select {
				case <-done[j]:
				case <-ctxs[i].Done():
				}
				err = ctxs[i].Err()
			}
			if err == nil {
				err = s.run(ctxs[i], &sset)
			}
			if err != nil {
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
