package annotate

import "testing"

func TestTextOffsets(t *testing.T) {
	tests := []struct {
		name       string
		text       string
		start, end int // code points
		want       string
		u16s, u16e int
	}{
		{"ascii", "Kakar said", 0, 5, "Kakar", 0, 5},
		{"emoji", "a👍b", 1, 2, "👍", 1, 3},
		{"after emoji", "a👍bc", 2, 4, "bc", 3, 5},
		{"cjk", "中文字 Pakistan", 4, 12, "Pakistan", 4, 12},
		{"combining", "cafe\u0301 x", 0, 5, "cafe\u0301", 0, 5},
		{"curly quote", "Pakistan’s caretaker", 0, 10, "Pakistan’s", 0, 10},
		{"em dash", "rise—2,267", 5, 10, "2,267", 5, 10},
		{"astral twice", "👍👍 TTP", 3, 6, "TTP", 5, 8},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			x := NewText(tc.text)
			if got := x.Slice(tc.start, tc.end); got != tc.want {
				t.Errorf("Slice(%d,%d) = %q, want %q", tc.start, tc.end, got, tc.want)
			}
			if got := x.UTF16(tc.start); got != tc.u16s {
				t.Errorf("UTF16(%d) = %d, want %d", tc.start, got, tc.u16s)
			}
			if got := x.UTF16(tc.end); got != tc.u16e {
				t.Errorf("UTF16(%d) = %d, want %d", tc.end, got, tc.u16e)
			}
			if got, ok := x.FromUTF16(tc.u16s); got != tc.start || !ok {
				t.Errorf("FromUTF16(%d) = %d,%v, want %d,true", tc.u16s, got, ok, tc.start)
			}
			b := x.Byte(tc.start)
			if got := x.CodePoint(b); got != tc.start {
				t.Errorf("CodePoint(Byte(%d)) = %d", tc.start, got)
			}
		})
	}
}

func TestFromUTF16InsideSurrogatePair(t *testing.T) {
	x := NewText("a👍b")
	if cp, ok := x.FromUTF16(2); ok || cp != 1 {
		t.Errorf("FromUTF16(2) = %d,%v, want 1,false", cp, ok)
	}
}

func TestSnap(t *testing.T) {
	text := "Pakistan’s caretaker PM — Kakar 👍 said 2,267 died. Attacks rose 60% in 2023."
	x := NewText(text)
	w := NewWords(x)
	tests := []struct {
		start, end int
		want       string
	}{
		{2, 14, "Pakistan’s caretaker"},
		{11, 12, "caretaker"},
		{20, 27, "PM — Kakar"},
		{40, 42, "2,267"}, {32, 33, "👍"},
		{45, 46, "died"},
		{24, 25, ""}, // only the dash and spaces: nothing to snap to
		{64, 66, "60%"},
		{49, 50, ""}, // only the full stop: it is not part of a word
		{65, 66, "60%"},
		// A possessive 's is a part of its own: an end before it stops
		// there, an end on it takes it.
		{0, 5, "Pakistan"}, {0, 8, "Pakistan"}, {3, 9, "Pakistan’s"}, {2, 10, "Pakistan’s"},
	}
	for cp, want := range map[int]string{3: "Pakistan", 7: "Pakistan", 8: "Pakistan’s", 9: "Pakistan’s", 27: "Kakar"} {
		if tok, ok := w.Word(cp); !ok || x.Slice(tok.Start, tok.End) != want {
			t.Errorf("Word(%d) = %q, want %q", cp, x.Slice(tok.Start, tok.End), want)
		}
	}
	for _, tc := range tests {
		s, e, ok := w.Snap(tc.start, tc.end)
		got := ""
		if ok {
			got = x.Slice(s, e)
		}
		if got != tc.want {
			t.Errorf("Snap(%d,%d) = %q, want %q", tc.start, tc.end, got, tc.want)
		}
	}
}

func TestQuoterMatchesText(t *testing.T) {
	text := "Pakistan’s PM 👍 Kakar — said 2,267 died. Cafe\u0301 中文 here.\n"
	x := NewText(text)
	spans := [][]Fragment{{{0, 10}}, {{0, 3}}, {{2, 20}}, {{11, 13}, {17, 22}}, {{14, 15}}, {{30, 45}}, {{5, 6}}, {{40, x.Len()}}}
	q := newQuoter(text)
	for _, f := range spans { // text order is not required: a span behind the cursor restarts it
		if got, want := q.quote(f), x.Fragments(f); got != want {
			t.Errorf("quote(%v) = %q, want %q", f, got, want)
		}
	}
}
