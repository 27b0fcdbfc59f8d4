package whatif

import (
	"fmt"
	"strconv"
	"strings"
)

// maxHeadlines bounds the list of differences in whatif.md; whatif.csv
// has every variant.
const maxHeadlines = 20

// Markdown is whatif.md: the question, the table, the chart, and the
// headline differences of each variant against the first. scenario is the
// scenario file as given; name its name; command the command line that
// asked the question.
func Markdown(scenario, name, command string, axes []Axis, results []Result) []byte {
	var b strings.Builder
	fmt.Fprintf(&b, "# What if: %s\n\n", name)
	b.WriteString(question(axes) + "\n\n")
	fmt.Fprintf(&b, "Scenario `%s`, %d variant%s, each solved through every stage the scenario has", scenario, len(results), plural(len(results)))
	if len(results) > 0 {
		r := results[0].Row
		var stages []string
		stages = append(stages, "assignment")
		if r.P != nil {
			stages = append(stages, "training schedule")
		}
		if r.M != nil {
			stages = append(stages, "mentors")
		}
		fmt.Fprintf(&b, " (%s)", strings.Join(stages, ", "))
	}
	b.WriteString(":\n\n```\n" + command + "\n```\n\n")

	// The table.
	head := []string{"variant"}
	for _, a := range axes {
		head = append(head, "`"+a.Key+"`")
	}
	head = append(head, "placed", "placement rate", "compliant enterprises", "shortfall (posts)",
		"internship subsidy (yuan)", "total subsidy (yuan)", "Z")
	b.WriteString("| " + strings.Join(head, " | ") + " |\n")
	b.WriteString("|" + strings.Repeat(" ---: |", len(head)) + "\n")
	for _, res := range results {
		r := res.Row
		cells := []string{strconv.Itoa(res.Variant.Number)}
		for _, v := range res.Variant.Values {
			cells = append(cells, mdCell(v))
		}
		cells = append(cells,
			fmt.Sprintf("%d of %d", r.Placed, r.Students), percent(r.PlacementRate),
			fmt.Sprintf("%d of %d", r.CompliantEnterprises, r.QuotaEnterprises),
			strconv.Itoa(r.TotalShortfall), thousands(r.InternshipYuan), thousands(r.TotalYuan), i64(r.Z))
		b.WriteString("| " + strings.Join(cells, " | ") + " |\n")
	}
	fmt.Fprintf(&b, "\n![placement rate, compliant enterprises and total subsidy](%s)\n", SVGFile)

	// Headlines against the first variant.
	if len(results) > 1 {
		first := results[0]
		fmt.Fprintf(&b, "\n## Against variant 1 (%s)\n\n", first.Variant.Label(axes))
		for i, res := range results[1:] {
			if i == maxHeadlines {
				fmt.Fprintf(&b, "- … and %d more variants: see %s.\n", len(results)-1-maxHeadlines, CSVFile)
				break
			}
			fmt.Fprintf(&b, "- **%d** (%s): %s.\n", res.Variant.Number, changed(axes, first.Variant, res.Variant), headline(first.Row, res.Row))
		}
	}
	fmt.Fprintf(&b, "\nEvery figure per variant is in `%s`; wall times are in `%s`.\n", CSVFile, TimingsFile)
	return []byte(b.String())
}

// question says in words what the grid asks.
func question(axes []Axis) string {
	var varied []string
	for _, a := range axes {
		if len(a.Values) > 1 {
			varied = append(varied, fmt.Sprintf("`%s` is %s", a.Key, or(a.Values)))
		}
	}
	var fixed []string
	for _, a := range axes {
		if len(a.Values) == 1 {
			fixed = append(fixed, fmt.Sprintf("`%s=%s`", a.Key, a.Values[0]))
		}
	}
	q := "How do placements, quota compliance and subsidies change"
	switch len(varied) {
	case 0:
		q = "What does the scenario give"
	default:
		q += " when " + strings.Join(varied, " and when ")
	}
	if len(fixed) > 0 {
		q += ", with " + strings.Join(fixed, ", ")
	}
	return q + "?"
}

// or is "0.01, 0.02 or 0.03".
func or(vals []string) string {
	q := make([]string, len(vals))
	for i, v := range vals {
		q[i] = "`" + v + "`"
	}
	if len(q) == 1 {
		return q[0]
	}
	return strings.Join(q[:len(q)-1], ", ") + " or " + q[len(q)-1]
}

// changed names the overrides in which v differs from first.
func changed(axes []Axis, first, v Variant) string {
	var parts []string
	for i, a := range axes {
		if v.Values[i] != first.Values[i] {
			parts = append(parts, a.Key+"="+v.Values[i])
		}
	}
	return strings.Join(parts, ", ")
}

// headline is the differences that matter to a planner: placements,
// compliance, shortfall and money.
func headline(a, b Row) string {
	parts := []string{
		fmt.Sprintf("placed %s (%d → %d)", signed(int64(b.Placed-a.Placed)), a.Placed, b.Placed),
		fmt.Sprintf("placement rate %s points", signedPoints(b.PlacementRate-a.PlacementRate)),
		fmt.Sprintf("compliant enterprises %s (%d → %d)", signed(int64(b.CompliantEnterprises-a.CompliantEnterprises)),
			a.CompliantEnterprises, b.CompliantEnterprises),
		fmt.Sprintf("shortfall %s posts", signed(int64(b.TotalShortfall-a.TotalShortfall))),
		fmt.Sprintf("total subsidy %s yuan (%s → %s)", signedThousands(b.TotalYuan-a.TotalYuan),
			thousands(a.TotalYuan), thousands(b.TotalYuan)),
	}
	return strings.Join(parts, ", ")
}

func signed(n int64) string {
	switch {
	case n > 0:
		return "+" + strconv.FormatInt(n, 10)
	case n < 0:
		return "−" + strconv.FormatInt(-n, 10)
	}
	return "±0"
}

func signedThousands(n int64) string {
	switch {
	case n > 0:
		return "+" + thousands(n)
	case n < 0:
		return "−" + thousands(-n)
	}
	return "±0"
}

// signedPoints is a difference of rates in percentage points: "+0.35".
func signedPoints(d float64) string {
	p := d * 100
	s := strconv.FormatFloat(p, 'f', 2, 64)
	switch {
	case s == "0.00" || s == "-0.00":
		return "±0.00"
	case p > 0:
		return "+" + s
	}
	return "−" + strings.TrimPrefix(s, "-")
}

// mdCell escapes a value for a markdown table cell.
func mdCell(s string) string {
	if s == "" {
		return "(empty)"
	}
	return strings.NewReplacer("|", `\|`, "\n", " ").Replace(s)
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}
