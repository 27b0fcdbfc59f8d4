package plan

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/rs/zerolog"
)

// together's error is the first failed step's in the given order, whatever
// the timing; a failure cancels the later steps, never the earlier ones.
func TestTogetherErrorOrder(t *testing.T) {
	t.Parallel()
	errA, errB := errors.New("a"), errors.New("b")
	set := &Settings{}

	// The later step fails first: the earlier one runs to its end and its
	// error is the one returned.
	var earlierCancelled bool
	err := together(context.Background(), set,
		step{name: "a", run: func(ctx context.Context, _ *Settings) error {
			time.Sleep(20 * time.Millisecond)
			earlierCancelled = ctx.Err() != nil
			return errA
		}},
		step{name: "b", run: func(context.Context, *Settings) error { return errB }})
	if err != errA || earlierCancelled {
		t.Errorf("got %v (earlier step cancelled: %v), want a", err, earlierCancelled)
	}

	// The earlier step fails: the later one is cancelled, and its
	// cancellation is not the error.
	err = together(context.Background(), set,
		step{name: "a", run: func(context.Context, *Settings) error { return errA }},
		step{name: "b", run: func(ctx context.Context, _ *Settings) error {
			select {
			case <-ctx.Done():
				return ctx.Err()
			case <-time.After(10 * time.Second):
				return errB
			}
		}})
	if err != errA {
		t.Errorf("got %v, want a", err)
	}

	// All succeed: nil; a done context: its error.
	ok := func(context.Context, *Settings) error { return nil }
	if err := together(context.Background(), set, step{name: "a", run: ok}, step{name: "b", run: ok}); err != nil {
		t.Errorf("got %v, want nil", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := together(ctx, set, step{name: "a", run: ok}, step{name: "b", run: func(ctx context.Context, _ *Settings) error { return ctx.Err() }}); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled: got %v", err)
	}
}

// Each step's records name the steps run with it; a step alone is logged
// as it was.
func TestTogetherLogsWhatOverlaps(t *testing.T) {
	t.Parallel()
	var buf bytes.Buffer
	lg := zerolog.New(zerolog.SyncWriter(&buf))
	logStep := func(name string) step {
		return step{name: name, run: func(_ context.Context, set *Settings) error {
			set.log().Info().Str("stage", name).Msg("done")
			return nil
		}}
	}
	if err := together(context.Background(), &Settings{Log: &lg}, logStep("a"), logStep("b"), logStep("c")); err != nil {
		t.Fatal(err)
	}
	if err := together(context.Background(), &Settings{Log: &lg}, logStep("alone")); err != nil {
		t.Fatal(err)
	}
	// d starts after a2 ends: they do not overlap.
	var aDone bool
	err := together(context.Background(), &Settings{Log: &lg},
		step{name: "a2", run: func(_ context.Context, set *Settings) error {
			time.Sleep(20 * time.Millisecond)
			aDone = true
			set.log().Info().Str("stage", "a2").Msg("done")
			return nil
		}},
		logStep("b2"),
		step{name: "d", after: "a2", run: func(_ context.Context, set *Settings) error {
			if !aDone {
				t.Error("d started before a2 ended")
			}
			set.log().Info().Str("stage", "d").Msg("done")
			return nil
		}})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string][]string{}
	for _, line := range strings.Split(strings.TrimSpace(buf.String()), "\n") {
		var rec struct {
			Stage string   `json:"stage"`
			With  []string `json:"concurrent_with"`
		}
		if err := json.Unmarshal([]byte(line), &rec); err != nil {
			t.Fatal(err)
		}
		got[rec.Stage] = rec.With
	}
	want := map[string][]string{"a": {"b", "c"}, "b": {"a", "c"}, "c": {"a", "b"}, "alone": nil,
		"a2": {"b2"}, "b2": {"a2", "d"}, "d": {"b2"}}
	for s, w := range want {
		if g, ok := got[s]; !ok || !slices.Equal(g, w) {
			t.Errorf("%s: concurrent_with %v, want %v", s, g, w)
		}
	}
}
