package whatif

import (
	"bytes"
	"fmt"
	"math"
	"strconv"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/plotutil"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
	"gonum.org/v1/plot/vg/vgsvg"
)

// Chart size: fits a README column and a printed A4 page.
const (
	chartWidth  = 7 * vg.Inch
	panelHeight = 2.6 * vg.Inch
)

// panel is one of the chart's stacked plots: a figure of the rows against
// the x key.
type panel struct {
	label string
	y     func(Row) float64
	whole bool // integer figure: pad its axis by at least 1
}

// SVG draws whatif.svg: placement rate, compliant enterprises and the
// total subsidy against the first key with more than one value (the x
// axis), one line for each combination of the other varied keys. The
// title names the scenario.
func SVG(scenario string, axes []Axis, results []Result) ([]byte, error) {
	return chart(scenario, axes, results, func(w, h vg.Length) vg.CanvasWriterTo { return vgsvg.New(w, h) })
}

// PNG draws the chart of SVG as a PNG image at dpi dots per inch.
func PNG(scenario string, axes []Axis, results []Result, dpi int) ([]byte, error) {
	return chart(scenario, axes, results, func(w, h vg.Length) vg.CanvasWriterTo {
		return vgimg.PngCanvas{Canvas: vgimg.NewWith(vgimg.UseWH(w, h), vgimg.UseDPI(dpi))}
	})
}

func chart(scenario string, axes []Axis, results []Result, newCanvas func(w, h vg.Length) vg.CanvasWriterTo) ([]byte, error) {
	if len(results) == 0 {
		return nil, fmt.Errorf("whatif: no variants to draw")
	}
	xi, lines := layout(axes)
	xs, ticks := xPositions(axes, xi)

	quota := results[0].Row.QuotaEnterprises
	for _, r := range results {
		if r.Row.QuotaEnterprises != quota {
			quota = -1
		}
	}
	compliant := "compliant enterprises"
	if quota >= 0 {
		compliant = fmt.Sprintf("compliant enterprises (of %d)", quota)
	}
	panels := []panel{
		{label: "placement rate (%)", y: func(r Row) float64 { return r.PlacementRate * 100 }},
		{label: compliant, y: func(r Row) float64 { return float64(r.CompliantEnterprises) }, whole: true},
		{label: "total subsidy (thousand yuan)", y: func(r Row) float64 { return float64(r.TotalYuan) / 1000 }},
	}

	// Group the results into lines, in grid order of first appearance.
	type series struct {
		label string
		pts   plotter.XYs
		ys    [][]float64 // per panel
	}
	var all []*series
	byLabel := map[string]*series{}
	for _, r := range results {
		label := lineLabel(axes, lines, r.Variant)
		s := byLabel[label]
		if s == nil {
			s = &series{label: label, ys: make([][]float64, len(panels))}
			byLabel[label] = s
			all = append(all, s)
		}
		x := 0.0
		if xi >= 0 {
			x = xs[r.Variant.Values[xi]]
		}
		s.pts = append(s.pts, plotter.XY{X: x})
		for i, p := range panels {
			s.ys[i] = append(s.ys[i], p.y(r.Row))
		}
	}

	legend := plot.NewLegend()
	legend.Left = true
	legend.Top = true
	plots := make([][]*plot.Plot, len(panels))
	for i, pn := range panels {
		p := plot.New()
		p.Y.Label.Text = pn.label
		p.X.Tick.Marker = plot.ConstantTicks(ticks)
		if i == len(panels)-1 {
			p.X.Label.Text = xLabel(axes, xi)
		}
		p.Add(plotter.NewGrid())
		lo, hi := math.Inf(1), math.Inf(-1)
		for j, s := range all {
			pts := make(plotter.XYs, len(s.pts))
			for k := range s.pts {
				pts[k] = plotter.XY{X: s.pts[k].X, Y: s.ys[i][k]}
				lo, hi = math.Min(lo, pts[k].Y), math.Max(hi, pts[k].Y)
			}
			line, points, err := plotter.NewLinePoints(pts)
			if err != nil {
				return nil, fmt.Errorf("whatif: chart: %w", err)
			}
			line.Color = plotutil.Color(j)
			line.Width = vg.Points(1.5)
			points.Color = plotutil.Color(j)
			points.Shape = plotutil.Shape(j)
			points.Radius = vg.Points(3)
			p.Add(line, points)
			if i == 0 && len(all) > 1 {
				legend.Add(s.label, line, points)
			}
		}
		pad := (hi - lo) * 0.1
		if pn.whole {
			pad = math.Max(pad, 1)
		} else if pad == 0 {
			pad = math.Max(math.Abs(hi)*0.01, 0.5)
		}
		p.Y.Min, p.Y.Max = lo-pad, hi+pad
		if pn.whole {
			p.Y.Tick.Marker = wholeTicks{}
		}
		if xi >= 0 && len(ticks) > 1 {
			span := ticks[len(ticks)-1].Value - ticks[0].Value
			p.X.Min, p.X.Max = ticks[0].Value-span*0.05, ticks[len(ticks)-1].Value+span*0.05
		}
		plots[i] = []*plot.Plot{p}
	}

	// Header: a title, then the legend when there is more than one line.
	title := "What if: " + scenario
	if xi >= 0 {
		title += " — by " + axes[xi].Key
	}
	titleStyle := plot.New().Title.TextStyle
	titleStyle.Font.Size = vg.Points(14)
	titleStyle.XAlign, titleStyle.YAlign = draw.XLeft, draw.YTop
	const margin = vg.Length(8)
	titleH := titleStyle.Height(title)
	entryH := legend.TextStyle.Height("Xg") + vg.Points(2)
	header := margin + titleH + margin
	if len(all) > 1 {
		header += vg.Length(len(all))*entryH + margin
	}

	img := newCanvas(chartWidth, header+vg.Length(len(panels))*panelHeight)
	dc := draw.New(img)
	top := draw.Crop(dc, 0, 0, dc.Max.Y-dc.Min.Y-header, 0)
	top.FillText(titleStyle, vg.Point{X: top.Min.X + margin, Y: top.Max.Y - margin}, title)
	if len(all) > 1 {
		lg := draw.Crop(top, 4*margin, 0, 0, -(2*margin + titleH))
		legend.Padding = vg.Points(2)
		legend.Draw(lg)
	}
	body := draw.Crop(dc, 0, 0, 0, -header)
	tiles := draw.Tiles{Rows: len(panels), Cols: 1, PadTop: vg.Points(4), PadBottom: vg.Points(4),
		PadLeft: vg.Points(6), PadRight: vg.Points(12), PadY: vg.Points(10)}
	canvases := plot.Align(plots, tiles, body)
	for i := range plots {
		plots[i][0].Draw(canvases[i][0])
	}
	var buf bytes.Buffer
	if _, err := img.WriteTo(&buf); err != nil {
		return nil, fmt.Errorf("whatif: chart: %w", err)
	}
	return buf.Bytes(), nil
}

// layout picks the x axis — the first axis with more than one value, -1
// when there is none — and the axes that tell the lines apart: every
// other axis with more than one value.
func layout(axes []Axis) (xi int, lines []int) {
	xi = -1
	for i, a := range axes {
		if len(a.Values) < 2 {
			continue
		}
		if xi < 0 {
			xi = i
		} else {
			lines = append(lines, i)
		}
	}
	return xi, lines
}

// xPositions places the x axis's values: at their numbers when every one
// is a number, else evenly in the order given. Each gets a labelled tick.
func xPositions(axes []Axis, xi int) (map[string]float64, []plot.Tick) {
	if xi < 0 {
		return nil, []plot.Tick{{Value: 0, Label: "as in the scenario"}}
	}
	vals := axes[xi].Values
	pos := make(map[string]float64, len(vals))
	numeric := true
	for _, v := range vals {
		f, err := strconv.ParseFloat(v, 64)
		if err != nil || math.IsInf(f, 0) || math.IsNaN(f) {
			numeric = false
			break
		}
		pos[v] = f
	}
	if !numeric {
		for i, v := range vals {
			pos[v] = float64(i)
		}
	}
	ticks := make([]plot.Tick, len(vals))
	for i, v := range vals {
		ticks[i] = plot.Tick{Value: pos[v], Label: valueLabel(axes[xi].Key, v)}
	}
	// Ascending, for the axis range.
	for i := 1; i < len(ticks); i++ {
		for j := i; j > 0 && ticks[j].Value < ticks[j-1].Value; j-- {
			ticks[j], ticks[j-1] = ticks[j-1], ticks[j]
		}
	}
	return pos, ticks
}

// lineLabel names the line a variant is on: "weights.quota_bonus=0", or
// "" when all variants are on one line.
func lineLabel(axes []Axis, lines []int, v Variant) string {
	parts := make([]string, len(lines))
	for i, j := range lines {
		parts[i] = axes[j].Key + "=" + valueLabel(axes[j].Key, v.Values[j])
	}
	return strings.Join(parts, ", ")
}

// valueWords say what a value means where the number alone misleads: a
// commute limit of 0 is no limit, not zero kilometres.
var valueWords = map[[2]string]string{
	{"policy.max_commute_km", "0"}: "0 (no limit)",
}

// valueLabel is a value as the chart shows it.
func valueLabel(key, v string) string {
	if w, ok := valueWords[[2]string{key, v}]; ok {
		return w
	}
	return v
}

// descriptions say in words what the keys a planner varies most mean.
var descriptions = map[string]string{
	"policy.quota_rate":               "post quota, share of the workforce",
	"policy.max_commute_km":           "longest commute allowed, km; 0 = no limit",
	"policy.internship_subsidy_yuan":  "yuan per filled post at a compliant enterprise",
	"policy.training_subsidy_yuan":    "yuan per trained employee",
	"policy.order_class_subsidy_yuan": "yuan per order-class graduate at the sponsor",
	"policy.order_class":              "strict or prefer",
	"weights.quota_bonus":             "points per post that counts toward a quota",
	"weights.per_km":                  "points lost per km of commute",
	"weights.placement":               "points per placed student",
}

// xLabel is the x axis's key, with what it means when known.
func xLabel(axes []Axis, xi int) string {
	if xi < 0 {
		return "variant"
	}
	k := axes[xi].Key
	if d, ok := descriptions[k]; ok {
		return k + " (" + d + ")"
	}
	return k
}

// wholeTicks marks integers only, about five of them.
type wholeTicks struct{}

func (wholeTicks) Ticks(lo, hi float64) []plot.Tick {
	step := math.Max(1, math.Ceil((hi-lo)/5))
	var ts []plot.Tick
	for v := math.Ceil(lo/step) * step; v <= hi; v += step {
		ts = append(ts, plot.Tick{Value: v, Label: strconv.FormatFloat(v, 'f', 0, 64)})
	}
	return ts
}
