package annotate

import "testing"

func TestCount(t *testing.T) {
	for n, want := range map[int]string{0: "0 spans", 1: "1 span", 2: "2 spans"} {
		if got := Count(n, "span"); got != want {
			t.Errorf("Count(%d) = %q, want %q", n, got, want)
		}
	}
}

// TestSize: a size reads in the unit that shows it, never "0.0 MB".
func TestSize(t *testing.T) {
	for _, c := range []struct {
		n    int64
		want string
	}{{1, "1 byte"}, {71, "71 bytes"}, {999, "999 bytes"}, {1000, "1.0 KB"}, {19505, "19.5 KB"}, {999_949, "999.9 KB"}, {999_950, "1.0 MB"}, {42_000_000, "42.0 MB"}} {
		if got := Size(c.n); got != c.want {
			t.Errorf("Size(%d) = %q, want %q", c.n, got, c.want)
		}
	}
}
