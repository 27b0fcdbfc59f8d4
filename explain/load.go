package explain

import (
	"context"
	"io"
	"os"
	"path/filepath"

	"placement/model"
	"placement/scenarios"
)

// Load prepares the plan written in dir (its assignments.csv, and the
// reasons of its unassigned.csv when present) for questions, against the
// scenario sc. Problems name file, line and column; the plan is nil when
// there is an error among them.
func Load(ctx context.Context, sc *scenarios.Scenario, dir string) (*Plan, model.Problems, error) {
	open := func(name string) (io.ReadCloser, error) { return os.Open(name) }
	placed, ps := model.LoadAssignments(open, filepath.Join(dir, "assignments.csv"), sc.Roster)
	if ps.Err() != nil {
		return nil, ps, nil
	}
	r := sc.Roster
	post := make([]int, len(r.Students))
	for i := range post {
		post[i] = -1
	}
	for _, pl := range placed {
		post[pl.Student] = pl.Post
	}
	reasons := map[int]string{}
	path := filepath.Join(dir, "unassigned.csv")
	if _, err := os.Stat(path); err == nil {
		rows, probs := model.ReadPlanTable(open, path, []string{"student_id"}, []string{"school_id", "specialty", "reason"})
		ps = append(ps, probs...)
		if ps.Err() != nil {
			return nil, ps, nil
		}
		ix := r.Index()
		for _, row := range rows {
			if i, ok := ix.Student[row.Cells[0]]; ok {
				reasons[int(i)] = row.Cells[3]
			}
		}
	}
	p, err := New(ctx, sc, post, reasons)
	return p, ps, err
}
