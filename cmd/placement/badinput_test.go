package main

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestBadInputs runs solve on each scenario of testdata/bad — the valid
// scenario testdata/bad/base with one file replaced or one key set to break
// exactly one thing — and checks the exit code (2), the exact problem
// lines on stderr, and that the output directory, which holds a previous
// plan, is untouched. A case dir without a row here fails the test.
func TestBadInputs(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string   // the directory under testdata/bad
		want []string // every error line, exactly
	}{
		{"bases-unknown-equipment", []string{
			`testdata/bad/bases-unknown-equipment/bases.csv:2:4: equipment "painting" is not a specialty group of testdata/bad/base/specialties.csv`,
		}},
		{"bases-unknown-open-period", []string{
			`testdata/bad/bases-unknown-open-period/bases.csv:2:6: open_periods: "night" is not a calendar period (am, pm, eve)`,
		}},
		{"bases-zero-stations", []string{
			`testdata/bad/bases-zero-stations/bases.csv:2:5: stations "0" must be at least 1`,
		}},
		{"cohorts-latest-before-earliest", []string{
			`testdata/bad/cohorts-latest-before-earliest/cohorts.csv:2:8: latest_week 2 is before earliest_week 8`,
		}},
		{"cohorts-owner-not-a-school", []string{
			`testdata/bad/cohorts-owner-not-a-school/cohorts.csv:2:3: owner_id "ent1" of a students cohort is not a school of testdata/bad/base/schools.csv`,
		}},
		{"cohorts-unknown-day", []string{
			`testdata/bad/cohorts-unknown-day/cohorts.csv:2:10: days: "funday" is not a calendar day (mon, tue, wed, thu, fri, sat)`,
		}},
		{"cohorts-unknown-kind", []string{
			`testdata/bad/cohorts-unknown-kind/cohorts.csv:2:2: kind "teachers" is not one of students, employees`,
		}},
		{"cohorts-week-after-calendar", []string{
			`testdata/bad/cohorts-week-after-calendar/cohorts.csv:2:8: latest_week 30 is after the calendar's last week 18`,
		}},
		{"distances-conflicting-km", []string{
			`testdata/bad/distances-conflicting-km/distances.csv:3:3: km between "d2" and "d1" is 15 here but 12 at line 2`,
		}},
		{"distances-missing-pair", []string{
			`testdata/bad/base/students.csv:2:6: no distance between districts "d1" and "d2" in testdata/bad/distances-missing-pair/distances.csv (needed: student "st1" in "d1" could intern at enterprise "ent1" in "d2")`,
		}},
		{"distances-negative-km", []string{
			`testdata/bad/distances-negative-km/distances.csv:2:3: km "-12" is negative`,
		}},
		{"districts-duplicate-id", []string{
			`testdata/bad/districts-duplicate-id/districts.csv:4:1: duplicate district_id "d1" (first at line 2)`,
		}},
		{"enterprises-duplicate-id", []string{
			`testdata/bad/enterprises-duplicate-id/enterprises.csv:3:1: duplicate enterprise_id "ent1" (first at line 2)`,
		}},
		{"enterprises-employees-not-whole", []string{
			`testdata/bad/enterprises-employees-not-whole/enterprises.csv:2:4: employees "12.5" is not a whole number`,
		}},
		{"enterprises-negative-employees", []string{
			`testdata/bad/enterprises-negative-employees/enterprises.csv:2:4: employees "-5" is negative`,
		}},
		{"enterprises-not-a-boolean", []string{
			`testdata/bad/enterprises-not-a-boolean/enterprises.csv:2:5: above_scale "maybe" is not a boolean (use true/false, 1/0 or yes/no)`,
		}},
		{"mentors-teacher-at-an-enterprise", []string{
			`testdata/bad/mentors-teacher-at-an-enterprise/mentors.csv:2:4: org_id "ent1" is an enterprise, but a teacher's org_id must be a school id`,
		}},
		{"mentors-unknown-role", []string{
			`testdata/bad/mentors-unknown-role/mentors.csv:2:3: role "principal" is not one of teacher, expert`,
		}},
		{"mentors-unknown-specialty", []string{
			`testdata/bad/mentors-unknown-specialty/mentors.csv:2:5: specialties: specialty "painting" is not in testdata/bad/base/specialties.csv`,
		}},
		{"mentors-zero-capacity", []string{
			`testdata/bad/mentors-zero-capacity/mentors.csv:2:6: capacity "0" must be at least 1`,
		}},
		{"pins-over-fill-a-post", []string{
			`testdata/bad/pins-over-fill-a-post/pins.csv:3:2: post "p1" is over-filled: this is pin 2 and its capacity is 1`,
		}},
		{"pins-student-pinned-twice", []string{
			`testdata/bad/pins-student-pinned-twice/pins.csv:3:1: student "st2" is pinned twice (first at line 2)`,
		}},
		{"pins-unknown-student", []string{
			`testdata/bad/pins-unknown-student/pins.csv:2:1: student_id "st9" is not in testdata/bad/base/students.csv`,
		}},
		{"posts-capacity-too-large", []string{
			`testdata/bad/posts-capacity-too-large/posts.csv:2:4: capacity "99999999999999999999" is too large`,
		}},
		{"posts-unknown-enterprise", []string{
			`testdata/bad/posts-unknown-enterprise/posts.csv:2:2: enterprise_id "ent9" is not in testdata/bad/base/enterprises.csv`,
		}},
		{"posts-unknown-min-level", []string{
			`testdata/bad/posts-unknown-min-level/posts.csv:2:5: min_level "expert" is not one of intermediate, senior, technician`,
		}},
		{"posts-zero-capacity", []string{
			`testdata/bad/posts-zero-capacity/posts.csv:2:4: capacity "0" must be at least 1`,
		}},
		{"schools-missing-kind-column", []string{
			`testdata/bad/schools-missing-kind-column/schools.csv:1: missing required column "kind"`,
		}},
		{"schools-unknown-district", []string{
			`testdata/bad/schools-unknown-district/schools.csv:2:4: district "d9" is not in testdata/bad/base/districts.csv`,
		}},
		{"schools-unknown-kind", []string{
			`testdata/bad/schools-unknown-kind/schools.csv:2:3: kind "university" is not one of technician_college, vocational_school`,
		}},
		{"specialties-empty-group", []string{
			`testdata/bad/specialties-empty-group/specialties.csv:2:3: group is empty (the column is required)`,
		}},
		{"students-cell-over-64KiB", []string{
			`testdata/bad/students-cell-over-64KiB/students.csv:2:2: the cell is longer than 65536 bytes`,
		}},
		{"students-duplicate-id", []string{
			`testdata/bad/students-duplicate-id/students.csv:4:1: duplicate student_id "st1" (first at line 2)`,
		}},
		{"students-empty-file", []string{
			`testdata/bad/students-empty-file/students.csv: the file is empty; it needs a header row naming its columns`,
		}},
		{"students-empty-id", []string{
			`testdata/bad/students-empty-id/students.csv:2:1: student_id is empty (the column is required)`,
		}},
		{"students-gbk-unknown-level", []string{
			`testdata/bad/students-gbk-unknown-level/students.csv:2:5: level "特级工" is not one of intermediate, senior, technician`,
		}},
		{"students-missing-level-column", []string{
			`testdata/bad/students-missing-level-column/students.csv:1: missing required column "level"`,
		}},
		{"students-neither-utf8-nor-gbk", []string{
			`testdata/bad/students-neither-utf8-nor-gbk/students.csv:3: the file is neither UTF-8 nor GB18030/GBK: byte 0xFF at offset 132 (line 3) cannot be decoded; save it as "CSV UTF-8"`,
		}},
		{"students-preference-listed-twice", []string{
			`testdata/bad/students-preference-listed-twice/students.csv:2:10: preferences: enterprise "ent1" is listed twice`,
		}},
		{"students-score-not-a-number", []string{
			`testdata/bad/students-score-not-a-number/students.csv:2:7: score "ninety" is not a number`,
		}},
		{"students-score-over-100", []string{
			`testdata/bad/students-score-over-100/students.csv:2:7: score "120" is not between 0 and 100`,
		}},
		{"students-stray-quote", []string{
			`testdata/bad/students-stray-quote/students.csv:2:2: malformed CSV: a " inside an unquoted field (enclose the field in double quotes and double each " in it)`,
		}},
		{"students-too-many-columns", []string{
			`testdata/bad/students-too-many-columns/students.csv:1: the line has more than 4096 fields`,
		}},
		{"students-unknown-award", []string{
			`testdata/bad/students-unknown-award/students.csv:2:8: award "gold" is not one of none, city, province, national`,
		}},
		{"students-unknown-district", []string{
			`testdata/bad/students-unknown-district/students.csv:2:6: district "d7" is not in testdata/bad/base/districts.csv`,
		}},
		{"students-unknown-level", []string{
			`testdata/bad/students-unknown-level/students.csv:2:5: level "master" is not one of intermediate, senior, technician`,
		}},
		{"students-unknown-order-enterprise", []string{
			`testdata/bad/students-unknown-order-enterprise/students.csv:2:9: order_enterprise_id "ent9" is not in testdata/bad/base/enterprises.csv`,
		}},
		{"students-unknown-preference", []string{
			`testdata/bad/students-unknown-preference/students.csv:2:10: preferences: enterprise "ent9" is not in testdata/bad/base/enterprises.csv`,
		}},
		{"students-unknown-school", []string{
			`testdata/bad/students-unknown-school/students.csv:2:3: school_id "sch9" is not in testdata/bad/base/schools.csv`,
		}},
		{"students-unknown-specialty", []string{
			`testdata/bad/students-unknown-specialty/students.csv:2:4: specialty "painting" is not in testdata/bad/base/specialties.csv`,
		}},
		{"students-unterminated-quote", []string{
			`testdata/bad/base/pins.csv:2:1: student_id "st2" is not in testdata/bad/students-unterminated-quote/students.csv`,
			`testdata/bad/students-unterminated-quote/students.csv:3:2: malformed CSV: a quoted field must end with " followed by a comma or the end of the line`,
		}},
		{"students-utf16", []string{
			`testdata/bad/students-utf16/students.csv: the file is UTF-16 (Excel "Unicode Text"); save it as "CSV UTF-8" or "CSV"`,
		}},
		{"students-wrong-field-count", []string{
			`testdata/bad/students-wrong-field-count/students.csv:2: the line has 6 fields but the header has 10`,
		}},
		{"yaml-data-file-not-found", []string{
			`testdata/bad/yaml-data-file-not-found/nowhere.csv: file not found`,
		}},
		{"yaml-extends-cycle", []string{
			`testdata/bad/yaml-extends-cycle/scenario.yaml:1:10: extends "scenario.yaml" makes a cycle: testdata/bad/yaml-extends-cycle/scenario.yaml → testdata/bad/yaml-extends-cycle/scenario.yaml`,
		}},
		{"yaml-nested-too-deep", []string{
			`testdata/bad/yaml-nested-too-deep/scenario.yaml:3:77: the YAML nests deeper than 64 levels`,
		}},
		{"yaml-quota-rate-too-precise", []string{
			`testdata/bad/yaml-quota-rate-too-precise/scenario.yaml:3:15: policy.quota_rate "0.00001" has more than 4 decimal places`,
		}},
		{"yaml-syntax-error", []string{
			`testdata/bad/yaml-syntax-error/scenario.yaml:2: YAML: did not find expected ',' or ']'`,
		}},
		{"yaml-unknown-order-class", []string{
			`testdata/bad/yaml-unknown-order-class/scenario.yaml:3:16: policy.order_class "maybe" must be strict or prefer`,
		}},
		{"yaml-weight-not-an-integer", []string{
			`testdata/bad/yaml-weight-not-an-integer/scenario.yaml:3:11: weights.per_km "1.5" is not an integer`,
		}},
	}
	// Issue 11: inputs that used to give a wrong plan with exit 0.
	tests = append(tests, []struct {
		name string
		want []string
	}{
		{"bases-header-only", []string{
			`testdata/bad/bases-header-only/bases.csv: the file has a header but no rows; the scenario names it (data.bases), so stage 2 needs at least one base; remove data.bases to skip stage 2`,
		}},
		{"cohorts-sessions-over-the-bound", []string{
			`testdata/bad/cohorts-sessions-over-the-bound/cohorts.csv:2:6: sessions "1001" is more than 1000, the most allowed`,
		}},
		{"distances-km-overflow", []string{
			`testdata/bad/distances-km-overflow/distances.csv:2:3: km "4294967296" is more than 100000, the most allowed`,
		}},
		{"districts-nul-byte", []string{
			`testdata/bad/districts-nul-byte/districts.csv:3:1: district_id "d2\x00" contains a NUL byte (0x00): the file is damaged or not text`,
		}},
		{"districts-repeated-header", []string{
			`testdata/bad/districts-repeated-header/districts.csv:3:1: district_id "district_id" repeats the header: is a header row pasted twice (two files joined into one)? Delete the row`,
		}},
		{"enterprises-employees-overflow", []string{
			`testdata/bad/enterprises-employees-overflow/enterprises.csv:2:4: employees "1000000000000000000" is more than 10000000, the most allowed`,
		}},
		{"mentors-header-only", []string{
			`testdata/bad/mentors-header-only/mentors.csv: the file has a header but no rows; the scenario names it (data.mentors), so stage 3 needs at least one mentor; remove data.mentors to skip stage 3`,
		}},
		{"posts-capacity-over-the-bound", []string{
			`testdata/bad/posts-capacity-over-the-bound/posts.csv:2:4: capacity "2000000" is more than 1000000, the most allowed`,
		}},
		{"posts-header-only", []string{
			`testdata/bad/posts-header-only/posts.csv: the file has a header but no rows; a plan needs at least one post, or nobody is placed`,
		}},
		{"schools-control-character", []string{
			`testdata/bad/schools-control-character/schools.csv:2:3: kind "technician_college\x1b" contains the control character U+001B: retype the cell`,
		}},
		{"specialties-bom-mid-file", []string{
			`testdata/bad/specialties-bom-mid-file/specialties.csv:3:1: specialty "\ufeffwelding" contains a byte-order mark (U+FEFF): are two files joined into one? Retype the cell`,
		}},
		{"students-header-only", []string{
			`testdata/bad/students-header-only/students.csv: the file has a header but no rows; a plan needs at least one student`,
		}},
		{"students-zero-width-space", []string{
			`testdata/bad/students-zero-width-space/students.csv:3:3: school_id "sch1\u200b" contains the invisible character U+200B (zero-width space): an id or value that looks the same would not match it; retype the cell`,
		}},
		{"yaml-misspelled-block", []string{
			`testdata/bad/yaml-misspelled-block/scenario.yaml:2:1: unknown key "polcy" (did you mean "policy"?) (unknown keys are errors; --lenient or lenient: true makes them warnings)`,
		}},
		{"yaml-misspelled-key", []string{
			`testdata/bad/yaml-misspelled-key/scenario.yaml:3:3: unknown key "policy.quota_rte" (did you mean "policy.quota_rate"?) (unknown keys are errors; --lenient or lenient: true makes them warnings)`,
		}},
		{"yaml-negative-per-km", []string{
			`testdata/bad/yaml-negative-per-km/scenario.yaml:3:11: weights.per_km "-1" must be at least 0: it is a cost per km; a negative one would make a farther place worth more`,
		}},
		{"yaml-weight-too-large", []string{
			`testdata/bad/yaml-weight-too-large/scenario.yaml:3:16: weights.unscheduled "10000000" must be at most 1000000`,
		}},
	}...)
	if len(tests) < 40 {
		t.Errorf("%d cases; the table is meant to have at least 40", len(tests))
	}
	dirs, err := os.ReadDir("testdata/bad")
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range dirs {
		if d.Name() != "base" && !slices.ContainsFunc(tests, func(tt struct {
			name string
			want []string
		}) bool {
			return tt.name == d.Name()
		}) {
			t.Errorf("testdata/bad/%s has no row in the table", d.Name())
		}
	}
	if code, _, stderr := placement(t, nil, "validate", "--scenario", "testdata/bad/base/scenario.yaml"); code != exitOK {
		t.Fatalf("the base scenario is not valid: exit %d\n%s", code, stderr)
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out := t.TempDir()
			before := previousPlan(t, out)
			code, stdout, stderr := placement(t, nil, "solve", "--scenario", filepath.Join("testdata/bad", tt.name, "scenario.yaml"),
				"--out", out, "--log-format", "text")
			if code != exitInput {
				t.Errorf("exit %d, want %d", code, exitInput)
			}
			var got []string
			for _, line := range strings.Split(stderr, "\n") {
				if strings.HasPrefix(line, "testdata/") {
					got = append(got, line)
				}
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("error lines (-want +got):\n%s\nstderr:\n%s", diff, stderr)
			}
			if stdout != "" {
				t.Errorf("stdout = %q", stdout)
			}
			if diff := cmp.Diff(before, readDir(t, out)); diff != "" {
				t.Errorf("output directory changed (-before +after):\n%s", diff)
			}
		})
	}
}
