package agree

import (
	"fmt"
	"math"
	"strings"
	"testing"
)

// near reports whether got rounds to want at the given number of decimals.
func near(got, want float64, decimals int) bool {
	return math.Abs(got-want) <= 0.5*math.Pow(10, -float64(decimals))+1e-12
}

func show(v *float64) string {
	if v == nil {
		return "undefined"
	}
	return fmt.Sprintf("%.4f", *v)
}

// checkCoef compares a coefficient with expected figures; wantValue NaN means
// the value must be undefined.
func checkCoef(t *testing.T, got Coefficient, obs, exp, val float64, decimals int) {
	t.Helper()
	if !near(got.Observed, obs, decimals) {
		t.Errorf("observed: got %.5f, want %.*f", got.Observed, decimals, obs)
	}
	if !near(got.Expected, exp, decimals) {
		t.Errorf("expected: got %.5f, want %.*f", got.Expected, decimals, exp)
	}
	switch {
	case math.IsNaN(val):
		if got.Value != nil {
			t.Errorf("value: got %s, want undefined", show(got.Value))
		}
	case got.Value == nil || !near(*got.Value, val, decimals):
		t.Errorf("value: got %s, want %.*f", show(got.Value), decimals, val)
	}
}

func TestCohen(t *testing.T) {
	// Cohen (1960): counts of (A, B) category pairs.
	cohen1960 := map[[2]string]int{
		{"1", "1"}: 88, {"1", "2"}: 14, {"1", "3"}: 18,
		{"2", "1"}: 10, {"2", "2"}: 40, {"2", "3"}: 10,
		{"3", "1"}: 2, {"3", "2"}: 6, {"3", "3"}: 12,
	}
	tests := []struct {
		name          string
		counts        map[[2]string]int
		po, pe, kappa float64
		decimals      int
	}{
		{"Cohen 1960", cohen1960, 0.70, 0.41, 0.4915, 4},
		{"perfect", map[[2]string]int{{"a", "a"}: 3, {"b", "b"}: 2}, 1, 0.52, 1, 4},
		// Both coders say "a" throughout: 1 − pₑ = 0.
		{"one category", map[[2]string]int{{"a", "a"}: 5}, 1, 1, math.NaN(), 4},
		{"no items", nil, 0, 0, math.NaN(), 4},
		// A says a,a,b,b; B says a,b,a,b: pₒ = ½, pₑ = ½, κ = 0.
		{"chance", map[[2]string]int{{"a", "a"}: 1, {"a", "b"}: 1, {"b", "a"}: 1, {"b", "b"}: 1}, 0.5, 0.5, 0, 4},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var pairs []Pair
			for _, k := range sortedKeys(tc.counts) {
				for i := 0; i < tc.counts[k]; i++ {
					pairs = append(pairs, Pair{k[0], k[1]})
				}
			}
			checkCoef(t, Cohen(pairs), tc.po, tc.pe, tc.kappa, tc.decimals)
		})
	}
}

func sortedKeys(m map[[2]string]int) [][2]string {
	var ks [][2]string
	for k := range m {
		ks = append(ks, k)
	}
	for i := range ks {
		for j := i + 1; j < len(ks); j++ {
			if ks[j][0] < ks[i][0] || (ks[j][0] == ks[i][0] && ks[j][1] < ks[i][1]) {
				ks[i], ks[j] = ks[j], ks[i]
			}
		}
	}
	return ks
}

// fleiss1971 is Fleiss (1971): 30 items, each rated by 6 raters into
// categories 1–5; a row lists the six ratings.
var fleiss1971 = strings.Fields(`444444 222555 233335 555555 222444 113333 333355 113334 114444 555555
144444 124444 222333 144444 224445 333335 111455 111112 224444 133555
555555 244444 224555 114444 144445 222224 111155 224444 133333 555555`)

func TestFleiss(t *testing.T) {
	rows := func(rs []string) [][]int {
		var out [][]int
		for _, r := range rs {
			c := make([]int, 6)
			for _, ch := range r {
				c[ch-'0']++
			}
			out = append(out, c)
		}
		return out
	}
	tests := []struct {
		name          string
		rows          []string
		pbar, pe, val float64
		decimals      int
	}{
		{"Fleiss 1971", fleiss1971, 0.5556, 0.2201, 0.430, 3},
		// Fleiss rounded pⱼ to three decimals before squaring (0.2201); from
		// the counts 26, 26, 30, 55, 43 of 180, P̄ₑ = 0.21994.
		{"Fleiss 1971 exact", fleiss1971, 0.5556, 0.2199, 0.4302, 4},
		{"all one category", []string{"111", "111"}, 1, 1, math.NaN(), 4},
		// Item 1: P = 1; item 2: P = 1/3; P̄ = 2/3; p₁ = 4/6, p₂ = 2/6.
		{"two items", []string{"111", "122"}, 2.0 / 3, 5.0 / 9, 0.25, 4},
		{"no items", nil, 0, 0, math.NaN(), 4},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			checkCoef(t, Fleiss(rows(tc.rows)), tc.pbar, tc.pe, tc.val, tc.decimals)
		})
	}
}

func TestKrippendorff(t *testing.T) {
	parse := func(s string) [][]string {
		var units [][]string
		for _, u := range strings.Split(s, "/") {
			units = append(units, strings.Fields(u))
		}
		return units
	}
	tests := []struct {
		name         string
		units        string
		do, de, alfa float64
		decimals     int
	}{
		{"Krippendorff 2004 p.230", `B B – B / L L P L / P P P P / P P P P / L L L L / B L P C /
			C C C C / B B L B / L L L L / – F F F / – – B B / – – P –`, 0.200, 0.779, 0.7434, 3},
		{"Krippendorff 2004 p.230 alpha", `B B – B / L L P L / P P P P / P P P P / L L L L / B L P C /
			C C C C / B B L B / L L L L / – F F F / – – B B / – – P –`, 0.2, 0.7795, 0.7434, 4},
		{"one value", "a a / a a", 0, 0, math.NaN(), 4},
		{"only singletons", "a – / – b", 0, 0, math.NaN(), 4},
		// Coincidences: o_aa = 2, o_ab = o_ba = 1, o_bb = 0: Dₒ = 2/4,
		// n_a = 3, n_b = 1, Dₑ = 2·3/(4·3) = ½, α = 0.
		{"half", "a a / a b", 0.5, 0.5, 0, 4},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			checkCoef(t, Krippendorff(parse(tc.units), "–"), tc.do, tc.de, tc.alfa, tc.decimals)
		})
	}
}

// TestBlockMatchesItems checks that the pairwise-table form used for
// documents gives the same tallies as adding items one by one.
func TestBlockMatchesItems(t *testing.T) {
	// Three coders, four tokens, categories 0–2.
	codes := [][]int{{0, 1, 1, 2}, {0, 1, 2, 2}, {1, 1, 0, 2}}
	var byItem coding
	for tok := range codes[0] {
		row := make([]float64, 3)
		for _, c := range codes {
			row[c[tok]]++
		}
		byItem.addCounts(row)
	}
	b := block{k: 3, n: 4, m: 3, marg: make([]float64, 3)}
	p := 0
	for i := range codes {
		for _, v := range codes[i] {
			b.marg[v]++
		}
		for j := i + 1; j < len(codes); j++ {
			cells := make([]float64, 9)
			for tok := range codes[i] {
				cells[codes[i][tok]*3+codes[j][tok]]++
			}
			b.pairs = append(b.pairs, pairTable{p: p, cells: cells})
			p++
		}
	}
	var byBlock coding
	byBlock.addBlock(&b, nil)
	for _, c := range []struct {
		name      string
		got, want Coefficient
	}{
		{"fleiss", byBlock.fleiss(), byItem.fleiss()},
		{"krippendorff", byBlock.krippendorff(), byItem.krippendorff()},
	} {
		t.Run(c.name, func(t *testing.T) {
			checkCoef(t, c.got, c.want.Observed, c.want.Expected, *c.want.Value, 9)
		})
	}
}
