package annotate

import (
	"slices"
	"strings"
	"testing"
)

func TestUserLabelOrder(t *testing.T) {
	for _, tc := range []struct {
		name            string
		recorded, found []string
		want            []string
	}{
		{"found only, by name", nil, []string{"Person", "GPE", "Organization"}, []string{"GPE", "Organization", "Person"}},
		{"recorded keeps its order", []string{"Zeta", "Alpha"}, []string{"Alpha", "Zeta"}, []string{"Zeta", "Alpha"}},
		{"new ones follow, by name", []string{"Zeta"}, []string{"Mu", "Zeta", "Beta"}, []string{"Zeta", "Beta", "Mu"}},
		{"recorded but unused stays", []string{"Person"}, nil, []string{"Person"}},
		{"defaults, repeats and bad names out", []string{"claim", "Person", "Person", " x"}, []string{"actor", "Person", "", "a\tb"}, []string{"Person"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := UserLabelOrder(tc.recorded, tc.found); !slices.Equal(got, tc.want) {
				t.Errorf("got %q, want %q", got, tc.want)
			}
		})
	}
}

func TestUserLabelsKeysAndColours(t *testing.T) {
	l := NewLabels()
	for _, n := range []string{"Person", "Organization", "GPE", "Date", "Money", "Law"} {
		l.Add(n)
	}
	if got := l.UserNames(); !slices.Equal(got, []string{"Person", "Organization", "GPE", "Date", "Money", "Law"}) {
		t.Errorf("UserNames: got %q", got)
	}
	for key, want := range map[string]string{"1": Claim, "5": "Person", "9": "Money"} {
		if x, ok := l.ByKey(key); !ok || x.Name != want {
			t.Errorf("key %s: got %q, want %q", key, x.Name, want)
		}
	}
	if x, _ := l.Get("Law"); x.Key != "" {
		t.Errorf("a sixth user label got key %q, want none", x.Key)
	}
	// The same order gives the same colours in another session.
	again := NewLabels()
	for _, n := range l.UserNames() {
		again.Add(n)
	}
	if !slices.Equal(again.All(), l.All()) {
		t.Errorf("the same order gave %v, then %v", l.All(), again.All())
	}
	p, _ := l.Get("Person")
	o, _ := l.Get("Organization")
	if p.Color == o.Color || p.Color == "" {
		t.Errorf("Person %s and Organization %s should have different palette colours", p.Color, o.Color)
	}
}

// TestValidNewLabelDrawnAsNothing: a combining grapheme joiner (U+034F),
// a Hangul filler (U+3164, U+FFA0, U+115F, U+1160) and a variation
// selector after a Latin, Greek or Cyrillic letter, a mark or first are
// drawn as nothing: "claim" with one showed as a second claim beside
// claim, "café" + U+FE0F as café. They are refused as a
// zero-width space is; a word's own marks, an emoji's, a keycap's and a
// Han character's variation selectors are not.
func TestValidNewLabelDrawnAsNothing(t *testing.T) {
	for _, l := range []string{"claim\u034f", "claim\u3164", "\uffa0claim", "cl\u115faim", "claim\u1160", "claim\ufe0f", "\ufe0eclaim", "cla\U000e0100im",
		"café\ufe0f", "Zoë\ufe0e", "x\u0302\ufe0f", "λόγος\ufe0f", "кот\ufe0f", "⚠\ufe0f\ufe0f"} {
		if err := ValidNewLabel(l); err == nil || !strings.Contains(err.Error(), "shows nothing") {
			t.Errorf("ValidNewLabel(%+q) = %v, want refused", l, err)
		}
		if err := ValidLabelName(l); err != nil {
			t.Errorf("ValidLabelName(%+q) = %v: a store holding it would not open", l, err)
		}
	}
	for _, l := range []string{"café", "cafe\u0301", "기자", "क्षेत्र", "👍🏽", "⚠\ufe0f", "1\ufe0f\u20e3 first", "葛\U000e0100城", "❤\ufe0f claim"} {
		if err := ValidNewLabel(l); err != nil {
			t.Errorf("ValidNewLabel(%+q) = %v, want taken", l, err)
		}
	}
}

// TestParseLabelMap: skein import -map's pairs, and what it refuses.
func TestParseLabelMap(t *testing.T) {
	m, err := ParseLabelMap([]string{"ACTOR=actor,FIGURE=figure", " LOC = Location "})
	if err != nil || len(m) != 3 || m["ACTOR"] != "actor" || m["FIGURE"] != "figure" || m["LOC"] != "Location" {
		t.Errorf("got %v, %v; want ACTOR, FIGURE and LOC mapped", m, err)
	}
	for _, tc := range []struct{ spec, want string }{
		{"ACTOR", `-map "ACTOR": want FROM=TO`},
		{"ACTOR=", `-map "ACTOR=": want FROM=TO`},
		{"=actor", `-map "=actor": want FROM=TO`},
		{"ACTOR=actor=x", `one = a pair`},
		{"ACTOR=a\u200bctor", "is no label skein can keep: label"},
		{"ACTOR=actor,ACTOR=claim", "ACTOR is read as actor and as claim"},
	} {
		if _, err := ParseLabelMap([]string{tc.spec}); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("ParseLabelMap(%q) = %v, want an error saying %q", tc.spec, err, tc.want)
		}
	}
}
