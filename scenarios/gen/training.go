package gen

import (
	"fmt"
	"slices"

	"placement/model"
)

// Files of stage 2, as scenario.yaml names them.
const (
	BasesFile   = "bases.csv"
	CohortsFile = "cohorts.csv"
)

// phaseTraining is the random stream of the training bases and cohorts,
// far from the other phases (see phaseMentors) so drawing them disturbs
// nothing else.
const phaseTraining uint64 = 102

// Training-base and cohort sizes (ISSUE 3: "one base per equipment group
// or more, 20–50 stations, some closed in the evening").
const (
	minStations, maxStations = 20, 50
	// studentsPerBase is how many of a group's students justify one more
	// base of its equipment.
	studentsPerBase = 450
	// eveningClosedShare is the share of a group's middle bases (neither
	// its first nor its last) open am and pm only.
	eveningClosedShare = 0.5
	// classTarget is the size a school aims for when it splits a group's
	// students into training classes.
	classTarget = 36
	// employeeShare is the share of above-scale enterprises that send
	// employees to the public bases.
	employeeShare = 0.6
)

// training draws the public training bases and the training cohorts of a
// built roster.
//
// Bases: per specialty group, 1 + (its students / studentsPerBase) bases
// with 20–50 stations; the first stands in the district where most of the
// group's students study, the others in other districts drawn by the
// group's students there (a second round once every district has one, as
// in a large city); the first is open in
// all periods, the last of two or more is closed in the evening, the ones
// between with probability eveningClosedShare.
//
// Student cohorts: each school splits its students of each group into
// classes of about classTarget, small enough for every base of the group
// (a school splits a class into training groups that fit); a class trains 4–10 times within a window of 6–13 weeks, on 3–5
// weekdays, mornings, afternoons or both, from the school's district.
//
// Employee cohorts: employeeShare of the above-scale enterprises send a
// group of 10–30 employees (at most the smallest base's stations) 2–6 times, on Saturdays (am, pm) or weekday
// evenings, within a window of 8–18 weeks, from the enterprise's district.
//
// So students and employees compete for different slots, except on
// Saturdays and where evening bases are few; the central districts'
// bases are wanted by many cohorts, which is what makes stage 2 an
// optimisation.
//
// Training with bases > 0 draws that many bases instead (at least one a
// group, the rest in proportion to the groups' students): for benchmarks
// at a named size.
func Training(r *model.Roster, seed int64, bases int) ([]model.Base, []model.Cohort) {
	return training(r, seed, bases)
}

func training(r *model.Roster, seed int64, nBases int) ([]model.Base, []model.Cohort) {
	rng := stream(seed, phaseTraining)
	groupOf := map[string]string{}
	var groups []string
	for _, s := range r.Specialties {
		groupOf[s.Code] = s.Group
		if !slices.Contains(groups, s.Group) {
			groups = append(groups, s.Group)
		}
	}
	schoolDistrict := map[string]string{}
	for _, s := range r.Schools {
		schoolDistrict[s.ID] = s.District
	}
	districtIx := map[string]int{}
	for i, d := range r.Districts {
		districtIx[d.ID] = i
	}
	// Students by group, school and district of their school.
	type key struct{ group, school string }
	perSchool := map[key]int{}
	perDistrict := map[string][]float64{}
	perGroup := map[string]int{}
	for _, st := range r.Students {
		g := groupOf[st.Specialty]
		perSchool[key{g, st.SchoolID}]++
		perGroup[g]++
		if perDistrict[g] == nil {
			perDistrict[g] = make([]float64, len(r.Districts))
		}
		if d, ok := districtIx[schoolDistrict[st.SchoolID]]; ok {
			perDistrict[g][d]++
		}
	}

	count := make([]int, len(groups))
	for k, g := range groups {
		count[k] = 1 + perGroup[g]/studentsPerBase
	}
	if nBases > 0 {
		w := make([]float64, len(groups))
		for k, g := range groups {
			w[k] = float64(perGroup[g])
		}
		count = apportion(max(0, nBases-len(groups)), w)
		for k := range count {
			count[k]++
		}
	}
	var bases []model.Base
	smallest := map[string]int{} // stations of the group's smallest base
	for gi, g := range groups {
		n := count[gi]
		w := slices.Clone(perDistrict[g])
		if w == nil || slices.Max(w) == 0 {
			w = make([]float64, len(r.Districts))
			w[0] = 1 // the first district: the centre
		}
		used := make([]int, len(r.Districts)) // bases of the group there
		for k := 0; k < n; k++ {
			if slices.Max(w) == 0 { // no students left to follow: any free district
				for d := range w {
					if used[d] == 0 {
						w[d] = 1
					}
				}
			}
			if slices.Max(w) == 0 { // every district has one: a second round, by students
				w = slices.Clone(perDistrict[g])
				if w == nil || slices.Max(w) == 0 {
					w = make([]float64, len(r.Districts))
					w[0] = 1
				}
			}
			d := slices.Index(w, slices.Max(w))
			if k > 0 {
				d = pick(rng, w)
			}
			w[d] = 0
			used[d]++
			name := fmt.Sprintf("%s%s公共实训基地", r.Districts[d].Name, groupName(g))
			if used[d] > 1 {
				name = fmt.Sprintf("%s%s公共实训基地%d号", r.Districts[d].Name, groupName(g), used[d])
			}
			b := model.Base{
				ID:        fmt.Sprintf("TB%02d", len(bases)+1),
				Name:      name,
				District:  r.Districts[d].ID,
				Equipment: g,
				Stations:  minStations + 5*rng.IntN((maxStations-minStations)/5+1),
				Pos:       model.Pos{File: BasesFile, Line: len(bases) + 2},
			}
			b.OpenPeriods = []string{"am", "pm", "eve"}
			if closed := rng.Float64() < eveningClosedShare; k > 0 && (closed || k == n-1) {
				b.OpenPeriods = b.OpenPeriods[:2]
			}
			if smallest[g] == 0 || b.Stations < smallest[g] {
				smallest[g] = b.Stations
			}
			bases = append(bases, b)
		}
	}

	var cohorts []model.Cohort
	add := func(c model.Cohort) {
		c.ID = fmt.Sprintf("TC%03d", len(cohorts)+1)
		c.Pos = model.Pos{File: CohortsFile, Line: len(cohorts) + 2}
		cohorts = append(cohorts, c)
	}
	weekdays := []string{"mon", "tue", "wed", "thu", "fri"}
	for _, s := range r.Schools {
		for _, g := range groups {
			n := perSchool[key{g, s.ID}]
			if n < 10 || smallest[g] == 0 {
				continue
			}
			classes := max(1, (n+classTarget/2)/classTarget)
			for (n+classes-1)/classes > smallest[g] {
				classes++
			}
			for k := 0; k < classes; k++ {
				size := n / classes
				if k < n%classes {
					size++
				}
				earliest := 1 + rng.IntN(8)
				days := slices.Clone(weekdays)
				rng.Shuffle(len(days), func(a, b int) { days[a], days[b] = days[b], days[a] })
				days = days[:3+rng.IntN(3)]
				slices.SortFunc(days, func(a, b string) int { return slices.Index(weekdays, a) - slices.Index(weekdays, b) })
				periods := [][]string{{"am"}, {"pm"}, {"am", "pm"}}[rng.IntN(3)]
				add(model.Cohort{
					Kind: model.CohortStudents, OwnerID: s.ID, Equipment: g,
					Headcount: size, Sessions: 4 + rng.IntN(7),
					EarliestWeek: earliest, LatestWeek: min(18, earliest+5+rng.IntN(8)),
					District: s.District, Days: days, Periods: periods,
				})
			}
		}
	}
	for _, e := range r.Enterprises {
		if !e.AboveScale || smallest[e.Industry] == 0 || rng.Float64() >= employeeShare {
			continue
		}
		c := model.Cohort{
			Kind: model.CohortEmployees, OwnerID: e.ID, Equipment: e.Industry,
			Headcount: min(smallest[e.Industry], 10+rng.IntN(21)), Sessions: 2 + rng.IntN(5),
			District: e.District,
		}
		c.EarliestWeek = 1 + rng.IntN(11)
		c.LatestWeek = min(18, c.EarliestWeek+7+rng.IntN(11))
		if rng.IntN(2) == 0 {
			c.Days, c.Periods = []string{"sat"}, []string{"am", "pm"}
		} else {
			c.Days, c.Periods = weekdays, []string{"eve"}
		}
		add(c)
	}
	return bases, cohorts
}

// titleCase is "machinery" → "Machinery".
// groupName is a specialty group's Chinese name, for base names.
func groupName(g string) string {
	if n, ok := groupNames[g]; ok {
		return n
	}
	return g
}

var groupNames = map[string]string{
	gMachinery: "机械", gChemicals: "化工", gPharma: "医药", gElectronics: "电子",
	gAutomotive: "汽车", gCeramics: "陶瓷", gLogistics: "物流",
}

// writeBases fills bases.csv.
func (c *City) writeBases(w *rowWriter) {
	w.header("base_id", "name", "district", "equipment", "stations", "open_periods")
	for i := range c.Bases {
		b := &c.Bases[i]
		w.str(b.ID).str(b.Name).str(b.District).str(b.Equipment).int(b.Stations).list(b.OpenPeriods).end()
	}
}

// writeCohorts fills cohorts.csv.
func (c *City) writeCohorts(w *rowWriter) {
	w.header("cohort_id", "kind", "owner_id", "equipment", "headcount", "sessions",
		"earliest_week", "latest_week", "district", "days", "periods")
	for i := range c.Cohorts {
		k := &c.Cohorts[i]
		w.str(k.ID).str(string(k.Kind)).str(k.OwnerID).str(k.Equipment).int(k.Headcount).int(k.Sessions).
			int(k.EarliestWeek).int(k.LatestWeek).str(k.District).list(k.Days).list(k.Periods).end()
	}
}
