package flow

import (
	"bytes"
	"errors"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestDIMACSRoundTrip(t *testing.T) {
	for seed := uint64(1); seed <= 20; seed++ {
		r := rand.New(rand.NewPCG(seed, 5))
		g := randomGraph(r, 2+r.IntN(30), r.IntN(100))
		var buf bytes.Buffer
		if err := WriteDIMACS(&buf, g, "constant 42", "two\nlines"); err != nil {
			t.Fatal(err)
		}
		h, comments, err := ReadDIMACS(&buf)
		if err != nil {
			t.Fatalf("seed %d: %v", seed, err)
		}
		if diff := cmp.Diff([]string{"constant 42", "two", "lines"}, comments); diff != "" {
			t.Errorf("comments (-want +got):\n%s", diff)
		}
		if diff := cmp.Diff(g, h, cmp.AllowUnexported(Graph{})); diff != "" {
			t.Fatalf("seed %d: graph changed in a round trip (-want +got):\n%s", seed, diff)
		}
	}
}

func TestReadDIMACSRejectsBadInput(t *testing.T) {
	for _, tt := range []struct{ name, in, want string }{
		{"no problem line", "c hi\n", "no \"p min\" line"},
		{"an arc before the problem line", "a 1 2 0 1 1\n", "line 1, field 1: \"a\" line before"},
		{"an arc end out of range", "p min 2 1\na 1 3 0 1 1\n", "line 2, field 3: arc end 3 out of range 1..2"},
		{"a lower bound", "p min 2 1\na 1 2 1 1 1\n", "line 2, field 4: lower bounds must be 0"},
		{"a negative capacity", "p min 2 1\na 1 2 0 -1 1\n", "line 2, field 5: capacities must be ≥ 0"},
		{"a word for a number", "p min 2 1\nn 1 x\n", "line 2, field 3: \"x\" is not an integer"},
		{"a max-flow file", "p max 2 1\n", "line 1: want one \"p min"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := ReadDIMACS(strings.NewReader(tt.in))
			if !errors.Is(err, ErrDIMACS) || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("err = %v, want %q", err, tt.want)
			}
		})
	}
}
