package store

import (
	"slices"
	"testing"
)

// Articles are listed oldest first, undated last, and by title within a
// date in natural order: digit runs are numbers, so "Article 2" comes
// before "Article 10" (as plain text, "Article 1, Article 10, Article 100,
// Article 2").
func TestSortByDateNaturalTitles(t *testing.T) {
	docs := []DocInfo{
		{ID: "a", Title: "Article 100"},
		{ID: "b", Title: "Article 10"},
		{ID: "c", Title: "Article 2"},
		{ID: "d", Title: "Article 1"},
		{ID: "e", Title: "Report 9 of 2023", Date: "2023-11-10"},
		{ID: "f", Title: "Report 10 of 2023", Date: "2023-11-10"},
		{ID: "g", Title: "Kakar", Date: "2023-11-09"},
		{ID: "h", Title: "Article 2"},  // the same title: by ID
		{ID: "i", Title: "Article 02"}, // the same number: by the text
	}
	SortByDate(docs)
	var got []string
	for _, d := range docs {
		got = append(got, d.Title+"/"+d.ID)
	}
	want := []string{"Kakar/g", "Report 9 of 2023/e", "Report 10 of 2023/f",
		"Article 1/d", "Article 02/i", "Article 2/c", "Article 2/h", "Article 10/b", "Article 100/a"}
	if !slices.Equal(got, want) {
		t.Errorf("order:\n got %q\nwant %q", got, want)
	}
}

// CompareNatural is an order: antisymmetric, equal only for equal texts,
// and transitive over texts mixing numbers, zeros, letters and non-ASCII.
func TestCompareNatural(t *testing.T) {
	for _, tc := range []struct {
		a, b string
		want int
	}{
		{"Article 2", "Article 10", -1},
		{"Article 10", "Article 100", -1},
		{"a1b", "a1", 1},
		{"a", "a0", -1},
		{"a01", "a1", -1}, // equal numbers: by the text
		{"a007x", "a7y", -1},
		{"x99999999999999999999999", "x100000000000000000000000", -1}, // beyond int64
		{"Étude 3", "Étude 12", -1},
		{"b", "a10", 1},
		{"", "0", -1},
		{"same 5", "same 5", 0},
	} {
		if got := CompareNatural(tc.a, tc.b); got != tc.want {
			t.Errorf("CompareNatural(%q, %q) = %d, want %d", tc.a, tc.b, got, tc.want)
		}
		if got := CompareNatural(tc.b, tc.a); got != -tc.want {
			t.Errorf("CompareNatural(%q, %q) = %d, want %d", tc.b, tc.a, got, -tc.want)
		}
	}
	texts := []string{"", "0", "00", "1", "01", "2", "10", "a", "a0", "a00", "a1", "a01", "a1b", "a10", "a2b", "b", "a 1", "a 01", "Ω9", "Ω10", "9Ω", "10"}
	for _, a := range texts {
		for _, b := range texts {
			if c := CompareNatural(a, b); (c == 0) != (a == b) {
				t.Errorf("CompareNatural(%q, %q) = %d", a, b, c)
			}
			for _, c := range texts {
				if CompareNatural(a, b) < 0 && CompareNatural(b, c) < 0 && CompareNatural(a, c) >= 0 {
					t.Errorf("not transitive: %q < %q < %q but not %q < %q", a, b, c, a, c)
				}
			}
		}
	}
}
