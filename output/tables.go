package output

import (
	"bytes"
	"encoding/csv"
	"strconv"

	"placement/explain"
	"placement/model"
	"placement/solver/assign"
)

// Names of the stage-1 files (SPEC.md, "Stage 1 — Outputs").
const (
	AssignmentsFile = "assignments.csv"
	UnassignedFile  = "unassigned.csv"
	EnterprisesFile = "enterprises.csv"
	SummaryFile     = "summary.json"
)

// File is one output file, complete in memory.
type File struct {
	Name string // a plain file name, no directory
	Data []byte
	Rows int // data rows of a CSV file, not counting the header; 0 for summary.json
}

// table writes CSV rows — UTF-8, a header row, "\n" line ends — and counts
// them.
type table struct {
	buf  bytes.Buffer
	w    *csv.Writer
	rows int
}

func newTable(header ...string) *table {
	t := &table{}
	t.w = csv.NewWriter(&t.buf) // UseCRLF is false: "\n" line ends
	t.w.Write(header)
	return t
}

// row writes one record. Every cell goes through model.SafeCell: a cell
// that a spreadsheet could run as a formula (=, +, -, @, tab or CR first)
// gets a leading quote, per OWASP's CSV-injection advice. Only text from
// the input can start so (ids, names); numbers, even negative ones, and
// the words this package writes are left as they are.
func (t *table) row(fields ...string) {
	for i, f := range fields {
		fields[i] = model.SafeCell(f)
	}
	t.w.Write(fields) // writes to a bytes.Buffer cannot fail
	t.rows++
}

func (t *table) file(name string) File {
	t.w.Flush()
	return File{Name: name, Data: t.buf.Bytes(), Rows: t.rows}
}

func itoa(n int) string     { return strconv.Itoa(n) }
func i64toa(n int64) string { return strconv.FormatInt(n, 10) }
func btoa(b bool) string    { return strconv.FormatBool(b) }

// rosterNames looks up the names the CSV files show beside ids (the trailing
// *_name columns): by id, "" for an id the roster does not name.
type rosterNames struct{ r *model.Roster }

func newNames(r *model.Roster) rosterNames { return rosterNames{r} }

func (n rosterNames) school(id string) string {
	if i, ok := n.r.Index().School[id]; ok {
		return n.r.Schools[i].Name
	}
	return ""
}

func (n rosterNames) specialty(code string) string {
	if i, ok := n.r.Index().Specialty[code]; ok {
		return n.r.Specialties[i].Name
	}
	return ""
}

// assignmentsCSV is assignments.csv: one row a placed student, in the
// result's order (student file order).
func assignmentsCSV(r *model.Roster, res *assign.Result) File {
	n := newNames(r)
	t := newTable("student_id", "post_id", "enterprise_id", "school_id",
		"specialty_match", "preference_rank", "km", "value",
		"student_name", "school_name", "enterprise_name", "specialty", "specialty_name")
	for _, a := range res.Assignments {
		s := &r.Students[a.Student]
		e := &r.Enterprises[a.Enterprise]
		t.row(s.ID, r.Posts[a.Post].ID, e.ID, s.SchoolID,
			a.MatchColumn(), itoa(a.PrefRank), itoa(a.Km), i64toa(a.Value),
			s.Name, n.school(s.SchoolID), e.Name, s.Specialty, n.specialty(s.Specialty))
	}
	return t.file(AssignmentsFile)
}

// unassignedCSV is unassigned.csv: one row a student left without a post,
// with the solver's reason, in the result's order (student file order),
// and, when th is not nil and knows it, the student's threshold and the
// post it would go to (explain.Plan.Threshold); empty otherwise.
func unassignedCSV(r *model.Roster, res *assign.Result, th *explain.Plan) File {
	n := newNames(r)
	t := newTable("student_id", "school_id", "specialty", "reason",
		"student_name", "school_name", "specialty_name", "threshold", "best_post_id")
	for _, u := range res.Unassigned {
		s := &r.Students[u.Student]
		threshold, best := "", ""
		if th != nil {
			if v, q, ok := th.Threshold(u.Student); ok {
				threshold = i64toa(v)
				if q >= 0 {
					best = r.Posts[q].ID
				}
			}
		}
		t.row(s.ID, s.SchoolID, s.Specialty, string(u.Reason),
			s.Name, n.school(s.SchoolID), n.specialty(s.Specialty), threshold, best)
	}
	return t.file(UnassignedFile)
}

// enterprisesCSV is enterprises.csv: one row an enterprise, in the
// result's order (enterprise file order).
func enterprisesCSV(r *model.Roster, res *assign.Result) File {
	t := newTable("enterprise_id", "name", "above_scale", "employees", "quota",
		"offered", "filled", "shortfall", "compliant", "subsidy_yuan")
	for _, o := range res.Enterprises {
		e := &r.Enterprises[o.Enterprise]
		t.row(e.ID, e.Name, btoa(e.AboveScale), itoa(e.Employees), itoa(o.Quota),
			itoa(o.Offered), itoa(o.Filled), itoa(o.Shortfall), btoa(o.Compliant), i64toa(o.SubsidyYuan))
	}
	return t.file(EnterprisesFile)
}
