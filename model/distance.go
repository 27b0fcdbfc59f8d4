package model

// DistanceTable answers road distances between districts in O(1): the
// districts of a roster are numbered densely (0..Len()-1, in districts.csv
// order) and the km are kept in a Len()×Len() matrix, so a solver can look
// up km(student, enterprise) by index in its inner loops. Memory is
// 4·Len()² bytes.
//
// Distances are symmetric; a district to itself is 0 unless distances.csv
// lists it. A pair listed more than once keeps its first km (LoadRoster
// reports the conflict). A pair not listed has no distance.
type DistanceTable struct {
	ids   []string
	index map[string]int
	km    []int32 // row-major; -1: not listed
}

// NewDistanceTable builds the table of r.Districts and r.Distances. Rows
// naming unknown districts or a km outside 0..MaxKm (which would not fit
// the int32 matrix) are ignored, as are repeated district ids after the
// first.
func NewDistanceTable(r *Roster) *DistanceTable {
	d := &DistanceTable{}
	d.index, d.ids = districtNumbers(r.Districts)
	n := len(d.ids)
	d.km = make([]int32, n*n)
	for i := range d.km {
		d.km[i] = -1
	}
	for i := 0; i < n; i++ {
		d.km[i*n+i] = 0
	}
	// Backwards, so that the first listing of a pair is written last and wins.
	for k := len(r.Distances) - 1; k >= 0; k-- {
		x := &r.Distances[k]
		i, ok1 := d.index[x.From]
		j, ok2 := d.index[x.To]
		if !ok1 || !ok2 || x.Km < 0 || x.Km > MaxKm {
			continue
		}
		d.km[i*n+j] = int32(x.Km)
		d.km[j*n+i] = int32(x.Km)
	}
	return d
}

// Len is the number of districts.
func (d *DistanceTable) Len() int { return len(d.ids) }

// ID is the id of district i.
func (d *DistanceTable) ID(i int) string { return d.ids[i] }

// Index is the dense number of a district id.
func (d *DistanceTable) Index(id string) (int, bool) {
	i, ok := d.index[id]
	return i, ok
}

// Km is the distance between two districts by id; false when either is
// unknown or the pair is not listed.
func (d *DistanceTable) Km(a, b string) (int, bool) {
	i, ok1 := d.index[a]
	j, ok2 := d.index[b]
	if !ok1 || !ok2 {
		return 0, false
	}
	return d.KmIdx(i, j)
}

// KmIdx is the distance between districts i and j by index (see Index);
// false when the pair is not listed. It panics when i or j is out of range.
func (d *DistanceTable) KmIdx(i, j int) (int, bool) {
	n := len(d.ids)
	if uint(i) >= uint(n) || uint(j) >= uint(n) {
		panic("model: DistanceTable.KmIdx: district index out of range")
	}
	km := d.km[i*n+j]
	if km < 0 {
		return 0, false
	}
	return int(km), true
}

// districtNumbers numbers the districts densely in file order, skipping
// empty and repeated ids: id → number, and the ids by number.
func districtNumbers(ds []District) (map[string]int, []string) {
	index := make(map[string]int, len(ds))
	var ids []string
	for _, x := range ds {
		if _, dup := index[x.ID]; x.ID == "" || dup {
			continue
		}
		index[x.ID] = len(ids)
		ids = append(ids, x.ID)
	}
	return index, ids
}
