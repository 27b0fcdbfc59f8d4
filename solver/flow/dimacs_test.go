package flow

import (
	"bytes"
	"errors"
	"math"
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

// A hostile DIMACS file is a clear error, located, without allocating
// what its "p" line declares or overflowing.
func TestReadDIMACSRefusesWhatTheFileCannotBack(t *testing.T) {
	for _, tt := range []struct{ name, in, want string }{
		{"2·10⁹ arcs in 70 bytes", "p min 3 2000000000\na 1 2 0 1 1\n",
			"line 1, field 4: 2000000000 arcs cannot be in a file of 31 bytes (an arc line is at least 12 bytes: at most 2 arcs)"},
		{"2·10⁹ nodes in a tiny file", "p min 2000000000 1\na 1 2 0 1 1\n",
			"line 1, field 3: 2000000000 nodes cannot be named by 1 arcs and a file of 31 bytes (at most 1031 nodes)"},
		{"fewer arcs than declared", "p min 3 2\na 1 2 0 1 1\n\n\n\n\n\n\n\n\n\n\n\n",
			"line 13: the \"p\" line declares 2 arcs but the file has 1: is it cut short?"},
		{"more arcs than declared", "p min 3 1\na 1 2 0 1 1\na 2 3 0 1 1\n",
			"line 3, field 1: more arcs than the 1 the \"p\" line declares"},
		{"a capacity near int64's limit", "p min 2 1\na 1 2 0 9223372036854775807 1\n",
			"line 2, field 5: capacity 9223372036854775807 is too large"},
		{"capacities that sum past the limit", "p min 2 2\na 1 2 0 2000000000000000000 0\na 1 2 0 2000000000000000000 0\n",
			"line 3, field 5: the capacities sum to more than"},
		{"a capacity × cost product", "p min 2 1\na 1 2 0 10000000000 10000000000\n",
			"line 2, field 6: capacity 10000000000 × cost 10000000000 overflows the total cost"},
		{"a cost too large for the potentials", "p min 4 1\na 1 2 0 1 1000000000000000000\n",
			"line 2, field 6: cost 1000000000000000000 on a network of 4 nodes: potentials up to (cost+1)·(nodes+1) would overflow"},
		{"the most negative cost", "p min 2 1\na 1 2 0 1 -9223372036854775808\n",
			"line 2, field 6: cost -9223372036854775808 is too large in absolute value"},
		{"a huge supply", "p min 2 0\nn 1 9223372036854775807\n",
			"line 2, field 3: supplies of 9223372036854775807 in all"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := ReadDIMACS(strings.NewReader(tt.in))
			if !errors.Is(err, ErrDIMACS) || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("err = %v, want %q", err, tt.want)
			}
		})
	}
}

func TestNetworkSimplexRefusesNumbersThatCouldOverflow(t *testing.T) {
	g := NewGraph(3)
	g.AddArc(0, 1, 1, math.MaxInt64/4)
	if _, err := NetworkSimplex(g, Settings{}); !errors.Is(err, ErrRange) {
		t.Errorf("err = %v, want ErrRange", err)
	}
}
