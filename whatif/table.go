package whatif

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"placement/model"
	"placement/output"
)

// Names of the files of a what-if.
const (
	CSVFile     = "whatif.csv"
	TimingsFile = "whatif_timings.csv"
	SVGFile     = "whatif.svg"
	ReportFile  = "whatif.md"
)

// FigureColumns are the columns of whatif.csv after "variant" and one
// column per --set key.
var FigureColumns = []string{
	"students", "placed", "placement_rate", "mean_value_per_placement", "exact_specialty_share",
	"quota_enterprises", "compliant_enterprises", "total_shortfall",
	"internship_subsidy_yuan", "training_subsidy_yuan", "order_class_subsidy_yuan", "total_subsidy_yuan",
	"objective_z", "objective_p", "objective_m",
}

// TimingColumns are the columns of whatif_timings.csv after "variant" and
// the --set keys: wall times in milliseconds.
var TimingColumns = []string{"load_ms", "assignment_ms", "training_ms", "mentors_ms", "total_ms"}

// Figures are the row's cells, in FigureColumns order. P and M are empty
// when their stage did not run.
func (r Row) Figures() []string {
	opt := func(p *int64) string {
		if p == nil {
			return ""
		}
		return strconv.FormatInt(*p, 10)
	}
	return []string{
		strconv.Itoa(r.Students), strconv.Itoa(r.Placed), float(r.PlacementRate),
		strconv.FormatFloat(r.MeanValue, 'f', 2, 64), float(r.ExactShare),
		strconv.Itoa(r.QuotaEnterprises), strconv.Itoa(r.CompliantEnterprises), strconv.Itoa(r.TotalShortfall),
		i64(r.InternshipYuan), i64(r.TrainingYuan), i64(r.OrderClassYuan), i64(r.TotalYuan),
		i64(r.Z), opt(r.P), opt(r.M),
	}
}

// float formats as summary.json does: the shortest text that reads back
// as the same number.
func float(x float64) string { return strconv.FormatFloat(x, 'f', -1, 64) }

func i64(n int64) string { return strconv.FormatInt(n, 10) }

// CSV is whatif.csv: a header, then one row a variant in grid order.
// Override values come from the command line, so they pass through
// model.SafeCell like every text cell the program writes.
func CSV(axes []Axis, results []Result) output.File {
	return table(CSVFile, axes, results, FigureColumns, func(r Result) []string { return r.Row.Figures() })
}

// TimingsCSV is whatif_timings.csv: each variant's wall times in
// milliseconds. It is the one output that differs between two runs.
func TimingsCSV(axes []Axis, results []Result) output.File {
	msf := func(d time.Duration) string { return strconv.FormatFloat(float64(d.Microseconds())/1000, 'f', 1, 64) }
	return table(TimingsFile, axes, results, TimingColumns, func(r Result) []string {
		t := r.Times
		return []string{msf(t.Load), msf(t.Assignment), msf(t.Training), msf(t.Mentors), msf(t.Total)}
	})
}

func table(name string, axes []Axis, results []Result, columns []string, cells func(Result) []string) output.File {
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	header := []string{"variant"}
	for _, a := range axes {
		header = append(header, a.Key)
	}
	w.Write(append(header, columns...))
	for _, r := range results {
		rec := []string{strconv.Itoa(r.Variant.Number)}
		for _, v := range r.Variant.Values {
			rec = append(rec, model.SafeCell(v))
		}
		w.Write(append(rec, cells(r)...))
	}
	w.Flush() // writes to a bytes.Buffer cannot fail
	return output.File{Name: name, Data: buf.Bytes(), Rows: len(results)}
}

// Text is the table a person reads on the terminal: the overrides and the
// figures a planner asks about first.
func Text(axes []Axis, results []Result) string {
	var b strings.Builder
	w := tabwriter.NewWriter(&b, 0, 0, 2, ' ', tabwriter.AlignRight)
	head := []string{"variant"}
	for _, a := range axes {
		head = append(head, a.Key)
	}
	head = append(head, "placed", "rate", "compliant", "shortfall", "subsidy_yuan", "Z")
	fmt.Fprintln(w, strings.Join(head, "\t")+"\t")
	for _, r := range results {
		cells := []string{strconv.Itoa(r.Variant.Number)}
		cells = append(cells, r.Variant.Values...)
		row := r.Row
		cells = append(cells,
			fmt.Sprintf("%d/%d", row.Placed, row.Students), percent(row.PlacementRate),
			fmt.Sprintf("%d/%d", row.CompliantEnterprises, row.QuotaEnterprises),
			strconv.Itoa(row.TotalShortfall), thousands(row.TotalYuan), i64(row.Z))
		fmt.Fprintln(w, strings.Join(cells, "\t")+"\t")
	}
	w.Flush()
	return b.String()
}

// percent is a rate as "87.15%".
func percent(x float64) string { return strconv.FormatFloat(x*100, 'f', 2, 64) + "%" }

// thousands is n with comma thousands separators: 1,960,000.
func thousands(n int64) string { return output.Thousands(n) }
