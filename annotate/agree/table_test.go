package agree

import (
	"math"
	"testing"
)

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

func TestValueIsNeverAboveOne(t *testing.T) {
	if v := value(1.0000000000000175); v == nil || *v != 1 {
		t.Errorf("value(1+ε) = %v, want 1", v)
	}
	if v := value(0.5); v == nil || *v != 0.5 {
		t.Errorf("value(0.5) = %v", v)
	}
	if value(math.NaN()) != nil {
		t.Error("NaN is a value")
	}
}
