package gen

import (
	"errors"
	"fmt"
	"math"

	"placement/model"
)

// Defaults of Options.
const (
	DefaultStudents    = 4000
	DefaultEnterprises = 126
	DefaultSeed        = 1
	DefaultPrefShare   = 0.5
	DefaultOrderShare  = 0.04
	DefaultName        = "zibo-synthetic"

	// DefaultSchools is the number of schools of a city of up to
	// StudentsPerSchool × DefaultSchools students: the alliance's 15.
	// Larger cities get a school per StudentsPerSchool students (100 for
	// 150,000), unless Options.Schools says otherwise.
	DefaultSchools    = 15
	StudentsPerSchool = 1500

	// Term is the term every generated scenario is for.
	Term = "2026-autumn"

	// PostsPerEnterprise is the mean number of posts when Options.Posts is 0.
	PostsPerEnterprise = 4

	// MaxPostCapacity is the largest capacity a generated post gets.
	MaxPostCapacity = 15
)

// ErrOptions is returned (wrapped) for options that make no city.
var ErrOptions = errors.New("gen: invalid options")

// Options say how big a city to generate. The zero value is the default
// city: 4,000 students, 126 enterprises, seed 1.
type Options struct {
	Students    int   // default 4000
	Enterprises int   // default 126
	Seed        int64 // default 1 (so 0 and 1 give the same city)
	// Posts is the total number of posts; 0 means PostsPerEnterprise per
	// enterprise on average. With fewer posts than enterprises some
	// enterprises offer none.
	Posts int
	// PrefShare is the share of students who list preferences (default 0.5;
	// a negative value means none).
	PrefShare float64
	// OrderShare is the share of students in order classes (default 0.04;
	// a negative value means none).
	OrderShare float64
	Name       string // scenario name; default "zibo-synthetic"
	// Schools is the number of schools; 0 means DefaultSchools, or one
	// per StudentsPerSchool students in larger cities.
	Schools int
}

// withDefaults fills the zero fields and checks the rest.
func (o Options) withDefaults() (Options, error) {
	if o.Students == 0 {
		o.Students = DefaultStudents
	}
	if o.Enterprises == 0 {
		o.Enterprises = DefaultEnterprises
	}
	if o.Seed == 0 {
		o.Seed = DefaultSeed
	}
	if o.Posts == 0 {
		o.Posts = PostsPerEnterprise * o.Enterprises
	}
	if o.PrefShare == 0 {
		o.PrefShare = DefaultPrefShare
	} else if o.PrefShare < 0 {
		o.PrefShare = 0
	}
	if o.OrderShare == 0 {
		o.OrderShare = DefaultOrderShare
	} else if o.OrderShare < 0 {
		o.OrderShare = 0
	}
	if o.Name == "" {
		o.Name = DefaultName
	}
	if o.Schools == 0 {
		o.Schools = max(DefaultSchools, (o.Students+StudentsPerSchool/2)/StudentsPerSchool)
	}
	switch {
	case o.Students < 0:
		return o, fmt.Errorf("%w: students %d < 0", ErrOptions, o.Students)
	case o.Enterprises < 0:
		return o, fmt.Errorf("%w: enterprises %d < 0", ErrOptions, o.Enterprises)
	case o.Schools < 0:
		return o, fmt.Errorf("%w: schools %d < 0", ErrOptions, o.Schools)
	case o.Schools > 10_000:
		return o, fmt.Errorf("%w: %d schools is more than a province", ErrOptions, o.Schools)
	case o.Posts < 0:
		return o, fmt.Errorf("%w: posts %d < 0", ErrOptions, o.Posts)
	case math.IsNaN(o.PrefShare) || o.PrefShare > 1:
		return o, fmt.Errorf("%w: pref share %v not in [0,1]", ErrOptions, o.PrefShare)
	case math.IsNaN(o.OrderShare) || o.OrderShare > 1:
		return o, fmt.Errorf("%w: order share %v not in [0,1]", ErrOptions, o.OrderShare)
	case o.Students > 10_000_000 || o.Enterprises > 1_000_000 || o.Posts > 10_000_000:
		return o, fmt.Errorf("%w: %d students, %d enterprises, %d posts is more than a city",
			ErrOptions, o.Students, o.Enterprises, o.Posts)
	}
	return o, nil
}

// City is a generated scenario: the roster plus the scenario settings that
// WriteDir puts in scenario.yaml.
type City struct {
	Options Options // as used, defaults filled in
	Name    string
	Term    string
	Roster  *model.Roster  // records in file order; Pos is the line WriteDir writes them on
	Mentors []model.Mentor // mentors.csv, in file order (see mentors.go)
	Bases   []model.Base   // bases.csv, in file order (see training.go)
	Cohorts []model.Cohort // cohorts.csv, in file order
	Policy  model.Policy   // SPEC defaults
	Weights model.Weights  // SPEC defaults
}

// Generate builds the city the options describe. The same options always
// give the same city.
func Generate(o Options) (*City, error) {
	o, err := o.withDefaults()
	if err != nil {
		return nil, err
	}
	b := newBuilder(o)
	b.build()
	c := &City{
		Options: o,
		Name:    o.Name,
		Term:    Term,
		Roster:  b.r,
		Mentors: mentors(b.r, o.Seed),
		Policy:  model.DefaultPolicy(),
		Weights: model.DefaultWeights(),
	}
	c.Bases, c.Cohorts = training(b.r, o.Seed, 0)
	return c, nil
}

// Stats are the calibration figures of a city, for logs and tests.
type Stats struct {
	Students, Enterprises, Posts int
	Capacity                     int // Σ post capacity
	AboveScale                   int // above-scale enterprises
	QuotaEnterprises             int // enterprises with quota > 0
	Quota                        int // Σ quota
	QuotaOverOffered             int // quota enterprises whose quota exceeds their offered capacity
	QuotaNearOffered             int // quota enterprises whose quota is ≥ 75 % of their offered capacity (incl. over)
	// QuotaOverDemand counts quota enterprises whose quota exceeds the
	// places students of the right specialty would fill if every
	// specialty's students spread evenly over its posts: the quota can be
	// met only by pulling students from elsewhere.
	QuotaOverDemand int
	OrderStudents   int
	OrderClasses    int // distinct (school, sponsor, specialty)
	// OrderOverflow counts order-class students beyond their sponsor's
	// capacity in their specialty (unplaceable under order_class: strict).
	OrderOverflow int
	PrefStudents  int
	Pins          int
	// Oversubscribed and Undersubscribed count specialties with more
	// students than capacity, and with less than half as many.
	Oversubscribed, Undersubscribed int
}

// Stats computes the calibration figures under the city's policy.
func (c *City) Stats() Stats {
	r := c.Roster
	s := Stats{
		Students:    len(r.Students),
		Enterprises: len(r.Enterprises),
		Posts:       len(r.Posts),
		Pins:        len(r.Pins),
	}
	supply := map[string]int{}
	type classKey struct{ school, sponsor, spec string }
	classes := map[classKey]bool{}
	for i := range r.Students {
		st := &r.Students[i]
		supply[st.Specialty]++
		if st.OrderEnterpriseID != "" {
			s.OrderStudents++
			classes[classKey{st.SchoolID, st.OrderEnterpriseID, st.Specialty}] = true
		}
		if len(st.Preferences) > 0 {
			s.PrefStudents++
		}
	}
	s.OrderClasses = len(classes)
	type entSpec struct{ ent, spec string }
	specCap := map[string]int{}
	offered := map[string]int{}
	sponsorCap := map[entSpec]int{}
	for i := range r.Posts {
		p := &r.Posts[i]
		s.Capacity += p.Capacity
		specCap[p.Specialty] += p.Capacity
		offered[p.EnterpriseID] += p.Capacity
		sponsorCap[entSpec{p.EnterpriseID, p.Specialty}] += p.Capacity
	}
	for i := range r.Students {
		st := &r.Students[i]
		if st.OrderEnterpriseID == "" {
			continue
		}
		k := entSpec{st.OrderEnterpriseID, st.Specialty}
		if sponsorCap[k] > 0 {
			sponsorCap[k]--
		} else {
			s.OrderOverflow++
		}
	}
	for _, sp := range r.Specialties {
		switch n, c := supply[sp.Code], specCap[sp.Code]; {
		case n > c:
			s.Oversubscribed++
		case 2*n < c:
			s.Undersubscribed++
		}
	}
	demand := map[string]float64{} // expected natural fill per enterprise
	for i := range r.Posts {
		p := &r.Posts[i]
		share := math.Min(1, float64(supply[p.Specialty])/float64(specCap[p.Specialty]))
		demand[p.EnterpriseID] += float64(p.Capacity) * share
	}
	for i := range r.Enterprises {
		e := &r.Enterprises[i]
		if e.AboveScale {
			s.AboveScale++
		}
		q := model.Quota(e, c.Policy.QuotaBasisPoints)
		if q == 0 {
			continue
		}
		s.QuotaEnterprises++
		s.Quota += q
		off := offered[e.ID]
		if q > off {
			s.QuotaOverOffered++
		}
		if 4*q >= 3*off {
			s.QuotaNearOffered++
		}
		if float64(q) > demand[e.ID] {
			s.QuotaOverDemand++
		}
	}
	return s
}
