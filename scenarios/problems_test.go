package scenarios

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// The tests here write the scenario as "scenario.yaml" in a temporary
// directory and run from it, so that messages read as a user sees them.

func TestBadValuesAreErrorsThatNameTheirPlace(t *testing.T) {
	tests := []struct {
		name string
		yaml string // after dataYAML, which is 8 lines long
		opts Options
		want []string
	}{
		{
			name: "a rate with five places names the line and column of the value",
			yaml: "policy:\n  quota_rate: 0.00001\n",
			want: []string{`scenario.yaml:10:15: policy.quota_rate "0.00001" has more than 4 decimal places`},
		},
		{
			name: "a bad rate from the environment names the variable",
			opts: Options{Env: []string{"PLACEMENT_POLICY_QUOTA_RATE=0.00001"}},
			want: []string{`environment PLACEMENT_POLICY_QUOTA_RATE: policy.quota_rate "0.00001" has more than 4 decimal places`},
		},
		{
			name: "a bad rate from a flag names the flag",
			opts: Options{Set: []string{"policy.quota_rate=0.00001"}},
			want: []string{`flag --set policy.quota_rate=0.00001: policy.quota_rate "0.00001" has more than 4 decimal places`},
		},
		{
			name: "a bad value in the file is not reported when a flag overrides it",
			yaml: "policy:\n  quota_rate: 0.00001\n",
			opts: Options{Set: []string{"policy.quota_rate=0.01"}},
		},
		{
			name: "an order class other than strict or prefer",
			yaml: "policy:\n  order_class: loose\n",
			want: []string{`scenario.yaml:10:16: policy.order_class "loose" must be strict or prefer`},
		},
		{
			name: "a weight that is not an integer",
			yaml: "weights:\n  placement: 2.5\n  per_km: one\n",
			want: []string{
				`scenario.yaml:10:14: weights.placement "2.5" is not an integer`,
				`scenario.yaml:11:11: weights.per_km "one" is not an integer`,
			},
		},
		{
			name: "a negative quota bonus says why it is not allowed",
			yaml: "weights:\n  quota_bonus: -5\n",
			want: []string{`scenario.yaml:10:16: weights.quota_bonus "-5" must be at least 0: the min-cost-flow model needs a concave quota bonus, and a negative one is convex`},
		},
		{
			name: "a nested award weight",
			yaml: "weights:\n  award: {none: 0, city: ten}\n",
			want: []string{`scenario.yaml:10:26: weights.award.city "ten" is not an integer`},
		},
		{
			name: "a preference list names the bad item",
			yaml: "weights:\n  preference: [30, x, 10]\n",
			want: []string{`scenario.yaml:10:20: weights.preference item 2 "x" is not an integer`},
		},
		{
			name: "a preference list in block style names the bad item's line",
			yaml: "weights:\n  preference:\n    - 30\n    - -20\n",
			want: []string{`scenario.yaml:12:7: weights.preference item 2 "-20" must be at least 0: the min-cost-flow model prices it on direct arcs, which is exact only when it never lowers a value`},
		},
		{
			name: "a preference list from a flag names the flag",
			opts: Options{Set: []string{"weights.preference=30,2.5"}},
			want: []string{`flag --set weights.preference=30,2.5: weights.preference item 2 "2.5" is not an integer`},
		},
		{
			name: "a list where one value belongs",
			yaml: "policy:\n  quota_rate: [0.02]\n",
			want: []string{`scenario.yaml:10:15: policy.quota_rate must be a single value, not a list`},
		},
		{
			name: "a value where a section belongs",
			yaml: "weights: 5\n",
			want: []string{`scenario.yaml:9:10: weights must be a mapping of keys, not the value "5"`},
		},
		{
			name: "negative distances and subsidies",
			yaml: "policy:\n  max_commute_km: -1\n  training_subsidy_yuan: -650\n",
			want: []string{
				`scenario.yaml:10:19: policy.max_commute_km "-1" must be at least 0: it is a distance (0: no limit)`,
				`scenario.yaml:11:26: policy.training_subsidy_yuan "-650" must be at least 0: it is an amount of money paid`,
			},
		},
		{
			name: "a weight too large to sum safely",
			opts: Options{Set: []string{"weights.unscheduled=10000000000"}},
			want: []string{`flag --set weights.unscheduled=10000000000: weights.unscheduled "10000000000" must be at most 1000000`},
		},
		{
			name: "a weight just over the bound",
			yaml: "weights:\n  per_km: 1000001\n",
			want: []string{`scenario.yaml:10:11: weights.per_km "1000001" must be at most 1000000`},
		},
		{
			name: "negative weights say why they are refused",
			yaml: "weights:\n  per_km: -1\n  related_specialty: -5\n  order_prefer: -1\n  unscheduled: -1\n",
			want: []string{
				`scenario.yaml:10:11: weights.per_km "-1" must be at least 0: it is a cost per km; a negative one would make a farther place worth more`,
				`scenario.yaml:11:22: weights.related_specialty "-5" must be at least 0: it is a bonus the plan earns; to make something count for less, lower its bonus (0 at the least)`,
				`scenario.yaml:12:17: weights.order_prefer "-1" must be at least 0: the min-cost-flow model prices it on direct arcs, which is exact only when it never lowers a value`,
				`scenario.yaml:13:16: weights.unscheduled "-1" must be at least 0: it is a penalty; a negative one would reward what it is meant to prevent`,
			},
		},
		{
			name: "more periods than a day has",
			yaml: "calendar:\n  periods: [p1, p2, p3, p4, p5, p6, p7, p8, p9, p10, p11, p12, p13, p14, p15, p16, p17, p18, p19, p20, p21, p22, p23, p24, p25]\n",
			want: []string{`scenario.yaml:10:12: calendar.periods lists 25 periods; at most 24 are allowed`},
		},
		{
			name: "a lenient that is not a boolean",
			yaml: "lenient: sometimes\n",
			want: []string{`scenario.yaml:9:10: lenient "sometimes" is not a boolean (use true or false)`},
		},
		{
			name: "calendar days outside mon..sun and twice",
			yaml: "calendar:\n  days: [mon, thurs, mon]\n",
			want: []string{
				`scenario.yaml:10:15: calendar.days item 2 "thurs" is not a day (mon, tue, wed, thu, fri, sat, sun)`,
				`scenario.yaml:10:22: calendar.days item 3 "mon" is listed twice`,
			},
		},
		{
			name: "no calendar days and no periods",
			yaml: "calendar:\n  days: []\n  periods: []\n",
			want: []string{
				`scenario.yaml:10:9: calendar.days must not be empty`,
				`scenario.yaml:11:12: calendar.periods must not be empty`,
			},
		},
		{
			name: "a period twice and a period with a space",
			yaml: "calendar:\n  periods: [am, pm, am, late night]\n",
			want: []string{
				`scenario.yaml:10:21: calendar.periods item 3 "am" is listed twice`,
				`scenario.yaml:10:25: calendar.periods item 4 "late night" must be one word (no spaces, commas or semicolons)`,
			},
		},
		{
			name: "zero weeks and zero sessions",
			yaml: "calendar:\n  weeks: 0\ntraining:\n  max_sessions_per_day: 0\n  max_sessions_per_week: 1.5\n",
			want: []string{
				`scenario.yaml:10:10: calendar.weeks "0" must be between 1 and 53`,
				`scenario.yaml:12:25: training.max_sessions_per_day "0" must be at least 1`,
				`scenario.yaml:13:26: training.max_sessions_per_week "1.5" is not an integer`,
			},
		},
		{
			name: "time limits that are no durations",
			yaml: "solver:\n  schedule:\n    time_limit: 30\n  mentor:\n    time_limit: -5s\n",
			want: []string{
				`scenario.yaml:11:17: solver.schedule.time_limit "30" is not a duration (write 30s, 2m or 1m30s)`,
				`scenario.yaml:13:17: solver.mentor.time_limit "-5s" must not be negative`,
			},
		},
		{
			name: "a key given twice",
			yaml: "policy:\n  quota_rate: 0.02\n  quota_rate: 0.03\n",
			want: []string{`scenario.yaml:11:3: duplicate key "policy.quota_rate" (first at line 10)`},
		},
		{
			name: "a key given nested and dotted",
			yaml: "policy:\n  quota_rate: 0.02\npolicy.quota_rate: 0.03\n",
			want: []string{`scenario.yaml:11:1: duplicate key "policy.quota_rate" (first at line 10)`},
		},
		{
			name: "a --set without a value",
			opts: Options{Set: []string{"policy.quota_rate"}},
			want: []string{`flag --set policy.quota_rate: expected key=value, like policy.quota_rate=0.03`},
		},
		{
			name: "a --set with an unknown key is an error, with a suggestion",
			opts: Options{Set: []string{"policy.quota_rat=0.03", "policy.quota_bonus=5", "colour=red"}},
			want: []string{
				`flag --set colour=red: unknown key "colour"`,
				`flag --set policy.quota_bonus=5: unknown key "policy.quota_bonus" (did you mean "weights.quota_bonus"?)`,
				`flag --set policy.quota_rat=0.03: unknown key "policy.quota_rat" (did you mean "policy.quota_rate"?)`,
			},
		},
		{
			name: "a --set of a whole section",
			opts: Options{Set: []string{"weights.award=5"}},
			want: []string{`flag --set weights.award=5: "weights.award" is a section: set one of its keys, like weights.award.none`},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Chdir(filepath.Dir(writeScenario(t, dataYAML+tt.yaml)))
			cfg, ps := LoadConfig("scenario.yaml", tt.opts)
			if diff := cmp.Diff(tt.want, texts(ps.Errors())); diff != "" {
				t.Errorf("errors (-want +got):\n%s", diff)
			}
			if w := ps.Warnings(); len(w) > 0 {
				t.Errorf("unexpected warnings:\n%s", w.Error())
			}
			if (cfg == nil) != (len(tt.want) > 0) {
				t.Errorf("config is %v with %d errors; want nil exactly when there are errors", cfg, len(tt.want))
			}
		})
	}
}

func TestBrokenScenarioFilesAreErrors(t *testing.T) {
	tests := []struct {
		name  string
		files map[string]string
		want  []string
	}{
		{
			name:  "a YAML syntax error names the line",
			files: map[string]string{"scenario.yaml": "name: x\npolicy:\n  quota_rate: a: b\n"},
			want:  []string{`scenario.yaml:3: YAML: mapping values are not allowed in this context`},
		},
		{
			name:  "a file that is a list",
			files: map[string]string{"scenario.yaml": "- name: x\n"},
			want:  []string{`scenario.yaml:1:1: a scenario is a mapping of keys (name, data, policy, …), not a list`},
		},
		{
			name:  "a missing file",
			files: map[string]string{},
			want:  []string{`scenario.yaml: cannot read the scenario: no such file or directory`},
		},
		{
			name:  "an empty file misses every required data path",
			files: map[string]string{"scenario.yaml": ""},
			want: []string{
				`scenario.yaml: data.schools is required: the schools file of the scenario`,
				`scenario.yaml: data.students is required: the students file of the scenario`,
				`scenario.yaml: data.enterprises is required: the enterprises file of the scenario`,
				`scenario.yaml: data.posts is required: the posts file of the scenario`,
				`scenario.yaml: data.specialties is required: the specialties file of the scenario`,
				`scenario.yaml: data.districts is required: the districts file of the scenario`,
				`scenario.yaml: data.distances is required: the distances file of the scenario`,
			},
		},
		{
			name: "a data section without posts points at the section",
			files: map[string]string{"scenario.yaml": "name: x\ndata:\n  schools: a.csv\n  students: a.csv\n" +
				"  enterprises: a.csv\n  specialties: a.csv\n  districts: a.csv\n  distances: ''\n"},
			want: []string{
				`scenario.yaml:2:1: data.posts is required: the posts file of the scenario`,
				`scenario.yaml:2:1: data.distances is required: the distances file of the scenario`,
			},
		},
		{
			name:  "extending a file that does not exist",
			files: map[string]string{"scenario.yaml": dataYAML + "extends: ../base/scenario.yaml\n"},
			want:  []string{`scenario.yaml:9:10: extends "../base/scenario.yaml": cannot read ../base/scenario.yaml: no such file or directory`},
		},
		{
			name: "files that extend each other",
			files: map[string]string{
				"scenario.yaml": "extends: other.yaml\n",
				"other.yaml":    "extends: scenario.yaml\n",
			},
			want: []string{`other.yaml:1:10: extends "scenario.yaml" makes a cycle: scenario.yaml → other.yaml → scenario.yaml`},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Chdir(writeFiles(t, tt.files))
			cfg, ps := LoadConfig("scenario.yaml", Options{})
			if diff := cmp.Diff(tt.want, texts(ps)); diff != "" {
				t.Errorf("problems (-want +got):\n%s", diff)
			}
			if cfg != nil {
				t.Errorf("config is not nil")
			}
		})
	}
}

// unknownYAML misspells keys at every level; unknownEnv names no key.
const unknownYAML = dataYAML + `nmae: typo
policy:
  quota_rat: 0.03
  quota_bonus: 5
weights:
  award: {city: 50, gold: 400}
  Placement: 150
calendar:
  holidays: [1]
`

var unknownEnv = []string{
	"PLACEMENT_POLICY_QUOTA_RAT=0.03", // a typo in a section of ours
	"PLACEMENT_LOG_LEVEL=debug",       // no key of ours either
	"PLACEMENT_EMPTY=",                // empty: unset, so not reported
	"PATH=/bin",
}

// A misspelled key would leave its default in place and give a plan that
// looks right: it is an error, with the did-you-mean.
func TestUnknownKeysAreErrorsThatNameTheirPlace(t *testing.T) {
	t.Chdir(filepath.Dir(writeScenario(t, unknownYAML)))
	cfg, ps := LoadConfig("scenario.yaml", Options{Env: unknownEnv})
	want := []string{
		`environment PLACEMENT_LOG_LEVEL: names no key of the scenario; unset it`,
		`environment PLACEMENT_POLICY_QUOTA_RAT: names no key of the scenario (did you mean "PLACEMENT_POLICY_QUOTA_RATE"?); unset it`,
		`scenario.yaml:9:1: unknown key "nmae" (did you mean "name"?) (unknown keys are errors; --lenient or lenient: true makes them warnings)`,
		`scenario.yaml:11:3: unknown key "policy.quota_rat" (did you mean "policy.quota_rate"?)`,
		`scenario.yaml:12:3: unknown key "policy.quota_bonus" (did you mean "weights.quota_bonus"?)`,
		`scenario.yaml:14:21: unknown key "weights.award.gold"`,
		`scenario.yaml:17:3: unknown key "calendar.holidays"`,
	}
	if diff := cmp.Diff(want, texts(ps.Errors())); diff != "" {
		t.Errorf("errors (-want +got):\n%s", diff)
	}
	if cfg != nil {
		t.Errorf("a config despite unknown keys")
	}
}

// --lenient (Options.Lenient), or the lenient key in a file, the
// environment or a --set, makes them warnings again.
func TestLenientMakesUnknownKeysWarnings(t *testing.T) {
	for _, tt := range []struct {
		name string
		yaml string
		opts Options
	}{
		{"the option", unknownYAML, Options{Env: unknownEnv, Lenient: true}},
		{"the key in the file", unknownYAML + "lenient: TRUE\n", Options{Env: unknownEnv}},
		{"the variable", unknownYAML, Options{Env: append([]string{"PLACEMENT_LENIENT=yes"}, unknownEnv...)}},
		{"a --set", unknownYAML, Options{Env: unknownEnv, Set: []string{"lenient=true"}}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Chdir(filepath.Dir(writeScenario(t, tt.yaml)))
			cfg, ps := LoadConfig("scenario.yaml", tt.opts)
			want := []string{
				`environment PLACEMENT_LOG_LEVEL: warning: unknown key, ignored`,
				`environment PLACEMENT_POLICY_QUOTA_RAT: warning: unknown key, ignored (did you mean "PLACEMENT_POLICY_QUOTA_RATE"?)`,
				`scenario.yaml:9:1: warning: unknown key "nmae" is ignored (did you mean "name"?)`,
				`scenario.yaml:11:3: warning: unknown key "policy.quota_rat" is ignored (did you mean "policy.quota_rate"?)`,
				`scenario.yaml:12:3: warning: unknown key "policy.quota_bonus" is ignored (did you mean "weights.quota_bonus"?)`,
				`scenario.yaml:14:21: warning: unknown key "weights.award.gold" is ignored`,
				`scenario.yaml:17:3: warning: unknown key "calendar.holidays" is ignored`,
			}
			if diff := cmp.Diff(want, texts(ps.Warnings())); diff != "" {
				t.Errorf("warnings (-want +got):\n%s", diff)
			}
			if ps.Err() != nil || cfg == nil {
				t.Fatalf("lenient: unknown keys must not be errors:\n%s", ps.Error())
			}
			// Keys are case-insensitive, as in viper: Placement is weights.placement.
			if cfg.Weights.Placement != 150 || cfg.Weights.Award[1] != 50 || cfg.Name != "scenario" || !cfg.Lenient && !tt.opts.Lenient {
				t.Errorf("got placement %d, city award %d, name %q, lenient %v; want 150, 50, scenario",
					cfg.Weights.Placement, cfg.Weights.Award[1], cfg.Name, cfg.Lenient)
			}
		})
	}
}

// 90,000 unknown keys are 100 problems and one that counts the rest, and
// take no time to report; a key is never echoed at length.
func TestUnknownKeysAreCapped(t *testing.T) {
	var b strings.Builder
	b.WriteString(dataYAML)
	for i := range 90_000 {
		fmt.Fprintf(&b, "k%d: 1\n", i)
	}
	fmt.Fprintf(&b, "%s: 1\n", strings.Repeat("long", 100))
	t.Chdir(filepath.Dir(writeScenario(t, b.String())))
	start := time.Now()
	_, ps := LoadConfig("scenario.yaml", Options{})
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("took %v", d)
	}
	errs := ps.Errors()
	if len(errs) != 101 {
		t.Fatalf("%d errors, want 101", len(errs))
	}
	if got, want := errs[0].String(), `scenario.yaml: … and 89901 more unknown keys (only the first 100 are listed)`; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
	for _, p := range ps {
		if len(p.Msg) > 200 {
			t.Errorf("a long message: %s", p)
		}
	}
}

// YAML merge keys are applied, not reported as unknown keys: the
// mapping's own keys win over merged ones, an earlier merged mapping over
// a later one; x- keys at the top hold the anchors.
func TestMergeKeysAreApplied(t *testing.T) {
	yaml := dataYAML + `x-common: &common
  placement: 150
  per_km: 3
x-more: &more
  per_km: 4
  quota_bonus: 7
weights:
  <<: [*common, *more]
  per_km: 2
policy: &p
  quota_rate: 0.03
`
	t.Chdir(filepath.Dir(writeScenario(t, yaml)))
	cfg := mustLoad(t, "scenario.yaml", Options{})
	if w := cfg.Weights; w.Placement != 150 || w.PerKm != 2 || w.QuotaBonus != 7 {
		t.Errorf("placement %d, per_km %d, quota_bonus %d; want 150, 2, 7", w.Placement, w.PerKm, w.QuotaBonus)
	}
	if cfg.Policy.QuotaBasisPoints != 300 {
		t.Errorf("quota %d", cfg.Policy.QuotaBasisPoints)
	}

	t.Run("a bad value in a merged mapping names its place", func(t *testing.T) {
		t.Chdir(filepath.Dir(writeScenario(t, dataYAML+"x-w: &w {per_km: x}\nweights: {<<: *w}\n")))
		_, ps := LoadConfig("scenario.yaml", Options{})
		if diff := cmp.Diff([]string{`scenario.yaml:9:18: weights.per_km "x" is not an integer`}, texts(ps)); diff != "" {
			t.Errorf("(-want +got):\n%s", diff)
		}
	})
	t.Run("merging a value that is not a mapping", func(t *testing.T) {
		t.Chdir(filepath.Dir(writeScenario(t, dataYAML+"weights:\n  <<: 5\n")))
		_, ps := LoadConfig("scenario.yaml", Options{})
		if diff := cmp.Diff([]string{`scenario.yaml:10:7: a merge key (<<) takes a mapping (*anchor) or a list of them ([*a, *b]), not the value "5"`}, texts(ps)); diff != "" {
			t.Errorf("(-want +got):\n%s", diff)
		}
	})
	t.Run("merges of merges are bounded", func(t *testing.T) {
		var b strings.Builder
		b.WriteString(dataYAML + "x-0: &a0 {")
		for i := range 500 {
			fmt.Fprintf(&b, "k%d: 1, ", i)
		}
		b.WriteString("}\n")
		for i := 1; i < 40; i++ {
			fmt.Fprintf(&b, "x-%d: &a%d {<<: [*a%d, *a%d, *a%d], own%d: 1}\n", i, i, i-1, i-1, i-1, i)
		}
		b.WriteString("weights: {<<: *a39}\n")
		t.Chdir(filepath.Dir(writeScenario(t, b.String())))
		start := time.Now()
		_, ps := LoadConfig("scenario.yaml", Options{})
		if d := time.Since(start); d > 5*time.Second {
			t.Errorf("took %v", d)
		}
		if ps.Err() == nil {
			t.Errorf("no error")
		}
	})
}

func TestDataPathsResolveAgainstTheYAMLFilesDirectory(t *testing.T) {
	abs := filepath.Join(t.TempDir(), "elsewhere", "schools.csv")
	root := writeFiles(t, map[string]string{
		"city/scenario.yaml": strings.NewReplacer(
			"schools.csv", abs,
			"districts.csv", "../shared/districts.csv",
		).Replace(dataYAML) + "  pins: ./pins/pins.csv\n",
	})
	t.Chdir(root)
	cfg := mustLoad(t, "city/scenario.yaml", Options{
		Env: []string{"PLACEMENT_DATA_MENTORS=mentors.csv"},
		Set: []string{"data.bases=" + filepath.Join(root, "bases.csv")},
	})
	want := requiredData("city")
	want.Schools = abs // absolute: kept
	want.Districts = filepath.Join("shared", "districts.csv")
	want.Pins = filepath.Join("city", "pins", "pins.csv")
	want.Mentors = filepath.Join("city", "mentors.csv") // from the environment: also against the scenario
	want.Bases = filepath.Join(root, "bases.csv")
	if diff := cmp.Diff(want, cfg.Data); diff != "" {
		t.Errorf("data (-want +got):\n%s", diff)
	}
	if cfg.Path != "city/scenario.yaml" || cfg.Dir != "city" {
		t.Errorf("path %q, dir %q; want the path as given and its directory", cfg.Path, cfg.Dir)
	}
}

func TestAScenarioCanExtendAnother(t *testing.T) {
	root := writeFiles(t, map[string]string{
		"base/scenario.yaml": dataYAML + "name: base\nterm: 2026-autumn\npolicy:\n  quota_rate: 0.02\n  order_class: loose\n" +
			"weights:\n  award: {city: 50, national: 400}\n",
		"whatif/scenario.yaml": "extends: ../base/scenario.yaml\nname: quota-3\npolicy:\n  quota_rate: 0.03\n" +
			"  order_class: prefer\nweights:\n  award:\n    city: 70\n  colour: red\n",
	})
	t.Chdir(root)

	cfg, ps := LoadConfig("whatif/scenario.yaml", Options{Lenient: true})
	if diff := cmp.Diff([]string{`whatif/scenario.yaml:9:3: warning: unknown key "weights.colour" is ignored`}, texts(ps)); diff != "" {
		t.Errorf("problems (-want +got):\n%s", diff)
	}
	if cfg == nil {
		t.Fatal("no config")
	}
	got := struct {
		Name, Term string
		BP         int
		Order      string
		Award      [4]int
		Students   string
	}{cfg.Name, cfg.Term, cfg.Policy.QuotaBasisPoints, string(cfg.Policy.OrderClass), cfg.Weights.Award, cfg.Data.Students}
	want := got
	want.Name, want.Term, want.BP, want.Order = "quota-3", "2026-autumn", 300, "prefer"
	want.Award = [4]int{0, 70, 200, 400}                  // city from the nearest file, national from the base
	want.Students = filepath.Join("base", "students.csv") // against the file that names it
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("merged config (-want +got):\n%s", diff)
	}

	// A bad value left in the base is reported at its place in the base.
	_, ps = LoadConfig("base/scenario.yaml", Options{})
	if diff := cmp.Diff([]string{`base/scenario.yaml:13:16: policy.order_class "loose" must be strict or prefer`}, texts(ps)); diff != "" {
		t.Errorf("problems of the base (-want +got):\n%s", diff)
	}
}
