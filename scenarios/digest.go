package scenarios

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"

	"placement/model"
)

// Digest is the SHA-256, in hex, of everything a scenario's plan depends
// on: its checked configuration — every key after extends, PLACEMENT_
// variables and overrides, the name and term included — and the bytes of
// every data file it names, by role (students, posts, …). File paths are
// not in it, so the same city under another directory (another machine's
// mount of a shared volume) has the same digest, while changing any value
// or any byte of a data file changes it. Two scenarios with the same digest
// solve to the same plan.
func (sc *Scenario) Digest() (string, error) {
	if sc == nil || sc.Config == nil || sc.open == nil {
		return "", errors.New("scenarios: Digest of a scenario that was not loaded")
	}
	c := sc.Config
	d := c.Data
	files := []struct{ role, path string }{
		{"schools", d.Schools}, {"students", d.Students}, {"enterprises", d.Enterprises},
		{"posts", d.Posts}, {"specialties", d.Specialties}, {"districts", d.Districts},
		{"distances", d.Distances}, {"pins", d.Pins}, {"bases", d.Bases},
		{"cohorts", d.Cohorts}, {"mentors", d.Mentors},
	}
	type entry struct {
		Role   string `json:"role"`
		SHA256 string `json:"sha256"`
	}
	var data []entry
	for _, f := range files {
		if f.path == "" {
			continue
		}
		sum, err := fileSHA256(sc.open, f.path)
		if err != nil {
			return "", fmt.Errorf("scenarios: digest: %w", err)
		}
		data = append(data, entry{f.role, sum})
	}
	// A struct, not a map: the fields come out in this fixed order.
	canonical, err := json.Marshal(struct {
		Name     string
		Term     string
		Policy   any
		Weights  any
		Calendar Calendar
		Training Training
		Data     []entry
	}{c.Name, c.Term, c.Policy, c.Weights, c.Calendar, c.Training, data})
	if err != nil {
		return "", fmt.Errorf("scenarios: digest: %w", err)
	}
	sum := sha256.Sum256(canonical)
	return hex.EncodeToString(sum[:]), nil
}

// fileSHA256 is the SHA-256 of a file's bytes, in hex, read as a stream.
func fileSHA256(open model.Opener, name string) (string, error) {
	rc, err := open(name)
	if err != nil {
		return "", err
	}
	defer rc.Close()
	h := sha256.New()
	if _, err := io.Copy(h, rc); err != nil {
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}
