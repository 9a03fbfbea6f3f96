package annotate

import (
	"strings"
	"testing"
	"time"
)

// A clock set back while skein runs (one that ran a year ahead, put
// right) refuses at once the times a day past its new reading: the check
// kept the latest reading seen and let through, until restart, times up
// to a day past the old one, the very times the wrong clock had stamped.
func TestClockSetBack(t *testing.T) {
	real := time.Now().UnixMilli()
	ahead := real + 365*24*time.Hour.Milliseconds()
	clock := ahead
	old := clockNow
	clockNow = func() int64 { return clock }
	t.Cleanup(func() { clockNow = old })

	stamped := ahead - time.Minute.Milliseconds() // written while the clock ran ahead
	if err := CheckMillis(stamped); err != nil {
		t.Fatalf("a time of the clock's own reading: %v", err)
	}
	if err := CheckMillis(ahead + 2*FutureMargin.Milliseconds()); err == nil {
		t.Fatal("a time two days past the clock: accepted")
	}
	if err := CheckMillis(stamped); err != nil {
		t.Fatalf("the clock's own time again: %v", err)
	}
	line := []byte(`{"text":"Kakar spoke.","spans":[{"id":"k","start":0,"end":5,"text":"Kakar","label":"actor","annotator":"al","created":"` +
		FormatMillis(stamped) + `"}],"layers":[{"annotator":"al","modified":"` + FormatMillis(stamped) + `"}]}`)
	if _, err := ParseLine(line, ReadOptions{}); err != nil {
		t.Fatalf("a line stamped by the clock's own reading: %v", err)
	}
	clock = real // put right
	if err := CheckMillis(stamped); err == nil || !strings.Contains(err.Error(), "more than a day after this machine's clock") {
		t.Errorf("a time stamped while the clock ran a year ahead, after it was put right: %v, want it refused", err)
	}
	if _, err := ParseLine(line, ReadOptions{}); err == nil || !strings.Contains(err.Error(), "more than a day after this machine's clock") {
		t.Errorf("a line stamped while the clock ran a year ahead, after it was put right: %v, want it refused", err)
	}
	// A step back of NTP's, a few seconds: the margin of a day covers it.
	clock = real - 5*time.Second.Milliseconds()
	if err := CheckMillis(real + time.Hour.Milliseconds()); err != nil {
		t.Errorf("an hour past the clock after a step back of 5 s: %v, want it taken", err)
	}
}
