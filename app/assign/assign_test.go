package assign

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/skein-news/skein/app/frame/frametest"
)

func TestNames(t *testing.T) {
	for _, c := range []struct {
		in   string
		want string // joined by |, or the error's start
		ok   bool
	}{
		{"alice, bilal", "alice|bilal", true},
		{" alice,bilal ;chen\t", "alice|bilal|chen", true},
		{"Bilal Khan, alice", "Bilal Khan|alice", true},
		{"alice\nbilal", "alice|bilal", true},
		{"alice, curated", `"curated" is not an annotator's name: it is the curated layer's name`, false},
		{"", "name at least one", false},
		{" , ", "name at least one", false},
		{"alice, alice", "alice is named twice", false},
		{"alice, ../bob", `"../bob" is not an annotator's name`, false},
		{"curated:alice", `"curated:alice" is not`, false},
	} {
		got, err := Names(c.in)
		if c.ok {
			if err != nil || strings.Join(got, "|") != c.want {
				t.Errorf("Names(%q) = %q, %v; want %q", c.in, got, err, c.want)
			}
		} else if err == nil || !strings.HasPrefix(err.Error(), c.want) {
			t.Errorf("Names(%q) = %q, %v; want an error %q…", c.in, got, err, c.want)
		}
	}
}

func TestPerArticle(t *testing.T) {
	for _, c := range []struct {
		in    string
		names int
		want  int
		err   string
	}{
		{"2", 3, 2, ""},
		{" 1 ", 1, 1, ""},
		{"3", 2, 0, "at most 2: 2 annotators named"},
		{"0", 2, 0, "a whole number, 1 or more"},
		{"two", 2, 0, "a whole number, 1 or more"},
	} {
		got, err := PerArticle(c.in, c.names)
		if c.err == "" && (err != nil || got != c.want) || c.err != "" && (err == nil || err.Error() != c.err) {
			t.Errorf("PerArticle(%q, %d) = %d, %v; want %d, %q", c.in, c.names, got, err, c.want, c.err)
		}
	}
}

// The form: filled from the defaults, Assign greyed out while a field is
// wrong, and pressed, it reports the names and the number.
func TestShow(t *testing.T) {
	w := test.NewTempWindow(t, widget.NewLabel(""))
	var gotNames []string
	gotPer := 0
	f := Show(w, Defaults{Names: []string{"alice", "bilal", "chen"}, Articles: 10}, func(names []string, per int) {
		gotNames, gotPer = names, per
	})
	if f.Names.Text != "alice, bilal, chen" || f.Per.Text != "2" {
		t.Errorf("filled with %q and %q, want the three names and 2", f.Names.Text, f.Per.Text)
	}
	if want := "Each of the 10 articles in your store goes to 2 of the 3 annotators, in turn: each gets about 7"; !strings.HasPrefix(f.Summary.Text, want) {
		t.Errorf("summary %q, want %q…", f.Summary.Text, want)
	}
	button := func() *widget.Button {
		for _, o := range test.LaidOutObjects(w.Canvas().Overlays().Top()) {
			if b, ok := frametest.As[*widget.Button](o); ok && b.Text == "Assign" { // frame's
				return b
			}
		}
		t.Fatal("no Assign button")
		return nil
	}
	f.Names.SetText("alice")
	if !button().Disabled() || f.Summary.Text != "" {
		t.Errorf("one name, 2 per article: Assign pressable %v, summary %q", !button().Disabled(), f.Summary.Text)
	}
	// As a person types, the field holding the keyboard: a name that
	// cannot be one greys Assign out then, not only once the field is left.
	test.LaidOutObjects(w.Canvas().Overlays().Top()) // drawn, so that it can be focused
	w.Canvas().Focus(f.Names)
	if w.Canvas().Focused() != f.Names {
		t.Fatal("the names field did not take the keyboard")
	}
	f.Names.SetText("alice, bilal, ../x")
	if !button().Disabled() {
		t.Errorf("../x typed into the focused field: Assign pressable")
	}
	f.Names.SetText("alice, bilal")
	if button().Disabled() {
		t.Fatal("two names, 2 per article: Assign greyed out")
	}
	test.Tap(button())
	if strings.Join(gotNames, ",") != "alice,bilal" || gotPer != 2 {
		t.Errorf("reported %q, %d; want alice and bilal, 2", gotNames, gotPer)
	}
}

// The summary says "about" only where the split is not exact.
func TestSummarySaysAboutOnlyWhenUneven(t *testing.T) {
	for _, c := range []struct {
		articles int
		names    string
		want     string
	}{
		{5, "alice, bilal", "Each of the 5 articles in your store goes to all 2 annotators."},
		{10, "alice, bilal, chen", "Each of the 10 articles in your store goes to 2 of the 3 annotators, in turn: each gets about 7,"},
		{6, "alice, bilal, chen", "Each of the 6 articles in your store goes to 2 of the 3 annotators, in turn: each gets 4,"},
	} {
		if got := summary(Defaults{Articles: c.articles}, c.names, "2"); !strings.HasPrefix(got, c.want) {
			t.Errorf("%d articles, %s: got %q, want %q…", c.articles, c.names, got, c.want)
		}
	}
}

// Each line of the summary says what pressing Assign will do, in the
// README's words: who gets what (and, with one to an article, that
// agreement then has nothing to compare), that it is written into the
// team folder for everyone and lists each one's articles first, what
// agreement counts, that articles added later are no one's until the
// next assignment, and what it replaces. It said "2 to an article", and
// nothing of where it goes or of articles added later.
func TestSummarySaysWhatAssignDoes(t *testing.T) {
	for _, c := range []struct {
		d     Defaults
		names string
		per   string
		want  []string
	}{
		{Defaults{Articles: 10, Replacing: 8}, "alice, bilal, chen", "2", []string{
			"Each of the 10 articles in your store goes to 2 of the 3 annotators, in turn: each gets about 7, and every two of them share about as many articles as any other two.",
			"Assign writes this into the team folder (assign.json), for everyone at their next sync; each annotator's article list then shows their articles first.",
			"Agreement (the agreement table, skein agree, skein curate) counts an article only for the annotators it is assigned to, and an assigned article one of them leaves empty counts as holding nothing.",
			"Articles added later, by anyone, are assigned to no one until you assign again.",
			"This replaces the folder's assignment of 8 articles.",
		}},
		{Defaults{Articles: 9}, "alice, bilal, chen", "1", []string{
			"Each of the 9 articles in your store goes to one of the 3 annotators, in turn: each gets 3. No article is annotated twice, so agreement has nothing to compare.",
			"Assign writes this into the team folder (assign.json), for everyone at their next sync; each annotator's article list then shows their articles first.",
			"Articles added later, by anyone, are assigned to no one until you assign again.",
		}},
		{Defaults{Articles: 1}, "alice", "1", []string{
			"alice gets the one article in your store.",
			"Assign writes this into the team folder (assign.json), for everyone at their next sync; each annotator's article list then shows their articles first.",
			"Articles added later, by anyone, are assigned to no one until you assign again.",
		}},
	} {
		got := strings.Split(summary(c.d, c.names, c.per), "\n")
		if strings.Join(got, "\n") != strings.Join(c.want, "\n") {
			t.Errorf("%s, %s per article, %d articles:\n got %q\nwant %q", c.names, c.per, c.d.Articles, got, c.want)
		}
	}
}
