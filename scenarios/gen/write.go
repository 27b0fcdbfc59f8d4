package gen

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"placement/model"
)

// Data file names, as scenario.yaml names them.
const (
	ScenarioFile    = "scenario.yaml"
	SchoolsFile     = "schools.csv"
	StudentsFile    = "students.csv"
	EnterprisesFile = "enterprises.csv"
	PostsFile       = "posts.csv"
	SpecialtiesFile = "specialties.csv"
	DistrictsFile   = "districts.csv"
	DistancesFile   = "distances.csv"
	PinsFile        = "pins.csv"
)

// WriteDir writes the city into dir (created if missing) as scenario.yaml
// and its CSV files. Each file is written to a temporary file in dir and
// renamed into place, so a reader never sees half a file; scenario.yaml
// comes last, so once it is there the data files it names are complete.
func (c *City) WriteDir(dir string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("gen: %w", err)
	}
	r := c.Roster
	files := []struct {
		name string
		fill func(w *rowWriter)
	}{
		{DistrictsFile, func(w *rowWriter) {
			w.header("district_id", "name")
			for _, d := range r.Districts {
				w.str(d.ID).str(d.Name).end()
			}
		}},
		{DistancesFile, func(w *rowWriter) {
			w.header("from", "to", "km")
			for _, d := range r.Distances {
				w.str(d.From).str(d.To).int(d.Km).end()
			}
		}},
		{SpecialtiesFile, func(w *rowWriter) {
			w.header("specialty", "name", "group")
			for _, s := range r.Specialties {
				w.str(s.Code).str(s.Name).str(s.Group).end()
			}
		}},
		{SchoolsFile, func(w *rowWriter) {
			w.header("school_id", "name", "kind", "district")
			for _, s := range r.Schools {
				w.str(s.ID).str(s.Name).str(string(s.Kind)).str(s.District).end()
			}
		}},
		{EnterprisesFile, func(w *rowWriter) {
			w.header("enterprise_id", "name", "industry", "employees", "above_scale", "district")
			for i := range r.Enterprises {
				e := &r.Enterprises[i]
				w.str(e.ID).str(e.Name).str(e.Industry).int(e.Employees).bool(e.AboveScale).str(e.District).end()
			}
		}},
		{PostsFile, func(w *rowWriter) {
			w.header("post_id", "enterprise_id", "specialty", "capacity", "min_level", "accepts_related")
			for i := range r.Posts {
				p := &r.Posts[i]
				w.str(p.ID).str(p.EnterpriseID).str(p.Specialty).int(p.Capacity).
					str(p.MinLevel.String()).bool(p.AcceptsRelated).end()
			}
		}},
		{StudentsFile, func(w *rowWriter) {
			w.header("student_id", "name", "school_id", "specialty", "level", "district",
				"score", "award", "order_enterprise_id", "preferences")
			for i := range r.Students {
				s := &r.Students[i]
				w.str(s.ID).str(s.Name).str(s.SchoolID).str(s.Specialty).str(s.Level.String()).
					str(s.District).score(s.Score).str(s.Award.String()).str(s.OrderEnterpriseID).
					list(s.Preferences).end()
			}
		}},
		{PinsFile, func(w *rowWriter) {
			w.header("student_id", "post_id")
			for _, p := range r.Pins {
				w.str(p.StudentID).str(p.PostID).end()
			}
		}},
		{MentorsFile, c.writeMentors},
		{BasesFile, c.writeBases},
		{CohortsFile, c.writeCohorts},
		{ScenarioFile, func(w *rowWriter) { w.raw(c.yaml()) }},
	}
	for _, f := range files {
		if err := writeAtomic(dir, f.name, f.fill); err != nil {
			return err
		}
	}
	return nil
}

// writeAtomic writes name in dir through a temporary file and a rename.
func writeAtomic(dir, name string, fill func(w *rowWriter)) (err error) {
	tmp, err := os.CreateTemp(dir, "."+name+".*.tmp")
	if err != nil {
		return fmt.Errorf("gen: %w", err)
	}
	defer func() {
		if err != nil {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	w := &rowWriter{w: bufio.NewWriterSize(tmp, 1<<16)}
	fill(w)
	if err = w.w.Flush(); err != nil {
		return fmt.Errorf("gen: writing %s: %w", name, err)
	}
	if err = tmp.Chmod(0o644); err != nil {
		return fmt.Errorf("gen: %w", err)
	}
	if err = tmp.Close(); err != nil {
		return fmt.Errorf("gen: writing %s: %w", name, err)
	}
	if err = os.Rename(tmp.Name(), filepath.Join(dir, name)); err != nil {
		return fmt.Errorf("gen: %w", err)
	}
	return nil
}

// rowWriter writes CSV rows into a bufio.Writer through one reused line
// buffer, quoting a field only when it needs it (RFC 4180). Write errors
// stick in the bufio.Writer and surface at Flush.
type rowWriter struct {
	w      *bufio.Writer
	line   []byte
	fields int // fields in line so far
}

func (w *rowWriter) sep() {
	if w.fields > 0 {
		w.line = append(w.line, ',')
	}
	w.fields++
}

func (w *rowWriter) str(s string) *rowWriter {
	w.sep()
	if s == "" {
		return w
	}
	if strings.ContainsAny(s, ",\"\r\n") || s[0] == ' ' || s[len(s)-1] == ' ' {
		w.line = append(w.line, '"')
		for i := 0; i < len(s); i++ {
			if s[i] == '"' {
				w.line = append(w.line, '"')
			}
			w.line = append(w.line, s[i])
		}
		w.line = append(w.line, '"')
		return w
	}
	w.line = append(w.line, s...)
	return w
}

func (w *rowWriter) int(n int) *rowWriter {
	w.sep()
	w.line = strconv.AppendInt(w.line, int64(n), 10)
	return w
}

func (w *rowWriter) bool(b bool) *rowWriter {
	w.sep()
	w.line = strconv.AppendBool(w.line, b)
	return w
}

func (w *rowWriter) score(x float64) *rowWriter {
	w.sep()
	w.line = strconv.AppendFloat(w.line, x, 'f', 1, 64)
	return w
}

// list writes ids joined by ';' (ids never need quoting).
func (w *rowWriter) list(ids []string) *rowWriter {
	w.sep()
	for k, id := range ids {
		if k > 0 {
			w.line = append(w.line, ';')
		}
		w.line = append(w.line, id...)
	}
	return w
}

func (w *rowWriter) header(cols ...string) {
	for _, c := range cols {
		w.str(c)
	}
	w.end()
}

func (w *rowWriter) end() {
	w.line = append(w.line, '\n')
	w.w.Write(w.line)
	w.line = w.line[:0]
	w.fields = 0
}

func (w *rowWriter) raw(s string) { w.w.WriteString(s) }

// yaml renders scenario.yaml: the data paths and the policy and weights
// written out in full, so a planner can see and edit every default.
func (c *City) yaml() string {
	o, p, wt := c.Options, c.Policy, c.Weights
	var b strings.Builder
	fmt.Fprintf(&b, "# Generated by `placement gen` (package placement/scenarios/gen): a synthetic\n")
	fmt.Fprintf(&b, "# city shaped like Zibo's technical-education alliance. Same options, same files.\n")
	fmt.Fprintf(&b, "# options: students=%d enterprises=%d posts=%d seed=%d pref_share=%s order_share=%s\n",
		o.Students, o.Enterprises, o.Posts, o.Seed,
		strconv.FormatFloat(o.PrefShare, 'g', -1, 64), strconv.FormatFloat(o.OrderShare, 'g', -1, 64))
	fmt.Fprintf(&b, "name: %s\n", yamlString(c.Name))
	fmt.Fprintf(&b, "term: %s\n", yamlString(c.Term))
	b.WriteString("data:\n")
	for _, kv := range [][2]string{
		{"schools", SchoolsFile}, {"students", StudentsFile}, {"enterprises", EnterprisesFile},
		{"posts", PostsFile}, {"specialties", SpecialtiesFile}, {"districts", DistrictsFile},
		{"distances", DistancesFile}, {"pins", PinsFile}, {"mentors", MentorsFile},
		{"bases", BasesFile}, {"cohorts", CohortsFile},
	} {
		fmt.Fprintf(&b, "  %s: %s\n", kv[0], kv[1])
	}
	b.WriteString("policy:\n")
	fmt.Fprintf(&b, "  quota_rate: %s\n", rateString(p.QuotaBasisPoints))
	fmt.Fprintf(&b, "  max_commute_km: %d\n", p.MaxCommuteKm)
	fmt.Fprintf(&b, "  order_class: %s\n", p.OrderClass)
	fmt.Fprintf(&b, "  internship_subsidy_yuan: %d\n", p.InternshipSubsidyYuan)
	fmt.Fprintf(&b, "  training_subsidy_yuan: %d\n", p.TrainingSubsidyYuan)
	fmt.Fprintf(&b, "  order_class_subsidy_yuan: %d\n", p.OrderClassSubsidyYuan)
	b.WriteString("weights:\n")
	fmt.Fprintf(&b, "  placement: %d\n", wt.Placement)
	fmt.Fprintf(&b, "  exact_specialty: %d\n", wt.ExactSpecialty)
	fmt.Fprintf(&b, "  related_specialty: %d\n", wt.RelatedSpecialty)
	prefs := make([]string, len(wt.Preference))
	for i, x := range wt.Preference {
		prefs[i] = strconv.Itoa(x)
	}
	fmt.Fprintf(&b, "  preference: [%s]\n", strings.Join(prefs, ", "))
	fmt.Fprintf(&b, "  per_km: %d\n", wt.PerKm)
	awards := make([]string, model.NumAwards)
	for a := range model.NumAwards {
		awards[a] = fmt.Sprintf("%s: %d", model.Award(a), wt.Award[a])
	}
	fmt.Fprintf(&b, "  award: {%s}\n", strings.Join(awards, ", "))
	fmt.Fprintf(&b, "  quota_bonus: %d\n", wt.QuotaBonus)
	fmt.Fprintf(&b, "  order_prefer: %d\n", wt.OrderPrefer)
	fmt.Fprintf(&b, "  train_per_km: %d\n", wt.TrainPerKm)
	fmt.Fprintf(&b, "  base_switch: %d\n", wt.BaseSwitch)
	fmt.Fprintf(&b, "  unscheduled: %d\n", wt.Unscheduled)
	fmt.Fprintf(&b, "  mentor_missing: %d\n", wt.MentorMissing)
	fmt.Fprintf(&b, "  teacher_visit: %d\n", wt.TeacherVisit)
	fmt.Fprintf(&b, "  mentor_related: %d\n", wt.MentorRelated)
	return b.String()
}

// rateString writes basis points as a decimal: 200 → 0.02, 10000 → 1.
func rateString(bp int) string {
	s := fmt.Sprintf("%d.%04d", bp/10000, bp%10000)
	s = strings.TrimRight(s, "0")
	return strings.TrimSuffix(s, ".")
}

// yamlString writes s as a plain YAML scalar when that is safe, else
// double-quoted (Go's escapes are a subset of YAML's).
func yamlString(s string) string {
	plain := s != ""
	for i := 0; i < len(s) && plain; i++ {
		ch := s[i]
		plain = ch >= 'a' && ch <= 'z' || ch >= 'A' && ch <= 'Z' || ch >= '0' && ch <= '9' ||
			i > 0 && (ch == '-' || ch == '_' || ch == '.')
	}
	switch strings.ToLower(s) {
	case "true", "false", "yes", "no", "on", "off", "null", "y", "n":
		plain = false
	}
	if plain {
		if _, err := strconv.ParseFloat(s, 64); err == nil {
			plain = false
		}
	}
	if plain {
		return s
	}
	return strconv.Quote(s)
}
