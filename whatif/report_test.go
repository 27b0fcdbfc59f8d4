package whatif

import (
	"bytes"
	"encoding/csv"
	"encoding/xml"
	"io"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// sample is a two-by-two grid with made-up figures: quota rate on the x
// axis, quota bonus telling two lines apart.
func sample() ([]Axis, []Result) {
	axes := []Axis{
		{Flag: "policy.quota_rate=0.01,0.03", Key: "policy.quota_rate", Values: []string{"0.01", "0.03"}},
		{Flag: "weights.quota_bonus=0,200", Key: "weights.quota_bonus", Values: []string{"0", "200"}},
	}
	vs, _ := Grid(axes)
	p, m := int64(48), int64(50)
	rows := []Row{
		{Scenario: "city", Students: 100, Placed: 90, PlacementRate: 0.9, MeanValue: 312.456, ExactShare: 0.8,
			QuotaEnterprises: 10, CompliantEnterprises: 9, TotalShortfall: 1, InternshipYuan: 27000, TrainingYuan: 6500,
			OrderClassYuan: 10000, TotalYuan: 43500, Z: 30000, P: &p, M: &m},
		{Scenario: "city", Students: 100, Placed: 90, PlacementRate: 0.9, MeanValue: 300, ExactShare: 0.75,
			QuotaEnterprises: 10, CompliantEnterprises: 10, TotalYuan: 44000, Z: 32000},
		{Scenario: "city", Students: 100, Placed: 88, PlacementRate: 0.88, QuotaEnterprises: 10, CompliantEnterprises: 4,
			TotalShortfall: 20, TotalYuan: 20000, Z: 29000},
		{Scenario: "city", Students: 100, Placed: 89, PlacementRate: 0.89, QuotaEnterprises: 10, CompliantEnterprises: 6,
			TotalShortfall: 12, TotalYuan: 25000, Z: 31000},
	}
	results := make([]Result, len(vs))
	for i := range vs {
		results[i] = Result{Variant: vs[i], Row: rows[i]}
	}
	return axes, results
}

func TestCSV(t *testing.T) {
	axes, results := sample()
	f := CSV(axes, results)
	if f.Name != "whatif.csv" || f.Rows != 4 {
		t.Errorf("file %q with %d rows", f.Name, f.Rows)
	}
	want := `variant,policy.quota_rate,weights.quota_bonus,students,placed,placement_rate,mean_value_per_placement,exact_specialty_share,quota_enterprises,compliant_enterprises,total_shortfall,internship_subsidy_yuan,training_subsidy_yuan,order_class_subsidy_yuan,total_subsidy_yuan,objective_z,objective_p,objective_m
1,0.01,0,100,90,0.9,312.46,0.8,10,9,1,27000,6500,10000,43500,30000,48,50
2,0.01,200,100,90,0.9,300.00,0.75,10,10,0,0,0,0,44000,32000,,
3,0.03,0,100,88,0.88,0.00,0,10,4,20,0,0,0,20000,29000,,
4,0.03,200,100,89,0.89,0.00,0,10,6,12,0,0,0,25000,31000,,
`
	if d := cmp.Diff(want, string(f.Data)); d != "" {
		t.Errorf("whatif.csv (-want +got):\n%s", d)
	}
}

func TestCSVDefusesFormulasInOverrides(t *testing.T) {
	axes := []Axis{{Key: "name", Values: []string{"=HYPERLINK(1)"}}}
	vs, _ := Grid(axes)
	f := CSV(axes, []Result{{Variant: vs[0]}})
	recs, err := csv.NewReader(bytes.NewReader(f.Data)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if got := recs[1][1]; !strings.HasPrefix(got, "'") {
		t.Errorf("override cell %q can run as a formula", got)
	}
}

func TestTimingsCSVHasTheTimesAndNoFigures(t *testing.T) {
	axes, results := sample()
	results[0].Times = Times{Load: 1500000, Assignment: 2000000, Total: 12345678}
	got := string(TimingsCSV(axes, results).Data)
	if !strings.HasPrefix(got, "variant,policy.quota_rate,weights.quota_bonus,load_ms,assignment_ms,training_ms,mentors_ms,total_ms\n1,0.01,0,1.5,2.0,0.0,0.0,12.3\n") {
		t.Errorf("whatif_timings.csv:\n%s", got)
	}
}

func TestMarkdownAsksTheQuestionAndComparesWithTheFirstVariant(t *testing.T) {
	axes, results := sample()
	md := string(Markdown("city/scenario.yaml", "city", "placement whatif --set x", axes, results))
	for _, want := range []string{
		"# What if: city\n",
		"How do placements, quota compliance and subsidies change when `policy.quota_rate` is `0.01` or `0.03` and when `weights.quota_bonus` is `0` or `200`?",
		"each solved through every stage the scenario has (assignment, training schedule, mentors)",
		"```\nplacement whatif --set x\n```",
		"| 3 | 0.03 | 0 | 88 of 100 | 88.00% | 4 of 10 | 20 | 0 | 20,000 | 29000 |\n",
		"![placement rate, compliant enterprises and total subsidy](whatif.svg)",
		"## Against variant 1 (policy.quota_rate=0.01 weights.quota_bonus=0)",
		"- **3** (policy.quota_rate=0.03): placed −2 (90 → 88), placement rate −2.00 points, compliant enterprises −5 (9 → 4), shortfall +19 posts, total subsidy −23,500 yuan (43,500 → 20,000).",
		"- **2** (weights.quota_bonus=200): placed ±0 (90 → 90), placement rate ±0.00 points, compliant enterprises +1 (9 → 10), shortfall −1 posts, total subsidy +500 yuan",
	} {
		if !strings.Contains(md, want) {
			t.Errorf("whatif.md lacks %q:\n%s", want, md)
		}
	}
}

func TestTextTable(t *testing.T) {
	axes, results := sample()
	got := Text(axes, results)
	lines := strings.Split(strings.TrimRight(got, "\n"), "\n")
	if len(lines) != 5 || !strings.Contains(lines[0], "policy.quota_rate") || !strings.Contains(lines[1], "90/100") ||
		!strings.Contains(lines[1], "90.00%") || !strings.Contains(lines[1], "43,500") {
		t.Errorf("table:\n%s", got)
	}
}

// svgText is every piece of text an SVG shows.
func svgText(t *testing.T, data []byte) []string {
	t.Helper()
	d := xml.NewDecoder(bytes.NewReader(data))
	var texts []string
	inText := false
	for {
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("whatif.svg is not XML: %v", err)
		}
		switch tok := tok.(type) {
		case xml.StartElement:
			inText = tok.Name.Local == "text"
		case xml.EndElement:
			inText = false
		case xml.CharData:
			if inText {
				texts = append(texts, strings.TrimSpace(string(tok)))
			}
		}
	}
	return texts
}

func TestSVGHasTitleAxesAndLegend(t *testing.T) {
	axes, results := sample()
	data, err := SVG("city", axes, results)
	if err != nil {
		t.Fatal(err)
	}
	texts := strings.Join(svgText(t, data), "\n")
	for _, want := range []string{
		"What if: city — by policy.quota_rate",
		"placement rate (%)",
		"compliant enterprises (of 10)",
		"total subsidy (thousand yuan)",
		"policy.quota_rate (post quota, share of the workforce)",
		"weights.quota_bonus=0", "weights.quota_bonus=200", // the legend
		"0.01", "0.03", // x ticks at the grid's values
	} {
		if !strings.Contains(texts, want) {
			t.Errorf("whatif.svg shows no %q; it shows:\n%s", want, texts)
		}
	}
	again, _ := SVG("city", axes, results)
	if !bytes.Equal(data, again) {
		t.Errorf("two drawings of the same rows differ")
	}
	png, err := PNG("city", axes, results, 48)
	if err != nil || !bytes.HasPrefix(png, []byte("\x89PNG")) {
		t.Errorf("PNG: %v", err)
	}
}

func TestSVGOfOneVariantHasNoLegend(t *testing.T) {
	_, results := sample()
	data, err := SVG("city", nil, []Result{{Variant: Variant{Number: 1}, Row: results[0].Row}})
	if err != nil {
		t.Fatal(err)
	}
	texts := strings.Join(svgText(t, data), "\n")
	if !strings.Contains(texts, "as in the scenario") || strings.Contains(texts, "quota_bonus=") {
		t.Errorf("one-variant chart shows:\n%s", texts)
	}
}

func TestChartSaysWhatAZeroCommuteLimitMeans(t *testing.T) {
	axes := []Axis{{Key: "policy.quota_rate", Values: []string{"0.02"}}, {Key: "policy.max_commute_km", Values: []string{"0", "30"}}}
	for _, tt := range []struct {
		values []string
		want   string
	}{
		{[]string{"0.02", "0"}, "policy.max_commute_km=0 (no limit)"},
		{[]string{"0.02", "30"}, "policy.max_commute_km=30"},
	} {
		if got := lineLabel(axes, []int{1}, Variant{Values: tt.values}); got != tt.want {
			t.Errorf("lineLabel(%v) = %q, want %q", tt.values, got, tt.want)
		}
	}
}
