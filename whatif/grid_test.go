package whatif

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func isList(key string) bool {
	return key == "weights.preference" || key == "calendar.days" || key == "calendar.periods"
}

func TestParseAxis(t *testing.T) {
	tests := []struct {
		name string
		flag string
		key  string
		want []string
	}{
		{"a scalar key splits at commas", "policy.quota_rate=0.01, 0.02,0.03", "policy.quota_rate", []string{"0.01", "0.02", "0.03"}},
		{"one value is one variant", "policy.quota_rate=0.03", "policy.quota_rate", []string{"0.03"}},
		{"the key is read in lower case", " Policy.Quota_Rate =0.03", "policy.quota_rate", []string{"0.03"}},
		{"a list key takes bracketed alternatives", "weights.preference=[30,20,10], [0,0,0],[]", "weights.preference",
			[]string{"[30,20,10]", "[0,0,0]", "[]"}},
		{"an unbracketed list is one alternative, as solve reads it", "weights.preference=30,20,10", "weights.preference",
			[]string{"30,20,10"}},
		{"semicolons separate alternatives of a list key", "calendar.days=mon,tue;sat", "calendar.days",
			[]string{"mon,tue", "sat"}},
		{"semicolons separate alternatives that hold commas", "name=north,east;west", "name", []string{"north,east", "west"}},
		{"an empty alternative is kept for the loader to judge", "data.pins=pins.csv,", "data.pins", []string{"pins.csv", ""}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, err := ParseAxis(tt.flag, isList)
			if err != nil {
				t.Fatalf("ParseAxis(%q): %v", tt.flag, err)
			}
			if a.Key != tt.key || a.Flag != tt.flag {
				t.Errorf("key %q flag %q, want %q %q", a.Key, a.Flag, tt.key, tt.flag)
			}
			if d := cmp.Diff(tt.want, a.Values); d != "" {
				t.Errorf("values (-want +got):\n%s", d)
			}
		})
	}
}

func TestParseAxisErrors(t *testing.T) {
	tests := []struct {
		name string
		flag string
		want string
	}{
		{"no equals sign", "policy.quota_rate", "expected key=value"},
		{"no key", "=0.01", "key before = is missing"},
		{"a value twice", "policy.quota_rate=0.01,0.02,0.01", `value 3 "0.01" is value 1 again`},
		{"an unclosed bracket", "weights.preference=[30,20,10],[0,0", "no closing ]"},
		{"a nested bracket", "weights.preference=[30,[20]]", "opens a [ inside a list"},
		{"an unbracketed second alternative", "weights.preference=[30,20,10],0,0,0", "write every alternative of a list key in brackets"},
		{"text after a list", "weights.preference=[30,20,10] x", "expected a comma"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseAxis(tt.flag, isList)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("ParseAxis(%q) = %v, want an error containing %q", tt.flag, err, tt.want)
			}
		})
	}
}

func TestGridVariesTheFirstAxisSlowest(t *testing.T) {
	axes := []Axis{
		{Key: "a", Values: []string{"1", "2"}},
		{Key: "b", Values: []string{"x"}},
		{Key: "c", Values: []string{"p", "q", "r"}},
	}
	vs, err := Grid(axes)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for i, v := range vs {
		if v.Number != i+1 {
			t.Errorf("variant %d has number %d", i, v.Number)
		}
		got = append(got, strings.Join(v.Values, ""))
	}
	want := []string{"1xp", "1xq", "1xr", "2xp", "2xq", "2xr"}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("grid (-want +got):\n%s", d)
	}
	if d := cmp.Diff([]string{"a=2", "b=x", "c=q"}, vs[4].Sets(axes)); d != "" {
		t.Errorf("sets (-want +got):\n%s", d)
	}
}

func TestGridWithoutAxesIsTheScenario(t *testing.T) {
	vs, err := Grid(nil)
	if err != nil || len(vs) != 1 || vs[0].Number != 1 || len(vs[0].Values) != 0 {
		t.Fatalf("Grid(nil) = %v, %v", vs, err)
	}
	if got := vs[0].Dir(nil, 1); got != "1_base" {
		t.Errorf("dir %q", got)
	}
	if got := vs[0].Label(nil); got != "as in the scenario" {
		t.Errorf("label %q", got)
	}
}

func TestGridRefusesAHugeGrid(t *testing.T) {
	ten := []string{"0", "1", "2", "3", "4", "5", "6", "7", "8", "9"}
	axes := []Axis{{Key: "a", Values: ten}, {Key: "b", Values: ten}, {Key: "c", Values: ten}, {Key: "d", Values: []string{"0", "1"}}}
	if _, err := Grid(axes); err == nil || !strings.Contains(err.Error(), "more than 1000 variants") {
		t.Errorf("Grid of 2000 variants: %v", err)
	}
	if _, err := Grid(axes[:3]); err != nil {
		t.Errorf("Grid of 1000 variants: %v", err)
	}
}

func TestDirNamesAreSafeUniqueAndSorted(t *testing.T) {
	axes := []Axis{
		{Key: "weights.preference", Values: []string{"[30,20,10]", "[]"}},
		{Key: "data.students", Values: []string{"../big/students.csv", "Ünïcode *?.csv"}},
	}
	vs, err := Grid(axes)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, v := range vs {
		got = append(got, v.Dir(axes, 12)) // as if in a grid of 12: two digits
	}
	want := []string{
		"01_weights.preference-30-20-10_data.students-big-students.csv",
		"02_weights.preference-30-20-10_data.students-ncode-.csv",
		"03_weights.preference-empty_data.students-big-students.csv",
		"04_weights.preference-empty_data.students-ncode-.csv",
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("dirs (-want +got):\n%s", d)
	}
	long := []Axis{{Key: "name", Values: []string{strings.Repeat("x", 300)}}}
	if d := (Variant{Number: 1, Values: long[0].Values}).Dir(long, 1); len(d) > maxDirName {
		t.Errorf("dir of %d bytes", len(d))
	}
}
