package agree

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/skein-news/skein/annotate"
)

// randomCorpus makes small articles with random layers: nested, overlapping
// and discontinuous spans, offsets off word boundaries, user labels, and
// layers missing or empty.
func randomCorpus(r *rand.Rand, docs int, names []string) []DocInput {
	labels := []string{"claim", "actor", "figure", "rumour"}
	var out []DocInput
	for i := range docs {
		text := benchText(r, 40+r.IntN(200))
		n := annotate.NewText(text).Len()
		d := &annotate.Document{ID: fmt.Sprintf("doc%03d", i), Text: text}
		layers := map[string][]*annotate.Span{}
		for _, name := range names {
			if r.IntN(7) == 0 {
				continue // no layer
			}
			spans := []*annotate.Span{}
			for k := range r.IntN(7) {
				s := &annotate.Span{ID: fmt.Sprintf("%s-%s-%d", d.ID, name, k), Doc: d.ID, Annotator: name, Label: labels[r.IntN(len(labels))]}
				start := r.IntN(n - 1)
				for f := 0; f < 1+r.IntN(2) && start < n-1; f++ {
					end := min(start+1+r.IntN(20), n)
					s.Fragments = append(s.Fragments, annotate.Fragment{Start: start, End: end})
					start = end + 1 + r.IntN(10)
				}
				spans = append(spans, s)
			}
			layers[name] = spans
		}
		out = append(out, DocInput{Doc: d, Layers: layers})
	}
	return out
}

// oracle computes the report's corpus measures the slow, obvious way, with
// the plain-data functions.
func oracle(docs []DocInput, names []string) (overall Measures, labels map[string]Measures) {
	type codes struct {
		overall [][]string            // per annotator, per token of the corpus ("" missing)
		binary  map[string][][]string // per label
	}
	all := codes{overall: make([][]string, len(names)), binary: map[string][][]string{}}
	labelSet := map[string]bool{}
	for _, in := range docs {
		for _, spans := range in.Layers {
			for _, s := range spans {
				labelSet[s.Label] = true
			}
		}
	}
	for l := range labelSet {
		all.binary[l] = make([][]string, len(names))
	}
	covers := func(s *annotate.Span, t annotate.Token) bool {
		for _, f := range s.Fragments {
			if f.Start < t.End && t.Start < f.End {
				return true
			}
		}
		return false
	}
	uraters := make([][]Unit, len(names))
	offset := 0
	type pairCount = map[[2]int]*f1Count
	spanF1 := map[string]pairCount{}
	for _, in := range docs {
		text := annotate.NewText(in.Doc.Text)
		toks := annotate.Tokens(text)
		everyone := true
		for a, name := range names {
			spans, ok := in.Layers[name]
			everyone = everyone && ok
			sorted := slices.Clone(spans)
			annotate.SortSpans(sorted)
			for _, t := range toks {
				v := ""
				if ok {
					v = "O"
					for _, s := range sorted {
						if covers(s, t) {
							v = s.Label
							break
						}
					}
				}
				all.overall[a] = append(all.overall[a], v)
				for l := range labelSet {
					b := ""
					if ok {
						b = "0"
						for _, s := range sorted {
							if s.Label == l && covers(s, t) {
								b = "1"
							}
						}
					}
					all.binary[l][a] = append(all.binary[l][a], b)
				}
			}
		}
		if everyone {
			for a, name := range names {
				for _, s := range in.Layers[name] {
					for _, f := range s.Fragments {
						uraters[a] = append(uraters[a], Unit{Category: s.Label, Start: offset + f.Start, Length: f.End - f.Start})
					}
				}
			}
			offset += text.Len()
		}
		// Span matches, by the letter of the definition.
		for a := range names {
			for b := a + 1; b < len(names); b++ {
				sa, okA := in.Layers[names[a]]
				sb, okB := in.Layers[names[b]]
				if !okA || !okB {
					continue
				}
				for l := range labelSet {
					var xa, xb []*annotate.Span
					for _, s := range sa {
						if s.Label == l {
							xa = append(xa, s)
						}
					}
					for _, s := range sb {
						if s.Label == l {
							xb = append(xb, s)
						}
					}
					annotate.SortSpans(xa)
					annotate.SortSpans(xb)
					exactUsed := make([]bool, len(xb))
					overUsed := make([]bool, len(xb))
					var c f1Count
					c.a, c.b = float64(len(xa)), float64(len(xb))
					for _, x := range xa {
						for j, y := range xb {
							if !exactUsed[j] && slices.Equal(x.Fragments, y.Fragments) {
								exactUsed[j] = true
								c.exact++
								break
							}
						}
						for j, y := range xb {
							if !overUsed[j] && overlaps(x, y) {
								overUsed[j] = true
								c.overlap++
								break
							}
						}
					}
					for _, key := range []string{"", l} {
						if spanF1[key] == nil {
							spanF1[key] = pairCount{}
						}
						pc := spanF1[key][[2]int{a, b}]
						if pc == nil {
							pc = &f1Count{}
							spanF1[key][[2]int{a, b}] = pc
						}
						pc.add(c)
					}
				}
			}
		}
	}
	coding := func(codes [][]string) Measures {
		var kappas []*float64
		for a := range codes {
			for b := a + 1; b < len(codes); b++ {
				var pairs []Pair
				for t := range codes[a] {
					if codes[a][t] != "" && codes[b][t] != "" {
						pairs = append(pairs, Pair{codes[a][t], codes[b][t]})
					}
				}
				kappas = append(kappas, Cohen(pairs).Value)
			}
		}
		var units [][]string
		var counts [][]int
		cats := map[string]int{}
		for t := range codes[0] {
			var u []string
			for a := range codes {
				u = append(u, codes[a][t])
				if _, ok := cats[codes[a][t]]; !ok && codes[a][t] != "" {
					cats[codes[a][t]] = len(cats)
				}
			}
			units = append(units, u)
		}
		for _, u := range units {
			c := make([]int, len(cats))
			for _, v := range u {
				if v != "" {
					c[cats[v]]++
				}
			}
			counts = append(counts, c)
		}
		return Measures{
			CohenKappa:        meanOf(kappas),
			FleissKappa:       Fleiss(counts).Value,
			KrippendorffAlpha: Krippendorff(units, "").Value,
		}
	}
	f1Of := func(key string) (exact, overlap *float64) {
		var e, o []*float64
		for a := range names {
			for b := a + 1; b < len(names); b++ {
				pc := spanF1[key][[2]int{a, b}]
				if pc == nil {
					pc = &f1Count{}
				}
				e = append(e, f1(pc.exact, pc.a, pc.b))
				o = append(o, f1(pc.overlap, pc.a, pc.b))
			}
		}
		return meanOf(e), meanOf(o)
	}
	u := Unitized(0, offset, uraters)
	overall = coding(all.overall)
	overall.UnitizedAlpha = u.Alpha
	overall.F1Exact, overall.F1Overlap = f1Of("")
	labels = map[string]Measures{}
	for l := range labelSet {
		m := coding(all.binary[l])
		if c, ok := u.Categories[l]; ok {
			m.UnitizedAlpha = c.Value
		}
		m.F1Exact, m.F1Overlap = f1Of(l)
		labels[l] = m
	}
	return overall, labels
}

// TestComputeOracle checks Compute's corpus measures against the same
// measures computed token by token with the plain-data functions, on random
// corpora.
func TestComputeOracle(t *testing.T) {
	for seed := range uint64(6) {
		t.Run(fmt.Sprint("seed ", seed), func(t *testing.T) {
			r := rand.New(rand.NewPCG(seed, 99))
			names := []string{"alice", "bob", "carol"}[:2+int(seed%2)]
			docs := randomCorpus(r, 40, names)
			rep, err := Compute(context.Background(), names, feed(docs...), nil)
			if err != nil {
				t.Fatal(err)
			}
			wantAll, wantLabels := oracle(docs, names)
			wantAll.LinkF1 = nil
			checkMeasures(t, "overall", rep.Overall, wantAll)
			if len(rep.Labels) != len(wantLabels) {
				t.Errorf("got %d labels, want %d", len(rep.Labels), len(wantLabels))
			}
			for l, want := range wantLabels {
				checkMeasures(t, l, rep.Labels[l], want)
			}
		})
	}
}

// TestComputeDocumentsAlone checks that a document's row does not depend on
// the documents measured before it on the same worker.
func TestComputeDocumentsAlone(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 7))
	names := []string{"alice", "bob", "carol"}
	docs := randomCorpus(r, 30, names)
	rep, err := Compute(context.Background(), names, feed(docs...), nil)
	if err != nil {
		t.Fatal(err)
	}
	rows := map[string]Measures{}
	for _, d := range rep.Documents {
		rows[d.ID] = d.Measures
	}
	for _, in := range docs {
		alone, err := Compute(context.Background(), names, feed(in), nil)
		if err != nil {
			t.Fatal(err)
		}
		checkMeasures(t, in.Doc.ID, rows[in.Doc.ID], alone.Documents[0].Measures)
	}
}
