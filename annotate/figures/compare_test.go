package figures

import (
	"math"
	"reflect"
	"testing"
)

func read(t *testing.T, s string) Value {
	t.Helper()
	v, ok := Read(s)
	if !ok {
		t.Fatalf("Read(%q) found nothing", s)
	}
	return v
}

func TestInterval(t *testing.T) {
	inf := math.Inf(1)
	tests := []struct {
		in   string
		want Interval
	}{
		{"2,267", Interval{Lo: 2267, Hi: 2267}},
		{"some 2,300", Interval{Lo: 2070, Hi: 2530}},
		{"over 2,200", Interval{Lo: 2200, Hi: inf, LoOpen: true, HiOpen: true}},
		{"at least 2,200", Interval{Lo: 2200, Hi: inf, HiOpen: true}},
		{"nearly 2,300", Interval{Lo: 2070, Hi: 2300, HiOpen: true}},
		{"under 2,300", Interval{Lo: -inf, Hi: 2300, LoOpen: true, HiOpen: true}},
		{"up to 2,300", Interval{Lo: -inf, Hi: 2300, LoOpen: true}},
		{"just over 2,200", Interval{Lo: 2200, Hi: 2420, LoOpen: true}},
		{"10 to 15", Interval{Lo: 10, Hi: 15}},
		{"about 100 to 200", Interval{Lo: 90, Hi: 220}},
		{"hundreds of thousands", Interval{Lo: 200000, Hi: inf, HiOpen: true}},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			if got := read(t, tt.in).Interval(); got != tt.want {
				t.Errorf("got %v, want %v", got, tt.want)
			}
		})
	}
}

func TestDisagree(t *testing.T) {
	tests := []struct {
		name string
		vals []string
		want bool
	}{
		{"the seeds' casualty figures fit 2,267", []string{"2,267", "some 2,300", "over 2,200"}, false},
		{"the seeds' 60% rise", []string{"60%", "60 percent", "60 percent"}, false},
		{"60% against 79%", []string{"60%", "79%"}, true},
		{"different units never disagree", []string{"79%", "60"}, false},
		{"a percent and a count", []string{"79%", "2,267"}, false},
		{"exact figures differ", []string{"2,267", "2,300"}, true},
		{"the same figure written two ways", []string{"1.7 million", "1,700,000"}, false},
		{"over excludes its bound", []string{"2,200", "over 2,200"}, true},
		{"at least includes it", []string{"2,200", "at least 2,200"}, false},
		{"about reaches 10% down", []string{"some 2,300", "2,070"}, false},
		{"but no further", []string{"some 2,300", "2,069"}, true},
		{"about reaches 10% up", []string{"about 2,300", "2,530"}, false},
		{"nearly and over the same number", []string{"nearly 2,300", "over 2,300"}, true},
		{"nearly is close to its number", []string{"nearly 2,300", "2,100"}, false},
		{"not far below it", []string{"nearly 2,300", "1,000"}, true},
		{"almost 80% is not 20%", []string{"almost 80%", "20%"}, true},
		{"under reaches as far as it likes", []string{"under 2,300", "1,000"}, false},
		{"just over is close too", []string{"just over 2,200", "5,000"}, true},
		{"a value inside a range", []string{"10 to 15", "12"}, false},
		{"a value outside it", []string{"10 to 15", "16"}, true},
		{"a percent range and a percent in it", []string{"60-70%", "65 percent"}, false},
		{"a percent range and one outside", []string{"60 to 70 percent", "79%"}, true},
		{"the seed's deportations", []string{"hundreds of thousands", "over 300,000", "more than 327,000"}, false},
		{"hundreds of thousands is not 2,300", []string{"hundreds of thousands", "some 2,300"}, true},
		{"pc and percent", []string{"60pc", "60 percent"}, false},
		{"up to and at least the same number", []string{"up to 2,300", "at least 2,300"}, false},
		{"two abouts that overlap", []string{"about 2,000", "about 2,400"}, false},
		{"two abouts apart", []string{"about 2,000", "about 2,500"}, true},
		{"one value", []string{"2,267"}, false},
		{"none", nil, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var vals []Value
			for _, s := range tt.vals {
				vals = append(vals, read(t, s))
			}
			if got := Disagree(vals); got != tt.want {
				t.Errorf("Disagree(%q) = %v, want %v", tt.vals, got, tt.want)
			}
		})
	}
}

func TestCompare(t *testing.T) {
	items := []Item{
		{Doc: "d0", Title: "Kakar links surge", Date: "2023-11-10", Value: read(t, "60%")},
		{Doc: "d0", Title: "Kakar links surge", Date: "2023-11-10", Value: read(t, "2,267")},
		{Doc: "d1", Title: "Kakar repeats call", Source: "001.txt", Value: read(t, "79%")},
		{Doc: "d1", Title: "Kakar repeats call", Value: read(t, "some 2,300")},
		{Doc: "d2", Source: "002.txt", Date: "2023-11-08", Value: read(t, "60 percent")},
		{Doc: "d2", Source: "002.txt", Date: "2023-11-08", Value: read(t, "over 2,200")},
	}
	r := Compare(items)
	if !r.Disagree {
		t.Fatalf("got no disagreement, want 79%% against 60%%")
	}
	if len(r.Groups) != 2 || r.Groups[0].Unit != Percent || r.Groups[1].Unit != "" {
		t.Fatalf("got groups %+v, want percent then plain numbers", r.Groups)
	}
	pct, count := r.Groups[0], r.Groups[1]
	if pct.Agree || !reflect.DeepEqual(pct.Conflicts, []Conflict{{A: 0, B: 1}, {A: 1, B: 2}}) {
		t.Errorf("percent: got agree %v conflicts %v, want 60%% vs 79%% twice", pct.Agree, pct.Conflicts)
	}
	for i, want := range []bool{true, true, true} {
		if got := pct.Disputed(i); got != want {
			t.Errorf("percent item %d: got disputed %v, want %v", i, got, want)
		}
	}
	want := Interval{Lo: 2267, Hi: 2267}
	if !count.Agree || len(count.Conflicts) != 0 || count.Range != want {
		t.Errorf("counts: got agree %v conflicts %v range %v, want agreement on %v", count.Agree, count.Conflicts, count.Range, want)
	}
	gotLines := r.Summary()
	wantLines := []string{
		"“60%” in Kakar links surge (2023-11-10) vs “79%” in Kakar repeats call",
		"“79%” in Kakar repeats call vs “60 percent” in 002.txt (2023-11-08)",
	}
	if !reflect.DeepEqual(gotLines, wantLines) {
		t.Errorf("got summary %q, want %q", gotLines, wantLines)
	}
}

func TestIntersect(t *testing.T) {
	inf := math.Inf(1)
	tests := []struct {
		name string
		a, b Interval
		want Interval
		ok   bool
	}{
		{"overlap", Interval{Lo: 1, Hi: 5}, Interval{Lo: 3, Hi: 9}, Interval{Lo: 3, Hi: 5}, true},
		{"touching closed", Interval{Lo: 1, Hi: 3}, Interval{Lo: 3, Hi: 9}, Interval{Lo: 3, Hi: 3}, true},
		{"touching open", Interval{Lo: 1, Hi: 3, HiOpen: true}, Interval{Lo: 3, Hi: 9}, Interval{}, false},
		{"apart", Interval{Lo: 1, Hi: 2}, Interval{Lo: 3, Hi: 4}, Interval{}, false},
		{"two overs", Interval{Lo: 1, Hi: inf, LoOpen: true, HiOpen: true}, Interval{Lo: 1, Hi: inf, HiOpen: true},
			Interval{Lo: 1, Hi: inf, LoOpen: true, HiOpen: true}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := tt.a.Intersect(tt.b)
			if got != tt.want || ok != tt.ok {
				t.Errorf("got %v %v, want %v %v", got, ok, tt.want, tt.ok)
			}
			if back, ok2 := tt.b.Intersect(tt.a); back != got || ok2 != ok {
				t.Errorf("not symmetric: got %v %v the other way", back, ok2)
			}
		})
	}
}

func TestValueString(t *testing.T) {
	tests := []struct{ in, want string }{
		{"2,267", "2,267"},
		{"some 2,300", "about 2,300"},
		{"more than 327,000", "over 327,000"},
		{"at least 15", "at least 15"},
		{"nearly 2,300", "nearly 2,300"},
		{"under 2,300", "under 2,300"},
		{"just over 2,200", "just over 2,200"},
		{"10 to 15", "10–15"},
		{"about 60-70%", "about 60–70%"},
		{"1.5 to 2 million", "1.5 million–2 million"},
		{"hundreds of thousands", "at least 200,000"},
		{"60pc", "60%"},
		{"up to 500", "up to 500"},
		{"60 percent", "60%"},
		{"1.7 million", "1.7 million"},
		{"1,700,001", "1,700,001"},
		{"2.5 billion", "2.5 billion"},
		{"0.5%", "0.5%"},
		{"1234567.25", "1,234,567.25"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			if got := read(t, tt.in).String(); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}
