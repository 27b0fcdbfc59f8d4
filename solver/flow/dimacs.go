package flow

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math"
	"strconv"
	"strings"
)

// WriteDIMACS writes g in the DIMACS "min" format (nodes numbered from 1,
// lower bounds 0), each comment line first. LEMON's readDimacsMin, CS2 and
// most min-cost-flow codes read it.
func WriteDIMACS(w io.Writer, g *Graph, comments ...string) error {
	bw := bufio.NewWriterSize(w, 1<<16)
	for _, c := range comments {
		for _, line := range strings.Split(c, "\n") {
			fmt.Fprintf(bw, "c %s\n", line)
		}
	}
	fmt.Fprintf(bw, "p min %d %d\n", g.N(), g.M())
	var buf []byte
	for u, s := range g.supply {
		if s != 0 {
			buf = append(buf[:0], "n "...)
			buf = strconv.AppendInt(buf, int64(u+1), 10)
			buf = append(buf, ' ')
			buf = strconv.AppendInt(buf, s, 10)
			buf = append(buf, '\n')
			bw.Write(buf)
		}
	}
	for a := range g.src {
		buf = append(buf[:0], "a "...)
		buf = strconv.AppendInt(buf, int64(g.src[a])+1, 10)
		buf = append(buf, ' ')
		buf = strconv.AppendInt(buf, int64(g.dst[a])+1, 10)
		buf = append(buf, " 0 "...)
		buf = strconv.AppendInt(buf, g.cap[a], 10)
		buf = append(buf, ' ')
		buf = strconv.AppendInt(buf, g.cost[a], 10)
		buf = append(buf, '\n')
		bw.Write(buf)
	}
	return bw.Flush()
}

// ErrDIMACS wraps every problem ReadDIMACS reports.
var ErrDIMACS = errors.New("flow: bad DIMACS input")

// DIMACSError locates a problem in a DIMACS file: Line is 1-based, Field
// the 1-based whitespace-separated field of that line (0: the whole line).
type DIMACSError struct {
	Line, Field int
	Msg         string
}

func (e *DIMACSError) Error() string {
	if e.Field > 0 {
		return fmt.Sprintf("%v: line %d, field %d: %s", ErrDIMACS, e.Line, e.Field, e.Msg)
	}
	return fmt.Sprintf("%v: line %d: %s", ErrDIMACS, e.Line, e.Msg)
}

func (e *DIMACSError) Unwrap() error { return ErrDIMACS }

// ReadDIMACS reads a DIMACS "min" problem with zero lower bounds, as
// WriteDIMACS writes it. Comment lines are returned in order.
//
// A hostile or broken file is a *DIMACSError, never a huge allocation or
// an overflow: when r knows its size (an *os.File, a *bytes.Buffer, a
// *strings.Reader) the "p" line may not declare more arcs than the file
// can hold (every arc line is at least 12 bytes) nor more nodes than its
// arcs and supply lines can name (plus 1024 isolated ones); the file must
// hold exactly the arcs it declares; and the numbers must stay within
// what NetworkSimplex computes exactly (CheckRange).
func ReadDIMACS(r io.Reader) (*Graph, []string, error) {
	size := int64(-1)
	switch r := r.(type) {
	case interface{ Stat() (fs.FileInfo, error) }:
		if fi, err := r.Stat(); err == nil && fi.Mode().IsRegular() {
			size = fi.Size()
		}
	case interface{ Len() int }:
		size = int64(r.Len())
	}
	return ReadDIMACSSize(r, size)
}

// Bounds of ReadDIMACSSize.
const (
	minArcLine     = 12      // "a 1 2 0 0 0\n"
	minSupplyLine  = 6       // "n 1 1\n"
	isolatedNodes  = 1024    // nodes no line names, allowed on top
	unknownSizeMax = 1 << 24 // nodes or arcs allocated up front when the size is unknown
)

// ReadDIMACSSize is ReadDIMACS for a reader of size bytes (< 0: unknown;
// then the declared counts are not trusted for allocation, only checked
// against the lines read).
func ReadDIMACSSize(r io.Reader, size int64) (*Graph, []string, error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<16), 1<<20)
	var g *Graph
	var comments []string
	line := 0
	declared := 0 // arcs the p line declares
	var rc rangeCheck
	bad := func(field int, format string, args ...any) error {
		return &DIMACSError{Line: line, Field: field, Msg: fmt.Sprintf(format, args...)}
	}
	for sc.Scan() {
		line++
		f := strings.Fields(sc.Text())
		if len(f) == 0 {
			continue
		}
		nums := func(want int) ([]int64, error) {
			if len(f) != want+1 {
				return nil, bad(0, "%q line needs %d numbers", f[0], want)
			}
			out := make([]int64, want)
			for i := range out {
				v, err := strconv.ParseInt(f[i+1], 10, 64)
				if err != nil {
					return nil, bad(i+2, "%q is not an integer", excerpt(f[i+1]))
				}
				out[i] = v
			}
			return out, nil
		}
		switch f[0] {
		case "c":
			comments = append(comments, strings.TrimPrefix(strings.TrimPrefix(sc.Text(), "c"), " "))
		case "p":
			if len(f) != 4 || f[1] != "min" || g != nil {
				return nil, nil, bad(0, "want one \"p min NODES ARCS\" line")
			}
			n, err1 := strconv.Atoi(f[2])
			m, err2 := strconv.Atoi(f[3])
			if err1 != nil || err2 != nil || n < 0 || m < 0 {
				return nil, nil, bad(0, "bad problem size")
			}
			if n > math.MaxInt32-1 {
				return nil, nil, bad(3, "%d nodes: at most %d", n, math.MaxInt32-1)
			}
			if size >= 0 {
				if maxArcs := (size + 1) / minArcLine; int64(m) > maxArcs {
					return nil, nil, bad(4, "%d arcs cannot be in a file of %d bytes (an arc line is at least %d bytes: at most %d arcs)", m, size, minArcLine, maxArcs)
				}
				if maxNodes := 2*int64(m) + size/minSupplyLine + isolatedNodes; int64(n) > maxNodes {
					return nil, nil, bad(3, "%d nodes cannot be named by %d arcs and a file of %d bytes (at most %d nodes)", n, m, size, maxNodes)
				}
				g = NewGraph(n)
				g.Grow(m)
			} else {
				if n > unknownSizeMax {
					return nil, nil, bad(3, "%d nodes in a stream of unknown size: at most %d", n, unknownSizeMax)
				}
				g = NewGraph(n)
				g.Grow(min(m, unknownSizeMax))
			}
			declared = m
		case "n", "a":
			if g == nil {
				return nil, nil, bad(1, "%q line before the \"p\" line", f[0])
			}
			if f[0] == "n" {
				v, err := nums(2)
				if err != nil {
					return nil, nil, err
				}
				if v[0] < 1 || v[0] > int64(g.N()) {
					return nil, nil, bad(2, "node %d out of range", v[0])
				}
				if msg := rc.supply(v[1]); msg != "" {
					return nil, nil, bad(3, "%s", msg)
				}
				g.SetSupply(int(v[0]-1), v[1])
				continue
			}
			v, err := nums(5)
			if err != nil {
				return nil, nil, err
			}
			for k := 0; k < 2; k++ {
				if v[k] < 1 || v[k] > int64(g.N()) {
					return nil, nil, bad(k+2, "arc end %d out of range 1..%d", v[k], g.N())
				}
			}
			if v[2] != 0 {
				return nil, nil, bad(4, "lower bounds must be 0")
			}
			if v[3] < 0 {
				return nil, nil, bad(5, "capacities must be ≥ 0")
			}
			if g.M() == declared {
				return nil, nil, bad(1, "more arcs than the %d the \"p\" line declares", declared)
			}
			if field, msg := rc.arc(v[3], v[4], line); msg != "" {
				return nil, nil, bad(field, "%s", msg)
			}
			g.AddArc(int(v[0]-1), int(v[1]-1), v[3], v[4])
		default:
			return nil, nil, bad(1, "unknown line kind %q", excerpt(f[0]))
		}
	}
	if err := sc.Err(); err != nil {
		return nil, nil, fmt.Errorf("%w: %v", ErrDIMACS, err)
	}
	if g == nil {
		return nil, nil, fmt.Errorf("%w: no \"p min\" line", ErrDIMACS)
	}
	if g.M() != declared {
		return nil, nil, &DIMACSError{Line: line, Msg: fmt.Sprintf("the \"p\" line declares %d arcs but the file has %d: is it cut short?", declared, g.M())}
	}
	if l, msg := rc.nodes(g.N()); msg != "" {
		return nil, nil, &DIMACSError{Line: l, Field: 6, Msg: msg}
	}
	return g, comments, nil
}

// excerpt quotes at most 32 bytes of a file's text for a message.
func excerpt(s string) string {
	if len(s) > 32 {
		return s[:32] + "…"
	}
	return s
}
