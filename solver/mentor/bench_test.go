package mentor

import (
	"context"
	"fmt"
	"testing"

	"placement/model"
	"placement/scenarios/gen"
	"placement/solver/assign"
)

func generatedCity(b testing.TB, o gen.Options) (mentorCity, *gen.City) {
	b.Helper()
	city, err := gen.Generate(o)
	if err != nil {
		b.Fatal(err)
	}
	a, err := assign.Solve(context.Background(), city.Roster, city.Policy, city.Weights, assign.Settings{})
	if err != nil {
		b.Fatal(err)
	}
	plan := make([]Placement, len(a.Assignments))
	for i, as := range a.Assignments {
		plan[i] = Placement{Student: as.Student, Enterprise: as.Enterprise}
	}
	return mentorCity{r: city.Roster, mentors: city.Mentors, plan: plan}, city
}

// BenchmarkMentors solves stage 3 on generated cities after stage 1 and
// reports M, the bound and the gap; every plan is checked by the
// independent checker after timing.
func BenchmarkMentors(b *testing.B) {
	for _, o := range []gen.Options{
		{Students: 4000},
		{Students: 4000, Seed: 7},
		{Students: 40000, Enterprises: 1300},              // 27 schools, about 1,350 interns each
		{Students: 40000, Enterprises: 1300, Schools: 15}, // the large-school case: about 2,400 interns each
	} {
		name := fmt.Sprintf("city=%dk/seed=%d", o.Students/1000, max(1, o.Seed))
		if o.Schools != 0 {
			name += fmt.Sprintf("/schools=%d", o.Schools)
		}
		b.Run(name, func(b *testing.B) {
			c, city := generatedCity(b, o)
			var res *Result
			var err error
			for b.Loop() {
				res, err = Solve(context.Background(), c.r, c.mentors, c.plan, city.Weights, Settings{})
				if err != nil {
					b.Fatal(err)
				}
			}
			checkMentorPlan(b, c, city.Weights, res)
			b.ReportMetric(float64(res.M), "M")
			b.ReportMetric(float64(res.Bound), "bound")
			b.ReportMetric(100*res.Gap, "gap%")
			b.ReportMetric(float64(res.TeacherM), "teacherM")
			b.ReportMetric(float64(res.TeacherBound), "teacherBound")
		})
	}
}

// schoolsOf generates the city o describes and returns its mentor index,
// the default settings, its weights and, by school, the indices of its
// stage-1 plan's placements.
func schoolsOf(t testing.TB, o gen.Options) (*mentorIndex, Settings, model.Weights, [][]int) {
	t.Helper()
	c, city := generatedCity(t, o)
	mx, err := newMentorIndex(c.r, c.mentors, c.plan)
	if err != nil {
		t.Fatal(err)
	}
	mx.ctx = context.Background()
	set := Settings{}
	set.defaults()
	return mx, set, city.Weights, mx.pairsBySchool()
}
