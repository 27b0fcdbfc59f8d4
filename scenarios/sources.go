package scenarios

import (
	"errors"
	"fmt"
	"io/fs"
	"regexp"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"

	"placement/model"
)

// scenarioFile is one YAML file of a scenario, walked.
type scenarioFile struct {
	name     string
	values   map[string]value  // by key path, e.g. "policy.quota_rate"
	sections map[string]origin // where each section key is, e.g. "data"
	unknown  []unknownKey      // in file order; reported once lenient is known
	// alien is set when the file has unknown keys and no key of a
	// scenario: it is reported as one problem that echoes none of them
	// (extends: /etc/shadow must not print the file).
	alien bool
}

// unknownKey is a key that names no setting, with where it is and the
// message that says so (the did-you-mean is computed when reported).
type unknownKey struct {
	name string // the key path, or the variable
	at   origin
	env  bool // a PLACEMENT_ variable rather than a key in a file
}

// readChain reads the scenario file and the files it extends, base first.
// It fails when one of them cannot be read or parsed.
func readChain(fsys files, name string, ps *model.Problems) ([]scenarioFile, bool) {
	var chain []scenarioFile
	var trail []string
	cur := name
	var from *value // the extends value that named cur
	for {
		for _, seen := range trail {
			if seen == cur {
				bad(ps, from.at, "extends %q makes a cycle: %s → %s", from.text, strings.Join(trail, " → "), cur)
				return nil, false
			}
		}
		trail = append(trail, cur)
		data, err := fsys.read(cur)
		if err != nil {
			if errors.Is(err, model.ErrTooLarge) {
				err = fmt.Errorf("the file is larger than %d bytes, the most a scenario file may be", MaxScenarioBytes)
			}
			if from == nil {
				ps.Errorf(cur, 0, 0, "cannot read the scenario: %v", cause(err))
			} else {
				bad(ps, from.at, "extends %s: cannot read %s: %v", model.Excerpt(from.text), cur, cause(err))
			}
			return nil, false
		}
		f, ext, ok := parseFile(fsys, cur, data, ps)
		if !ok {
			return nil, false
		}
		chain = append(chain, f)
		if ext == nil {
			break
		}
		from = ext
		cur = strings.TrimSpace(ext.text)
		if !fsys.isAbs(cur) {
			cur = fsys.join(fsys.dir(from.at.file), cur)
		}
	}
	for i, j := 0, len(chain)-1; i < j; i, j = i+1, j-1 {
		chain[i], chain[j] = chain[j], chain[i]
	}
	return chain, true
}

// cause drops the operation and path of a file error: the message names
// the file already.
func cause(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// parseFile walks one YAML file. It returns the extends value, if any,
// and false when the file is not YAML or not a mapping.
func parseFile(fsys files, name string, data []byte, ps *model.Problems) (scenarioFile, *value, bool) {
	f := scenarioFile{name: name, values: make(map[string]value), sections: make(map[string]origin)}
	if len(data) > MaxScenarioBytes {
		ps.Errorf(name, 0, 0, "the scenario file is %d bytes; at most %d are allowed", len(data), MaxScenarioBytes)
		return f, nil, false
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		line, msg := yamlError(err)
		ps.Errorf(name, line, 0, "%s", msg)
		return f, nil, false
	}
	if n := tooDeep(&doc); n != nil {
		ps.Errorf(name, n.Line, n.Column, "the YAML nests deeper than %d levels", MaxScenarioDepth)
		return f, nil, false
	}
	if len(doc.Content) == 0 {
		return f, nil, true // an empty file sets nothing
	}
	root := deref(doc.Content[0])
	if isNull(root) {
		return f, nil, true
	}
	if root.Kind != yaml.MappingNode {
		what := kindName(root)
		if root.Kind == yaml.ScalarNode {
			what = "a single value: the file does not look like a scenario" // and is not echoed
		}
		ps.Errorf(name, root.Line, root.Column, "a scenario is a mapping of keys (name, data, policy, …), not %s", what)
		return f, nil, false
	}
	w := walker{file: &f, dir: fsys.dir(name), ps: ps, flat: map[*yaml.Node][]pair{}}
	if !w.mapping(root, "") {
		return f, nil, false
	}
	f.alien = len(f.unknown) > 0 && len(f.values) == 0 && len(f.sections) == 0 && w.extends == nil && !w.extension
	return f, w.extends, true
}

// Limits on a scenario file, so that a hostile one is a clear error: a
// real scenario is a few hundred bytes and four levels deep.
const (
	MaxScenarioBytes = 1 << 20
	MaxScenarioDepth = 64
)

// MaxKeyBytes is the length of the longest key path.
const MaxKeyBytes = len("policy.order_class_subsidy_yuan")

// tooDeep returns the first node nested deeper than MaxScenarioDepth, or
// nil. It walks without recursion and does not follow aliases (they point
// back to nodes walked already).
func tooDeep(root *yaml.Node) *yaml.Node {
	type item struct {
		n     *yaml.Node
		depth int
	}
	stack := []item{{root, 0}}
	for len(stack) > 0 {
		it := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if it.depth > MaxScenarioDepth {
			return it.n
		}
		for _, c := range it.n.Content {
			stack = append(stack, item{c, it.depth + 1})
		}
	}
	return nil
}

var yamlLine = regexp.MustCompile(`(?s)^yaml: line (\d+): (.*)$`)

// yamlError splits "yaml: line 3: did not find expected key" into 3 and
// the rest. The line is yaml.v3's: right for scanner errors, but for some
// parser errors it is the line before the construct that failed (yaml.v3
// reports the 0-based line of the context mark there). It is still the
// best there is, and near the mistake.
func yamlError(err error) (int, string) {
	if m := yamlLine.FindStringSubmatch(err.Error()); m != nil {
		line, _ := strconv.Atoi(m[1])
		return line, "YAML: " + m[2]
	}
	return 0, "YAML: " + strings.TrimPrefix(err.Error(), "yaml: ")
}

type walker struct {
	file    *scenarioFile
	dir     string
	ps      *model.Problems
	extends *value

	flat      map[*yaml.Node][]pair // mappings with their merge keys applied
	merged    int                   // key–value pairs copied by merge keys so far
	extension bool                  // the file has an x- key
}

// pair is one key and its value in a mapping; merged when it came from a
// merge key (<<: *anchor) rather than from the mapping itself.
type pair struct {
	k, v   *yaml.Node
	merged bool
}

// maxMerged bounds the pairs merge keys may copy in one file, so that
// merges of merges cannot make a 1 MiB file take minutes.
const maxMerged = 100_000

// errMerge is the walker's signal that a merge key was reported bad.
var errMerge = errors.New("bad merge key")

// pairs returns the keys of mapping n with YAML merge keys applied (the
// "<<" key of YAML 1.1, which go.yaml.in/yaml/v3 parses but leaves to the
// reader of a yaml.Node): the mapping's own keys first, then the keys of
// each merged mapping that the mapping and the mappings merged before it
// do not have — so its own keys override merged ones, and an earlier
// mapping of a "<<: [*a, *b]" list overrides a later one.
func (w *walker) pairs(n *yaml.Node, depth int) ([]pair, error) {
	if p, ok := w.flat[n]; ok {
		return p, nil
	}
	if depth > MaxScenarioDepth {
		bad(w.ps, w.at(n), "merge keys (<<) nest deeper than %d levels", MaxScenarioDepth)
		return nil, errMerge
	}
	var own, merges []pair
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if k.Kind == yaml.ScalarNode && k.ShortTag() == "!!merge" {
			merges = append(merges, pair{k: k, v: v})
			continue
		}
		own = append(own, pair{k: k, v: v})
	}
	if len(merges) == 0 {
		w.flat[n] = own
		return own, nil
	}
	have := make(map[string]bool, len(own))
	for _, p := range own {
		have[strings.ToLower(p.k.Value)] = true
	}
	out := own
	for _, m := range merges {
		v := deref(m.v)
		var sources []*yaml.Node
		switch v.Kind {
		case yaml.MappingNode:
			sources = []*yaml.Node{v}
		case yaml.SequenceNode:
			for _, c := range v.Content {
				if c = deref(c); c.Kind != yaml.MappingNode {
					bad(w.ps, w.at(c), "a merge key (<<) takes mappings (*anchor or [*a, *b]), not %s", kindName(c))
					return nil, errMerge
				}
				sources = append(sources, c)
			}
		default:
			bad(w.ps, w.at(v), "a merge key (<<) takes a mapping (*anchor) or a list of them ([*a, *b]), not %s", kindName(v))
			return nil, errMerge
		}
		for _, src := range sources {
			sp, err := w.pairs(src, depth+1)
			if err != nil {
				return nil, err
			}
			for _, p := range sp {
				key := strings.ToLower(p.k.Value)
				if have[key] {
					continue
				}
				if w.merged++; w.merged > maxMerged {
					bad(w.ps, w.at(m.k), "merge keys (<<) copy more than %d keys in all", maxMerged)
					return nil, errMerge
				}
				have[key] = true
				out = append(out, pair{k: p.k, v: p.v, merged: true})
			}
		}
	}
	w.flat[n] = out
	return out, nil
}

func (w *walker) at(n *yaml.Node) origin {
	return origin{file: w.file.name, line: n.Line, col: n.Column, dir: w.dir}
}

// mapping walks the keys of a mapping node whose path is prefix, merge
// keys applied. It reports false when a merge key was bad.
func (w *walker) mapping(n *yaml.Node, prefix string) bool {
	pairs, err := w.pairs(n, 0)
	if err != nil {
		return false
	}
	first := make(map[string]int) // key → line
	for _, p := range pairs {
		k, v := p.k, deref(p.v)
		key := strings.ToLower(k.Value) // keys are case-insensitive, as in viper
		full := key
		if prefix != "" {
			full = prefix + "." + key
		}
		if line, dup := first[key]; dup && !p.merged {
			bad(w.ps, w.at(k), "duplicate key %s (first at line %d)", model.Excerpt(full), line)
			continue
		}
		first[key] = k.Line
		f, isField := fieldOf(full)
		switch {
		case isSection(full):
			w.file.sections[full] = w.at(k)
			switch {
			case isNull(v):
			case v.Kind == yaml.MappingNode:
				if !w.mapping(v, full) {
					return false
				}
			default:
				bad(w.ps, w.at(v), "%s must be a mapping of keys, not %s", full, kindName(v))
			}
		case isField:
			if isNull(v) {
				continue // "key:" with nothing after it: absent
			}
			if prev, dup := w.file.values[full]; dup { // "policy.quota_rate:" at the top and under policy
				bad(w.ps, w.at(k), "duplicate key %q (first at line %d)", full, prev.at.line)
				continue
			}
			if val, ok := w.value(f, v); ok {
				w.file.values[full] = val
			}
		case full == "extends":
			switch {
			case isNull(v):
			case v.Kind == yaml.ScalarNode:
				w.extends = &value{text: v.Value, at: w.at(v)}
			default:
				bad(w.ps, w.at(v), "extends must be the path of a scenario file, not %s", kindName(v))
			}
		case prefix == "" && strings.HasPrefix(key, extensionPrefix):
			w.extension = true // an extension key, to hold anchors for merge keys: ignored
		default:
			w.file.unknown = append(w.file.unknown, unknownKey{name: full, at: w.at(k)})
		}
	}
	return true
}

// extensionPrefix starts the top-level keys a scenario file may use for
// its own purposes — typically to define anchors that merge keys (<<)
// use — without them being unknown keys, as in docker-compose files.
const extensionPrefix = "x-"

// maxUnknownPerFile caps the unknown keys reported for one file (or for
// the environment), as model caps the problems of a CSV file.
const maxUnknownPerFile = 100

// reportUnknown reports the unknown keys of a file or of the
// environment, at most maxUnknownPerFile of them and then how many more:
// errors, or warnings when lenient; the keys of an alien file (see
// scenarioFile) as one problem. The first error of a load also says
// how to make them warnings (hinted tells whether it was said).
func reportUnknown(keys []unknownKey, alien, lenient bool, hinted *bool, ps *model.Problems) {
	if alien && len(keys) > 0 {
		u := keys[0]
		msg := fmt.Sprintf("the file does not look like a scenario: none of its %d keys is a scenario key (name, data, policy, …)", len(keys))
		if lenient {
			ps.Warnf(u.at.file, u.at.line, u.at.col, "%s; it is ignored", msg)
		} else {
			ps.Errorf(u.at.file, u.at.line, u.at.col, "%s", msg)
		}
		return
	}
	for i, u := range keys {
		if i == maxUnknownPerFile {
			msg := fmt.Sprintf("… and %d more unknown keys (only the first %d are listed)", len(keys)-i, maxUnknownPerFile)
			if lenient {
				ps.Warnf(u.at.file, 0, 0, "%s", msg)
			} else {
				ps.Errorf(u.at.file, 0, 0, "%s", msg)
			}
			break
		}
		var msg string
		switch {
		case u.env && lenient:
			msg = "unknown key, ignored" + suggest(u.name, envKeys())
		case u.env:
			msg = "names no key of the scenario" + suggest(u.name, envKeys()) + "; unset it"
		case lenient:
			msg = fmt.Sprintf("unknown key %s is ignored%s", model.Excerpt(u.name), suggest(u.name, fileKeys()))
		default:
			msg = fmt.Sprintf("unknown key %s%s", model.Excerpt(u.name), suggest(u.name, fileKeys()))
		}
		if lenient {
			ps.Warnf(u.at.file, u.at.line, u.at.col, "%s", msg)
			continue
		}
		if !*hinted {
			*hinted = true
			msg += " (unknown keys are errors; --lenient or lenient: true makes them warnings)"
		}
		ps.Errorf(u.at.file, u.at.line, u.at.col, "%s", msg)
	}
}

// value reads the value node of a field.
func (w *walker) value(f field, n *yaml.Node) (value, bool) {
	at := w.at(n)
	switch {
	case n.Kind == yaml.ScalarNode && f.list:
		return value{text: n.Value, items: splitList(n.Value, at), at: at}, true
	case n.Kind == yaml.ScalarNode:
		return value{text: n.Value, at: at}, true
	case n.Kind == yaml.SequenceNode && f.list:
		items := make([]item, len(n.Content))
		ok := true
		for i, c := range n.Content {
			c = deref(c)
			if c.Kind != yaml.ScalarNode {
				bad(w.ps, w.at(c), "%s item %d must be a single value, not %s", f.key, i+1, kindName(c))
				ok = false
			}
			items[i] = item{text: c.Value, at: w.at(c)}
		}
		return value{items: items, at: at}, ok
	case f.list:
		bad(w.ps, at, "%s must be a list, not %s", f.key, kindName(n))
	default:
		bad(w.ps, at, "%s must be a single value, not %s", f.key, kindName(n))
	}
	return value{}, false
}

func deref(n *yaml.Node) *yaml.Node {
	for n.Kind == yaml.AliasNode && n.Alias != nil {
		n = n.Alias
	}
	return n
}

func isNull(n *yaml.Node) bool { return n.Kind == yaml.ScalarNode && n.ShortTag() == "!!null" }

func kindName(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	case yaml.ScalarNode:
		return "the value " + model.Excerpt(n.Value)
	}
	return "this"
}

// nest turns key paths into the nested maps viper merges.
func nest(values map[string]value) map[string]any {
	root := make(map[string]any)
	for key, v := range values {
		parts := strings.Split(key, ".")
		m := root
		for _, p := range parts[:len(parts)-1] {
			sub, ok := m[p].(map[string]any)
			if !ok {
				sub = make(map[string]any)
				m[p] = sub
			}
			m = sub
		}
		m[parts[len(parts)-1]] = v
	}
	return root
}

type keyValue struct {
	key string
	val value
}

func newValue(f field, text string, at origin) value {
	v := value{text: text, at: at}
	if f.list {
		v.items = splitList(text, at)
	}
	return v
}

// envValues reads the PLACEMENT_ variables of env, in order, and returns
// the ones that name no key too (reported by the caller once it knows
// whether to be lenient). An empty variable counts as unset.
func envValues(env []string, dir string) ([]keyValue, []unknownKey) {
	var out []keyValue
	var unknown []unknownKey
	for _, kv := range env {
		name, text, ok := strings.Cut(kv, "=")
		if !ok || !strings.HasPrefix(name, EnvPrefix) {
			continue
		}
		at := origin{file: "environment " + name, dir: dir}
		var f field
		known := false
		for _, g := range fields {
			if EnvVar(g.key) == name {
				f, known = g, true
				break
			}
		}
		switch {
		case text == "": // unset, whatever its name
		case !known:
			unknown = append(unknown, unknownKey{name: name, at: at, env: true})
		default:
			out = append(out, keyValue{f.key, newValue(f, text, at)})
		}
	}
	return out, unknown
}

// flagValues reads the --set overrides, in order.
func flagValues(set []string, dir string, ps *model.Problems) []keyValue {
	var out []keyValue
	for _, s := range set {
		at := origin{file: "flag --set " + s, dir: dir}
		k, text, ok := strings.Cut(s, "=")
		key := strings.ToLower(strings.TrimSpace(k))
		f, known := fieldOf(key)
		switch {
		case !ok:
			bad(ps, at, "expected key=value, like policy.quota_rate=0.03")
		case isSection(key):
			bad(ps, at, "%q is a section: set one of its keys, like %s", key, firstKeyOf(key))
		case !known:
			bad(ps, at, "unknown key %s%s", model.Excerpt(key), suggest(key, Keys()))
		default:
			out = append(out, keyValue{f.key, newValue(f, text, at)})
		}
	}
	return out
}

func firstKeyOf(section string) string {
	for _, f := range fields {
		if strings.HasPrefix(f.key, section+".") {
			return f.key
		}
	}
	return section
}

func fileKeys() []string {
	return append(append(Keys(), sections...), "extends")
}

func envKeys() []string {
	keys := Keys()
	for i, k := range keys {
		keys[i] = EnvVar(k)
	}
	return keys
}

// suggest returns ` (did you mean "x"?)` for the candidate nearest to
// name: one with the same last part in another section, or else one at
// most two edits away; "" when there is none.
func suggest(name string, candidates []string) string {
	if len(name) > 2*MaxKeyBytes {
		return "" // far from every key
	}
	last := name[strings.LastIndex(name, ".")+1:]
	if strings.Contains(name, ".") {
		for _, c := range candidates {
			if c != name && c[strings.LastIndex(c, ".")+1:] == last {
				return fmt.Sprintf(" (did you mean %q?)", c)
			}
		}
	}
	best, bestD := "", 3
	for _, c := range candidates {
		if d := editDistance(name, c); d < bestD {
			best, bestD = c, d
		}
	}
	if best == "" {
		return ""
	}
	return fmt.Sprintf(" (did you mean %q?)", best)
}

// editDistance is the Levenshtein distance between a and b, in bytes.
func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}
