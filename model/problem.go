package model

import (
	"fmt"
	"sort"
	"strings"
)

// Severity tells an error from a warning.
type Severity int

// Severities.
const (
	Error Severity = iota
	Warning
)

// Problem is one thing wrong with the input, located as precisely as known:
// Line and Col are 1-based; 0 means unknown (a whole-file or whole-line problem).
type Problem struct {
	File     string
	Line     int
	Col      int
	Severity Severity
	Msg      string
}

func (p Problem) String() string {
	var b strings.Builder
	b.WriteString(p.File)
	if p.Line > 0 {
		fmt.Fprintf(&b, ":%d", p.Line)
		if p.Col > 0 {
			fmt.Fprintf(&b, ":%d", p.Col)
		}
	}
	if p.Severity == Warning {
		b.WriteString(": warning: ")
	} else {
		b.WriteString(": ")
	}
	b.WriteString(p.Msg)
	return b.String()
}

// Problems collects the problems of a load. As an error it lists the errors
// only; warnings travel with it for the caller to log.
type Problems []Problem

// Errorf adds an error. A string argument longer than 256 bytes is cut
// (see Excerpt): a message never carries more than a piece of a file.
func (ps *Problems) Errorf(file string, line, col int, format string, args ...any) {
	*ps = append(*ps, Problem{File: file, Line: line, Col: col, Severity: Error, Msg: fmt.Sprintf(format, capArgs(args)...)})
}

// Warnf adds a warning; string arguments are cut as for Errorf.
func (ps *Problems) Warnf(file string, line, col int, format string, args ...any) {
	*ps = append(*ps, Problem{File: file, Line: line, Col: col, Severity: Warning, Msg: fmt.Sprintf(format, capArgs(args)...)})
}

// Errors returns only the errors, sorted by file, line and column.
func (ps Problems) Errors() Problems { return ps.filter(Error) }

// Warnings returns only the warnings, sorted by file, line and column.
func (ps Problems) Warnings() Problems { return ps.filter(Warning) }

func (ps Problems) filter(s Severity) Problems {
	var out Problems
	for _, p := range ps {
		if p.Severity == s {
			out = append(out, p)
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if a.File != b.File {
			return a.File < b.File
		}
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		return a.Col < b.Col
	})
	return out
}

// Err returns the errors as an error, or nil when there are none.
func (ps Problems) Err() error {
	if errs := ps.Errors(); len(errs) > 0 {
		return errs
	}
	return nil
}

// Error lists every error, one a line.
func (ps Problems) Error() string {
	lines := make([]string, len(ps))
	for i, p := range ps {
		lines[i] = p.String()
	}
	return strings.Join(lines, "\n")
}
