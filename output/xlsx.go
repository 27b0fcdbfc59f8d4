package output

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"

	"placement/scenarios"
	"placement/xlsx"
)

// WorkbookFile is the workbook written beside the CSV files.
const WorkbookFile = "plan.xlsx"

// WorkbookOptions choose the workbook's form; the zero value is a Chinese
// workbook with one sheet a school.
type WorkbookOptions struct {
	Lang Lang
	// Warnings are shown on the summary sheet, one line each (the load's
	// warnings, as file:line:col: message).
	Warnings []string
	// NoSchoolSheets leaves out the sheets of the schools (a front end
	// that writes one workbook a school with SchoolWorkbooks).
	NoSchoolSheets bool
}

// sheetSpec is how one CSV file becomes a sheet: its names and the order
// of its columns (names beside ids; a column not listed comes after, in
// file order).
type sheetSpec struct {
	file   string
	zh, en string
	order  []string
}

// sheetSpecs are the plan's sheets after the summary, in this order; a
// file the plan lacks has no sheet.
var sheetSpecs = []sheetSpec{
	{AssignmentsFile, "实习安排", "assignments", []string{"student_id", "student_name", "school_id", "school_name",
		"enterprise_id", "enterprise_name", "post_id", "specialty", "specialty_name", "specialty_match",
		"preference_rank", "km", "value"}},
	{UnassignedFile, "未安排", "unassigned", []string{"student_id", "student_name", "school_id", "school_name",
		"specialty", "specialty_name", "reason"}},
	{EnterprisesFile, "企业", "enterprises", nil},
	{TrainingScheduleFile, "实训排期", "training_schedule", nil},
	{TrainingUnscheduledFile, "实训未排", "training_unscheduled", nil},
	{BasesUtilizationFile, "基地使用", "bases_utilization", nil},
	{MentorPairsFile, "双导师", "mentor_pairs", []string{"student_id", "student_name", "enterprise_id", "enterprise_name",
		"teacher_id", "teacher_name", "expert_id", "expert_name"}},
	{MentorLoadFile, "导师负荷", "mentor_load", nil},
	{MentorMissingFile, "缺导师", "mentor_missing", nil},
	{FairnessFile, "公平性审查", "fairness", nil},
	{ChangesFile, "调整变动", "changes", nil},
}

// numberColumns are stored as numbers (every other cell is text).
var numberColumns = map[string]bool{
	"preference_rank": true, "km": true, "value": true, "employees": true, "quota": true, "offered": true,
	"filled": true, "shortfall": true, "subsidy_yuan": true, "session": true, "week": true, "headcount": true,
	"sessions_missing": true, "stations": true, "station_periods_open": true, "station_periods_used": true,
	"utilization": true, "capacity": true, "mentees": true, "enterprises_visited": true,
	"student_value": true, "holder_value": true, "cost_to_plan": true, "student_post_value": true,
	"threshold": true,
}

// hintColumn is the column added after unassigned.csv's reason: what would
// help.
const hintColumn = "hint"

// Workbook builds plan.xlsx from the plan's files — the CSV tables as
// built, so that every sheet row is a CSV row (numbers stored as numbers,
// headers and enum values in the workbook's language) — and the summary:
//
//   - 汇总 (summary): scenario, term, placement figures, quota compliance,
//     every subsidy line and the total, each stage's value, bound and gap,
//     one line a warning;
//   - one sheet a CSV table of the plan: 实习安排 (assignments.csv), 未安排
//     (unassigned.csv, with a hint), 企业, 实训排期, 实训未排, 基地使用, 双导师,
//     导师负荷, 缺导师, 公平性审查 (fairness.csv), 调整变动 (changes.csv, replan);
//   - one sheet a school (unless opt.NoSchoolSheets): its students in
//     students.csv order with their placement or reason.
//
// Data sheets have a frozen header row, filters and column widths. The
// bytes depend only on the input (see package xlsx). files are the CSV
// files as Build makes them (English, no byte-order mark).
//
// Memory: each sheet's rows are made from its CSV file while the sheet is
// rendered (xlsx.Grid.Next), so that neither a table's records nor its
// cells are all held at once, but for the records of assignments.csv and
// unassigned.csv, which the school sheets read last.
func Workbook(sc *scenarios.Scenario, files []File, sum *Summary, opt WorkbookOptions) (File, error) {
	byName := csvFiles(files)
	b, err := newBook(opt.Lang.workbookZH())
	if err != nil {
		return File{}, err
	}
	if err := b.summarySheet(sc, sum, opt.Warnings); err != nil {
		return File{}, err
	}
	kept := map[string]*csvTable{} // what the school sheets read
	for _, sp := range sheetSpecs {
		f, ok := byName[sp.file]
		if !ok {
			continue
		}
		var t *csvTable
		var err error
		if sp.file == AssignmentsFile || sp.file == UnassignedFile {
			t, err = readTable(f)
			kept[sp.file] = t
		} else {
			t, err = streamTable(f)
		}
		if err != nil {
			return File{}, err
		}
		name := sp.en
		if b.zh {
			name = sp.zh
		}
		if err := b.tableSheet(name, sp, t); err != nil {
			return File{}, err
		}
	}
	if !opt.NoSchoolSheets {
		if err := b.schoolSheets(sc, kept, ""); err != nil {
			return File{}, err
		}
	}
	return b.file(WorkbookFile)
}

// SchoolWorkbooks builds one workbook a school (plan_<school_id>.xlsx):
// the school's sheet alone, what its officer hands out.
func SchoolWorkbooks(sc *scenarios.Scenario, files []File, opt WorkbookOptions) ([]File, error) {
	byName := csvFiles(files)
	tables := map[string]*csvTable{}
	for _, name := range []string{AssignmentsFile, UnassignedFile} {
		if f, ok := byName[name]; ok {
			t, err := readTable(f)
			if err != nil {
				return nil, err
			}
			tables[name] = t
		}
	}
	if _, ok := tables[AssignmentsFile]; !ok {
		return nil, nil
	}
	var out []File
	for _, s := range sc.Roster.Schools {
		b, err := newBook(opt.Lang.workbookZH())
		if err != nil {
			return nil, err
		}
		err = b.schoolSheets(sc, tables, s.ID)
		if err == nil {
			var f File
			f, err = b.file("plan_" + safeFileName(s.ID) + ".xlsx")
			out = append(out, f)
		}
		if err != nil {
			return nil, err
		}
	}
	return out, nil
}

// safeFileName keeps letters, digits, '-', '_' and '.' of an id.
func safeFileName(id string) string {
	var b strings.Builder
	for _, r := range id {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == '-', r == '_', r == '.':
			b.WriteRune(r)
		default:
			b.WriteByte('_')
		}
	}
	return b.String()
}

// csvTable is one CSV file read back: its header and records, either all
// of them (recs) or, for a table read once in order, n records that next
// gives one a call and then io.EOF.
type csvTable struct {
	cols []string
	recs [][]string
	at   map[string]int // column name → index
	n    int
	next func() ([]string, error)
}

// records gives the table's records in order, then io.EOF; the table's
// count is t.n.
func (t *csvTable) records() func() ([]string, error) {
	if t.next != nil {
		return t.next
	}
	i := 0
	return func() ([]string, error) {
		if i == len(t.recs) {
			return nil, io.EOF
		}
		i++
		return t.recs[i-1], nil
	}
}

func (t *csvTable) get(rec []string, col string) string {
	if j, ok := t.at[col]; ok {
		return rec[j]
	}
	return ""
}

// csvFiles are the plan's CSV files by name.
func csvFiles(files []File) map[string]File {
	out := map[string]File{}
	for _, f := range files {
		if strings.HasSuffix(f.Name, ".csv") {
			out[f.Name] = f
		}
	}
	return out
}

// readTable parses one of the plan's CSV files (as Build made it: English
// headers, no byte-order mark).
func readTable(f File) (*csvTable, error) {
	r, t, err := openTable(f)
	if err != nil {
		return nil, err
	}
	t.recs = make([][]string, 0, f.Rows)
	for {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("output: %s: %w", f.Name, err)
		}
		t.recs = append(t.recs, rec)
	}
	t.n = len(t.recs)
	return t, nil
}

// streamTable is readTable that parses the records only as they are
// asked for (csvTable.next), when the file says how many it has (Rows);
// else it is readTable.
func streamTable(f File) (*csvTable, error) {
	if f.Rows == 0 {
		return readTable(f)
	}
	r, t, err := openTable(f)
	if err != nil {
		return nil, err
	}
	t.n = f.Rows
	r.ReuseRecord = true // each record is made into cells before the next is read
	t.next = func() ([]string, error) {
		rec, err := r.Read()
		if err != nil && err != io.EOF {
			err = fmt.Errorf("output: %s: %w", f.Name, err)
		}
		return rec, err
	}
	return t, nil
}

// openTable reads a CSV file's header.
func openTable(f File) (*csv.Reader, *csvTable, error) {
	r := csv.NewReader(bytes.NewReader(f.Data))
	cols, err := r.Read()
	if err != nil {
		return nil, nil, fmt.Errorf("output: %s: %w", f.Name, err)
	}
	t := &csvTable{cols: cols, at: map[string]int{}}
	for j, c := range cols {
		t.at[c] = j
	}
	return r, t, nil
}

// book is a workbook being written.
type book struct {
	w      *xlsx.Writer
	zh     bool
	sheets map[string]bool // lower-cased names in use
}

func newBook(zh bool) (*book, error) {
	return &book{w: xlsx.NewWriter(), zh: zh, sheets: map[string]bool{}}, nil
}

// sheetName makes name a valid sheet name: no []:*?/\, at most 31
// characters, not used yet (a number is added).
func (b *book) sheetName(name string) string {
	name = strings.Map(func(r rune) rune {
		if strings.ContainsRune(`[]:*?/\`, r) || r < 0x20 {
			return '_'
		}
		return r
	}, strings.Trim(name, "'"))
	if name == "" {
		name = "_"
	}
	name = truncRunes(name, 31)
	base := name
	for i := 2; b.sheets[strings.ToLower(name)]; i++ {
		suffix := "(" + strconv.Itoa(i) + ")"
		name = truncRunes(base, 31-len(suffix)) + suffix
	}
	b.sheets[strings.ToLower(name)] = true
	return name
}

func truncRunes(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n])
}

// write adds the grid as the next sheet (rendered in the background).
func (b *book) write(name string, g *xlsx.Grid) error {
	b.w.Add(b.sheetName(name), g)
	return nil
}

// tableSheet writes one CSV table as a sheet.
func (b *book) tableSheet(name string, sp sheetSpec, t *csvTable) error {
	// Column order: sp.order first, then the rest in file order.
	var idx []int
	seen := map[int]bool{}
	for _, c := range sp.order {
		if j, ok := t.at[c]; ok && !seen[j] {
			idx, seen[j] = append(idx, j), true
		}
	}
	for j := range t.cols {
		if !seen[j] {
			idx = append(idx, j)
		}
	}
	hint := sp.file == UnassignedFile
	g := &xlsx.Grid{}
	for _, j := range idx {
		g.Header = append(g.Header, header(t.cols[j], b.zh))
		g.Widths = append(g.Widths, width(t.cols[j]))
	}
	if hint {
		g.Header = append(g.Header, header(hintColumn, b.zh))
		g.Widths = append(g.Widths, 48)
	}
	// The rows are made as the sheet is rendered, on the writer's
	// goroutine: this reads only t and read-only tables.
	reason, hasReason := t.at["reason"]
	recs := t.records()
	r := make([]xlsx.Cell, 0, len(g.Header))
	kinds := make([]column, len(idx))
	for k, j := range idx {
		kinds[k] = b.column(sp.file, t.cols[j])
	}
	g.N = t.n
	g.Next = func() ([]xlsx.Cell, error) {
		rec, err := recs()
		if err != nil {
			return nil, err
		}
		r = r[:0]
		for k, j := range idx {
			r = append(r, kinds[k].cell(rec[j]))
		}
		if hint {
			h := ""
			if hasReason {
				h = enHints[rec[reason]]
				if b.zh {
					h = zhHints[rec[reason]]
				}
			}
			r = append(r, xlsx.Text(h))
		}
		return r, nil
	}
	return b.write(name, g)
}

// cell is a CSV value as a workbook cell: a number in a number column,
// the translated enum value, or the text as it is.
func (b *book) cell(file, col, v string) xlsx.Cell { return b.column(file, col).cell(v) }

// column is what cell needs to know of a column, looked up once a sheet
// rather than once a cell (the fairness sheet has a million cells).
type column struct {
	number, yuan bool
	values       map[string]string // translated enum values, nil for none
}

func (b *book) column(file, col string) column {
	c := column{number: numberColumns[col], yuan: col == "subsidy_yuan"}
	if b.zh {
		c.values = zhValues[file][col]
	}
	return c
}

func (c column) cell(v string) xlsx.Cell {
	if c.number && v != "" {
		if x, err := strconv.ParseFloat(v, 64); err == nil {
			if c.yuan {
				return xlsx.Yuan(x)
			}
			return xlsx.Number(x)
		}
	}
	if t, ok := c.values[v]; ok {
		return xlsx.Text(t)
	}
	return xlsx.Text(v)
}

// width is a column's width in characters (a Chinese character counts
// about two).
func width(col string) float64 {
	switch col {
	case "student_name", "teacher_name", "expert_name":
		return 10
	case "school_name":
		return 22
	case "enterprise_name", "name":
		return 32
	case "specialty_name":
		return 18
	case "specialty":
		return 22
	case "reason":
		return 20
	case hintColumn:
		return 48
	}
	if strings.HasSuffix(col, "_id") {
		return 12
	}
	return 10
}

// schoolSheets writes one sheet a school (only school only, when not ""):
// its students in students.csv order, placed or not.
func (b *book) schoolSheets(sc *scenarios.Scenario, tables map[string]*csvTable, only string) error {
	as, us := tables[AssignmentsFile], tables[UnassignedFile]
	if as == nil || us == nil {
		return nil
	}
	placed := make(map[string][]string, len(as.recs))
	for _, rec := range as.recs {
		placed[as.get(rec, "student_id")] = rec
	}
	unplaced := make(map[string][]string, len(us.recs))
	for _, rec := range us.recs {
		unplaced[us.get(rec, "student_id")] = rec
	}
	r := sc.Roster
	bySchool := make(map[string][]int, len(r.Schools))
	for i := range r.Students {
		bySchool[r.Students[i].SchoolID] = append(bySchool[r.Students[i].SchoolID], i)
	}
	cols := []string{"student_id", "student_name", "specialty", "specialty_name", "status",
		"enterprise_id", "enterprise_name", "post_id", "specialty_match", "preference_rank", "km", "reason", hintColumn}
	st := map[bool]string{true: "placed", false: "unassigned"}
	if b.zh {
		st = map[bool]string{true: "已安排", false: "未安排"}
	}
	for _, s := range r.Schools {
		if only != "" && s.ID != only {
			continue
		}
		g := &xlsx.Grid{}
		for _, c := range cols {
			g.Header = append(g.Header, header(c, b.zh))
			g.Widths = append(g.Widths, width(c))
		}
		for _, i := range bySchool[s.ID] {
			stu := &r.Students[i]
			row := make([]xlsx.Cell, len(cols))
			row[0], row[1] = xlsx.Text(stu.ID), xlsx.Text(stu.Name)
			if rec, ok := placed[stu.ID]; ok {
				row[2], row[3] = xlsx.Text(as.get(rec, "specialty")), xlsx.Text(as.get(rec, "specialty_name"))
				row[4] = xlsx.Text(st[true])
				row[5], row[6], row[7] = xlsx.Text(as.get(rec, "enterprise_id")), xlsx.Text(as.get(rec, "enterprise_name")),
					xlsx.Text(as.get(rec, "post_id"))
				row[8] = b.cell(AssignmentsFile, "specialty_match", as.get(rec, "specialty_match"))
				row[9] = b.cell(AssignmentsFile, "preference_rank", as.get(rec, "preference_rank"))
				row[10] = b.cell(AssignmentsFile, "km", as.get(rec, "km"))
			} else if rec, ok := unplaced[stu.ID]; ok {
				row[2], row[3] = xlsx.Text(us.get(rec, "specialty")), xlsx.Text(us.get(rec, "specialty_name"))
				row[4] = xlsx.Text(st[false])
				reason := us.get(rec, "reason")
				row[11] = b.cell(UnassignedFile, "reason", reason)
				if b.zh {
					row[12] = xlsx.Text(zhHints[reason])
				} else {
					row[12] = xlsx.Text(enHints[reason])
				}
			} else {
				continue // not in the plan (cannot happen for a plan Build made)
			}
			g.Rows = append(g.Rows, row)
		}
		name := s.Name
		if name == "" {
			name = s.ID
		}
		if err := b.write(name, g); err != nil {
			return err
		}
	}
	return nil
}

// summarySheet writes the figures of summary.json for people.
func (b *book) summarySheet(sc *scenarios.Scenario, sum *Summary, warnings []string) error {
	zh := b.zh
	t := func(z, e string) string {
		if zh {
			return z
		}
		return e
	}
	pol := sc.Config.Policy
	g := &xlsx.Grid{Header: []string{t("项目", "item"), t("数值", "value"), t("说明", "note")}, Widths: []float64{30, 16, 44}}
	add := func(item string, v any, note string) {
		var c xlsx.Cell
		switch v := v.(type) {
		case string:
			c = xlsx.Text(v)
		case int64:
			c = xlsx.Number(float64(v))
		case xlsx.Cell:
			c = v
		}
		g.Rows = append(g.Rows, []xlsx.Cell{xlsx.Text(item), c, xlsx.Text(note)})
	}
	pct := func(x float64) any { return xlsx.Percent(x) }
	yuan := func(n int64) any { return xlsx.Yuan(float64(n)) }
	add(t("情景", "scenario"), sum.Scenario, "")
	add(t("学期", "term"), sum.Term, "")
	a := sum.Stages.Assignment
	if a.Status != "not_run" {
		add(t("学生人数", "students"), int64(sum.Inputs.Students), "")
		add(t("已安排", "placed"), int64(a.Placed), "")
		add(t("未安排", "unassigned"), int64(a.Unassigned), "")
		add(t("安置率", "placement rate"), pct(sum.PlacementRate), "")
		add(t("专业精确匹配占比", "exact specialty share"), pct(sum.ExactShare), t("占已安排学生", "of the placed"))
		add(t("专业相近匹配占比", "related specialty share"), pct(sum.RelatedShare), t("占已安排学生", "of the placed"))
		add(t("有配额的企业", "enterprises with a quota"), int64(sum.QuotaEnterprises), "")
		add(t("达到配额的企业", "enterprises meeting their quota"), int64(sum.CompliantEnterprises), "")
		add(t("配额缺口合计", "total quota shortfall"), int64(sum.TotalShortfall), "")
		add(t("订单班到订单企业人数", "order-class students at their sponsor"), int64(sum.OrderClassAtSponsor), "")
	}
	s := sum.Subsidies
	add(t("实习补贴（元）", "internship subsidy (yuan)"), yuan(s.InternshipYuan),
		fmt.Sprintf(t("%s 元/岗位/学期", "%s yuan a post a semester"), Thousands(int64(pol.InternshipSubsidyYuan))))
	add(t("实训补贴（元）", "training subsidy (yuan)"), yuan(s.TrainingYuan),
		fmt.Sprintf(t("%s 元/人", "%s yuan a trainee"), Thousands(int64(pol.TrainingSubsidyYuan))))
	add(t("订单班补贴（元）", "order-class subsidy (yuan)"), yuan(s.OrderClassYuan),
		fmt.Sprintf(t("%s 元/人", "%s yuan a hire"), Thousands(int64(pol.OrderClassSubsidyYuan))))
	add(t("补贴合计（元）", "total subsidies (yuan)"), yuan(s.TotalYuan), "")
	gap := func(g float64, status string) string {
		if status == "optimal" {
			return t("已证明最优", "proven optimal")
		}
		return fmt.Sprintf(t("可行解，与界的差距 %.2f%%", "feasible, %.2f%% from the bound"), g*100)
	}
	if a.Status != "not_run" {
		add(t("第一阶段 实习安排：目标值 Z", "stage 1 assignment: objective Z"), a.ObjectiveZ, gap(a.Gap, a.Status))
		add(t("第一阶段：上界", "stage 1: upper bound"), a.Bound, "")
		add(t("第一阶段：差距", "stage 1: gap"), pct(a.Gap), "")
	}
	if tr := sum.Stages.Training; tr != nil {
		add(t("第二阶段 实训排期：罚分 P", "stage 2 training: penalty P"), tr.PenaltyP, gap(tr.Gap, tr.Status))
		add(t("第二阶段：下界", "stage 2: lower bound"), tr.Bound, "")
		add(t("第二阶段：差距", "stage 2: gap"), pct(tr.Gap), "")
		add(t("完成全部课次的班组", "cohorts with every session"), int64(tr.CohortsComplete),
			fmt.Sprintf(t("共 %d 个班组", "of %d cohorts"), tr.Cohorts))
	}
	if m := sum.Stages.Mentors; m != nil {
		add(t("第三阶段 双导师：罚分 M", "stage 3 mentors: penalty M"), m.PenaltyM, gap(m.Gap, m.Status))
		add(t("第三阶段：下界", "stage 3: lower bound"), m.Bound, "")
		add(t("第三阶段：差距", "stage 3: gap"), pct(m.Gap), "")
		add(t("缺校内教师的学生", "interns without a teacher"), int64(m.TeacherMissing), "")
		add(t("缺企业专家的学生", "interns without an expert"), int64(m.ExpertMissing), "")
	}
	for _, w := range warnings {
		add(t("警告", "warning"), "", w)
	}
	return b.write(t("汇总", "summary"), g)
}

// file finishes the workbook.
func (b *book) file(name string) (File, error) {
	data, err := b.w.Finish()
	if err != nil {
		return File{}, fmt.Errorf("output: %s: %w", name, err)
	}
	return File{Name: name, Data: data}, nil
}
