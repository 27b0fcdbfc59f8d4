package whatif

import (
	"fmt"
	"strconv"
	"strings"
)

// MaxVariants bounds the grid: a typo such as a forgotten comma in a
// range should not start ten thousand solves.
const MaxVariants = 1000

// Axis is one --set flag: a key and its alternative values, in the order
// given.
type Axis struct {
	Flag   string   // the flag's text, for messages: "policy.quota_rate=0.01,0.02"
	Key    string   // lower case, as the scenario package reads it
	Values []string // each a value that `placement solve --set key=value` accepts
}

// ParseAxis reads one --set flag (see the package documentation for the
// grammar). isList tells whether a key takes a list. It checks the syntax
// only; whether the key exists and the values are valid is the scenario
// loader's to say.
func ParseAxis(flag string, isList func(key string) bool) (Axis, error) {
	k, text, ok := strings.Cut(flag, "=")
	key := strings.ToLower(strings.TrimSpace(k))
	a := Axis{Flag: flag, Key: key}
	switch {
	case !ok:
		return a, fmt.Errorf("expected key=value,value,…, like policy.quota_rate=0.01,0.02,0.03")
	case key == "":
		return a, fmt.Errorf("the key before = is missing")
	}
	var err error
	switch {
	case strings.Contains(text, ";"):
		a.Values = splitTrim(text, ";")
	case isList(key):
		a.Values, err = listAlternatives(text)
	default:
		a.Values = splitTrim(text, ",")
	}
	if err != nil {
		return a, err
	}
	seen := make(map[string]int, len(a.Values))
	for i, v := range a.Values {
		if j, dup := seen[v]; dup {
			return a, fmt.Errorf("value %d %q is value %d again", i+1, v, j)
		}
		seen[v] = i + 1
	}
	return a, nil
}

func splitTrim(s, sep string) []string {
	parts := strings.Split(s, sep)
	for i, p := range parts {
		parts[i] = strings.TrimSpace(p)
	}
	return parts
}

// listAlternatives reads the alternatives of a list key: "[30,20,10],[0,0,0]"
// is two, "30,20,10" one.
func listAlternatives(text string) ([]string, error) {
	s := strings.TrimSpace(text)
	if !strings.HasPrefix(s, "[") {
		return []string{s}, nil
	}
	var out []string
	for {
		end := strings.IndexByte(s, ']')
		if end < 0 {
			return nil, fmt.Errorf("%q has no closing ]", s)
		}
		if strings.Contains(s[1:end], "[") {
			return nil, fmt.Errorf("%q opens a [ inside a list", s[:end+1])
		}
		out = append(out, s[:end+1])
		s = strings.TrimSpace(s[end+1:])
		if s == "" {
			return out, nil
		}
		rest, ok := strings.CutPrefix(s, ",")
		if !ok {
			return nil, fmt.Errorf("after %s: expected a comma and the next [list], not %q", out[len(out)-1], s)
		}
		s = strings.TrimSpace(rest)
		if !strings.HasPrefix(s, "[") {
			return nil, fmt.Errorf("after %s: expected the next [list], not %q (write every alternative of a list key in brackets)", out[len(out)-1], s)
		}
	}
}

// Variant is one point of the grid.
type Variant struct {
	Number int      // 1-based, in grid order
	Values []string // one per axis
}

// Grid is every combination of the axes' values, the first axis varying
// slowest. No axes make one variant: the scenario as it is. It fails when
// the grid has more than MaxVariants variants or an axis has no values.
func Grid(axes []Axis) ([]Variant, error) {
	n := 1
	for _, a := range axes {
		if len(a.Values) == 0 {
			return nil, fmt.Errorf("--set %q has no values", a.Flag)
		}
		n *= len(a.Values)
		if n > MaxVariants {
			return nil, fmt.Errorf("the grid has more than %d variants; split the question", MaxVariants)
		}
	}
	vs := make([]Variant, n)
	for i := range vs {
		vs[i] = Variant{Number: i + 1, Values: make([]string, len(axes))}
		rest := i
		for j := len(axes) - 1; j >= 0; j-- {
			m := len(axes[j].Values)
			vs[i].Values[j] = axes[j].Values[rest%m]
			rest /= m
		}
	}
	return vs, nil
}

// Sets are the variant's overrides as `placement solve --set` takes them.
func (v Variant) Sets(axes []Axis) []string {
	sets := make([]string, len(axes))
	for i, a := range axes {
		sets[i] = a.Key + "=" + v.Values[i]
	}
	return sets
}

// Label is "policy.quota_rate=0.03 weights.quota_bonus=0", or "as in the
// scenario" without axes.
func (v Variant) Label(axes []Axis) string {
	if len(axes) == 0 {
		return "as in the scenario"
	}
	return strings.Join(v.Sets(axes), " ")
}

// maxDirName bounds a variant's folder name, well under every file
// system's limit.
const maxDirName = 100

// Dir is the name of the variant's folder under --keep: its number,
// zero-padded to sort in grid order, then key-value pairs in characters
// that are safe on every file system: "03_policy.quota_rate-0.03".
// The number alone makes it unique; the rest is for the reader.
func (v Variant) Dir(axes []Axis, variants int) string {
	width := len(strconv.Itoa(variants))
	var b strings.Builder
	fmt.Fprintf(&b, "%0*d", width, v.Number)
	if len(axes) == 0 {
		b.WriteString("_base")
	}
	for i, a := range axes {
		b.WriteString("_" + safe(a.Key) + "-")
		val := safe(v.Values[i])
		if val == "" {
			val = "empty"
		}
		b.WriteString(val)
	}
	name := b.String()
	if len(name) > maxDirName {
		name = strings.TrimRight(name[:maxDirName], "._-")
	}
	return name
}

// safe keeps letters, digits, '.', '-' and '_' of s (ASCII only), turns
// separators (, ; space / \) into one '-' and drops everything else; it
// never starts or ends with '.' or '-'.
func safe(s string) string {
	var b strings.Builder
	dash := false
	for _, r := range s {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == '.', r == '_':
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			dash = false
			b.WriteRune(r)
		case r == '-', r == ',', r == ';', r == ' ', r == '/', r == '\\':
			dash = true
		}
	}
	return strings.Trim(b.String(), ".-")
}
