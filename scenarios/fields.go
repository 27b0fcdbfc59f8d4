package scenarios

import (
	"slices"
	"strconv"
	"strings"
	"time"

	"placement/model"
)

// origin is where a value came from: a place in a scenario file, an
// environment variable or a --set flag. It is what a message names.
type origin struct {
	file      string // "scenario.yaml", "environment PLACEMENT_NAME", "flag --set name=x"
	line, col int    // 1-based; 0 when not in a file
	dir       string // the directory relative data paths resolve against
}

// value is one setting as written, before it is checked.
type value struct {
	text  string // a single value
	items []item // the elements, when the key takes a list
	at    origin
}

// item is one element of a list value.
type item struct {
	text string
	at   origin
}

// field is one settable key: its path and how its text becomes part of a
// Config. set reports a bad value and leaves the default in place.
type field struct {
	key  string
	list bool
	set  func(c *Config, v value, fsys files, ps *model.Problems)
}

// maxInt bounds every integer setting (weights, yuan, km, session limits),
// so that no sum of weights over a city's students can overflow: with the
// bounds of the data files (model/limits.go) every objective and every
// total stays below 10¹⁸, an int64 holds 9.2 × 10¹⁸.
const maxInt = 1_000_000

// maxPeriods bounds calendar.periods: the schedule has weeks × days ×
// periods slots at every base.
const maxPeriods = 24

// Why a weight may not be negative, by kind of weight.
const (
	whyBonus   = "it is a bonus the plan earns; to make something count for less, lower its bonus (0 at the least)"
	whyPerKm   = "it is a cost per km; a negative one would make a farther place worth more"
	whyPenalty = "it is a penalty; a negative one would reward what it is meant to prevent"
	whyDirect  = "the min-cost-flow model prices it on direct arcs, which is exact only when it never lowers a value"
	whyYuan    = "it is an amount of money paid"
	whyKm      = "it is a distance (0: no limit)"
)

// fields are the keys of SPEC.md, in its order.
var fields = []field{
	{key: "name", set: func(c *Config, v value, _ files, _ *model.Problems) { c.Name = strings.TrimSpace(v.text) }},
	{key: "lenient", set: setLenient},
	{key: "term", set: func(c *Config, v value, _ files, _ *model.Problems) { c.Term = strings.TrimSpace(v.text) }},

	dataField("data.schools", func(d *model.DataPaths) *string { return &d.Schools }),
	dataField("data.students", func(d *model.DataPaths) *string { return &d.Students }),
	dataField("data.enterprises", func(d *model.DataPaths) *string { return &d.Enterprises }),
	dataField("data.posts", func(d *model.DataPaths) *string { return &d.Posts }),
	dataField("data.specialties", func(d *model.DataPaths) *string { return &d.Specialties }),
	dataField("data.districts", func(d *model.DataPaths) *string { return &d.Districts }),
	dataField("data.distances", func(d *model.DataPaths) *string { return &d.Distances }),
	dataField("data.pins", func(d *model.DataPaths) *string { return &d.Pins }),
	dataField("data.bases", func(d *model.DataPaths) *string { return &d.Bases }),
	dataField("data.cohorts", func(d *model.DataPaths) *string { return &d.Cohorts }),
	dataField("data.mentors", func(d *model.DataPaths) *string { return &d.Mentors }),

	{key: "policy.quota_rate", set: setQuotaRate},
	intField("policy.max_commute_km", 0, whyKm, func(c *Config) *int { return &c.Policy.MaxCommuteKm }),
	{key: "policy.order_class", set: setOrderClass},
	intField("policy.internship_subsidy_yuan", 0, whyYuan, func(c *Config) *int { return &c.Policy.InternshipSubsidyYuan }),
	intField("policy.training_subsidy_yuan", 0, whyYuan, func(c *Config) *int { return &c.Policy.TrainingSubsidyYuan }),
	intField("policy.order_class_subsidy_yuan", 0, whyYuan, func(c *Config) *int { return &c.Policy.OrderClassSubsidyYuan }),

	intField("weights.placement", 0, whyBonus, func(c *Config) *int { return &c.Weights.Placement }),
	intField("weights.exact_specialty", 0, whyBonus, func(c *Config) *int { return &c.Weights.ExactSpecialty }),
	intField("weights.related_specialty", 0, whyBonus, func(c *Config) *int { return &c.Weights.RelatedSpecialty }),
	{key: "weights.preference", list: true, set: setPreference},
	intField("weights.per_km", 0, whyPerKm, func(c *Config) *int { return &c.Weights.PerKm }),
	intField("weights.award.none", 0, whyBonus, func(c *Config) *int { return &c.Weights.Award[model.AwardNone] }),
	intField("weights.award.city", 0, whyBonus, func(c *Config) *int { return &c.Weights.Award[model.AwardCity] }),
	intField("weights.award.province", 0, whyBonus, func(c *Config) *int { return &c.Weights.Award[model.AwardProvince] }),
	intField("weights.award.national", 0, whyBonus, func(c *Config) *int { return &c.Weights.Award[model.AwardNational] }),
	intField("weights.quota_bonus", 0,
		"the min-cost-flow model needs a concave quota bonus, and a negative one is convex",
		func(c *Config) *int { return &c.Weights.QuotaBonus }),
	intField("weights.order_prefer", 0, whyDirect, func(c *Config) *int { return &c.Weights.OrderPrefer }),
	intField("weights.train_per_km", 0, whyPerKm, func(c *Config) *int { return &c.Weights.TrainPerKm }),
	intField("weights.base_switch", 0, whyPenalty, func(c *Config) *int { return &c.Weights.BaseSwitch }),
	intField("weights.unscheduled", 0, whyPenalty, func(c *Config) *int { return &c.Weights.Unscheduled }),
	intField("weights.mentor_missing", 0, whyPenalty, func(c *Config) *int { return &c.Weights.MentorMissing }),
	intField("weights.teacher_visit", 0, whyPenalty, func(c *Config) *int { return &c.Weights.TeacherVisit }),
	intField("weights.mentor_related", 0, whyBonus, func(c *Config) *int { return &c.Weights.MentorRelated }),

	intFieldMax("calendar.weeks", 1, 53, func(c *Config) *int { return &c.Calendar.Weeks }),
	{key: "calendar.days", list: true, set: setDays},
	{key: "calendar.periods", list: true, set: setPeriods},

	intField("training.max_sessions_per_day", 1, "", func(c *Config) *int { return &c.Training.MaxSessionsPerDay }),
	intField("training.max_sessions_per_week", 1, "", func(c *Config) *int { return &c.Training.MaxSessionsPerWeek }),

	intField("replan.keep_bonus", 0, "", func(c *Config) *int { return &c.Replan.KeepBonus }),
	{key: "output.lang", set: setLang},

	durationField("solver.schedule.time_limit", func(c *Config) *time.Duration { return &c.Solver.ScheduleTimeLimit }),
	durationField("solver.mentor.time_limit", func(c *Config) *time.Duration { return &c.Solver.MentorTimeLimit }),
}

// durationField sets a time limit written as a Go duration ("30s", "2m",
// "1m30s"); 0 means none.
func durationField(key string, dst func(*Config) *time.Duration) field {
	return field{key: key, set: func(c *Config, v value, _ files, ps *model.Problems) {
		d, err := time.ParseDuration(strings.TrimSpace(v.text))
		switch {
		case strings.TrimSpace(v.text) == "0":
			*dst(c) = 0
		case err != nil:
			bad(ps, v.at, "%s %q is not a duration (write 30s, 2m or 1m30s)", key, v.text)
		case d < 0:
			bad(ps, v.at, "%s %q must not be negative", key, v.text)
		default:
			*dst(c) = d
		}
	}}
}

// sections are the keys that hold other keys.
var sections = []string{"data", "policy", "weights", "weights.award", "calendar", "training", "replan", "output", "solver", "solver.schedule", "solver.mentor"}

func fieldOf(key string) (field, bool) {
	for _, f := range fields {
		if f.key == key {
			return f, true
		}
	}
	return field{}, false
}

func isSection(key string) bool { return slices.Contains(sections, key) }

func bad(ps *model.Problems, at origin, format string, args ...any) {
	ps.Errorf(at.file, at.line, at.col, format, args...)
}

// dataField sets a data path, resolved against the directory of the file
// that named it.
func dataField(key string, dst func(*model.DataPaths) *string) field {
	return field{key: key, set: func(c *Config, v value, fsys files, _ *model.Problems) {
		p := strings.TrimSpace(v.text)
		if p != "" && !fsys.isAbs(p) {
			p = fsys.join(v.at.dir, p)
		}
		*dst(&c.Data) = p
	}}
}

// intField sets an integer in [min, maxInt]; why, when given, says why
// the minimum matters.
func intField(key string, min int, why string, dst func(*Config) *int) field {
	return field{key: key, set: func(c *Config, v value, _ files, ps *model.Problems) {
		n, ok := parseInt(v.text)
		switch {
		case !ok:
			bad(ps, v.at, "%s %q is not an integer", key, v.text)
		case n < min && why != "":
			bad(ps, v.at, "%s %q must be at least %d: %s", key, v.text, min, why)
		case n < min:
			bad(ps, v.at, "%s %q must be at least %d", key, v.text, min)
		case n > maxInt:
			bad(ps, v.at, "%s %q must be at most %d", key, v.text, maxInt)
		default:
			*dst(c) = n
		}
	}}
}

// intFieldMax sets an integer in [min, max].
func intFieldMax(key string, min, max int, dst func(*Config) *int) field {
	return field{key: key, set: func(c *Config, v value, _ files, ps *model.Problems) {
		n, ok := parseInt(v.text)
		switch {
		case !ok:
			bad(ps, v.at, "%s %q is not an integer", key, v.text)
		case n < min || n > max:
			bad(ps, v.at, "%s %q must be between %d and %d", key, v.text, min, max)
		default:
			*dst(c) = n
		}
	}}
}

func parseInt(s string) (int, bool) {
	n, err := strconv.Atoi(strings.TrimSpace(s))
	return n, err == nil
}

func setQuotaRate(c *Config, v value, _ files, ps *model.Problems) {
	bp, msg := parseBasisPoints(v.text)
	if msg != "" {
		bad(ps, v.at, "policy.quota_rate %q %s", v.text, msg)
		return
	}
	c.Policy.QuotaBasisPoints = bp
}

// parseBasisPoints reads a rate between 0 and 1 written as a decimal with
// at most 4 places ("0.0175", "0.02", "1") as exact basis points (175,
// 200, 10000). It works on the text, never in floating point. Trailing
// zeros do not count as places ("0.02000" is 200). When the text is not
// such a rate, msg says why, to follow the key and the quoted text in a
// message.
func parseBasisPoints(text string) (bp int, msg string) {
	const notDecimal = "is not a decimal number like 0.02"
	s := strings.TrimSpace(text)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	whole, frac, _ := strings.Cut(s, ".")
	if whole == "" && frac == "" || !digits(whole) || !digits(frac) {
		return 0, notDecimal
	}
	frac = strings.TrimRight(frac, "0")
	if len(frac) > 4 {
		return 0, "has more than 4 decimal places"
	}
	whole = strings.TrimLeft(whole, "0")
	zero := whole == "" && frac == ""
	if neg && !zero || len(whole) > 1 || whole > "1" || whole == "1" && frac != "" {
		return 0, "must be between 0 and 1"
	}
	if whole == "1" {
		return 10000, ""
	}
	frac += strings.Repeat("0", 4-len(frac))
	n, _ := strconv.Atoi(frac) // four digits
	return n, ""
}

func digits(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// setLenient reads lenient: true turns unknown keys into warnings.
func setLenient(c *Config, v value, _ files, ps *model.Problems) {
	switch strings.ToLower(strings.TrimSpace(v.text)) {
	case "true", "yes", "1":
		c.Lenient = true
	case "false", "no", "0":
		c.Lenient = false
	default:
		bad(ps, v.at, "lenient %q is not a boolean (use true or false)", v.text)
	}
}

// setOrderClass reads strict or prefer, in any case (like the enum values
// of the CSV files).
func setOrderClass(c *Config, v value, _ files, ps *model.Problems) {
	switch oc := model.OrderClass(strings.ToLower(strings.TrimSpace(v.text))); oc {
	case model.OrderStrict, model.OrderPrefer:
		c.Policy.OrderClass = oc
	default:
		bad(ps, v.at, "policy.order_class %q must be %s or %s", v.text, model.OrderStrict, model.OrderPrefer)
	}
}

// setLang sets output.lang: zh or en (the language of plan.xlsx, and with
// zh of the CSV headers too).
func setLang(c *Config, v value, _ files, ps *model.Problems) {
	switch l := strings.ToLower(strings.TrimSpace(v.text)); l {
	case "", "zh", "en":
		c.Output.Lang = l
	default:
		bad(ps, v.at, "output.lang %q must be zh or en", v.text)
	}
}

func setPreference(c *Config, v value, _ files, ps *model.Problems) {
	pts := make([]int, 0, len(v.items))
	ok := true
	for i, it := range v.items {
		n, isInt := parseInt(it.text)
		switch {
		case !isInt:
			bad(ps, it.at, "weights.preference item %d %q is not an integer", i+1, it.text)
			ok = false
		case n < 0:
			bad(ps, it.at, "weights.preference item %d %q must be at least 0: %s", i+1, it.text, whyDirect)
			ok = false
		case n > maxInt:
			bad(ps, it.at, "weights.preference item %d %q must be at most %d", i+1, it.text, maxInt)
			ok = false
		}
		pts = append(pts, n)
	}
	if ok {
		c.Weights.Preference = pts
	}
}

func setDays(c *Config, v value, _ files, ps *model.Problems) {
	seen := make(map[string]bool)
	ok := true
	for i, it := range v.items {
		d := strings.ToLower(strings.TrimSpace(it.text)) // in any case, as in cohorts.csv
		switch {
		case !slices.Contains(weekDays, d):
			bad(ps, it.at, "calendar.days item %d %q is not a day (%s)", i+1, it.text, strings.Join(weekDays, ", "))
			ok = false
		case seen[d]:
			bad(ps, it.at, "calendar.days item %d %q is listed twice", i+1, it.text)
			ok = false
		}
		seen[d] = true
	}
	if len(v.items) == 0 {
		bad(ps, v.at, "calendar.days must not be empty")
		ok = false
	}
	if ok {
		// In week order, whatever order they were listed in.
		days := make([]string, 0, len(seen))
		for _, d := range weekDays {
			if seen[d] {
				days = append(days, d)
			}
		}
		c.Calendar.Days = days
	}
}

func setPeriods(c *Config, v value, _ files, ps *model.Problems) {
	seen := make(map[string]bool)
	ok := true
	periods := make([]string, 0, len(v.items))
	for i, it := range v.items {
		p := strings.TrimSpace(it.text)
		switch {
		case p == "":
			bad(ps, it.at, "calendar.periods item %d is empty", i+1)
			ok = false
		case strings.ContainsAny(p, ",; \t"):
			bad(ps, it.at, "calendar.periods item %d %q must be one word (no spaces, commas or semicolons)", i+1, it.text)
			ok = false
		case seen[p]:
			bad(ps, it.at, "calendar.periods item %d %q is listed twice", i+1, it.text)
			ok = false
		}
		seen[p] = true
		periods = append(periods, p)
	}
	if len(v.items) == 0 {
		bad(ps, v.at, "calendar.periods must not be empty")
		ok = false
	}
	if len(v.items) > maxPeriods {
		bad(ps, v.at, "calendar.periods lists %d periods; at most %d are allowed", len(v.items), maxPeriods)
		ok = false
	}
	if ok {
		c.Calendar.Periods = periods
	}
}

// splitList reads a list written as text: "30,20,10", optionally in
// brackets; "" and "[]" are the empty list.
func splitList(text string, at origin) []item {
	s := strings.TrimSpace(text)
	if strings.HasPrefix(s, "[") && strings.HasSuffix(s, "]") {
		s = strings.TrimSpace(s[1 : len(s)-1])
	}
	if s == "" {
		return []item{}
	}
	parts := strings.Split(s, ",")
	items := make([]item, len(parts))
	for i, p := range parts {
		items[i] = item{text: strings.TrimSpace(p), at: at}
	}
	return items
}
