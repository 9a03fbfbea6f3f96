package annotate

import "testing"

func TestCount(t *testing.T) {
	for n, want := range map[int]string{0: "0 spans", 1: "1 span", 2: "2 spans"} {
		if got := Count(n, "span"); got != want {
			t.Errorf("Count(%d) = %q, want %q", n, got, want)
		}
	}
}
