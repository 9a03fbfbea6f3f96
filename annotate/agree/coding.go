package agree

import (
	"math"
	"slices"
)

// Coefficient is one chance-corrected agreement coefficient together with the
// two quantities it is made of, so that a reader can check it by hand.
type Coefficient struct {
	// Observed is pₒ for Cohen's κ, P̄ for Fleiss' κ and Dₒ for
	// Krippendorff's α.
	Observed float64
	// Expected is pₑ, P̄ₑ or Dₑ.
	Expected float64
	// Value is κ or α; nil when the data do not define it.
	Value *float64
}

// Pair is one item as two coders coded it.
type Pair struct{ A, B string }

// Cohen computes Cohen's κ for two coders: pₒ is the share of items on which
// they agree, pₑ = Σₖ (n_Ak/N)(n_Bk/N). κ is undefined without items or when
// 1 − pₑ = 0 (both coders used one and the same category throughout).
func Cohen(pairs []Pair) Coefficient {
	var cats categories
	var c coding
	c.pairs = make([]grid, 1)
	for _, p := range pairs {
		c.pairs[0].add(cats.index(p.A), cats.index(p.B), 1)
	}
	return cohenOf(&c.pairs[0])
}

// Fleiss computes Fleiss' κ from counts[i][j], the number of raters who put
// item i in category j. Items may have different numbers of raters: Pᵢ =
// Σⱼ nᵢⱼ(nᵢⱼ−1)/(nᵢ(nᵢ−1)) and pⱼ is category j's share of all ratings,
// which is Fleiss' (1971) formula when every item has the same n. Items with
// fewer than two ratings carry no agreement information and are left out.
func Fleiss(counts [][]int) Coefficient {
	var c coding
	row := []float64{}
	for _, item := range counts {
		row = row[:0]
		for _, n := range item {
			row = append(row, float64(n))
		}
		c.addCounts(row)
	}
	return c.fleiss()
}

// Krippendorff computes Krippendorff's α for nominal data. units[u][i] is
// coder i's value for unit u, or missing when coder i did not code it. Units
// with fewer than two values are left out, as the coefficient prescribes.
func Krippendorff(units [][]string, missing string) Coefficient {
	var cats categories
	var c coding
	var row []float64
	for _, u := range units {
		row = row[:0]
		for _, v := range u {
			if v == missing {
				continue
			}
			i := cats.index(v)
			for len(row) <= i {
				row = append(row, 0)
			}
			row[i]++
		}
		c.addCounts(row)
	}
	return c.krippendorff()
}

// categories numbers category names in order of first appearance.
type categories struct {
	names []string
}

func (c *categories) index(name string) int {
	for i, n := range c.names {
		if n == name {
			return i
		}
	}
	c.names = append(c.names, name)
	return len(c.names) - 1
}

// grid is a square matrix indexed by category that grows as categories
// appear, so corpus tallies can be built while documents stream past.
type grid struct {
	k int
	v []float64
}

func (g *grid) grow(k int) {
	if k <= g.k {
		return
	}
	v := make([]float64, k*k)
	for i := 0; i < g.k; i++ {
		copy(v[i*k:], g.v[i*g.k:(i+1)*g.k])
	}
	g.k, g.v = k, v
}

func (g *grid) add(i, j int, x float64) {
	if i >= g.k || j >= g.k {
		g.grow(max(i, j) + 1)
	}
	g.v[i*g.k+j] += x
}

func (g *grid) at(i, j int) float64 {
	if i >= g.k || j >= g.k {
		return 0
	}
	return g.v[i*g.k+j]
}

func (g *grid) sum() float64 {
	var s float64
	for _, x := range g.v {
		s += x
	}
	return s
}

// coding tallies a nominal coding of items in the forms the three
// coefficients need: a contingency table per coder pair (Cohen), per-item
// agreement and category totals (Fleiss) and the coincidence matrix
// (Krippendorff). Tallies add up, so a corpus tally is the sum of its
// documents' tallies.
type coding struct {
	pairs []grid // contingency counts, one per coder pair

	items   float64   // Fleiss: items with at least two ratings
	sumP    float64   // Fleiss: Σᵢ Pᵢ
	ratings float64   // Fleiss: ratings of those items
	cat     []float64 // Fleiss: ratings per category

	o grid // Krippendorff: coincidences
}

// reset empties the tally and keeps its storage.
func (c *coding) reset() {
	for i := range c.pairs {
		clear(c.pairs[i].v)
	}
	c.items, c.sumP, c.ratings = 0, 0, 0
	clear(c.cat)
	clear(c.o.v)
}

// addCounts adds one item from its category counts.
func (c *coding) addCounts(counts []float64) {
	var m float64
	for _, n := range counts {
		m += n
	}
	if m < 2 {
		return
	}
	var agree float64
	for j, n := range counts {
		if n == 0 {
			continue
		}
		agree += n * (n - 1)
		c.addCat(j, n)
		for k, nk := range counts {
			if nk == 0 {
				continue
			}
			if j == k {
				c.o.add(j, k, n*(n-1)/(m-1))
			} else {
				c.o.add(j, k, n*nk/(m-1))
			}
		}
	}
	c.items++
	c.ratings += m
	c.sumP += agree / (m * (m - 1))
}

func (c *coding) addCat(j int, n float64) {
	for len(c.cat) <= j {
		c.cat = append(c.cat, 0)
	}
	c.cat[j] += n
}

// block is the coding of one document's tokens by the m coders who have a
// layer there; every one of them codes every token, so the block is fully
// described by its pairwise contingency tables and category totals.
type block struct {
	k     int         // categories; 0 is "none"
	n     int         // tokens
	m     int         // coders present
	pairs []pairTable // one per pair of coders present
	marg  []float64   // ratings per category, summed over coders
}

// pairTable is the k×k contingency table of coder pair p (an index into the
// list of all pairs of the report's annotators).
type pairTable struct {
	p     int
	cells []float64
}

// addBlock adds a document's block, mapping its local categories to the
// tally's with cat (nil: the identity).
func (c *coding) addBlock(b *block, cat []int) {
	if b.n == 0 || b.m < 2 {
		return
	}
	if cat == nil {
		cat = make([]int, b.k)
		for i := range cat {
			cat[i] = i
		}
	}
	top := slices.Max(cat) + 1
	m := float64(b.m)
	c.items += float64(b.n)
	c.ratings += float64(b.n) * m
	for j, x := range b.marg {
		if x != 0 {
			c.addCat(cat[j], x)
		}
	}
	c.o.grow(top)
	for _, pt := range b.pairs {
		for len(c.pairs) <= pt.p {
			c.pairs = append(c.pairs, grid{})
		}
		g := &c.pairs[pt.p]
		g.grow(top)
		var trace float64
		for i := 0; i < b.k; i++ {
			ci := cat[i]
			for j := 0; j < b.k; j++ {
				x := pt.cells[i*b.k+j]
				if x == 0 {
					continue
				}
				if i == j {
					trace += x
				}
				cj := cat[j]
				g.v[ci*g.k+cj] += x
				c.o.v[ci*c.o.k+cj] += x / (m - 1)
				c.o.v[cj*c.o.k+ci] += x / (m - 1)
			}
		}
		// Each agreeing unordered pair is two of the ordered pairs Pᵢ counts.
		c.sumP += 2 * trace / (m * (m - 1))
	}
}

// fillZeros adds the items that total holds and c does not as items every
// coder put in category 0. A label's binary coding only sees the documents
// where someone used the label; everywhere else every token is "not this
// label" for every coder.
func (c *coding) fillZeros(total *coding) {
	for p := range total.pairs {
		for len(c.pairs) <= p {
			c.pairs = append(c.pairs, grid{})
		}
		if d := total.pairs[p].sum() - c.pairs[p].sum(); d > 0 {
			c.pairs[p].add(0, 0, d)
		}
	}
	if d := total.items - c.items; d > 0 {
		c.items += d
		c.sumP += d
	}
	if d := total.ratings - c.ratings; d > 0 {
		c.ratings += d
		c.addCat(0, d)
	}
	if d := total.o.sum() - c.o.sum(); d > 0 {
		c.o.add(0, 0, d)
	}
}

// cohen is Cohen's κ for two coders, or Light's κ — the mean of the pairwise
// Cohen's κ over the pairs where it is defined — for more.
func (c *coding) cohen() *float64 {
	var sum float64
	var n int
	for i := range c.pairs {
		if v := cohenOf(&c.pairs[i]).Value; v != nil {
			sum += *v
			n++
		}
	}
	if n == 0 {
		return nil
	}
	return value(sum / float64(n))
}

func cohenOf(g *grid) Coefficient {
	n := g.sum()
	if n == 0 {
		return Coefficient{}
	}
	var agree, chance float64
	for i := 0; i < g.k; i++ {
		agree += g.at(i, i)
		var row, col float64
		for j := 0; j < g.k; j++ {
			row += g.at(i, j)
			col += g.at(j, i)
		}
		chance += row * col
	}
	po, pe := agree/n, chance/(n*n)
	r := Coefficient{Observed: po, Expected: pe}
	// n² − Σ row·col is exact for integer counts below about 94 million
	// items (n² < 2⁵³); it is zero exactly when both coders used one single
	// category.
	if den := n*n - chance; den > 0 {
		r.Value = value((agree*n - chance) / den)
	}
	return r
}

func (c *coding) fleiss() Coefficient {
	if c.items == 0 || c.ratings == 0 {
		return Coefficient{}
	}
	var sq float64
	for _, x := range c.cat {
		sq += x * x
	}
	pbar := c.sumP / c.items
	pe := sq / (c.ratings * c.ratings)
	r := Coefficient{Observed: pbar, Expected: pe}
	if den := c.ratings*c.ratings - sq; den > 0 {
		r.Value = value((pbar - pe) * c.ratings * c.ratings / den)
	}
	return r
}

func (c *coding) krippendorff() Coefficient {
	g := &c.o
	n := g.sum()
	if n <= 1 {
		return Coefficient{}
	}
	nc := make([]float64, g.k)
	var disagree float64
	for i := 0; i < g.k; i++ {
		for j := 0; j < g.k; j++ {
			nc[i] += g.at(i, j)
			if i != j {
				disagree += g.at(i, j)
			}
		}
	}
	var chance float64
	for i := range nc {
		for j := range nc {
			if i != j {
				chance += nc[i] * nc[j]
			}
		}
	}
	do, de := disagree/n, chance/(n*(n-1))
	r := Coefficient{Observed: do, Expected: de}
	if de > 0 {
		r.Value = value(1 - do/de)
	}
	return r
}

// value returns a pointer to x, or nil when x is not a finite number, so no
// NaN or infinity ever reaches a report.
func value(x float64) *float64 {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return nil
	}
	if x > 1 && x < 1+1e-9 { // perfect agreement, less the rounding of the sums
		x = 1
	}
	return &x
}
