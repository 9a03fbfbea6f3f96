// Package assign is File ▸ Team ▸ Assign…: the form that says who
// annotates which articles of the team folder (its assign.json, written by
// app/team's Assign, as `skein assign` writes it). It only shows and
// reports: the window writes the assignment.
package assign

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"github.com/skein-news/skein/annotate"
	"github.com/skein-news/skein/app/frame"
	"github.com/skein-news/skein/app/team"
)

// Defaults fill the form.
type Defaults struct {
	// Names are the annotators offered: the folder's current assignment's,
	// else the user and the colleagues whose work is in the folder.
	Names []string
	// PerArticle is how many annotate each article: the current
	// assignment's, else 2 (1 with a single name).
	PerArticle int
	// Articles is how many articles the store holds, all of which are
	// assigned.
	Articles int
	// Replacing is how many articles the folder's current assignment
	// covers; 0 without one.
	Replacing int
	// Note, when not empty, is said above the fields (the current
	// assignment could not be read, say).
	Note string
	// Away, when not empty, says the team folder is not there
	// (team.AwayForAssign): said above the fields, Assign off.
	Away string
}

// Form is the open form, for the tests.
type Form struct {
	Dialog  dialog.Dialog
	Names   *frame.Entry
	Per     *frame.Entry
	Summary *widget.Label
}

// Show opens the form over win; assign is given the annotators and how
// many annotate each article when the user presses Assign. The button is
// greyed out while a field is wrong, the field saying why.
func Show(win fyne.Window, d Defaults, assign func(names []string, perArticle int)) *Form {
	f := &Form{Names: frame.NewEntry(), Per: frame.NewEntry(), Summary: widget.NewLabel("")}
	f.Summary.Wrapping = fyne.TextWrapWord
	f.Names.SetPlaceHolder("alice, bilal, chen")
	f.Names.SetText(strings.Join(d.Names, ", "))
	per := d.PerArticle
	if per < 1 {
		per = min(2, max(1, len(d.Names)))
	}
	f.Per.SetText(strconv.Itoa(per))
	f.Names.Validator = func(s string) error {
		_, err := Names(s)
		return err
	}
	f.Per.Validator = func(s string) error {
		names, err := Names(f.Names.Text)
		if err != nil {
			names = nil
		}
		_, err = PerArticle(s, len(names))
		return err
	}
	update := func() {
		f.Summary.SetText(summary(d, f.Names.Text, f.Per.Text))
	}
	f.Names.OnChanged = func(string) {
		f.Per.Validate() // its range follows the names
		update()
	}
	f.Per.OnChanged = func(string) { update() }
	// A Fyne field keeps its check to itself while it holds the keyboard;
	// the button is to grey out as a wrong name is typed.
	f.Names.AlwaysShowValidationError = true
	f.Per.AlwaysShowValidationError = true
	update()
	items := []*widget.FormItem{
		{Text: "Annotators", Widget: f.Names, HintText: "as the Team tab lists them, separated by commas"},
		{Text: "Per article", Widget: f.Per, HintText: "how many of them annotate each article: 2 or more for agreement"},
		{Widget: f.Summary},
	}
	for _, said := range []string{d.Note, d.Away} {
		if said != "" {
			note := widget.NewLabel(said)
			note.Wrapping = fyne.TextWrapWord
			items = append([]*widget.FormItem{{Widget: note}}, items...)
		}
	}
	form := frame.NewForm("Assign articles", "Assign", "Cancel", items, func(ok bool) {
		if !ok {
			return
		}
		names, err := Names(f.Names.Text)
		if err != nil {
			return // the button is greyed out then
		}
		n, err := PerArticle(f.Per.Text, len(names))
		if err != nil {
			return
		}
		assign(names, n)
	}, win)
	form.Hold(d.Away != "")
	f.Dialog = form
	// Tall enough for the longest summary, so that the form does not
	// move under the pointer as the summary grows a line.
	h := float32(480)
	if d.Note != "" {
		h += 80
	}
	if d.Away != "" {
		h += 120
	}
	f.Dialog.Resize(fyne.NewSize(540, h))
	frame.ShowDialog(win, f.Dialog)
	return f
}

// summary says what pressing Assign will do, a line a consequence: who
// gets which articles, where that is written and what it changes in each
// annotator's window, what agreement counts, and what it leaves out.
func summary(d Defaults, namesText, perText string) string {
	names, err := Names(namesText)
	if err != nil {
		return ""
	}
	per, err := PerArticle(perText, len(names))
	if err != nil {
		return ""
	}
	n := len(names)
	articles := annotate.Count(d.Articles, "article") + " in your store"
	each := (d.Articles*per + n - 1) / n
	about := "about " // a split that leaves some one more than others
	if d.Articles*per%n == 0 {
		about = ""
	}
	var lines []string
	switch {
	case n == 1 && d.Articles == 1:
		lines = append(lines, fmt.Sprintf("%s gets the one article in your store.", names[0]))
	case n == 1:
		lines = append(lines, fmt.Sprintf("%s gets all %s.", names[0], articles))
	case per == n:
		lines = append(lines, fmt.Sprintf("Each of the %s goes to all %d annotators.", articles, n))
	case per == 1:
		lines = append(lines, fmt.Sprintf("Each of the %s goes to one of the %d annotators, in turn: each gets %s%d. No article is annotated twice, so agreement has nothing to compare.", articles, n, about, each))
	default:
		lines = append(lines, fmt.Sprintf("Each of the %s goes to %d of the %d annotators, in turn: each gets %s%d, and every two of them share about as many articles as any other two.", articles, per, n, about, each))
	}
	if d.Away != "" {
		lines = append(lines, "Once the folder is back, Assign writes this into it (assign.json), for everyone at their next sync; each annotator's article list then shows their articles first.")
	} else {
		lines = append(lines, "Assign writes this into the team folder (assign.json), for everyone at their next sync; each annotator's article list then shows their articles first.")
	}
	if per > 1 {
		lines = append(lines, "Agreement (the agreement table, skein agree, skein curate) counts an article only for the annotators it is assigned to, and an assigned article one of them leaves empty counts as holding nothing.")
	}
	lines = append(lines, "Articles added later, by anyone, are assigned to no one until you assign again.")
	if d.Replacing > 0 {
		lines = append(lines, fmt.Sprintf("This replaces the folder's assignment of %s.", annotate.Count(d.Replacing, "article")))
	}
	return strings.Join(lines, "\n")
}

// Names reads the annotators' field: names separated by commas (or
// semicolons, tabs, lines), each a valid annotator's name, none twice.
func Names(s string) ([]string, error) {
	// A name may hold spaces ("Bilal Khan"): names are separated by
	// commas, as skein assign -annotators takes them, or by semicolons,
	// tabs or lines.
	var fields []string
	for _, f := range strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ';' || r == '\t' || r == '\n' }) {
		if f = strings.TrimSpace(f); f != "" {
			fields = append(fields, f)
		}
	}
	if len(fields) == 0 {
		return nil, errors.New("name at least one annotator")
	}
	if err := team.CheckNames(fields); err != nil {
		return nil, err
	}
	return fields, nil
}

// PerArticle reads the per-article field: a whole number from 1 to the
// number of annotators named.
func PerArticle(s string, annotators int) (int, error) {
	n, err := strconv.Atoi(strings.TrimSpace(s))
	if err != nil || n < 1 {
		return 0, errors.New("a whole number, 1 or more")
	}
	if annotators > 0 && n > annotators {
		return 0, fmt.Errorf("at most %d: %s named", annotators, annotate.Count(annotators, "annotator"))
	}
	return n, nil
}
