package model

import "strings"

// PlanRow is one record of a previous plan's file, its cells by the column
// names asked for ("" when the file lacks an optional column).
type PlanRow struct {
	Cells []string
	Pos   Pos
}

// ReadPlanTable reads a file an earlier run wrote (assignments.csv,
// mentor_pairs.csv, training_schedule.csv, …) by column name, for
// re-planning. Ids are not resolved against a roster: students, posts and
// mentors may have gone since, and that is what a re-plan is about. It goes
// through the one CSV reader, so a file saved from Excel or WPS (byte-order
// mark, GB18030, Chinese headers, neutralized cells) reads the same. A
// missing required column or an empty required cell is an error naming
// file, line and column.
func ReadPlanTable(open Opener, path string, required, optional []string) ([]PlanRow, Problems) {
	var s sink
	cols := make([]column, 0, len(required)+len(optional))
	for _, c := range required {
		cols = append(cols, column{c, true})
	}
	for _, c := range optional {
		cols = append(cols, column{c, false})
	}
	t := openTable(open, path, cols, &s)
	if t == nil {
		return nil, s.done()
	}
	var out []PlanRow
	for t.next() {
		row := PlanRow{Cells: make([]string, len(cols)), Pos: t.pos()}
		for k := range cols {
			if k < len(required) {
				row.Cells[k] = t.required(k)
			} else {
				row.Cells[k] = t.val(k)
			}
		}
		out = append(out, row)
	}
	// A plan table is the product's own output: the columns it holds
	// besides the ones read (names, thresholds, columns a later version
	// adds) are no concern of the reader's, so they are not reported.
	var ps Problems
	for _, p := range s.done() {
		if p.Severity == Warning && p.Line == 1 && strings.HasPrefix(p.Msg, "unknown column ") {
			continue
		}
		ps = append(ps, p)
	}
	return out, ps
}
