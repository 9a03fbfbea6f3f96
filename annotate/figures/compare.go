package figures

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// AboutPercent is how far "about x" reaches either side of x, in percent of
// x: "some 2,300" allows 2,070 to 2,530. News rounds such figures to two
// significant digits, which moves them by up to 5% (2,250 → "2,300"); 10%
// leaves room for the outlet's own rounding on top of that, yet still tells
// 2,300 from 2,600.
const AboutPercent = 10

// Interval is the set of numbers a figure allows. Open ends leave the bound
// out: "over 2,200" is (2200, +Inf).
type Interval struct {
	Lo, Hi         float64
	LoOpen, HiOpen bool
}

// Interval returns the numbers v allows: exact x is [x, x]; about x is x ±
// AboutPercent%; over x is (x, +Inf), or [x, +Inf) when inclusive ("at
// least"); under x is (-Inf, x), or (-Inf, x] ("up to"). A near bound
// reaches AboutPercent% of x the other way: "nearly 2,300" is [2070, 2300),
// "just over 2,200" (2200, 2420]. A range x to y is [x, y]; about x to y
// widens both ends, over x to y is over x, under x to y under y.
func (v Value) Interval() Interval {
	lo, hi := v.Number, v.Number
	if v.To != 0 {
		hi = v.To
	}
	switch v.Qualifier {
	case About:
		return Interval{Lo: lo - math.Abs(lo)*AboutPercent/100, Hi: hi + math.Abs(hi)*AboutPercent/100}
	case Over:
		if v.Near {
			return Interval{Lo: lo, Hi: lo + math.Abs(lo)*AboutPercent/100, LoOpen: !v.Inclusive}
		}
		return Interval{Lo: lo, Hi: math.Inf(1), LoOpen: !v.Inclusive, HiOpen: true}
	case Under:
		if v.Near {
			return Interval{Lo: hi - math.Abs(hi)*AboutPercent/100, Hi: hi, HiOpen: !v.Inclusive}
		}
		return Interval{Lo: math.Inf(-1), Hi: hi, LoOpen: true, HiOpen: !v.Inclusive}
	}
	return Interval{Lo: lo, Hi: hi}
}

// Intersect returns the numbers both a and b allow; ok is false when there
// are none.
func (a Interval) Intersect(b Interval) (c Interval, ok bool) {
	c = a
	switch {
	case b.Lo > c.Lo:
		c.Lo, c.LoOpen = b.Lo, b.LoOpen
	case b.Lo == c.Lo:
		c.LoOpen = c.LoOpen || b.LoOpen
	}
	switch {
	case b.Hi < c.Hi:
		c.Hi, c.HiOpen = b.Hi, b.HiOpen
	case b.Hi == c.Hi:
		c.HiOpen = c.HiOpen || b.HiOpen
	}
	if c.Lo > c.Hi || (c.Lo == c.Hi && (c.LoOpen || c.HiOpen)) {
		return Interval{}, false
	}
	return c, true
}

// String writes the interval in the usual notation: "[2070, 2530]",
// "(2200, +Inf)".
func (a Interval) String() string {
	lo, hi := "[", "]"
	if a.LoOpen {
		lo = "("
	}
	if a.HiOpen {
		hi = ")"
	}
	return lo + strconv.FormatFloat(a.Lo, 'f', -1, 64) + ", " + strconv.FormatFloat(a.Hi, 'f', -1, 64) + hi
}

// String writes v in one canonical form: "2,267", "about 2,300",
// "over 2,200", "at least 500", "nearly 2,300", "just over 2,200", "60%",
// "1.7 million", "10–15", "60–70%".
func (v Value) String() string {
	var b strings.Builder
	switch v.Qualifier {
	case About:
		b.WriteString("about ")
	case Over:
		switch {
		case v.Inclusive:
			b.WriteString("at least ")
		case v.Near:
			b.WriteString("just over ")
		default:
			b.WriteString("over ")
		}
	case Under:
		switch {
		case v.Inclusive:
			b.WriteString("up to ")
		case v.Near:
			b.WriteString("nearly ")
		default:
			b.WriteString("under ")
		}
	}
	b.WriteString(FormatNumber(v.Number))
	if v.To != 0 {
		b.WriteString("–" + FormatNumber(v.To))
	}
	if v.Unit == Percent {
		b.WriteString("%")
	}
	return b.String()
}

// FormatNumber writes x with thousands separators ("2,267", "0.5"), and
// whole millions and billions in words when that is shorter and exact
// ("1.7 million").
func FormatNumber(x float64) string {
	for _, s := range []struct {
		word string
		n    float64
	}{{"billion", 1e9}, {"million", 1e6}} {
		if a := math.Abs(x); a >= s.n {
			m := x / s.n
			if t := strconv.FormatFloat(m, 'f', -1, 64); len(t) <= 4 && m*s.n == x {
				return t + " " + s.word
			}
		}
	}
	t := strconv.FormatFloat(x, 'f', -1, 64)
	sign := ""
	if strings.HasPrefix(t, "-") {
		sign, t = "-", t[1:]
	}
	whole, frac, _ := strings.Cut(t, ".")
	var b strings.Builder
	b.WriteString(sign)
	for i, d := range whole {
		if i > 0 && (len(whole)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(d)
	}
	if frac != "" {
		b.WriteString("." + frac)
	}
	return b.String()
}

// Item is one figure to compare: the value an article states, and where.
type Item struct {
	Doc    string
	Span   string
	Title  string // the article's title as shown (annotate.ShownTitle)
	Source string // the outlet or file it came from
	Date   string // YYYY-MM-DD, or empty
	Value  Value
}

// Conflict is two items of a group whose figures cannot both be true: A and
// B index Group.Items, A < B.
type Conflict struct {
	A, B int
}

// Group is the items that share a unit. Figures in different units measure
// different things (a 60% rise, 2,267 deaths), so they never disagree with
// each other.
type Group struct {
	Unit  string
	Items []Item
	// Agree is true when one number fits every item; Range is then the
	// numbers that do. Intervals on a line that meet pairwise share a
	// common point, so Agree is the same as having no Conflicts.
	Agree     bool
	Range     Interval
	Conflicts []Conflict
}

// Disputed reports whether item i is in at least one conflict.
func (g *Group) Disputed(i int) bool {
	for _, c := range g.Conflicts {
		if c.A == i || c.B == i {
			return true
		}
	}
	return false
}

// Report is the outcome of Compare.
type Report struct {
	Disagree bool    // some group has a conflict
	Groups   []Group // one per unit, in order of first appearance
}

// Compare groups items by unit and finds the pairs whose intervals do not
// meet: the articles that disagree.
func Compare(items []Item) Report {
	var r Report
	at := map[string]int{}
	for _, it := range items {
		k, ok := at[it.Value.Unit]
		if !ok {
			k = len(r.Groups)
			at[it.Value.Unit] = k
			r.Groups = append(r.Groups, Group{Unit: it.Value.Unit})
		}
		r.Groups[k].Items = append(r.Groups[k].Items, it)
	}
	for gi := range r.Groups {
		g := &r.Groups[gi]
		ivs := make([]Interval, len(g.Items))
		for i, it := range g.Items {
			ivs[i] = it.Value.Interval()
		}
		for i := range ivs {
			for j := i + 1; j < len(ivs); j++ {
				if _, ok := ivs[i].Intersect(ivs[j]); !ok {
					g.Conflicts = append(g.Conflicts, Conflict{A: i, B: j})
				}
			}
		}
		g.Agree = len(g.Conflicts) == 0
		if g.Agree && len(ivs) > 0 {
			g.Range = ivs[0]
			for _, iv := range ivs[1:] {
				g.Range, _ = g.Range.Intersect(iv)
			}
		}
		if !g.Agree {
			r.Disagree = true
		}
	}
	return r
}

// Disagree reports whether two of vals of the same unit cannot both be true.
func Disagree(vals []Value) bool {
	items := make([]Item, len(vals))
	for i, v := range vals {
		items[i].Value = v
	}
	return Compare(items).Disagree
}

// Summary says, one line per conflict, which articles disagree:
// `“60%” in Dawn (2023-11-10) vs “79%” in Khaama (2023-11-20)`.
func (r Report) Summary() []string {
	var out []string
	seen := map[string]bool{}
	for gi := range r.Groups {
		g := &r.Groups[gi]
		for _, c := range g.Conflicts {
			line := describe(g.Items[c.A]) + " vs " + describe(g.Items[c.B])
			if !seen[line] {
				seen[line] = true
				out = append(out, line)
			}
		}
	}
	return out
}

func describe(it Item) string {
	where := it.Title
	if where == "" {
		where = it.Source
	}
	if where == "" {
		where = it.Doc
	}
	s := fmt.Sprintf("“%s” in %s", it.Value.Text, where)
	if it.Value.Text == "" {
		s = fmt.Sprintf("%s in %s", it.Value, where)
	}
	if it.Date != "" {
		s += " (" + it.Date + ")"
	}
	return s
}
