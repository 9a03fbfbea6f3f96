package figures

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestRead(t *testing.T) {
	tests := []struct {
		in        string
		num       float64
		q         string
		inclusive bool
		unit      string
		text      string
	}{
		{"2,267", 2267, Exact, false, "", "2,267"},
		{"some 2,300", 2300, About, false, "", "some 2,300"},
		{"over 2,200", 2200, Over, false, "", "over 2,200"},
		{"60 percent", 60, Exact, false, Percent, "60 percent"},
		{"60%", 60, Exact, false, Percent, "60%"},
		{"79%", 79, Exact, false, Percent, "79%"},
		{"60 %", 60, Exact, false, Percent, "60 %"},
		{"60 per cent", 60, Exact, false, Percent, "60 per cent"},
		{"a 60-percent rise", 60, Exact, false, Percent, "60-percent"},
		{"1.7 million", 1700000, Exact, false, "", "1.7 million"},
		{"500 percent", 500, Exact, false, Percent, "500 percent"},
		{"17,000", 17000, Exact, false, "", "17,000"},
		{"over 17,000", 17000, Over, false, "", "over 17,000"},
		{"327,000", 327000, Exact, false, "", "327,000"},
		{"1,234,567.5", 1234567.5, Exact, false, "", "1,234,567.5"},
		{"0.5%", 0.5, Exact, false, Percent, "0.5%"},
		{"more than 327,000", 327000, Over, false, "", "more than 327,000"},
		{"More than 327,000", 327000, Over, false, "", "More than 327,000"},
		{"nearly 2,300", 2300, Under, false, "", "nearly 2,300"}, // near: see TestReadNear
		{"at least 15", 15, Over, true, "", "at least 15"},
		{"up to 500", 500, Under, true, "", "up to 500"},
		{"about 40", 40, About, false, "", "about 40"},
		{"around 40", 40, About, false, "", "around 40"},
		{"approximately 2.5 billion", 2.5e9, About, false, "", "approximately 2.5 billion"},
		{"roughly 300", 300, About, false, "", "roughly 300"},
		{"almost 80%", 80, Under, false, Percent, "almost 80%"},
		{"less than 10 percent", 10, Under, false, Percent, "less than 10 percent"},
		{"fewer than 100", 100, Under, false, "", "fewer than 100"},
		{"under 1,000", 1000, Under, false, "", "under 1,000"},
		{"~2,300", 2300, About, false, "", "~2,300"},
		{"two million", 2e6, Exact, false, "", "two million"},
		{"some two million refugees", 2e6, About, false, "", "some two million"},
		{"twenty-five thousand", 25000, Exact, false, "", "twenty-five thousand"},
		{"two hundred and fifty", 250, Exact, false, "", "two hundred and fifty"},
		{"a million", 1e6, Exact, false, "", "a million"},
		{"nearly half a million", 5e5, Under, false, "", "nearly half a million"},
		{"five", 5, Exact, false, "", "five"},
		{"over 2,200 Pakistani lives", 2200, Over, false, "", "over 2,200"},
		{"resulting in 2,267 casualties", 2267, Exact, false, "", "2,267"},
		{"the first half of 2023, 79%", 79, Exact, false, Percent, "79%"},
		{"2023", 2023, Exact, false, "", "2023"},
		{"3,45", 3, Exact, false, "", "3"}, // not a thousands group
		{"1234,567", 1234, Exact, false, "", "1234"},
		{"2,267.", 2267, Exact, false, "", "2,267"},
		{"Kakar’s 60% rise", 60, Exact, false, Percent, "60%"},
		// Plural scale words state a figure with no number: at least two of
		// the scale.
		{"hundreds of thousands of unregistered Afghan nationals", 200000, Over, true, "", "hundreds of thousands"},
		{"thousands", 2000, Over, true, "", "thousands"},
		{"tens of thousands", 20000, Over, true, "", "tens of thousands"},
		{"with millions of people in urgent need", 2e6, Over, true, "", "millions"},
		{"dozens of militants", 24, Over, true, "", "dozens"},
		{"two dozen", 24, Exact, false, "", "two dozen"},
		{"a dozen", 12, Exact, false, "", "a dozen"},
		{"half a dozen", 6, Exact, false, "", "half a dozen"},
		// Hedges after the number.
		{"2,300-plus", 2300, Over, true, "", "2,300-plus"},
		{"2,000 or more", 2000, Over, true, "", "2,000 or more"},
		{"2,000 or so", 2000, About, false, "", "2,000 or so"},
		// "pc", as Dawn and The Express Tribune write percent.
		{"60pc", 60, Exact, false, Percent, "60pc"},
		{"surged by 60 pc", 60, Exact, false, Percent, "60 pc"},
		{"nearly 60pc", 60, Under, false, Percent, "nearly 60pc"}, // near: see TestReadNear
		// South Asian counting, and rupees glued to the amount.
		{"1,00,000", 100000, Exact, false, "", "1,00,000"},
		{"12,34,567", 1234567, Exact, false, "", "12,34,567"},
		{"10 lakh", 1e6, Exact, false, "", "10 lakh"},
		{"Rs1.5 lakh", 150000, Exact, false, "", "1.5 lakh"},
		{"3 crore", 3e7, Exact, false, "", "3 crore"},
		{"Rs10 billion", 1e10, Exact, false, "", "10 billion"},
		{"Rs.500", 500, Exact, false, "", "500"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			v, ok := Read(tt.in)
			if !ok {
				t.Fatalf("Read(%q) found nothing, want %v", tt.in, tt.num)
			}
			v.Near = false // TestReadNear
			want := Value{Number: tt.num, Qualifier: tt.q, Inclusive: tt.inclusive, Unit: tt.unit, Text: tt.text}
			if v != want {
				t.Errorf("Read(%q) = %+v, want %+v", tt.in, v, want)
			}
		})
	}
}

// TestReadNear checks which hedges put the figure close to their bound:
// "nearly 2,300" is not 500.
func TestReadNear(t *testing.T) {
	for in, want := range map[string]bool{
		"nearly 2,300": true, "almost 80%": true, "just under 1,000": true, "not quite 50": true, "just over 2,200": true,
		"under 2,300": false, "less than 10 percent": false, "over 2,200": false, "well over 2,200": false, "up to 500": false,
		"nearly 60pc": true,
	} {
		if v := read(t, in); v.Near != want {
			t.Errorf("Read(%q).Near = %v, want %v", in, v.Near, want)
		}
	}
}

// TestReadRange checks ranges: their ends, their unit, their hedge, and the
// text they cover.
func TestReadRange(t *testing.T) {
	tests := []struct {
		in       string
		from, to float64
		q, unit  string
		text     string
	}{
		{"10 to 15", 10, 15, Exact, "", "10 to 15"},
		{"killed 10-15 people", 10, 15, Exact, "", "10-15"},
		{"2,000–3,000", 2000, 3000, Exact, "", "2,000–3,000"},
		{"between 2,000 and 3,000 people", 2000, 3000, Exact, "", "between 2,000 and 3,000"},
		{"a 60-70% rise", 60, 70, Exact, Percent, "60-70%"},
		{"60 to 70 percent", 60, 70, Exact, Percent, "60 to 70 percent"},
		{"60% to 70%", 60, 70, Exact, Percent, "60% to 70%"},
		{"1.5 to 2 million", 1.5e6, 2e6, Exact, "", "1.5 to 2 million"},
		{"two to three thousand", 2000, 3000, Exact, "", "two to three thousand"},
		{"500 to 2 million", 500, 2e6, Exact, "", "500 to 2 million"},
		{"about 10 to 15", 10, 15, About, "", "about 10 to 15"},
		{"over the next 2-3 years", 2, 3, Exact, "", "2-3"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			want := Value{Number: tt.from, To: tt.to, Qualifier: tt.q, Unit: tt.unit, Text: tt.text}
			if v := read(t, tt.in); v != want {
				t.Errorf("Read(%q) = %+v, want %+v", tt.in, v, want)
			}
		})
	}
	// Not ranges: ends out of order, different units, "and" without
	// "between". The first number is read alone.
	for in, want := range map[string]string{
		"10,000 to 9,000": "10,000", "10 percent to 15": "10 percent", "60%-70%": "60%", "10 and 15": "10",
	} {
		if v := read(t, in); v.To != 0 || v.Text != want {
			t.Errorf("Read(%q) = %+v, want %q alone", in, v, want)
		}
	}
}

func TestReadNothing(t *testing.T) {
	for _, in := range []string{"", "Kakar said", "2023-11-10", "COVID-19", "the 3rd", "G20", "10am", "24/7", "a lot", "half an hour", "a hundredth",
		"2021-22", "FY2021-22", "a 3-2 win", "9/11"} {
		t.Run(in, func(t *testing.T) {
			if v, ok := Read(in); ok {
				t.Errorf("Read(%q) = %+v, want nothing", in, v)
			}
		})
	}
}

func TestFindOffsets(t *testing.T) {
	// Code points, not bytes: the curly quotes and emoji before the figures
	// take several bytes each.
	text := "Kakar’s “60%” 👍 — some 2,300 killed, in 2021 (November 11) or 2023-11-10; one local, at least five; " +
		"2019–2021, November 10-12, hundreds of thousands 🇵🇰 10–15 years, between 2,000 and 3,000."
	var got []string
	for _, m := range Find(text) {
		r := []rune(text)
		if s := string(r[m.Start:m.End]); s != m.Value.Text {
			t.Errorf("match [%d,%d) covers %q, its text is %q", m.Start, m.End, s, m.Value.Text)
		}
		got = append(got, m.Value.Text)
	}
	want := []string{"60%", "some 2,300", "at least five", "hundreds of thousands", "10–15", "between 2,000 and 3,000"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %q, want %q", got, want)
	}
}

// TestFindLeavesOutIdentifiers: a number that names a thing — an article of
// a constitution, a section of a law, a UN resolution, a fighter jet, a
// gate — counts nothing, and Find offers none of them; the figures in the
// same sentences still are. The sentences are the seed articles' own (the
// first of each pair), and the same with the names the press gives beside
// such figures.
func TestFindLeavesOutIdentifiers(t *testing.T) {
	seeds := readSeeds(t)
	for _, tc := range []struct {
		text string
		seed bool // the seed articles' own sentence, as they hold it
		want []string
	}{
		{"Article 0 headline", false, nil},
		{"Article 0 headline\n\nSince then, some 2,300 people have been killed.", false, []string{"some 2,300"}},
		// Seed 000, as it stands, then with the constitution's article the
		// caretaker government invoked.
		{"Over the past two years, since the Taliban’s resurgence in Afghanistan, terrorist incidents in Pakistan have surged by 60%, resulting in 2,267 casualties.",
			true, []string{"60%", "2,267"}},
		{"Invoking Article 245 of the Constitution, terrorist incidents in Pakistan have surged by 60%, resulting in 2,267 casualties.",
			false, []string{"60%", "2,267"}},
		// Seed 001, then with the Security Council's resolution on Afghanistan.
		{"According to the UN, more than 327,000 Afghan refugees have been expelled as of November 11, with an average of over 17,000 crossing the border each day.",
			true, []string{"more than 327,000", "over 17,000"}},
		{"According to UN Security Council Resolution 2593, more than 327,000 Afghan refugees have been expelled as of November 11.", false, []string{"more than 327,000"}},
		{"According to UN Security Council resolution 2593, more than 327,000 Afghan refugees have been expelled.", false, []string{"more than 327,000"}},
		{"The convoy crossed at Gate No. 3, with an average of over 17,000 crossing the border each day.", false, []string{"over 17,000"}},
		// Seed 002, then with section 144 imposed and the law's section.
		{"Kakar further mentioned that there had been 15 suicide bombings conducted by Afghan individuals in the past few months",
			true, []string{"15"}},
		{"Police imposed Section 144 in Islamabad for 15 days after 15 suicide bombings.", false, []string{"15", "15"}},
		{"Under section 3 of the Foreigners Act 1946, over 2,200 were held.", false, []string{"over 2,200"}},
		{"Articles 62 and 63 of the Constitution bar them; Sections 3, 4 or 5 apply.", false, nil},
		{"Pakistan’s F-16 and JF-17 jets struck after the COVID-19 lull.", false, nil},
		// Seed 001, then with the plan's phase and a rank.
		{"Pakistan has recently begun a widespread crackdown on 1.7 million undocumented Afghan refugees.", true, []string{"1.7 million"}},
		{"Phase 2 of the plan targets 1.7 million undocumented Afghan refugees, #1 on its list.", false, []string{"1.7 million"}},
		// In lower case "case" and "part" come before quantities too.
		{"in case 3 soldiers are hurt, part 2,000 of the reserve moves", false, []string{"3", "2,000"}},
	} {
		var got []string
		for _, m := range Find(tc.text) {
			got = append(got, m.Value.Text)
		}
		if !reflect.DeepEqual(got, tc.want) {
			t.Errorf("Find(%q) = %q, want %q", tc.text, got, tc.want)
		}
		if tc.seed {
			found := false
			for _, doc := range seeds {
				found = found || strings.Contains(doc, tc.text)
			}
			if !found {
				t.Errorf("%q is in no seed article", tc.text)
			}
		}
	}
	// A span labelled figure over an article's number still reads it: it
	// is what the annotator chose.
	if v, ok := Read("Article 6"); !ok || v.Number != 6 {
		t.Errorf("Read(%q) = %+v, %v, want 6", "Article 6", v, ok)
	}
}

func readSeeds(t *testing.T) map[string]string {
	t.Helper()
	paths, err := filepath.Glob("../../seeds/*.txt")
	if err != nil || len(paths) == 0 {
		t.Fatalf("seed articles: %v (found %d)", err, len(paths))
	}
	out := map[string]string{}
	for _, p := range paths {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		out[filepath.Base(p)] = string(b)
	}
	return out
}

// TestSeedFigures checks that the figures the seed articles report are read
// where they stand, with offsets that slice back to their text.
func TestSeedFigures(t *testing.T) {
	seeds := readSeeds(t)
	tests := []struct {
		file, text string
		num        float64
		q, unit    string
		inclusive  bool
	}{
		{"000_a028c591ba1f5ed0.txt", "60%", 60, Exact, Percent, false},
		{"000_a028c591ba1f5ed0.txt", "2,267", 2267, Exact, "", false},
		{"000_a028c591ba1f5ed0.txt", "over 300,000", 300000, Over, "", false},
		{"001_f69399a660d41165.txt", "79%", 79, Exact, Percent, false},
		{"001_f69399a660d41165.txt", "60 percent", 60, Exact, Percent, false},
		{"001_f69399a660d41165.txt", "some 2,300", 2300, About, "", false},
		{"001_f69399a660d41165.txt", "1.7 million", 1700000, Exact, "", false},
		{"001_f69399a660d41165.txt", "more than 327,000", 327000, Over, "", false},
		{"001_f69399a660d41165.txt", "over 17,000", 17000, Over, "", false},
		{"002_b575546220e49dce.txt", "60 percent", 60, Exact, Percent, false},
		{"002_b575546220e49dce.txt", "500 percent", 500, Exact, Percent, false},
		{"002_b575546220e49dce.txt", "over 2,200", 2200, Over, "", false},
		{"003_13c3e290747b6afd.txt", "79%", 79, Exact, Percent, false},
		{"002_b575546220e49dce.txt", "hundreds of thousands", 200000, Over, "", true},
	}
	for _, tt := range tests {
		t.Run(tt.file+" "+tt.text, func(t *testing.T) {
			doc := seeds[tt.file]
			b := strings.Index(doc, tt.text)
			if b < 0 {
				t.Fatalf("%q is not in %s", tt.text, tt.file)
			}
			want := Value{Number: tt.num, Qualifier: tt.q, Inclusive: tt.inclusive, Unit: tt.unit, Text: tt.text}
			if v, ok := Read(tt.text); !ok || v != want {
				t.Errorf("Read(%q) = %+v, %v, want %+v", tt.text, v, ok, want)
			}
			start := utf8.RuneCountInString(doc[:b])
			wantMatch := Match{Start: start, End: start + utf8.RuneCountInString(tt.text), Value: want}
			for _, m := range Find(doc) {
				if m.Start == wantMatch.Start {
					if m != wantMatch {
						t.Errorf("Find got %+v, want %+v", m, wantMatch)
					}
					return
				}
			}
			t.Errorf("Find did not find %+v", wantMatch)
		})
	}
}

// TestSeedSuggestions checks everything Find suggests in the seeds: the
// figures and nothing else (no years, days, or dates).
func TestSeedSuggestions(t *testing.T) {
	seeds := readSeeds(t)
	want := map[string][]string{
		"000_a028c591ba1f5ed0.txt": {"60%", "2,267", "over 300,000"},
		"001_f69399a660d41165.txt": {"79%", "60 percent", "some 2,300", "40", "1.7 million", "more than 327,000", "over 17,000", "millions"},
		"002_b575546220e49dce.txt": {"hundreds of thousands", "15", "60 percent", "500 percent", "over 2,200"},
		"003_13c3e290747b6afd.txt": {"79%"},
		"004_6034f0928c20e128.txt": nil,
	}
	for file, w := range want {
		t.Run(file, func(t *testing.T) {
			var got []string
			for _, m := range Find(seeds[file]) {
				got = append(got, m.Value.Text)
			}
			if !reflect.DeepEqual(got, w) {
				t.Errorf("got %q, want %q", got, w)
			}
		})
	}
}

func BenchmarkFind(b *testing.B) {
	text, err := os.ReadFile("../../seeds/001_f69399a660d41165.txt")
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		Find(string(text))
	}
}
