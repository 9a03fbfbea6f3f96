package agree

import (
	"math"
	"testing"
)

func TestUnitized(t *testing.T) {
	u := func(c string, start, length int) Unit { return Unit{Category: c, Start: start, Length: length} }
	// Krippendorff (2004) p.254.
	k2004 := [][]Unit{
		{u("c", 225, 70), u("c", 370, 30), u("k", 180, 60), u("k", 300, 50)},
		{u("c", 220, 80), u("c", 355, 20), u("c", 400, 20), u("k", 180, 60), u("k", 300, 50)},
	}
	type cat struct {
		name          string
		do, de, alpha float64 // NaN de: not checked; NaN alpha: undefined
	}
	tests := []struct {
		name          string
		begin, length int
		raters        [][]Unit
		cats          []cat
		alpha         float64
		decimals      int
	}{
		{"Krippendorff 2004 p.254", 150, 300, k2004,
			[]cat{{"c", 0.0144, 0.0532, 0.7286}, {"k", 0, math.NaN(), 1}}, 0.859, 3},
		{"Krippendorff 2004 p.254 c", 150, 300, k2004,
			// Σ distances = 50 + 850 + 400 = 1300; Dₒ = 2·1300/(2·300²).
			[]cat{{"c", 1300.0 / 90000, 0.0532, 0.7286}, {"k", 0, math.NaN(), 1}}, 0.859, 3},
		// Dₑ: N = 2, S = 12, gaps 2,5,2,5; each unit adds (2·27−27+3)/3 +
		// 9·(3+3) = 64; Dₑ = 128·(2/10)/(20·19−12) = 25.6/368.
		{"identical", 0, 10, [][]Unit{{u("a", 2, 3)}, {u("a", 2, 3)}},
			[]cat{{"a", 0, 25.6 / 368, 1}}, 1, 4},
		// One rater marks [0,2), the other nothing: the unit lies in the
		// other's gap (cost 2² = 4), Dₒ = 2·4/(2·1·4²) = 0.25. N = 1, gaps 2
		// (rater 1) and 4 (rater 2): Dₑ = [0 + 4·((2−2+1)+(4−2+1))]·(2/4) /
		// (2·4·7 − 2) = 8/54.
		{"one-sided", 0, 4, [][]Unit{{u("a", 0, 2)}, nil},
			[]cat{{"a", 0.25, 8.0 / 54, 1 - 0.25*54/8}}, 1 - 0.25*54/8, 4},
		{"no units", 0, 10, [][]Unit{nil, nil}, nil, math.NaN(), 4},
		{"one rater", 0, 10, [][]Unit{{u("a", 1, 2)}}, []cat{{"a", 0, 0, math.NaN()}}, math.NaN(), 4},
		// Overlapping units of one rater merge into [0,6), identical to the
		// other rater's single unit.
		{"merge overlapping", 0, 10, [][]Unit{{u("a", 0, 4), u("a", 2, 4)}, {u("a", 0, 6)}},
			[]cat{{"a", 0, math.NaN(), 1}}, 1, 4},
		// Units past the continuum are clipped to it.
		{"clipped", 0, 4, [][]Unit{{u("a", 0, 9)}, {u("a", 0, 4)}}, []cat{{"a", 0, 0.875, 1}}, 1, 4},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := Unitized(tc.begin, tc.length, tc.raters)
			for _, c := range tc.cats {
				g, ok := got.Categories[c.name]
				if !ok {
					t.Errorf("category %s: missing", c.name)
					continue
				}
				t.Run(c.name, func(t *testing.T) {
					if math.IsNaN(c.de) {
						c.de = g.Expected
					}
					checkCoef(t, g, c.do, c.de, c.alpha, tc.decimals)
				})
			}
			if len(got.Categories) != len(tc.cats) {
				t.Errorf("got %d categories, want %d", len(got.Categories), len(tc.cats))
			}
			switch {
			case math.IsNaN(tc.alpha):
				if got.Alpha != nil {
					t.Errorf("alpha: got %s, want undefined", show(got.Alpha))
				}
			case got.Alpha == nil || !near(*got.Alpha, tc.alpha, max(tc.decimals, 3)):
				t.Errorf("alpha: got %s, want %.4f", show(got.Alpha), tc.alpha)
			}
		})
	}
}

// TestObservedSumSymmetric checks that the walk gives the same sum whichever
// rater comes first.
func TestObservedSumSymmetric(t *testing.T) {
	tests := []struct {
		name string
		a, b []seg
	}{
		{"k2004 c", []seg{{225, 295}, {370, 400}}, []seg{{220, 300}, {355, 375}, {400, 420}}},
		{"touching", []seg{{0, 5}, {5, 10}}, []seg{{0, 10}}},
		{"nested", []seg{{10, 40}}, []seg{{15, 20}, {25, 30}}},
		{"disjoint", []seg{{0, 3}}, []seg{{50, 60}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ab := observedSum(tc.a, tc.b, 0, 500)
			ba := observedSum(tc.b, tc.a, 0, 500)
			if ab != ba {
				t.Errorf("got %v one way and %v the other, want equal", ab, ba)
			}
		})
	}
}
