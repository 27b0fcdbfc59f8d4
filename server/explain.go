package server

import (
	"context"
	"errors"

	"placement/scenarios"
	"placement/solver/assign"
)

// ExplainRequest is what an explanation is asked from: a solved run's
// scenario, its plan directory and a student.
type ExplainRequest struct {
	Scenario *scenarios.Scenario
	PlanDir  string // the run's plan directory, as plan.Write wrote it
	Student  string // a student_id of the scenario
}

// ExplainFunc answers GET /api/runs/{id}/explain?student=ID with a value
// encoded as JSON, in place of the server's own answer (explain's
// StudentAnswer, the object of `placement explain --format json`, which the
// student page shows).
type ExplainFunc func(ctx context.Context, req ExplainRequest) (any, error)

// ErrNoStudent is returned for a student id the scenario does not have.
var ErrNoStudent = errors.New("server: no such student in this run")

// StageOneExplanation is the lower part of the student page: the
// student's outcome in the written plan and, for each post
// of the enterprises the student ranked or was placed at, whether the
// student may take it and which eligibility filter says no
// (assign.Eligible, exactly as the solver decided), with the post's places
// and how many are filled. It does not price alternatives or compute a
// threshold: that is the explain command's work.
type StageOneExplanation struct {
	Source  string         `json:"source"` // "stage1"
	Student StudentSummary `json:"student"`
	Outcome string         `json:"outcome"` // "placed" or "unassigned"
	// Placed: the post, its enterprise and the placement's terms as in
	// assignments.csv.
	PostID         string `json:"post_id,omitempty"`
	EnterpriseID   string `json:"enterprise_id,omitempty"`
	Enterprise     string `json:"enterprise,omitempty"`
	SpecialtyMatch string `json:"specialty_match,omitempty"`
	PreferenceRank int    `json:"preference_rank,omitempty"`
	Km             int    `json:"km,omitempty"`
	Value          int64  `json:"value,omitempty"`
	// Unassigned: the reason of unassigned.csv.
	Reason string `json:"reason,omitempty"`
	// Posts are the posts of the ranked enterprises and of the one the
	// student was placed at.
	Posts []PostVerdict `json:"posts"`
	// EligiblePosts counts the posts of the whole city that pass every
	// filter; Rejected counts the others by the first filter that refuses.
	EligiblePosts int            `json:"eligible_posts"`
	Rejected      map[string]int `json:"rejected"`
}

// StudentSummary is the student's row of students.csv, briefly.
type StudentSummary struct {
	ID          string   `json:"id"`
	Name        string   `json:"name"`
	School      string   `json:"school_id"`
	Specialty   string   `json:"specialty"`
	Level       string   `json:"level"`
	District    string   `json:"district"`
	Preferences []string `json:"preferences"`
	Sponsor     string   `json:"order_enterprise_id,omitempty"`
}

// PostVerdict is one post as the student sees it.
type PostVerdict struct {
	PostID         string `json:"post_id"`
	EnterpriseID   string `json:"enterprise_id"`
	Enterprise     string `json:"enterprise"`
	Specialty      string `json:"specialty"`
	PreferenceRank int    `json:"preference_rank"` // 0: not ranked
	Eligible       bool   `json:"eligible"`
	Filter         string `json:"filter,omitempty"` // the filter that refuses, when not eligible
	Match          string `json:"match,omitempty"`
	Km             int    `json:"km"`
	Capacity       int    `json:"capacity"`
	Filled         int    `json:"filled"`
	Assigned       bool   `json:"assigned"` // the student's own post
}

func (d *runData) explainStageOne(id string) (*StageOneExplanation, error) {
	i, ok := d.byStudent[id]
	if !ok {
		return nil, ErrNoStudent
	}
	r := d.sc.Roster
	pol := d.sc.Config.Policy
	st := r.Students[i]
	w := d.rows[i]
	x := &StageOneExplanation{
		Source: "stage1",
		Student: StudentSummary{ID: st.ID, Name: st.Name, School: st.SchoolID, Specialty: st.Specialty,
			Level: st.Level.String(), District: st.District, Preferences: append([]string{}, st.Preferences...), Sponsor: st.OrderEnterpriseID},
		Outcome:  "unassigned",
		Reason:   w.Reason,
		Posts:    []PostVerdict{},
		Rejected: map[string]int{},
	}
	if w.Post != "" {
		x.Outcome, x.Reason = "placed", ""
		x.PostID, x.EnterpriseID, x.Enterprise = w.Post, w.Enterprise, w.EnterpriseName
		x.SpecialtyMatch, x.PreferenceRank, x.Km, x.Value = w.Match, w.PrefRank, w.Km, w.Value
	}
	rank := map[string]int{}
	for k, e := range st.Preferences {
		rank[e] = k + 1
	}
	entName := map[string]string{}
	for _, e := range r.Enterprises {
		entName[e.ID] = e.Name
	}
	for q, p := range r.Posts {
		match, km, filter := assign.Eligible(r, pol, i, q)
		if filter == assign.FilterNone {
			x.EligiblePosts++
		} else {
			x.Rejected[string(filter)]++
		}
		if rank[p.EnterpriseID] == 0 && p.EnterpriseID != w.Enterprise {
			continue
		}
		v := PostVerdict{PostID: p.ID, EnterpriseID: p.EnterpriseID, Enterprise: entName[p.EnterpriseID], Specialty: p.Specialty,
			PreferenceRank: rank[p.EnterpriseID], Eligible: filter == assign.FilterNone, Filter: string(filter),
			Km: km, Capacity: p.Capacity, Filled: d.postFilled[p.ID], Assigned: p.ID == w.Post}
		if v.Eligible {
			v.Match = match.String()
		}
		x.Posts = append(x.Posts, v)
	}
	return x, nil
}
