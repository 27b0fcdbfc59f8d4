package gen

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strconv"

	"placement/model"
)

// Phases of generation, each with its own random stream, so that changing
// one option disturbs only what depends on it.
const (
	phaseEnterprises uint64 = iota + 1
	phasePosts
	phaseStudents
	phaseOrders
	phaseCapacity
	phasePrefs
	phasePins
)

func stream(seed int64, phase uint64) *rand.Rand {
	return rand.New(rand.NewPCG(uint64(seed), 0x9e3779b97f4a7c15*phase))
}

// builder holds the city while it is built, with index forms of the
// references (district, specialty, enterprise as ints) that the roster
// spells as ids.
type builder struct {
	o       Options
	r       *model.Roster
	schools []schoolDef // the city's schools (see schoolList)

	specIdx    map[string]int // specialty code → index into specialtyDefs (lookups only)
	groupSpecs map[string][]int

	entInd  []int // industry index per enterprise
	entDist []int // district index per enterprise
	entPost [][]int

	postSpec []int // specialty index per post
	postEnt  []int
	postW    []float64 // capacity weight
	postLB   []int     // capacity lower bound (order classes)

	stSchool []int
	stSpec   []int
	stDist   []int
}

func newBuilder(o Options) *builder {
	b := &builder{o: o, r: &model.Roster{}, specIdx: map[string]int{}, groupSpecs: map[string][]int{}, schools: schoolList(o.Schools)}
	for i, s := range specialtyDefs {
		b.specIdx[s.code] = i
		b.groupSpecs[s.group] = append(b.groupSpecs[s.group], i)
	}
	return b
}

func (b *builder) build() {
	b.static()
	b.enterprises(stream(b.o.Seed, phaseEnterprises))
	b.posts(stream(b.o.Seed, phasePosts))
	b.students(stream(b.o.Seed, phaseStudents))
	b.orderClasses(stream(b.o.Seed, phaseOrders))
	b.capacities(stream(b.o.Seed, phaseCapacity))
	b.preferences(stream(b.o.Seed, phasePrefs))
	b.pins(stream(b.o.Seed, phasePins))
}

// static fills the fixed tables: districts, distances, specialties, schools.
func (b *builder) static() {
	r := b.r
	for i, d := range districts {
		r.Districts = append(r.Districts, model.District{ID: d.id, Name: d.name,
			Pos: model.Pos{File: "districts.csv", Line: i + 2}})
	}
	for i := range numDistricts {
		for j := i + 1; j < numDistricts; j++ {
			r.Distances = append(r.Distances, model.Distance{From: districts[i].id, To: districts[j].id,
				Km: roadKm[i][j], Pos: model.Pos{File: "distances.csv", Line: len(r.Distances) + 2}})
		}
	}
	for i, s := range specialtyDefs {
		r.Specialties = append(r.Specialties, model.Specialty{Code: s.code, Name: s.name, Group: s.group,
			Pos: model.Pos{File: "specialties.csv", Line: i + 2}})
	}
	for i, s := range b.schools {
		r.Schools = append(r.Schools, model.School{ID: s.id, Name: s.name, Kind: s.kind,
			District: districts[s.district].id, Pos: model.Pos{File: "schools.csv", Line: i + 2}})
	}
}

// enterprises draws the enterprises: industry in the alliance's
// proportions (exact counts, shuffled), district by industry, a lognormal
// workforce of 50..20,000 and above-scale status that is likelier the
// larger the workforce.
func (b *builder) enterprises(rng *rand.Rand) {
	n := b.o.Enterprises
	shares := make([]float64, len(industryDefs))
	for i, d := range industryDefs {
		shares[i] = d.share
	}
	counts := apportion(n, shares)
	b.entInd = make([]int, 0, n)
	for ind, c := range counts {
		for range c {
			b.entInd = append(b.entInd, ind)
		}
	}
	rng.Shuffle(n, func(i, j int) { b.entInd[i], b.entInd[j] = b.entInd[j], b.entInd[i] })

	width := max(4, len(strconv.Itoa(n)))
	names := make(map[string]bool, n) // only to keep names unique
	b.r.Enterprises = make([]model.Enterprise, n)
	b.entDist = make([]int, n)
	for i := range n {
		ind := &industryDefs[b.entInd[i]]
		d := pick(rng, ind.district[:])
		emp := int(math.Round(ind.medianEmployee * math.Exp(1.1*rng.NormFloat64())))
		emp = min(max(emp, 50), 20000)
		// Above scale (annual revenue ≥ 20 M yuan) is a logistic in log
		// workforce: half at 250 employees, ~94 % at 1,000.
		pAbove := 1 / (1 + math.Exp(-2*(math.Log(float64(emp))-math.Log(250))))
		above := rng.Float64() < pAbove
		b.entDist[i] = d
		b.r.Enterprises[i] = model.Enterprise{
			ID:         fmt.Sprintf("E%0*d", width, i+1),
			Name:       companyName(rng, ind, d, emp, names),
			Industry:   ind.group,
			Employees:  emp,
			AboveScale: above,
			District:   districts[d].id,
			Pos:        model.Pos{File: "enterprises.csv", Line: i + 2},
		}
	}
}

func companyName(rng *rand.Rand, ind *industryDef, d, emp int, used map[string]bool) string {
	suffix := "有限公司"
	if emp >= 5000 {
		suffix = "集团有限公司"
	}
	var name string
	for try := 0; ; try++ {
		prefix := "淄博"
		switch u := rng.Float64(); {
		case u < 0.3:
			prefix = districts[d].short
		case u < 0.4:
			prefix = "山东"
		}
		// Every prefix and word is two characters, so different draws
		// never spell the same name.
		name = prefix + companyWords[rng.IntN(len(companyWords))] +
			ind.nouns[rng.IntN(len(ind.nouns))] + suffix
		if !used[name] {
			break
		}
		if try >= 8 {
			for k := 2; ; k++ {
				if n := fmt.Sprintf("%s第%d分公司", name, k); !used[n] {
					name = n
					break
				}
			}
			break
		}
	}
	used[name] = true
	return name
}

// posts draws the posts: how many per enterprise (more for larger ones),
// the specialty of each (mostly its industry's, sometimes a cross trade),
// the minimum level, whether related specialties are accepted, and a
// capacity weight that capacities() later scales to the calibrated total.
func (b *builder) posts(rng *rand.Rand) {
	ne, np := len(b.r.Enterprises), b.o.Posts
	w := make([]float64, ne)
	for i := range w {
		w[i] = math.Pow(float64(b.r.Enterprises[i].Employees)/400, 0.4) * (0.7 + 0.6*rng.Float64())
	}
	var counts []int
	if np >= ne {
		counts = apportion(np-ne, w)
		for i := range counts {
			counts[i]++
		}
	} else {
		counts = make([]int, ne)
		order := make([]int, ne)
		for i := range order {
			order[i] = i
		}
		slices.SortStableFunc(order, func(a, c int) int { return cmpDesc(w[a], w[c]) })
		for _, i := range order[:np] {
			counts[i] = 1
		}
	}

	width := max(5, len(strconv.Itoa(np)))
	b.r.Posts = make([]model.Post, 0, np)
	b.entPost = make([][]int, ne)
	var used []int
	for e := range ne {
		ent := &b.r.Enterprises[e]
		group := b.groupSpecs[ent.Industry]
		used = used[:0]
		for k := range counts[e] {
			var s int
			if k > 0 && rng.Float64() < 0.10 {
				s = b.crossSpecialty(rng, ent.Industry)
			} else {
				for try := 0; try < 3; try++ {
					s = group[pickFunc(rng, len(group), func(i int) float64 { return specialtyDefs[group[i]].demand })]
					if !slices.Contains(used, s) {
						break
					}
				}
			}
			used = append(used, s)
			var lvl model.Level
			switch u := rng.Float64(); {
			case u < 0.60:
				lvl = model.LevelNone
			case u < 0.82:
				lvl = model.LevelIntermediate
			case u < 0.95:
				lvl = model.LevelSenior
			default:
				lvl = model.LevelTechnician
			}
			id := len(b.r.Posts)
			b.r.Posts = append(b.r.Posts, model.Post{
				ID:             fmt.Sprintf("P%0*d", width, id+1),
				EnterpriseID:   ent.ID,
				Specialty:      specialtyDefs[s].code,
				MinLevel:       lvl,
				AcceptsRelated: rng.Float64() >= 0.20,
				Pos:            model.Pos{File: "posts.csv", Line: id + 2},
			})
			b.postSpec = append(b.postSpec, s)
			b.postEnt = append(b.postEnt, e)
			// Capacity grows with the workforce, but much slower than the
			// 2 % quota does: that is what makes large plants' quotas bind.
			b.postW = append(b.postW, math.Pow(float64(ent.Employees)/400, 0.25)*math.Exp(0.6*rng.NormFloat64()))
			b.entPost[e] = append(b.entPost[e], id)
		}
	}
	b.postLB = make([]int, len(b.r.Posts))
}

func (b *builder) crossSpecialty(rng *rand.Rand, group string) int {
	for {
		s := b.specIdx[crossSpecialties[rng.IntN(len(crossSpecialties))]]
		if specialtyDefs[s].group != group {
			return s
		}
	}
}

// students draws the students: exact counts per school by enrolment,
// a specialty the school teaches (its flagships more often), a level
// (technician colleges train higher), home district near the school,
// score and award.
func (b *builder) students(rng *rand.Rand) {
	n := b.o.Students
	sizes := make([]float64, len(b.schools))
	for i, s := range b.schools {
		sizes[i] = s.size
	}
	perSchool := apportion(n, sizes)

	// Where students of a school live: 65 % in the school's own district,
	// else by population and closeness.
	var home [numDistricts][numDistricts]float64
	for sd := range numDistricts {
		for d := range numDistricts {
			if d != sd {
				home[sd][d] = districts[d].pop / math.Pow(float64(roadKm[sd][d])+10, 1.5)
			}
		}
	}

	width := max(6, len(strconv.Itoa(slices.Max(perSchool))))
	b.r.Students = make([]model.Student, 0, n)
	b.stSchool = make([]int, 0, n)
	b.stSpec = make([]int, 0, n)
	b.stDist = make([]int, 0, n)
	for si, sch := range b.schools {
		teach := make([]int, len(sch.teaches))
		tw := make([]float64, len(sch.teaches))
		for k, code := range sch.teaches {
			teach[k] = b.specIdx[code]
			tw[k] = specialtyDefs[teach[k]].supply
			if k < 2 {
				tw[k] *= 1.4
			}
		}
		tc := sch.kind == model.TechnicianCollege
		for k := range perSchool[si] {
			s := teach[pick(rng, tw)]
			d := sch.district
			if rng.Float64() >= 0.65 {
				d = pick(rng, home[sch.district][:])
			}
			var lvl model.Level
			u := rng.Float64()
			switch {
			case tc && u < 0.45, !tc && u < 0.78:
				lvl = model.LevelIntermediate
			case tc && u < 0.83, !tc && u < 0.97:
				lvl = model.LevelSenior
			default:
				lvl = model.LevelTechnician
			}
			mean := 68.0
			if tc {
				mean = 72
			}
			score := math.Round(min(max(mean+float64(lvl-1)*3+10*rng.NormFloat64(), 40), 100)*10) / 10
			id := len(b.r.Students)
			b.r.Students = append(b.r.Students, model.Student{
				ID:        fmt.Sprintf("%s-%0*d", sch.id, width, k+1),
				Name:      personName(rng),
				SchoolID:  sch.id,
				Specialty: specialtyDefs[s].code,
				Level:     lvl,
				District:  districts[d].id,
				Score:     score,
				Award:     drawAward(rng, score),
				Pos:       model.Pos{File: "students.csv", Line: id + 2},
			})
			b.stSchool = append(b.stSchool, si)
			b.stSpec = append(b.stSpec, s)
			b.stDist = append(b.stDist, d)
		}
	}
}

// drawAward gives about 85 % of students no award; the better the score,
// the likelier a city, province or (rarely) national award.
func drawAward(rng *rand.Rand, score float64) model.Award {
	var pCity, pProv, pNat float64
	switch {
	case score >= 85:
		pCity, pProv, pNat = 0.22, 0.12, 0.04
	case score >= 70:
		pCity, pProv, pNat = 0.11, 0.04, 0.005
	default:
		pCity, pProv = 0.05, 0.01
	}
	switch u := rng.Float64(); {
	case u < pNat:
		return model.AwardNational
	case u < pNat+pProv:
		return model.AwardProvince
	case u < pNat+pProv+pCity:
		return model.AwardCity
	}
	return model.AwardNone
}

// familyFreq draws family names by a Zipf-like frequency: 王, 张, 李… first.
var familyFreq = func() *cumTable {
	t := &cumTable{}
	for i := range familyNames {
		t.add(i, 1/float64(i+4))
	}
	return t
}()

func personName(rng *rand.Rand) string {
	f := familyNames[familyFreq.draw(rng)]
	g := givenSyllables[rng.IntN(len(givenSyllables))]
	if rng.Float64() < 0.7 {
		g += givenSyllables[rng.IntN(len(givenSyllables))]
	}
	return f + g
}
