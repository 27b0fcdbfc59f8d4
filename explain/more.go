package explain

import (
	"cmp"
	"fmt"
	"slices"

	"placement/model"
)

// EnterpriseAnswer explains an enterprise's quota and who it got.
type EnterpriseAnswer struct {
	EnterpriseID string `json:"enterprise_id"`
	Quota        int    `json:"quota"`
	Offered      int    `json:"offered"`
	Filled       int    `json:"filled"`
	Shortfall    int    `json:"shortfall"`
	// Students eligible for one of its posts (capacity ignored), and how
	// they ended: here, at another enterprise, or unplaced.
	EligibleStudents int `json:"eligible_students"`
	PlacedHere       int `json:"placed_here"`
	PlacedElsewhere  int `json:"placed_elsewhere"`
	Unplaced         int `json:"unplaced"`
	// Gap (with a shortfall and prices): one more intern here needs a
	// placement worth more than Gap more than it is now.
	Gap      *int64 `json:"gap,omitempty"`
	Why      string `json:"why"`
	NoPrices string `json:"no_prices,omitempty"`
}

// Enterprise explains enterprise id's quota, filled places and shortfall.
func (p *Plan) Enterprise(id string) (*EnterpriseAnswer, error) {
	r := p.sc.Roster
	ix := r.Index()
	e, ok := ix.Enterprise[id]
	if !ok {
		return nil, fmt.Errorf("%w: enterprise %q is not in enterprises.csv", ErrUnknown, id)
	}
	ans := &EnterpriseAnswer{EnterpriseID: id, Quota: model.Quota(&r.Enterprises[e], p.sc.Config.Policy.QuotaBasisPoints), NoPrices: p.NoPrices}
	var posts []int
	for q := range r.Posts {
		if ix.PostEnt[q] == e {
			posts = append(posts, q)
			ans.Offered += r.Posts[q].Capacity
			ans.Filled += len(p.holders[q])
		}
	}
	ans.Shortfall = max(0, ans.Quota-ans.Filled)
	for i := range r.Students {
		for _, q := range posts {
			if p.eligible(i, q) {
				ans.EligibleStudents++
				switch own := p.post[i]; {
				case own < 0:
					ans.Unplaced++
				case ix.PostEnt[own] == e:
					ans.PlacedHere++
				default:
					ans.PlacedElsewhere++
				}
				break
			}
		}
	}
	switch {
	case ans.Shortfall == 0:
		ans.Why = "the quota is met"
	case ans.Filled == ans.Offered:
		ans.Why = fmt.Sprintf("every post is taken: it offers %d places for a quota of %d", ans.Offered, ans.Quota)
	case ans.EligibleStudents == ans.PlacedHere:
		ans.Why = fmt.Sprintf("no eligible student nearby: only %d students pass the filters (specialty, level, commute, order class) for its posts, all placed here", ans.EligibleStudents)
	default:
		ans.Why = fmt.Sprintf("students worth more elsewhere: %d eligible students are placed at other enterprises and %d left unplaced because their places there are worth more to the plan", ans.PlacedElsewhere, ans.Unplaced)
		if p.duals != nil {
			if g, ok := p.duals.EnterpriseGap(int(e)); ok {
				ans.Gap = &g
				ans.Why += fmt.Sprintf("; one more intern here would need a placement worth more than %d more (e.g. weights.quota_bonus above %d)",
					g, int64(p.sc.Config.Weights.QuotaBonus)+g)
			}
		}
	}
	return ans, nil
}

func (p *Plan) eligible(i, q int) bool {
	return assignEligible(p, i, q)
}

// PostAnswer explains who holds a post and who wanted it.
type PostAnswer struct {
	PostID       string   `json:"post_id"`
	EnterpriseID string   `json:"enterprise_id"`
	Capacity     int      `json:"capacity"`
	Holders      []Holder `json:"holders"`
	// Wanted: the best students (by their value here) who listed the
	// enterprise, are eligible for the post and are not placed there, at
	// most 10, with where they are and what moving them would cost.
	Wanted   []Wanter `json:"wanted"`
	NoPrices string   `json:"no_prices,omitempty"`
}

// Wanter is a student who wanted a post it did not get.
type Wanter struct {
	StudentID  string `json:"student_id"`
	Value      int64  `json:"value"`     // at this post
	PostID     string `json:"post_id"`   // where the student is; "" unplaced
	OwnValue   int64  `json:"own_value"` // value there; 0 unplaced
	Rank       int    `json:"rank"`      // of this post's enterprise in the student's preferences
	CostToPlan *int64 `json:"cost_to_plan,omitempty"`
}

// MaxWanted is how many students a post answer lists as having wanted it.
const MaxWanted = 10

// Post explains post id: its holders and the best students who wanted it.
func (p *Plan) Post(id string) (*PostAnswer, error) {
	r := p.sc.Roster
	ix := r.Index()
	q32, ok := ix.Post[id]
	if !ok {
		return nil, fmt.Errorf("%w: post %q is not in posts.csv", ErrUnknown, id)
	}
	q := int(q32)
	ans := &PostAnswer{PostID: id, EnterpriseID: r.Posts[q].EnterpriseID, Capacity: r.Posts[q].Capacity, NoPrices: p.NoPrices}
	for _, h := range p.holders[q] {
		t, _ := p.price(h, q)
		ans.Holders = append(ans.Holders, Holder{StudentID: r.Students[h].ID, Value: t.Value, Pinned: p.pinned[h]})
	}
	ent := r.Posts[q].EnterpriseID
	for i, s := range r.Students {
		if p.post[i] == q {
			continue
		}
		rank := slices.Index(s.Preferences, ent) + 1
		if rank == 0 {
			continue
		}
		t, ok := p.price(i, q)
		if !ok {
			continue
		}
		w := Wanter{StudentID: s.ID, Value: t.Value, Rank: rank}
		if own := p.post[i]; own >= 0 {
			w.PostID = r.Posts[own].ID
			to, _ := p.price(i, own)
			w.OwnValue = to.Value
		}
		if c, ok := p.CostToPlan(i, q); ok {
			w.CostToPlan = &c
		}
		ans.Wanted = append(ans.Wanted, w)
	}
	slices.SortStableFunc(ans.Wanted, func(a, b Wanter) int {
		return cmp.Or(cmp.Compare(b.Value, a.Value), cmp.Compare(a.StudentID, b.StudentID))
	})
	if len(ans.Wanted) > MaxWanted {
		ans.Wanted = ans.Wanted[:MaxWanted]
	}
	return ans, nil
}
