package store

import (
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/skein-news/skein/annotate"
)

func TestRuneCount(t *testing.T) {
	tests := []string{
		"", "a", "plain ascii text of some length",
		"Müller met García in Kraków — “quoted” 🎉 emoji and ½",
		strings.Repeat("éü😀x", 37),
		"bad \xff utf-8 \xc3",
	}
	for _, s := range tests {
		if got, want := runeCount(s), utf8.RuneCountInString(s); got != want {
			t.Errorf("runeCount(%q): got %d, want %d", s, got, want)
		}
	}
}

func TestIDKeys(t *testing.T) {
	tests := []struct {
		id      string
		rawUUID bool
	}{
		{"0190a3c4-1111-7000-8000-000000000001", true},
		{"0190A3C4-1111-7000-8000-000000000001", false}, // not canonical: kept as written
		{"0190a3c4-1111-7000-8000-00000000000A", false}, // one upper-case digit
		{"0190a3c4-1111-7000-8000-00000000000g", false},
		{"0190a3c4x1111-7000-8000-000000000001", false},
		{"{0190a3c4-1111-7000-8000-000000000001}", false},
		{"T1", false},
		{"", false},
		{strings.Repeat("x", 300), false},
		{"with\x00nul", false},
	}
	for _, tc := range tests {
		k := appendID(nil, tc.id)
		if got := k[0] == idUUID; got != tc.rawUUID {
			t.Errorf("%q: raw UUID form %v, want %v", tc.id, got, tc.rawUUID)
		}
		got, rest, err := readID(append(k, 'z'))
		if err != nil || got != tc.id || string(rest) != "z" {
			t.Errorf("%q: read back %q, rest %q, %v", tc.id, got, rest, err)
		}
		if n := idLen(k); n != len(k) {
			t.Errorf("%q: idLen %d, want %d", tc.id, n, len(k))
		}
	}
	// A key is made for every span written and looked up: none allocates.
	buf := make([]byte, 0, 64)
	id := annotate.NewID()
	if n := testing.AllocsPerRun(100, func() { buf = appendID(buf[:0], id) }); n != 0 {
		t.Errorf("appendID of a UUID: %v allocations, want 0", n)
	}
}

func TestSpanEntryRoundTrip(t *testing.T) {
	spans := []*annotate.Span{
		{ID: "T1", Doc: "0123456789abcdef", Annotator: "ana", Label: "claim", Fragments: []annotate.Fragment{{Start: 0, End: 5}}},
		{ID: annotate.NewID(), Doc: "0123456789abcdef", Annotator: "ben", Label: "Protein", Note: "n",
			Fragments: []annotate.Fragment{{Start: 3, End: 9}, {Start: 12, End: 40}},
			Attrs:     map[string]string{"b": "2", "a": ""}, Norms: []annotate.Norm{{DB: "UniProt", ID: "P1", Text: "t"}, {DB: "x", ID: "y"}}, Created: -5},
	}
	var list []byte
	list = append(list, byte(len(spans)))
	for _, sp := range spans {
		e := appendEntry(nil, sp)
		list = append(list, byte(len(e)))
		list = append(list, e...)
	}
	var dec spanDecoder
	if err := dec.addList("0123456789abcdef", list, nil, nil); err != nil {
		t.Fatal(err)
	}
	got := dec.finish()
	if !sameSpans(got, spans) {
		t.Fatalf("got %+v, want %+v", got, spans)
	}
	// Every truncation of an entry is an error, not a panic.
	e := appendEntry(nil, spans[1])
	for n := 0; n < len(e); n++ {
		var d spanDecoder
		if err := d.add("0123456789abcdef", e[:n], nil, nil); err == nil {
			t.Errorf("entry cut to %d of %d bytes: got nil error", n, len(e))
		}
	}
}

// TestRecordsRoundTrip encodes each kind of record, decodes it, and checks
// that every truncated copy is refused rather than misread.
func TestRecordsRoundTrip(t *testing.T) {
	d := &annotate.Document{ID: "0123456789abcdef", Title: "Tïtle", Source: "a/b.txt", Date: "2024-01-02", Text: "Some text ✓.", Meta: map[string]string{"k": "v", "a": ""}}
	th := &annotate.Thread{ID: "t", Title: "chain", Annotator: "ana", Kind: annotate.KindEquiv, Note: "n", Created: 42,
		Members: []annotate.Member{{Doc: d.ID, Span: "T1"}, {Doc: "fedcba9876543210", Span: annotate.NewID(), Link: "Equiv"}}}
	m := &annotate.Mark{Doc: d.ID, Annotator: "ana", Done: true, Answer: "accept"}
	dec := &annotate.Decision{Doc: d.ID, Span: "T1", Reviewer: "rev", Verdict: "edit", Curated: "c", At: -3}
	thRec, err := encodeThread(nil, th)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name   string
		rec    []byte
		decode func([]byte) (any, error)
		want   any
		// prefixOK says a truncation may still decode (the text is the
		// record's tail, so a shorter record is a shorter text).
		prefixOK bool
	}{
		{"document", encodeDoc(nil, d), func(b []byte) (any, error) { return decodeDoc(d.ID, b) }, d, true},
		{"info", append([]byte(d.ID), encodeInfo(nil, d, runeCount(d.Text))...), func(b []byte) (any, error) { di, err := decodeInfo(string(b)); return &di, err },
			&DocInfo{ID: d.ID, Title: d.Title, Source: d.Source, Date: d.Date, Len: 12}, false},
		{"thread", thRec, func(b []byte) (any, error) { return decodeThread("t", b) }, th, false},
		{"mark", encodeMark(nil, m), func(b []byte) (any, error) { return decodeMark(d.ID, "ana", b) }, m, false},
		{"decision", encodeDecision(nil, dec), func(b []byte) (any, error) { return decodeDecision(d.ID, "T1", "rev", b) }, dec, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := tc.decode(tc.rec)
			if err != nil || !reflect.DeepEqual(got, tc.want) {
				t.Fatalf("got %+v, %v; want %+v", got, err, tc.want)
			}
			for n := 0; n < len(tc.rec); n++ {
				got, err := tc.decode(tc.rec[:n])
				if err == nil && !tc.prefixOK {
					t.Errorf("record cut to %d of %d bytes decoded as %+v", n, len(tc.rec), got)
				}
			}
		})
	}
}

func TestChangeRoundTrip(t *testing.T) {
	doc := "0123456789abcdef"
	sp := &annotate.Span{ID: annotate.NewID(), Doc: doc, Annotator: "ana", Label: "claim", Note: "bad \xff byte",
		Fragments: []annotate.Fragment{{Start: 1, End: 4}}, Attrs: map[string]string{"k": "v"}, Created: 7}
	edited := sp.Clone()
	edited.Label = "actor"
	th := &annotate.Thread{ID: "R1", Annotator: "ana", Members: []annotate.Member{{Doc: doc, Span: sp.ID}, {Doc: doc, Span: "T2", Link: "x"}}}
	c := &annotate.Change{ID: annotate.NewID(), Desc: "everything", User: "ana", At: 1700000000000, Doc: doc,
		Spans:     []annotate.SpanEdit{{After: sp}, {Before: sp, After: edited}, {Before: edited}},
		Threads:   []annotate.ThreadEdit{{After: th}, {Before: th}},
		Marks:     []annotate.MarkEdit{{After: &annotate.Mark{Doc: doc, Annotator: "ana", Done: true, Answer: "accept"}}},
		Decisions: []annotate.DecisionEdit{{Before: &annotate.Decision{Doc: doc, Span: sp.ID, Reviewer: "rev", Verdict: "reject", At: 3}}},
	}
	rec, err := encodeChange(c)
	if err != nil {
		t.Fatal(err)
	}
	got, err := decodeChange(rec)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, c) {
		t.Errorf("got %+v, want %+v", got, c)
	}
	for n := 0; n < len(rec); n++ {
		if _, err := decodeChange(rec[:n]); err == nil {
			t.Errorf("change cut to %d of %d bytes: got nil error", n, len(rec))
		}
	}
}
