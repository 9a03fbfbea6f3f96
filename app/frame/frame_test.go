package frame

import (
	"testing"

	"github.com/skein-news/skein/annotate"
)

func TestClip(t *testing.T) {
	for _, tc := range []struct {
		s    string
		n    int
		want string
	}{
		{"short", 10, "short"},
		{"the surge in attacks", 12, "the surge…"}, // cut at the last space
		{"آرمی چیف نے کہا", 7, "آرمی…"},            // counts code points
		{"unbrokenwordthatislong", 8, "unbroken…"}, // no space in the second half
		// The space after 4 of 10 characters is in the first half, though
		// its byte index (8) is past the half of 10.
		{"ابجد ابجدابجدابجدابجد", 10, "ابجد ابجدا…"},
	} {
		if got := Clip(tc.s, tc.n); got != tc.want {
			t.Errorf("Clip(%q, %d) = %q, want %q", tc.s, tc.n, got, tc.want)
		}
	}
}

func TestThousands(t *testing.T) {
	for n, want := range map[int]string{0: "0", 999: "999", 1000: "1,000", 20000: "20,000", 1234567: "1,234,567"} {
		if got := Thousands(n); got != want {
			t.Errorf("Thousands(%d) = %q, want %q", n, got, want)
		}
	}
}

func TestCountThousands(t *testing.T) {
	for n, want := range map[int]string{0: "0 articles", 1: "1 article", 2: "2 articles", 12345: "12,345 articles"} {
		if got := CountThousands(n, "article"); got != want {
			t.Errorf("CountThousands(%d) = %q, want %q", n, got, want)
		}
	}
}

func TestWhere(t *testing.T) {
	s := &annotate.Span{Fragments: []annotate.Fragment{{Start: 12, End: 30}, {Start: 41, End: 52}}}
	if got, want := Where(s), "12–30 + 41–52"; got != want {
		t.Errorf("Where = %q, want %q", got, want)
	}
}
