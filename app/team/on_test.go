package team

import (
	"testing"
	"time"
)

// On says a day and a time as a person says them, with the year only
// where it is not this one's.
func TestOn(t *testing.T) {
	now := time.Date(2026, time.December, 7, 21, 4, 0, 0, time.Local)
	for _, c := range []struct {
		t    time.Time
		want string
	}{
		{time.Date(2026, time.December, 7, 14, 2, 59, 0, time.Local), "on 7 Dec at 14:02"},
		{time.Date(2026, time.March, 30, 9, 5, 0, 0, time.Local), "on 30 Mar at 09:05"},
		{time.Date(2025, time.December, 30, 23, 15, 0, 0, time.Local), "on 30 Dec 2025 at 23:15"},
	} {
		if got := On(c.t, now); got != c.want {
			t.Errorf("On(%v) = %q, want %q", c.t, got, c.want)
		}
	}
}
