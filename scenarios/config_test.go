package scenarios

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"placement/model"
)

// dataYAML names the seven required files; most tests start from it.
const dataYAML = `data:
  schools: schools.csv
  students: students.csv
  enterprises: enterprises.csv
  posts: posts.csv
  specialties: specialties.csv
  districts: districts.csv
  distances: distances.csv
`

// writeFiles writes files (by slash path) under a new temporary
// directory and returns the directory.
func writeFiles(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, text := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// writeScenario writes one scenario.yaml and returns its path.
func writeScenario(t *testing.T, yaml string) string {
	t.Helper()
	return filepath.Join(writeFiles(t, map[string]string{"scenario.yaml": yaml}), "scenario.yaml")
}

// requiredData is the resolved dataYAML of a scenario in dir.
func requiredData(dir string) model.DataPaths {
	return model.DataPaths{
		Schools:     filepath.Join(dir, "schools.csv"),
		Students:    filepath.Join(dir, "students.csv"),
		Enterprises: filepath.Join(dir, "enterprises.csv"),
		Posts:       filepath.Join(dir, "posts.csv"),
		Specialties: filepath.Join(dir, "specialties.csv"),
		Districts:   filepath.Join(dir, "districts.csv"),
		Distances:   filepath.Join(dir, "distances.csv"),
	}
}

func texts(ps model.Problems) []string {
	var out []string
	for _, p := range ps {
		out = append(out, p.String())
	}
	return out
}

// mustLoad loads a config that must have no problems at all.
func mustLoad(t *testing.T, path string, opts Options) *Config {
	t.Helper()
	cfg, ps := LoadConfig(path, opts)
	if len(ps) > 0 || cfg == nil {
		t.Fatalf("LoadConfig(%s): unexpected problems:\n%s", path, ps.Error())
	}
	return cfg
}

func TestLoadConfigAppliesTheSpecDefaultsWhenKeysAreAbsent(t *testing.T) {
	path := writeScenario(t, dataYAML)
	dir := filepath.Dir(path)
	got := mustLoad(t, path, Options{})
	want := &Config{
		Name: "scenario",
		Path: path,
		Dir:  dir,
		Data: requiredData(dir),
		Policy: model.Policy{
			QuotaBasisPoints:      200,
			MaxCommuteKm:          0,
			OrderClass:            model.OrderStrict,
			InternshipSubsidyYuan: 300,
			TrainingSubsidyYuan:   650,
			OrderClassSubsidyYuan: 10000,
		},
		Weights: model.Weights{
			Placement:        200,
			ExactSpecialty:   100,
			RelatedSpecialty: 60,
			Preference:       []int{30, 20, 10},
			PerKm:            1,
			Award:            [model.NumAwards]int{0, 100, 200, 300},
			QuotaBonus:       200,
			OrderPrefer:      150,
			TrainPerKm:       1,
			BaseSwitch:       50,
			Unscheduled:      10000,
			MentorMissing:    1000,
			TeacherVisit:     30,
			MentorRelated:    20,
		},
		Calendar: Calendar{
			Weeks:   18,
			Days:    []string{"mon", "tue", "wed", "thu", "fri", "sat"},
			Periods: []string{"am", "pm", "eve"},
		},
		Training: Training{MaxSessionsPerDay: 1, MaxSessionsPerWeek: 2},
		Files:    []string{path},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("config (-want +got):\n%s", diff)
	}
}

func TestLoadConfigTreatsEmptyValuesAsAbsent(t *testing.T) {
	path := writeScenario(t, dataYAML+"name:\npolicy:\n  quota_rate:\nweights:\ncalendar: ~\n")
	got := mustLoad(t, path, Options{})
	if got.Name != "scenario" || got.Policy.QuotaBasisPoints != 200 || got.Calendar.Weeks != 18 {
		t.Errorf("got name %q, quota %d bp, %d weeks; want the defaults scenario, 200, 18",
			got.Name, got.Policy.QuotaBasisPoints, got.Calendar.Weeks)
	}
}

// specExample is the scenario of SPEC.md with every value changed from
// its default, so that a key that is not read shows.
const specExample = `name: zibo-2026-autumn
term: 2026-autumn
data:
  schools: schools.csv
  students: students.csv
  enterprises: enterprises.csv
  posts: posts.csv
  specialties: specialties.csv
  districts: districts.csv
  distances: distances.csv
  pins: pins.csv            # optional
  bases: bases.csv          # optional: no training schedule without it
  cohorts: cohorts.csv      # optional
  mentors: mentors.csv      # optional: no mentor pairing without it
policy:
  quota_rate: 0.03          # decimal, at most 4 places (basis points)
  max_commute_km: 40        # 0 = no limit
  order_class: prefer       # strict | prefer
  internship_subsidy_yuan: 301
  training_subsidy_yuan: 651
  order_class_subsidy_yuan: 10001
weights:                    # all integers
  placement: 201
  exact_specialty: 101
  related_specialty: 61
  preference: [31, 21, 11, 1]  # points for the 1st, 2nd, 3rd listed enterprise
  per_km: 2
  award: {none: 1, city: 101, province: 201, national: 301}
  quota_bonus: 202
  order_prefer: 151         # only with order_class: prefer
  train_per_km: 3
  base_switch: 51
  unscheduled: 10002
  mentor_missing: 1001
  teacher_visit: 31
  mentor_related: 21
calendar:
  weeks: 20                 # weeks 1..20
  days: [sat, mon, tue, wed, thu, fri, sun]
  periods: [morning, afternoon]
training:
  max_sessions_per_day: 2
  max_sessions_per_week: 3
`

func TestLoadConfigReadsEveryKeyOfTheSpec(t *testing.T) {
	path := writeScenario(t, specExample)
	dir := filepath.Dir(path)
	got := mustLoad(t, path, Options{})
	data := requiredData(dir)
	data.Pins = filepath.Join(dir, "pins.csv")
	data.Bases = filepath.Join(dir, "bases.csv")
	data.Cohorts = filepath.Join(dir, "cohorts.csv")
	data.Mentors = filepath.Join(dir, "mentors.csv")
	want := &Config{
		Name: "zibo-2026-autumn",
		Term: "2026-autumn",
		Path: path,
		Dir:  dir,
		Data: data,
		Policy: model.Policy{
			QuotaBasisPoints:      300,
			MaxCommuteKm:          40,
			OrderClass:            model.OrderPrefer,
			InternshipSubsidyYuan: 301,
			TrainingSubsidyYuan:   651,
			OrderClassSubsidyYuan: 10001,
		},
		Weights: model.Weights{
			Placement:        201,
			ExactSpecialty:   101,
			RelatedSpecialty: 61,
			Preference:       []int{31, 21, 11, 1},
			PerKm:            2,
			Award:            [model.NumAwards]int{1, 101, 201, 301},
			QuotaBonus:       202,
			OrderPrefer:      151,
			TrainPerKm:       3,
			BaseSwitch:       51,
			Unscheduled:      10002,
			MentorMissing:    1001,
			TeacherVisit:     31,
			MentorRelated:    21,
		},
		Calendar: Calendar{
			Weeks:   20,
			Days:    []string{"mon", "tue", "wed", "thu", "fri", "sat", "sun"}, // week order
			Periods: []string{"morning", "afternoon"},
		},
		Training: Training{MaxSessionsPerDay: 2, MaxSessionsPerWeek: 3},
		Files:    []string{path},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("config (-want +got):\n%s", diff)
	}
}

// sampleValues holds a valid value, other than the default, for every key.
var sampleValues = map[string]string{
	"name": "x", "term": "t", "lenient": "true",
	"data.schools": "a.csv", "data.students": "a.csv", "data.enterprises": "a.csv",
	"data.posts": "a.csv", "data.specialties": "a.csv", "data.districts": "a.csv",
	"data.distances": "a.csv", "data.pins": "a.csv", "data.bases": "a.csv",
	"data.cohorts": "a.csv", "data.mentors": "a.csv",
	"policy.quota_rate": "0.5", "policy.max_commute_km": "7", "policy.order_class": "prefer",
	"policy.internship_subsidy_yuan": "7", "policy.training_subsidy_yuan": "7",
	"policy.order_class_subsidy_yuan": "7",
	"weights.placement":               "7", "weights.exact_specialty": "7", "weights.related_specialty": "7",
	"weights.preference": "7,6", "weights.per_km": "7",
	"weights.award.none": "7", "weights.award.city": "7", "weights.award.province": "7",
	"weights.award.national": "7", "weights.quota_bonus": "7", "weights.order_prefer": "7",
	"weights.train_per_km": "7", "weights.base_switch": "7", "weights.unscheduled": "7",
	"weights.mentor_missing": "7", "weights.teacher_visit": "7", "weights.mentor_related": "7",
	"calendar.weeks": "7", "calendar.days": "mon", "calendar.periods": "x",
	"training.max_sessions_per_day": "7", "training.max_sessions_per_week": "7",
	"replan.keep_bonus":          "7",
	"output.lang":                "en",
	"solver.schedule.time_limit": "30s", "solver.mentor.time_limit": "1m30s",
}

func TestEveryKeyCanBeSetByFlagAndByEnvironment(t *testing.T) {
	path := writeScenario(t, dataYAML)
	base := mustLoad(t, path, Options{})
	if diff := cmp.Diff(len(sampleValues), len(Keys())); diff != "" {
		t.Errorf("sampleValues and Keys differ in length (-want +got):\n%s", diff)
	}
	for _, key := range Keys() {
		sample, ok := sampleValues[key]
		if !ok {
			t.Errorf("no sample value for key %s", key)
			continue
		}
		byFlag := mustLoad(t, path, Options{Set: []string{key + "=" + sample}})
		byEnv := mustLoad(t, path, Options{Env: []string{EnvVar(key) + "=" + sample}})
		if cmp.Equal(base, byFlag) {
			t.Errorf("--set %s=%s changed nothing", key, sample)
		}
		if diff := cmp.Diff(byFlag, byEnv); diff != "" {
			t.Errorf("%s=%s and --set %s=%s differ (-flag +env):\n%s", EnvVar(key), sample, key, sample, diff)
		}
	}
}

func TestEnvVarNamesFollowTheSpec(t *testing.T) {
	for key, want := range map[string]string{
		"policy.quota_rate":  "PLACEMENT_POLICY_QUOTA_RATE",
		"weights.award.city": "PLACEMENT_WEIGHTS_AWARD_CITY",
		"name":               "PLACEMENT_NAME",
	} {
		if got := EnvVar(key); got != want {
			t.Errorf("EnvVar(%q) = %q, want %q", key, got, want)
		}
	}
}

// TestPrecedence checks flag > env > file > default for a policy key, a
// nested weights.award key, a list and a string, in every combination of
// the layers that set them (after carolynvs/stingoftheviper).
func TestPrecedenceIsFlagThenEnvironmentThenFileThenDefault(t *testing.T) {
	keys := []struct {
		key              string
		file, env, flag  string // how each layer sets the key
		get              func(*Config) any
		def, fromFile    any
		fromEnv, fromSet any
	}{
		{
			key: "policy.quota_rate", file: "policy:\n  quota_rate: 0.03\n", env: "0.04", flag: "0.05",
			get: func(c *Config) any { return c.Policy.QuotaBasisPoints },
			def: 200, fromFile: 300, fromEnv: 400, fromSet: 500,
		},
		{
			key: "weights.award.city", file: "weights:\n  award:\n    city: 111\n", env: "222", flag: "333",
			get: func(c *Config) any { return c.Weights.Award },
			def: [4]int{0, 100, 200, 300}, fromFile: [4]int{0, 111, 200, 300},
			fromEnv: [4]int{0, 222, 200, 300}, fromSet: [4]int{0, 333, 200, 300},
		},
		{
			key: "weights.preference", file: "weights:\n  preference: [3, 2, 1]\n", env: "5,4", flag: "[9]",
			get: func(c *Config) any { return c.Weights.Preference },
			def: []int{30, 20, 10}, fromFile: []int{3, 2, 1}, fromEnv: []int{5, 4}, fromSet: []int{9},
		},
		{
			key: "name", file: "name: from-file\n", env: "from-env", flag: "from-flag",
			get: func(c *Config) any { return c.Name },
			def: "scenario", fromFile: "from-file", fromEnv: "from-env", fromSet: "from-flag",
		},
	}
	for _, k := range keys {
		for _, inFile := range []bool{false, true} {
			for _, inEnv := range []bool{false, true} {
				for _, inFlag := range []bool{false, true} {
					var layers []string
					yaml := dataYAML
					var opts Options
					want := k.def
					if inFile {
						yaml += k.file
						want = k.fromFile
						layers = append(layers, "file")
					}
					if inEnv {
						opts.Env = []string{"HOME=/root", EnvVar(k.key) + "=" + k.env}
						want = k.fromEnv
						layers = append(layers, "environment")
					}
					if inFlag {
						opts.Set = []string{k.key + "=" + k.flag}
						want = k.fromSet
						layers = append(layers, "flag")
					}
					name := fmt.Sprintf("%s set by %s", k.key, strings.Join(layers, ", "))
					if len(layers) == 0 {
						name = k.key + " set nowhere takes the default"
					}
					t.Run(name, func(t *testing.T) {
						got := mustLoad(t, writeScenario(t, yaml), opts)
						if diff := cmp.Diff(want, k.get(got)); diff != "" {
							t.Errorf("(-want +got):\n%s", diff)
						}
					})
				}
			}
		}
	}
}

func TestLaterOverridesOfOneKeyWin(t *testing.T) {
	path := writeScenario(t, dataYAML)
	got := mustLoad(t, path, Options{Set: []string{"weights.placement=1", "weights.placement=2"}})
	if got.Weights.Placement != 2 {
		t.Errorf("placement = %d, want 2 (the last --set)", got.Weights.Placement)
	}
}

func TestAnEmptyEnvironmentVariableCountsAsUnset(t *testing.T) {
	path := writeScenario(t, dataYAML+"name: kept\n")
	got := mustLoad(t, path, Options{Env: []string{"PLACEMENT_NAME=", "PLACEMENT_WEIGHTS_PREFERENCE="}})
	if got.Name != "kept" || len(got.Weights.Preference) != 3 {
		t.Errorf("got name %q and preference %v; want the file's name and the default preference", got.Name, got.Weights.Preference)
	}
}

func TestAnEmptyListCanBeSet(t *testing.T) {
	tests := []struct {
		name string
		yaml string
		opts Options
	}{
		{"in the file as []", dataYAML + "weights:\n  preference: []\n", Options{}},
		{"by a flag as nothing", dataYAML, Options{Set: []string{"weights.preference="}}},
		{"by a flag as []", dataYAML, Options{Set: []string{"weights.preference=[]"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := mustLoad(t, writeScenario(t, tt.yaml), tt.opts)
			if diff := cmp.Diff([]int{}, got.Weights.Preference); diff != "" {
				t.Errorf("preference (-want +got):\n%s", diff)
			}
		})
	}
}

func TestQuotaRateIsConvertedToBasisPointsExactly(t *testing.T) {
	tests := []struct {
		text    string
		want    int
		wantMsg string // the message after `policy.quota_rate "text" `
	}{
		{text: "0.0175", want: 175},
		{text: "0.02", want: 200},
		{text: "1", want: 10000},
		{text: "1.0", want: 10000},
		{text: "0", want: 0},
		{text: "0.0001", want: 1},
		{text: "0.1", want: 1000},
		{text: "0.29", want: 2900}, // 0.29*10000 is 2899.9999999999995 in float64
		{text: "0.57", want: 5700}, // 0.57*10000 is 5700.000000000001
		{text: "0.07", want: 700},
		{text: "0.9999", want: 9999},
		{text: ".05", want: 500},
		{text: "0.02000", want: 200}, // trailing zeros are not places
		{text: "00.5", want: 5000},
		{text: "0.00001", wantMsg: "has more than 4 decimal places"},
		{text: "0.01755", wantMsg: "has more than 4 decimal places"},
		{text: "-0.01", wantMsg: "must be between 0 and 1"},
		{text: "1.0001", wantMsg: "must be between 0 and 1"},
		{text: "2", wantMsg: "must be between 0 and 1"},
		{text: "12.5", wantMsg: "must be between 0 and 1"},
		{text: "2%", wantMsg: "is not a decimal number like 0.02"},
		{text: "1e-2", wantMsg: "is not a decimal number like 0.02"},
		{text: ".", wantMsg: "is not a decimal number like 0.02"},
		{text: "", wantMsg: "is not a decimal number like 0.02"},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%q", tt.text), func(t *testing.T) {
			// Through the file (as a YAML float, or a string where YAML
			// would not read it as one) and through a flag.
			path := writeScenario(t, dataYAML+"policy:\n  quota_rate: '"+tt.text+"'\n")
			if !strings.ContainsAny(tt.text, "%e") && tt.text != "" && tt.text != "." {
				path = writeScenario(t, dataYAML+"policy:\n  quota_rate: "+tt.text+"\n")
			}
			for _, opts := range []Options{{}, {Set: []string{"policy.quota_rate=" + tt.text}}} {
				cfg, ps := LoadConfig(path, opts)
				var wantMsgs []string
				if tt.wantMsg != "" {
					where := path + ":10:15"
					if opts.Set != nil {
						where = "flag --set " + opts.Set[0]
					}
					wantMsgs = []string{fmt.Sprintf("%s: policy.quota_rate %q %s", where, tt.text, tt.wantMsg)}
				}
				if diff := cmp.Diff(wantMsgs, texts(ps)); diff != "" {
					t.Errorf("with %v, problems (-want +got):\n%s", opts.Set, diff)
				}
				if tt.wantMsg == "" && cfg != nil && cfg.Policy.QuotaBasisPoints != tt.want {
					t.Errorf("with %v, basis points = %d, want %d", opts.Set, cfg.Policy.QuotaBasisPoints, tt.want)
				}
			}
		})
	}
}
