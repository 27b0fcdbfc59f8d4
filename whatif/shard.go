package whatif

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"placement/model"
	"placement/output"
	"placement/plan"
	"placement/scenarios"
)

// Shard is one part of a grid split over several machines: the variants
// whose index — the variant's number minus one — is K modulo N. Shard K/N
// of a 12-variant grid with N = 4 is variants K+1, K+5 and K+9; the N
// shards 0/N … (N−1)/N together are the grid, each variant exactly once.
// K counts from 0, as a Slurm array task id and a Kubernetes completion
// index do. The zero Shard (N = 0) is the whole grid.
type Shard struct {
	K int `json:"k"`
	N int `json:"n"`
}

// ParseShard reads "K/N", e.g. "3/8": 0 ≤ K < N.
func ParseShard(s string) (Shard, error) {
	ks, ns, ok := strings.Cut(strings.TrimSpace(s), "/")
	k, kerr := strconv.Atoi(strings.TrimSpace(ks))
	n, nerr := strconv.Atoi(strings.TrimSpace(ns))
	if !ok || kerr != nil || nerr != nil {
		return Shard{}, fmt.Errorf("%q: expected K/N, two whole numbers such as 3/8 (shard 3 of 0 … 7)", s)
	}
	sh := Shard{K: k, N: n}
	if n < 1 {
		return sh, fmt.Errorf("shard %s: N must be at least 1", s)
	}
	return sh, sh.check()
}

func (s Shard) check() error {
	switch {
	case s == Shard{}:
		return nil
	case s.N < 1:
		return fmt.Errorf("shard %d/%d: N must be at least 1", s.K, s.N)
	case s.N > MaxVariants:
		return fmt.Errorf("shard %d/%d: N must be at most %d, the largest grid", s.K, s.N, MaxVariants)
	case s.K < 0 || s.K >= s.N:
		return fmt.Errorf("shard %d/%d: K must be 0 … %d", s.K, s.N, s.N-1)
	}
	return nil
}

// String is "K/N", or "all" for the whole grid.
func (s Shard) String() string {
	if s.N == 0 {
		return "all"
	}
	return fmt.Sprintf("%d/%d", s.K, s.N)
}

// Has tells whether the variant is in the shard.
func (s Shard) Has(v Variant) bool { return s.N == 0 || (v.Number-1)%s.N == s.K }

// Of is the shard's variants, in grid order.
func (s Shard) Of(variants []Variant) []Variant {
	if s.N == 0 {
		return variants
	}
	var out []Variant
	for _, v := range variants {
		if s.Has(v) {
			out = append(out, v)
		}
	}
	return out
}

// Numbers are the numbers of the shard's variants in a grid of n.
func (s Shard) Numbers(n int) []int {
	var out []int
	for i := 1; i <= n; i++ {
		if s.Has(Variant{Number: i}) {
			out = append(out, i)
		}
	}
	return out
}

// ShardFile is a shard directory's manifest. It is written last, so a
// directory without it holds no finished shard.
const ShardFile = "shard.json"

// ShardFormat names the manifest's format; Merge refuses any other.
const ShardFormat = "placement-whatif-shard/1"

// GridKey names a what-if grid: what every shard of it must agree on for
// their rows to make one answer. Two runs with equal keys compute the same
// rows.
type GridKey struct {
	// Scenario is the base scenario as the report names it.
	Scenario string `json:"scenario"`
	// ScenarioSHA256 is the base scenario's Digest: its checked values
	// (PLACEMENT_ variables included) and the bytes of its data files.
	ScenarioSHA256 string `json:"scenario_sha256"`
	// Sets are the --set flags, as given, in order: the axes.
	Sets []string `json:"sets"`
	// Variants is the size of the grid.
	Variants int `json:"variants"`
	// Settings are the stage settings every variant is solved with.
	Settings json.RawMessage `json:"settings"`
	// Command and Excel are WriteOptions' Command and Excel, for the report
	// the merge writes.
	Command string `json:"command"`
	Excel   bool   `json:"excel"`
}

// Key is the key of o's grid, with the report's options: it loads the base
// scenario (without the axes' overrides) to take its Digest. The error
// wraps ErrInput when the base or the axes have errors.
func Key(ctx context.Context, o Options, wo WriteOptions) (GridKey, model.Problems, error) {
	variants, ps, err := o.grid()
	if err != nil {
		return GridKey{}, ps, err
	}
	base := o.Base
	base.Set = nil
	sc, ps := plan.Load(ctx, base)
	if err := ctx.Err(); err != nil {
		return GridKey{}, nil, err
	}
	if ps.Err() != nil {
		return GridKey{}, ps, fmt.Errorf("%w: the base scenario has %d problems", ErrInput, len(ps.Errors()))
	}
	digest, err := sc.Digest()
	if err != nil {
		return GridKey{}, nil, err
	}
	set := o.Settings
	settings, err := json.Marshal(struct {
		Assign   any `json:"assign"`
		Schedule any `json:"schedule"`
		Mentor   any `json:"mentor"`
	}{set.Assign, set.Schedule, set.Mentor})
	if err != nil {
		return GridKey{}, nil, fmt.Errorf("whatif: %w", err)
	}
	k := GridKey{
		Scenario: wo.Scenario, ScenarioSHA256: digest, Sets: []string{}, Variants: len(variants),
		Settings: settings, Command: wo.Command, Excel: wo.Excel,
	}
	for _, a := range o.Axes {
		k.Sets = append(k.Sets, a.Flag)
	}
	return k, nil, nil
}

// Manifest is shard.json: the grid, the shard, and the shard's rows in
// grid order.
type Manifest struct {
	Format string     `json:"format"`
	Grid   GridKey    `json:"grid"`
	Shard  Shard      `json:"shard"`
	Rows   []ShardRow `json:"rows"`
}

// ShardRow is one solved variant of a shard.
type ShardRow struct {
	Variant int      `json:"variant"`
	Values  []string `json:"values"`
	// Kept is the folder of the variant's kept plan in the shard
	// directory (and in the merged one); "" without --keep.
	Kept  string `json:"kept,omitempty"`
	Row   Row    `json:"row"`
	Times Times  `json:"times"`
}

// WriteShard writes a shard's results into dir: each kept plan into its
// folder (named as in the whole grid), the shard's rows as whatif.csv and
// whatif_timings.csv (for a person to look at), and shard.json last, all
// or nothing as Write does. Writing the same shard again replaces it.
func WriteShard(ctx context.Context, dir string, key GridKey, shard Shard, axes []Axis, results []Result) error {
	if shard.N == 0 {
		return errors.New("whatif: WriteShard needs a shard (N ≥ 1)")
	}
	if err := shard.check(); err != nil {
		return fmt.Errorf("whatif: %w", err)
	}
	m := Manifest{Format: ShardFormat, Grid: key, Shard: shard, Rows: []ShardRow{}}
	for _, r := range results {
		if !shard.Has(r.Variant) {
			return fmt.Errorf("whatif: variant %d is not in shard %s", r.Variant.Number, shard)
		}
		sr := ShardRow{Variant: r.Variant.Number, Values: r.Variant.Values, Row: r.Row, Times: r.Times}
		if r.Plan != nil {
			sr.Kept = r.Variant.Dir(axes, key.Variants)
		}
		m.Rows = append(m.Rows, sr)
	}
	manifest, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return fmt.Errorf("whatif: %w", err)
	}
	files := []output.File{TimingsCSV(axes, results), CSV(axes, results)}
	if key.Excel {
		if files, err = output.ForExcel(files, &output.Summary{}); err != nil {
			return err
		}
	}
	files = append(files, output.File{Name: ShardFile, Data: append(manifest, '\n')})
	if err := writeKept(ctx, dir, axes, results, key.Variants, plan.WriteOptions{Excel: key.Excel}); err != nil {
		return err
	}
	return output.WriteDirContext(ctx, dir, files)
}

// ErrShards is returned, wrapped, when the shard directories given to
// Merge do not make one whole grid: a shard missing, unfinished or given
// twice, or shards of different grids.
var ErrShards = errors.New("whatif: the shards do not make one grid")

// Merged is a grid put together from its shards.
type Merged struct {
	Key     GridKey
	Shards  int // N
	Axes    []Axis
	Results []Result // every variant, in grid order; Plan is nil (kept plans are copied)
	kept    map[int]string
	dirs    []string // the shard directories
}

// ReadShards reads the manifests of the shard directories and checks that
// they make one grid: every directory holds a finished shard (shard.json),
// all of the same grid (same base scenario digest, --set flags, settings
// and report options) and the same N, every shard 0 … N−1 exactly once and
// every variant exactly once. It names every problem it finds — the
// missing shards with their variant numbers first — in one error wrapping
// ErrShards.
func ReadShards(dirs []string) (*Merged, error) {
	if len(dirs) == 0 {
		return nil, fmt.Errorf("%w: no shard directories given", ErrShards)
	}
	var problems []string
	type shardDir struct {
		dir string
		m   Manifest
	}
	var found []shardDir
	for _, dir := range dirs {
		data, err := os.ReadFile(filepath.Join(dir, ShardFile))
		if errors.Is(err, os.ErrNotExist) {
			problems = append(problems, fmt.Sprintf("%s: no %s: the shard failed or has not finished", dir, ShardFile))
			continue
		}
		if err != nil {
			problems = append(problems, fmt.Sprintf("%s: %v", dir, err))
			continue
		}
		var m Manifest
		dec := json.NewDecoder(bytes.NewReader(data))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&m); err != nil {
			problems = append(problems, fmt.Sprintf("%s: %s is not a shard manifest: %v", dir, ShardFile, err))
			continue
		}
		if m.Format != ShardFormat {
			problems = append(problems, fmt.Sprintf("%s: %s has format %q, want %q", dir, ShardFile, m.Format, ShardFormat))
			continue
		}
		if err := m.Shard.check(); err != nil || m.Shard.N == 0 || m.Grid.Variants < 1 || m.Grid.Variants > MaxVariants {
			problems = append(problems, fmt.Sprintf("%s: %s names shard %s of %d variants", dir, ShardFile, m.Shard, m.Grid.Variants))
			continue
		}
		found = append(found, shardDir{dir, m})
	}
	if len(found) == 0 {
		return nil, fmt.Errorf("%w:\n  %s", ErrShards, strings.Join(problems, "\n  "))
	}

	first := found[0]
	key, n := first.m.Grid, first.m.Shard.N
	byK := map[int]string{}
	rows := map[int]ShardRow{}
	for _, f := range found {
		if diff := keyDiff(key, f.m.Grid); diff != "" {
			problems = append(problems, fmt.Sprintf("%s is a shard of another grid than %s: %s", f.dir, first.dir, diff))
			continue
		}
		sh := f.m.Shard
		if sh.N != n {
			problems = append(problems, fmt.Sprintf("%s is shard %s, %s shard %d/%d: the grid was split in two ways", f.dir, sh, first.dir, first.m.Shard.K, n))
			continue
		}
		if prev, dup := byK[sh.K]; dup {
			problems = append(problems, fmt.Sprintf("shard %s is given twice: %s and %s", sh, prev, f.dir))
			continue
		}
		byK[sh.K] = f.dir
		want := sh.Numbers(key.Variants)
		var got []int
		for _, r := range f.m.Rows {
			got = append(got, r.Variant)
			rows[r.Variant] = r
		}
		if !slices.Equal(want, got) {
			problems = append(problems, fmt.Sprintf("%s: shard %s holds variants %v, want %v", f.dir, sh, got, want))
		}
	}
	var missing []string
	for k := range n {
		if _, ok := byK[k]; !ok {
			missing = append(missing, fmt.Sprintf("%d/%d (variants %s)", k, n, joinInts(Shard{k, n}.Numbers(key.Variants))))
		}
	}
	if len(missing) > 0 {
		problems = append([]string{"missing shards: " + strings.Join(missing, ", ") + "; run them (again), then merge"}, problems...)
	}
	if len(problems) > 0 {
		return nil, fmt.Errorf("%w:\n  %s", ErrShards, strings.Join(problems, "\n  "))
	}

	// The grid again, from the flags: the rows must be its variants.
	axes := make([]Axis, len(key.Sets))
	for i, flag := range key.Sets {
		a, err := ParseAxis(flag, scenarios.IsListKey)
		if err != nil {
			return nil, fmt.Errorf("%w: --set %q in the manifests: %v", ErrShards, flag, err)
		}
		axes[i] = a
	}
	variants, err := Grid(axes)
	if err != nil || len(variants) != key.Variants {
		return nil, fmt.Errorf("%w: the manifests' --set flags do not make a grid of %d variants (%v)", ErrShards, key.Variants, err)
	}
	mg := &Merged{Key: key, Shards: n, Axes: axes, kept: map[int]string{}, dirs: dirs}
	for _, v := range variants {
		r := rows[v.Number]
		if !slices.Equal(r.Values, v.Values) {
			return nil, fmt.Errorf("%w: variant %d has values %q, the grid says %q", ErrShards, v.Number, r.Values, v.Values)
		}
		mg.Results = append(mg.Results, Result{Variant: v, Row: r.Row, Times: r.Times})
		if r.Kept != "" {
			if r.Kept != v.Dir(axes, key.Variants) || r.Kept != filepath.Base(r.Kept) {
				return nil, fmt.Errorf("%w: variant %d's kept plan is in %q, want %q", ErrShards, v.Number, r.Kept, v.Dir(axes, key.Variants))
			}
			mg.kept[v.Number] = filepath.Join(byK[Shard{N: n}.indexOf(v)], r.Kept)
		}
	}
	return mg, nil
}

// indexOf is the shard K of N that holds v.
func (s Shard) indexOf(v Variant) int { return (v.Number - 1) % s.N }

// keyDiff says how b differs from a, or "" when they are the same grid.
func keyDiff(a, b GridKey) string {
	var d []string
	if a.ScenarioSHA256 != b.ScenarioSHA256 {
		d = append(d, fmt.Sprintf("base scenario digest %.12s… vs %.12s… (another city, other values or other PLACEMENT_ variables)", b.ScenarioSHA256, a.ScenarioSHA256))
	}
	if !slices.Equal(a.Sets, b.Sets) {
		d = append(d, fmt.Sprintf("--set flags %q vs %q", b.Sets, a.Sets))
	}
	if a.Variants != b.Variants {
		d = append(d, fmt.Sprintf("%d variants vs %d", b.Variants, a.Variants))
	}
	if !bytes.Equal(a.Settings, b.Settings) {
		d = append(d, fmt.Sprintf("settings %s vs %s", b.Settings, a.Settings))
	}
	if a.Scenario != b.Scenario || a.Command != b.Command || a.Excel != b.Excel {
		d = append(d, fmt.Sprintf("report options (scenario %q, command %q, excel %v) vs (%q, %q, %v)",
			b.Scenario, b.Command, b.Excel, a.Scenario, a.Command, a.Excel))
	}
	return strings.Join(d, "; ")
}

func joinInts(ns []int) string {
	s := make([]string, len(ns))
	for i, n := range ns {
		s[i] = strconv.Itoa(n)
	}
	if len(s) == 0 {
		return "none"
	}
	return strings.Join(s, ", ")
}

// Write writes the merged grid into dir exactly as Write writes an
// unsharded run of it: the kept plans copied from the shards, byte for
// byte, then whatif.svg, whatif.md, whatif_timings.csv and whatif.csv. It
// returns the names of the what-if files.
func (mg *Merged) Write(ctx context.Context, dir string) ([]string, error) {
	if out, err := os.Stat(dir); err == nil {
		for _, src := range mg.dirs {
			if in, err := os.Stat(src); err == nil && os.SameFile(out, in) {
				return nil, fmt.Errorf("%w: the output directory %s is the shard directory %s", ErrShards, dir, src)
			}
		}
	}
	for _, r := range mg.Results {
		src, ok := mg.kept[r.Variant.Number]
		if !ok {
			continue
		}
		if err := copyPlan(ctx, src, filepath.Join(dir, filepath.Base(src))); err != nil {
			return nil, fmt.Errorf("whatif: copying variant %d's plan: %w", r.Variant.Number, err)
		}
	}
	return Write(ctx, dir, mg.Axes, mg.Results, WriteOptions{Scenario: mg.Key.Scenario, Command: mg.Key.Command, Excel: mg.Key.Excel})
}

// Merge reads the shard directories (ReadShards) and writes the whole grid
// into dir (Merged.Write). Nothing is written when the shards do not make
// one grid.
func Merge(ctx context.Context, dir string, shardDirs []string) (*Merged, []string, error) {
	mg, err := ReadShards(shardDirs)
	if err != nil {
		return nil, nil, err
	}
	names, err := mg.Write(ctx, dir)
	return mg, names, err
}

// copyPlan copies a plan directory's files into dst, summary.json last (the
// commit marker, see output.WriteDir).
func copyPlan(ctx context.Context, src, dst string) error {
	entries, err := os.ReadDir(src)
	if err != nil {
		return err
	}
	var files []output.File
	var marker *output.File
	for _, e := range entries {
		if !e.Type().IsRegular() || strings.HasPrefix(e.Name(), output.TempPrefix) {
			continue
		}
		data, err := os.ReadFile(filepath.Join(src, e.Name()))
		if err != nil {
			return err
		}
		f := output.File{Name: e.Name(), Data: data}
		if f.Name == output.SummaryFile {
			marker = &f
			continue
		}
		files = append(files, f)
	}
	if marker == nil {
		return fmt.Errorf("%s has no %s: not a complete plan", src, output.SummaryFile)
	}
	return output.WriteDirContext(ctx, dst, append(files, *marker))
}
