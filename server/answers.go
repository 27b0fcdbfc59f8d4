package server

import (
	"cmp"
	"context"
	"fmt"
	"slices"

	"placement/explain"
)

// The student and enterprise pages show explain's answers (package
// explain), prepared once a run and kept for the last few runs asked about.

// maxShownEligible bounds the eligible posts listed on the student page;
// the JSON link has them all.
const maxShownEligible = 50

// studentView is the student page: explain's answer, and the stage-1 view
// of the enterprises the student ranked (which rule refuses each post).
type studentView struct {
	*StageOneExplanation
	A *explain.StudentAnswer
	// Shown are the first eligible posts, best value first; More counts the
	// others.
	Shown []eligibleRow
	More  int
	// ThresholdEnt is the enterprise of the threshold's post.
	ThresholdEnt, ThresholdEntName string
}

// eligibleRow is one eligible post as the page lists it.
type eligibleRow struct {
	explain.Eligible
	Name string // the enterprise's name
	Why  string // why it is not the student's, in the page's language
	// Few are the first holders shown (lowest value first: who the student
	// would displace); MoreHolders counts the others.
	Few         []explain.Holder
	MoreHolders int
}

// maxShownHolders bounds the holders listed in a row of the student page.
const maxShownHolders = 3

// enterpriseView is the enterprise page.
type enterpriseView struct {
	E     enterpriseRow
	A     *explain.EnterpriseAnswer
	Why   string // A.Why in the page's language
	Posts []PostVerdict
	Rows  []row
}

// explainPlan is the run's stage-1 plan prepared for questions.
func (s *Server) explainPlan(ctx context.Context, run Run, d *runData) (*explain.Plan, error) {
	return s.answers.Plan(ctx, d.sc, s.store.planDir(run.ID))
}

// newStudentView builds the student page of student id.
func (s *Server) newStudentView(ctx context.Context, l lang, run Run, d *runData, id string) (*studentView, error) {
	x, err := d.explainStageOne(id)
	if err != nil {
		return nil, err
	}
	p, err := s.explainPlan(ctx, run, d)
	if err != nil {
		return nil, err
	}
	a, err := p.Student(id)
	if err != nil {
		return nil, err
	}
	v := &studentView{StageOneExplanation: x, A: a}
	names := d.entNames()
	for k := range a.Eligible {
		if k == maxShownEligible {
			v.More = len(a.Eligible) - k
			break
		}
		e := &a.Eligible[k]
		row := eligibleRow{Eligible: *e, Name: names[e.EnterpriseID], Why: whyNot(l, a, e)}
		row.Few = slices.SortedStableFunc(slices.Values(e.Holders), func(x, y explain.Holder) int {
			return cmp.Or(cmp.Compare(x.Value, y.Value), cmp.Compare(x.StudentID, y.StudentID))
		})
		if len(row.Few) > maxShownHolders {
			row.Few, row.MoreHolders = row.Few[:maxShownHolders], len(row.Few)-maxShownHolders
		}
		v.Shown = append(v.Shown, row)
	}
	if q, ok := d.postIndex[a.ThresholdPostID]; ok && a.ThresholdPostID != "" {
		v.ThresholdEnt = d.sc.Roster.Posts[q].EnterpriseID
		v.ThresholdEntName = names[v.ThresholdEnt]
	}
	return v, nil
}

// entNames are the enterprises' names by id.
func (d *runData) entNames() map[string]string {
	m := make(map[string]string, len(d.ents))
	for _, e := range d.ents {
		m[e.ID] = e.Name
	}
	return m
}

// whyNot is explain's sentence for eligible post e of the answer a: its
// own in English, the same case said in Chinese.
func whyNot(l lang, a *explain.StudentAnswer, e *explain.Eligible) string {
	if l == "en" {
		return e.Why
	}
	placed := a.Status == "assigned"
	var own int64
	if placed && a.Terms != nil {
		own = a.Terms.Value
	}
	cost := func(format string) string {
		if e.CostToPlan == nil {
			return ""
		}
		return fmt.Sprintf(format, *e.CostToPlan)
	}
	switch {
	case placed && e.PostID == a.PostID:
		return "已安排在此岗位"
	case placed && a.Reason == explain.ReasonPinned:
		return "该生被指定到其岗位"
	case e.Full && len(e.Holders) == 0:
		return "已满：岗位没有名额"
	case e.Full:
		low := e.Holders[0].Value
		for _, h := range e.Holders {
			low = min(low, h.Value)
		}
		return fmt.Sprintf("已满：%d 人占用，占用者分值最低 %d", len(e.Holders), low) + cost("；把该生调到此处会使方案总分减少 %d")
	case placed && e.Value <= own:
		return fmt.Sprintf("分值更低：此处 %d，现岗位 %d", e.Value, own)
	case placed:
		if e.CostToPlan != nil {
			return fmt.Sprintf("对该生分值更高（%d 对 %d），但方案总分会减少 %d：它在现岗位的名额或那里的配额对他人更有价值", e.Value, own, *e.CostToPlan)
		}
		return fmt.Sprintf("对该生分值更高（%d 对 %d），但对方案不利", e.Value, own)
	case e.Value <= 0:
		return fmt.Sprintf("尚有空位，但分值 %d ≤ 0", e.Value)
	case e.CostToPlan != nil:
		return cost("把该生安排在此处会使方案总分减少 %d")
	}
	return "未被选中"
}

// newEnterpriseView builds the enterprise page of enterprise k of d.ents.
func (s *Server) newEnterpriseView(ctx context.Context, l lang, run Run, d *runData, k int) (*enterpriseView, error) {
	ev := &enterpriseView{E: d.ents[k]}
	p, err := s.explainPlan(ctx, run, d)
	if err != nil {
		return nil, err
	}
	if ev.A, err = p.Enterprise(ev.E.ID); err != nil {
		return nil, err
	}
	ev.Why = enterpriseWhy(l, ev.A, int64(d.sc.Config.Weights.QuotaBonus))
	for _, q := range d.sc.Roster.Posts {
		if q.EnterpriseID == ev.E.ID {
			ev.Posts = append(ev.Posts, PostVerdict{PostID: q.ID, Specialty: q.Specialty, Capacity: q.Capacity, Filled: d.postFilled[q.ID]})
		}
	}
	ev.Rows, _ = d.find(query{Enterprise: ev.E.ID, Size: MaxPageSize})
	return ev, nil
}

// enterpriseWhy is explain's sentence for an enterprise's shortfall: its
// own in English, the same case said in Chinese.
func enterpriseWhy(l lang, a *explain.EnterpriseAnswer, quotaBonus int64) string {
	if l == "en" {
		return a.Why
	}
	switch {
	case a.Shortfall == 0:
		return "配额已完成"
	case a.Filled == a.Offered:
		return fmt.Sprintf("所有岗位已满：只提供 %d 个岗位，配额为 %d", a.Offered, a.Quota)
	case a.EligibleStudents == a.PlacedHere:
		return fmt.Sprintf("附近没有更多符合条件的学生：只有 %d 名学生符合其岗位的条件（专业、层次、通勤、订单班），均已安排在此", a.EligibleStudents)
	}
	s := fmt.Sprintf("学生在别处分值更高：%d 名符合条件的学生安排在其他企业，%d 名未安置，因为他们在别处的名额对方案更有价值", a.PlacedElsewhere, a.Unplaced)
	if a.Gap != nil {
		s += fmt.Sprintf("；要再多安排一名实习生，安置分值需再提高超过 %d（例如 weights.quota_bonus 高于 %d）", *a.Gap, quotaBonus+*a.Gap)
	}
	return s
}
