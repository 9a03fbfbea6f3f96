package agree

import (
	"fmt"
	"sort"
	"strings"
	"testing"

	"github.com/skein-news/skein/annotate"
)

// describe writes items as "kind [start,end) annotator=id …" lines.
func describe(items []Item) string {
	var lines []string
	for _, it := range items {
		var who []string
		for a, s := range it.Spans {
			who = append(who, a+"="+s.ID)
		}
		sort.Strings(who)
		lines = append(lines, fmt.Sprintf("%s [%d,%d) %s", it.Kind, it.Start, it.End, strings.Join(who, " ")))
	}
	return strings.Join(lines, "\n")
}

func TestCompare(t *testing.T) {
	a := func(id, label string, off ...int) *annotate.Span { return sp(id, "d", label, "a", off...) }
	b := func(id, label string, off ...int) *annotate.Span { return sp(id, "d", label, "b", off...) }
	c := func(id, label string, off ...int) *annotate.Span { return sp(id, "d", label, "c", off...) }
	tests := []struct {
		name       string
		layers     map[string][]*annotate.Span
		annotators []string
		want       []string
	}{
		{"agreement", map[string][]*annotate.Span{"a": {a("a1", "claim", 0, 5)}, "b": {b("b1", "claim", 0, 5)}},
			[]string{"a", "b"}, []string{"agreement [0,5) a=a1 b=b1"}},
		{"label conflict", map[string][]*annotate.Span{"a": {a("a1", "claim", 0, 5)}, "b": {b("b1", "actor", 0, 5)}},
			[]string{"a", "b"}, []string{"label conflict [0,5) a=a1 b=b1"}},
		{"boundary conflict", map[string][]*annotate.Span{"a": {a("a1", "claim", 0, 5)}, "b": {b("b1", "claim", 0, 8)}},
			[]string{"a", "b"}, []string{"boundary conflict [0,8) a=a1 b=b1"}},
		{"conflict", map[string][]*annotate.Span{"a": {a("a1", "claim", 0, 5)}, "b": {b("b1", "actor", 2, 8)}},
			[]string{"a", "b"}, []string{"conflict [0,8) a=a1 b=b1"}},
		{"one-sided", map[string][]*annotate.Span{"a": {a("a1", "claim", 0, 5)}, "b": {b("b1", "claim", 10, 12)}},
			[]string{"a", "b"}, []string{"one-sided [0,5) a=a1", "one-sided [10,12) b=b1"}},
		{"empty layer", map[string][]*annotate.Span{"a": {a("a1", "claim", 0, 5)}},
			[]string{"a", "b"}, []string{"one-sided [0,5) a=a1"}},
		{"nothing", nil, []string{"a", "b"}, nil},
		// b's short span pairs with a's identical one; b's long one is left over.
		{"closest pair wins", map[string][]*annotate.Span{
			"a": {a("a1", "claim", 0, 3)},
			"b": {b("b1", "claim", 0, 10), b("b2", "claim", 0, 3)}},
			[]string{"a", "b"}, []string{"one-sided [0,10) b=b1", "agreement [0,3) a=a1 b=b2"}},
		{"label breaks a tie", map[string][]*annotate.Span{
			"a": {a("a1", "claim", 0, 5)},
			"b": {b("b1", "actor", 0, 5), b("b2", "claim", 0, 5)}},
			// Same bounds: items follow annotate.SpanLess, actor before claim.
			[]string{"a", "b"}, []string{"one-sided [0,5) b=b1", "agreement [0,5) a=a1 b=b2"}},
		{"nested in both layers", map[string][]*annotate.Span{
			"a": {a("a1", "claim", 0, 10), a("a2", "actor", 2, 5)},
			"b": {b("b2", "actor", 2, 5), b("b1", "claim", 0, 10)}},
			[]string{"a", "b"}, []string{"agreement [0,10) a=a1 b=b1", "agreement [2,5) a=a2 b=b2"}},
		// a and c do not overlap, but each overlaps b.
		{"transitive", map[string][]*annotate.Span{
			"a": {a("a1", "claim", 0, 5)}, "b": {b("b1", "claim", 3, 8)}, "c": {c("c1", "claim", 6, 10)}},
			[]string{"a", "b", "c"}, []string{"boundary conflict [0,10) a=a1 b=b1 c=c1"}},
		{"third annotator silent", map[string][]*annotate.Span{
			"a": {a("a1", "claim", 0, 5)}, "b": {b("b1", "claim", 0, 5)}, "c": nil},
			[]string{"a", "b", "c"}, []string{"one-sided [0,5) a=a1 b=b1"}},
		// The fragments of a's discontinuous span straddle b's span.
		{"discontinuous gap", map[string][]*annotate.Span{
			"a": {a("a1", "claim", 0, 3, 8, 13)}, "b": {b("b1", "claim", 4, 7)}},
			[]string{"a", "b"}, []string{"one-sided [0,13) a=a1", "one-sided [4,7) b=b1"}},
		{"discontinuous agreement", map[string][]*annotate.Span{
			"a": {a("a1", "claim", 0, 3, 8, 13)}, "b": {b("b1", "claim", 0, 3, 8, 13)}},
			[]string{"a", "b"}, []string{"agreement [0,13) a=a1 b=b1"}},
		{"other layers ignored", map[string][]*annotate.Span{
			"a": {a("a1", "claim", 0, 5)}, "b": {b("b1", "claim", 0, 5)},
			annotate.CuratedLayer: {sp("x", "d", "actor", annotate.CuratedLayer, 0, 9)}},
			[]string{"a", "b"}, []string{"agreement [0,5) a=a1 b=b1"}},
		{"same layer duplicates", map[string][]*annotate.Span{
			"a": {a("a1", "claim", 0, 5), a("a2", "claim", 0, 5)}, "b": {b("b1", "claim", 0, 5)}},
			[]string{"a", "b"}, []string{"agreement [0,5) a=a1 b=b1", "one-sided [0,5) a=a2"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			items := Compare(tc.layers, tc.annotators)
			if got, want := describe(items), strings.Join(tc.want, "\n"); got != want {
				t.Errorf("got\n%s\nwant\n%s", got, want)
			}
			seen := map[string]int{}
			for _, it := range items {
				for _, s := range it.Spans {
					seen[s.ID]++
				}
			}
			for _, name := range tc.annotators {
				for _, s := range tc.layers[name] {
					if seen[s.ID] != 1 {
						t.Errorf("span %s: in %d items, want 1", s.ID, seen[s.ID])
					}
				}
			}
		})
	}
}

func TestAgreed(t *testing.T) {
	items := Compare(map[string][]*annotate.Span{
		"a": {sp("a1", "d", "claim", "a", 0, 5), sp("a2", "d", "actor", "a", 10, 15)},
		"b": {sp("b1", "d", "claim", "b", 0, 5), sp("b2", "d", "claim", "b", 10, 15)},
	}, []string{"a", "b"})
	got := describe(Agreed(items))
	if want := "agreement [0,5) a=a1 b=b1"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestCurate(t *testing.T) {
	agreedA := sp("a1", "d", "claim", "a", 0, 5)
	agreedA.Attrs = map[string]string{"Verified": "true"}
	agreedB := sp("b1", "d", "claim", "b", 0, 5)
	agreedB.Attrs = map[string]string{"Verified": "true"}
	layers := map[string][]*annotate.Span{
		"a": {
			agreedA,
			sp("a2", "d", "actor", "a", 10, 15),         // label conflict with b2
			sp("a3", "d", "figure", "a", 20, 25),        // boundary conflict with b3
			sp("a4", "d", "claim", "a", 40, 45),         // one-sided
			sp("a5", "d", "actor", "a", 50, 55, 60, 62), // agreement, discontinuous
		},
		"b": {
			agreedB,
			sp("b2", "d", "claim", "b", 10, 15),
			sp("b3", "d", "figure", "b", 20, 28),
			sp("b5", "d", "actor", "b", 50, 55, 60, 62),
		},
	}
	items := Compare(layers, []string{"a", "b"})
	frags := func(off ...int) []annotate.Fragment { return sp("", "", "", "", off...).Fragments }
	tests := []struct {
		name      string
		curated   []*annotate.Span
		rejected  map[string]bool
		wantAdd   []string // label and fragments of the new spans
		remaining int
	}{
		{"fresh", nil, nil, []string{"claim [{0 5}]", "actor [{50 55} {60 62}]"}, 3},
		{"agreed already curated", []*annotate.Span{sp("c1", "d", "claim", annotate.CuratedLayer, 0, 5)}, nil,
			[]string{"actor [{50 55} {60 62}]"}, 3},
		// Same fragments but another label: the agreed span is still added.
		{"curated with another label", []*annotate.Span{sp("c1", "d", "figure", annotate.CuratedLayer, 0, 5)}, nil,
			[]string{"claim [{0 5}]", "actor [{50 55} {60 62}]"}, 3},
		// The reviewer took b3's boundaries: the boundary conflict is settled.
		{"conflict settled by curation", []*annotate.Span{{ID: "c2", Doc: "d", Label: "figure", Annotator: annotate.CuratedLayer, Fragments: frags(20, 28)}}, nil,
			[]string{"claim [{0 5}]", "actor [{50 55} {60 62}]"}, 2},
		{"one-sided rejected", nil, map[string]bool{"a4": true},
			[]string{"claim [{0 5}]", "actor [{50 55} {60 62}]"}, 2},
		// Rejecting one side of a conflict leaves the other side open.
		{"half a conflict rejected", nil, map[string]bool{"a2": true},
			[]string{"claim [{0 5}]", "actor [{50 55} {60 62}]"}, 3},
		{"whole conflict rejected", nil, map[string]bool{"a2": true, "b2": true},
			[]string{"claim [{0 5}]", "actor [{50 55} {60 62}]"}, 2},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			add, accepted, remaining := Curate("d", items, tc.curated, "rev", tc.rejected)
			var got []string
			for _, s := range add {
				got = append(got, fmt.Sprintf("%s %v", s.Label, s.Fragments))
				if s.Annotator != annotate.CuratedLayer || s.Doc != "d" || s.ID == "" || s.ID == "a1" || s.ID == "b1" {
					t.Errorf("new span %+v: want a fresh ID in the curated layer of d", s)
				}
			}
			if strings.Join(got, "; ") != strings.Join(tc.wantAdd, "; ") {
				t.Errorf("added: got %q, want %q", got, tc.wantAdd)
			}
			if remaining != tc.remaining {
				t.Errorf("remaining: got %d, want %d", remaining, tc.remaining)
			}
			if len(accepted) != 2*len(add) {
				t.Fatalf("decisions: got %d, want %d", len(accepted), 2*len(add))
			}
			for i, d := range accepted {
				if d.Verdict != "accept" || d.Reviewer != "rev" || d.Curated != add[i/2].ID || d.Doc != "d" {
					t.Errorf("decision %+v: want rev accepting into %s", d, add[i/2].ID)
				}
			}
		})
	}
	t.Run("attributes", func(t *testing.T) {
		add, _, _ := Curate("d", items, nil, "rev", nil)
		if add[0].Attrs["Verified"] != "true" {
			t.Errorf("got attrs %v, want the shared Verified=true", add[0].Attrs)
		}
		add[0].Attrs["Verified"] = "changed"
		if agreedA.Attrs["Verified"] != "true" {
			t.Errorf("curated span aliases the source's attributes")
		}
		if add[1].Attrs != nil {
			t.Errorf("got attrs %v, want none", add[1].Attrs)
		}
	})
}
