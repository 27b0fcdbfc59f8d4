package model

import "testing"

func TestDistanceTable(t *testing.T) {
	r := &Roster{
		Districts: []District{{ID: "A"}, {ID: "B"}, {ID: "C"}, {ID: "D"}, {ID: "A"}},
		Distances: []Distance{
			{From: "A", To: "B", Km: 7},
			{From: "C", To: "B", Km: 3},
			{From: "D", To: "D", Km: 2}, // a district to itself, listed
			{From: "B", To: "A", Km: 9}, // conflicting repeat: the first wins
			{From: "A", To: "X", Km: 1}, // unknown district: ignored
			{From: "A", To: "C", Km: -1},
		},
	}
	d := NewDistanceTable(r)
	if d.Len() != 4 {
		t.Fatalf("Len() = %d, want 4 (a repeated district counts once)", d.Len())
	}
	tests := []struct {
		a, b string
		km   int
		ok   bool
	}{
		{"A", "B", 7, true},
		{"B", "A", 7, true},
		{"B", "C", 3, true},
		{"C", "B", 3, true},
		{"A", "A", 0, true},
		{"C", "C", 0, true},
		{"D", "D", 2, true},
		{"A", "C", 0, false},
		{"A", "D", 0, false},
		{"A", "X", 0, false},
		{"X", "X", 0, false},
	}
	for _, tt := range tests {
		km, ok := d.Km(tt.a, tt.b)
		if km != tt.km || ok != tt.ok {
			t.Errorf("Km(%q, %q) = %d, %v; want %d, %v", tt.a, tt.b, km, ok, tt.km, tt.ok)
		}
		i, iok := d.Index(tt.a)
		j, jok := d.Index(tt.b)
		if !iok || !jok {
			continue
		}
		if d.ID(i) != tt.a || d.ID(j) != tt.b {
			t.Errorf("ID(Index(%q)) = %q, ID(Index(%q)) = %q", tt.a, d.ID(i), tt.b, d.ID(j))
		}
		if km, ok := d.KmIdx(i, j); km != tt.km || ok != tt.ok {
			t.Errorf("KmIdx(%d, %d) = %d, %v; want %d, %v", i, j, km, ok, tt.km, tt.ok)
		}
	}
	// Symmetry over every pair by index.
	for i := 0; i < d.Len(); i++ {
		for j := 0; j < d.Len(); j++ {
			k1, ok1 := d.KmIdx(i, j)
			k2, ok2 := d.KmIdx(j, i)
			if k1 != k2 || ok1 != ok2 {
				t.Errorf("KmIdx(%d, %d) = %d, %v but KmIdx(%d, %d) = %d, %v", i, j, k1, ok1, j, i, k2, ok2)
			}
		}
	}
}

func TestDistanceTableKmIdxPanicsOutOfRange(t *testing.T) {
	d := NewDistanceTable(&Roster{Districts: []District{{ID: "A"}}})
	defer func() {
		if recover() == nil {
			t.Error("KmIdx(0, 1) did not panic")
		}
	}()
	d.KmIdx(0, 1)
}
