package main

import (
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/rs/zerolog"
	"github.com/spf13/pflag"

	"placement/model"
)

// logFlags are the logging flags that solve shares with any command that
// logs.
type logFlags struct {
	format string // auto | text | json
	level  string // debug | info | warn | error
}

func (l *logFlags) add(fs *pflag.FlagSet) {
	fs.StringVar(&l.format, "log-format", "auto",
		"log format: auto (text when stderr is a terminal, JSON otherwise), text or json")
	fs.StringVar(&l.level, "log-level", "info", "log level: debug, info, warn or error")
}

// logger logs to stderr in the chosen format. json tells problem lists to
// go through the logger too, so that a JSON log stays JSON throughout.
type logger struct {
	zerolog.Logger
	json bool
	w    io.Writer
}

// newLogger makes the logger the flags ask for; an unknown format or level
// is a usage error.
func (l *logFlags) newLogger(w io.Writer) (*logger, error) {
	lvl, err := parseLevel(l.level)
	if err != nil {
		return nil, err
	}
	var asJSON bool
	switch strings.ToLower(l.format) {
	case "auto":
		asJSON = !isTerminal(w)
	case "text":
	case "json":
		asJSON = true
	default:
		return nil, fmt.Errorf("--log-format %q: want auto, text or json", l.format)
	}
	var out io.Writer = w
	if !asJSON {
		out = zerolog.ConsoleWriter{Out: w, NoColor: !isTerminal(w), TimeFormat: "15:04:05",
			FieldsOrder: consoleFieldsOrder}
	}
	zl := zerolog.New(out).Level(lvl).With().Timestamp().Logger()
	return &logger{Logger: zl, json: asJSON, w: w}, nil
}

// consoleFieldsOrder puts the fields that say what a record is about
// first in text logs; the rest follow in alphabetical order.
var consoleFieldsOrder = []string{"stage", "scenario", "file", "line", "col", "dir"}

func parseLevel(s string) (zerolog.Level, error) {
	switch strings.ToLower(s) {
	case "debug":
		return zerolog.DebugLevel, nil
	case "info":
		return zerolog.InfoLevel, nil
	case "warn", "warning":
		return zerolog.WarnLevel, nil
	case "error":
		return zerolog.ErrorLevel, nil
	}
	return zerolog.NoLevel, fmt.Errorf("--log-level %q: want debug, info, warn or error", s)
}

// isTerminal tells whether w is a character device (a terminal), without
// a dependency: pipes, files and buffers are not.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

// problems logs the problems of a load — every warning as a record, every
// error as errors does — and reports whether there was no error; when there
// was, it ends with a record that names source and says nothing is
// written. Every command prints problems this way.
func (l *logger) problems(ps model.Problems, source string) bool {
	l.warnings(ps)
	if ps.Err() == nil {
		return true
	}
	l.errors(ps)
	l.Error().Int("errors", len(ps.Errors())).Str("scenario", source).
		Msg("the scenario has errors; nothing written")
	return false
}

// warnings logs the warnings of a load, one record each.
func (l *logger) warnings(ps model.Problems) {
	for _, p := range ps.Warnings() {
		problemEvent(l.Warn(), p).Msg(located(p))
	}
}

// errors reports the errors of a load. In text the list is printed as it
// is, one "file:line:col: message" a line, for a person or an editor to
// read; in JSON each is a record whose message is that same line, with the
// location also as fields.
func (l *logger) errors(ps model.Problems) {
	for _, p := range ps.Errors() {
		if l.json {
			problemEvent(l.Error(), p).Msg(located(p))
		} else {
			fmt.Fprintln(l.w, located(p))
		}
	}
}

func problemEvent(e *zerolog.Event, p model.Problem) *zerolog.Event {
	e = e.Str("file", p.File)
	if p.Line > 0 {
		e = e.Int("line", p.Line)
	}
	if p.Col > 0 {
		e = e.Int("col", p.Col)
	}
	return e
}

// located is "file:line:col: message", leaving out a line or column that
// is unknown (0). Unlike model.Problem.String it does not repeat the
// severity, which the log shows.
func located(p model.Problem) string {
	var b strings.Builder
	b.WriteString(p.File)
	if p.Line > 0 {
		b.WriteString(":" + strconv.Itoa(p.Line))
		if p.Col > 0 {
			b.WriteString(":" + strconv.Itoa(p.Col))
		}
	}
	b.WriteString(": ")
	b.WriteString(p.Msg)
	return b.String()
}

// ms is a duration in milliseconds with microsecond precision, for logs.
func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
