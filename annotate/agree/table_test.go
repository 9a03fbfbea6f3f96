package agree

import "testing"

func TestFormatMeasure(t *testing.T) {
	for _, c := range []struct {
		v    *float64
		want string
	}{
		{nil, "undefined"},
		{ptr(0.4921), "0.492"},
		{ptr(-0.0004), "0.000"},
		{ptr(-0.0006), "-0.001"},
		{ptr(1), "1.000"},
	} {
		if got := Format(c.v); got != c.want {
			t.Errorf("Format(%v) = %q, want %q", c.v, got, c.want)
		}
	}
}
