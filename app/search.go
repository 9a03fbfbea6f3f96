package app

import (
	"cmp"
	"context"
	"fmt"
	"image/color"
	"slices"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"

	"github.com/skein-news/skein/annotate"
	"github.com/skein-news/skein/annotate/search"
	"github.com/skein-news/skein/annotate/suggest"
	"github.com/skein-news/skein/app/searchpanel"
	"github.com/skein-news/skein/app/textview"
	"github.com/skein-news/skein/store"
)

// searchStore is what search reads: the store's search records, spans,
// threads and marks, and the texts and layers label-all snaps against.
type searchStore interface {
	search.Source
	search.Layers
}

// searchPage is how many matches the panel lists; it counts them all.
const searchPage = 500

// searchState is the corpus search panel and the find bar.
type searchState struct {
	src   searchStore
	panel *searchpanel.Panel
	tab   *container.TabItem
	gen   int           // the latest search, so a slow one's results are dropped
	hits  []search.Hits // every match of the last search, for label-all
	query string
	// relatedOf is the span whose articles that report it the panel
	// lists (showRelated), "" while it lists a search's matches: the
	// thread offer for that span says to see this tab.
	relatedOf string

	bar     *searchpanel.FindBar
	barBox  *fyne.Container
	found   []search.Match // the find bar's matches in the open article
	cur     int            // the current one, -1 for none
	pending *searchpanel.Pick
}

// findColor marks the find bar's matches in the article.
var findColor = color.NRGBA{R: 0xf2, G: 0xc0, B: 0x1e, A: 0xff}

// findBarBox is the find bar's place under the article, hidden until
// Ctrl+F.
func (w *Window) findBarBox() fyne.CanvasObject {
	s := &w.srch
	s.bar = searchpanel.NewFindBar()
	s.bar.OnChanged = func(string) { w.findInArticle() }
	s.bar.OnNext = func() { w.findStep(1) }
	s.bar.OnPrev = func() { w.findStep(-1) }
	s.bar.OnClose = w.closeFind
	s.barBox = container.NewVBox(s.bar)
	s.barBox.Hide()
	return s.barBox
}

// buildSearch adds the Search tab beside Spans, Threads and Figures.
func (w *Window) buildSearch(tabs *container.AppTabs) {
	s := &w.srch
	s.src = w.st
	s.panel = searchpanel.New()
	s.panel.OnSearch = w.searchCorpus
	s.panel.OnOpen = func(doc string, m search.Match) { w.openMatch(doc, m) }
	s.panel.OnLabelKey = w.labelMatches
	s.tab = container.NewTabItem("Search", s.panel)
	tabs.Append(s.tab)
}

// searchMenuItems are Edit ▸ Find in article… (Ctrl+F) and Search corpus…
// (Ctrl+Shift+F).
func (w *Window) searchMenuItems() []*fyne.MenuItem {
	find := fyne.NewMenuItem("Find in article…", w.showFind)
	find.Shortcut = &desktop.CustomShortcut{KeyName: fyne.KeyF, Modifier: fyne.KeyModifierShortcutDefault}
	corpus := fyne.NewMenuItem("Search corpus…", w.showSearch)
	corpus.Shortcut = &desktop.CustomShortcut{KeyName: fyne.KeyF, Modifier: fyne.KeyModifierShortcutDefault | fyne.KeyModifierShift}
	related := fyne.NewMenuItem("Articles that report the selected span…", w.showRelated)
	related.Shortcut = &desktop.CustomShortcut{KeyName: fyne.KeyR, Modifier: fyne.KeyModifierShortcutDefault | fyne.KeyModifierShift}
	return []*fyne.MenuItem{find, corpus, related}
}

// showSearch opens the Search tab with the keyboard in its query field;
// words selected in the article become the query, as a phrase, so that
// select, Ctrl+Shift+F, Enter and a label key label them everywhere.
func (w *Window) showSearch() {
	if sel := w.view.Selection(); len(sel) == 1 && w.text != nil && sel[0].End-sel[0].Start <= 80 {
		if q := oneLine(w.text.Slice(sel[0].Start, sel[0].End)); q != "" && !strings.Contains(q, `"`) {
			w.srch.panel.SetQuery(`"` + q + `"`)
		}
	}
	w.th.Tabs().Select(w.srch.tab)
	w.srch.panel.FocusQuery(w.win.Canvas())
}

// searchCorpus runs a query over every article off the UI goroutine: the
// first page is shown as soon as it is found, the count when the search
// ends.
func (w *Window) searchCorpus(q string) {
	s := &w.srch
	query, err := search.Parse(q)
	if err != nil {
		s.panel.SetStatus(err.Error())
		return
	}
	s.gen++
	s.relatedOf = ""
	gen, user := s.gen, w.user
	order := w.docList.Docs() // replaced, never changed in place
	s.panel.SetStatus("Searching…")
	s.panel.SetAction("", nil)
	w.goBG(func(ctx context.Context) {
		var hits []search.Hits
		var groups []searchpanel.Group
		total, listed, shownEarly := 0, 0, false
		err := search.Run(ctx, s.src, query, user, func(h search.Hits) error {
			hits = append(hits, h)
			total += len(h.Matches)
			if listed < searchPage {
				g, err := w.searchGroup(h, searchPage-listed)
				if err != nil {
					return err
				}
				groups = append(groups, g)
				listed += len(g.Items)
			} else if !shownEarly {
				shownEarly = true
				page := groups
				w.do(func() {
					if gen == s.gen {
						s.panel.SetResults(page, total, len(page))
						s.panel.SetStatus("Counting…")
					}
				})
			}
			return nil
		})
		if err == nil {
			// The search finds the articles in ID order; the list shows
			// them as the article list does, the early page once counted.
			groups, err = w.searchGroupsInOrder(hits, groups, order)
		}
		w.do(func() {
			if gen != s.gen {
				return
			}
			if err != nil {
				s.panel.SetStatus("Search failed: " + err.Error())
				return
			}
			s.hits, s.query = hits, q
			s.panel.SetResults(groups, total, len(hits))
		})
	})
}

// searchGroupsInOrder sorts hits as the article list orders their articles
// (order; an article not in it last, by ID) and makes the first page's
// groups again in that order, reusing those read for the early page.
func (w *Window) searchGroupsInOrder(hits []search.Hits, early []searchpanel.Group, order []store.DocInfo) ([]searchpanel.Group, error) {
	rank := make(map[string]int, len(order))
	for i, d := range order {
		rank[d.ID] = i
	}
	rankOf := func(id string) int {
		if r, ok := rank[id]; ok {
			return r
		}
		return len(order)
	}
	slices.SortStableFunc(hits, func(a, b search.Hits) int {
		if c := cmp.Compare(rankOf(a.Doc), rankOf(b.Doc)); c != 0 {
			return c
		}
		return strings.Compare(a.Doc, b.Doc)
	})
	read := make(map[string]searchpanel.Group, len(early))
	for _, g := range early {
		read[g.Doc] = g
	}
	var groups []searchpanel.Group
	for listed, i := 0, 0; i < len(hits) && listed < searchPage; i++ {
		g, ok := read[hits[i].Doc]
		if !ok || len(g.Items) < min(searchPage-listed, len(hits[i].Matches)) {
			var err error
			if g, err = w.searchGroup(hits[i], searchPage-listed); err != nil {
				return nil, err
			}
		}
		g.Items = g.Items[:min(len(g.Items), searchPage-listed)]
		groups = append(groups, g)
		listed += len(g.Items)
	}
	return groups, nil
}

// searchGroup reads an article's title and the context of up to max of
// its matches.
func (w *Window) searchGroup(h search.Hits, max int) (searchpanel.Group, error) {
	d, err := w.st.Document(h.Doc)
	if err != nil {
		return searchpanel.Group{}, err
	}
	t := annotate.NewText(d.Text)
	g := searchpanel.Group{Doc: d.ID, Title: annotate.ShownTitle(d.Title, d.Text), Untitled: !annotate.Titled(d.Title),
		Source: d.Source, Date: d.Date, Total: len(h.Matches)}
	for _, m := range h.Matches[:min(max, len(h.Matches))] {
		// The column is narrow: little before the match, so it shows.
		before, text, after := search.ExcerptParts(t, m, 16, 60)
		g.Items = append(g.Items, searchpanel.Item{Match: m, Before: before, Text: text, After: after})
	}
	return g, nil
}

// openMatch opens the article of a match with the match selected, so a
// label key labels it.
func (w *Window) openMatch(doc string, m search.Match) {
	if w.doc != nil && w.doc.ID == doc {
		w.selectMatch(m)
		return
	}
	w.srch.pending = &searchpanel.Pick{Doc: doc, Match: m}
	w.OpenDocument(doc)
}

func (w *Window) selectMatch(m search.Match) {
	w.view.SetSelection([]annotate.Fragment{{Start: m.Start, End: m.End}})
	w.view.ScrollTo(m.Start)
	w.focusView()
	w.selectionChanged(w.view.Selection())
}

// searchDocShown follows the opening of an article: a match clicked in the
// panel is selected, and the find bar finds in the new article.
func (w *Window) searchDocShown() {
	s := &w.srch
	if p := s.pending; p != nil && w.doc != nil && w.doc.ID == p.Doc {
		s.pending = nil
		w.selectMatch(p.Match)
	}
	if s.barBox != nil && s.barBox.Visible() {
		w.findInArticle()
	}
}

// labelMatches labels the ticked matches, or every match of the last
// search, with the label of key, as one change.
func (w *Window) labelMatches(key string, picks []searchpanel.Pick) {
	s := &w.srch
	if w.refuseWrite() {
		s.panel.SetStatus(readOnlyMessage)
		return
	}
	l, ok := w.labels.ByKey(key)
	if !ok {
		s.panel.SetStatus("No label has key " + key + ".")
		return
	}
	hits := s.hits
	if picks != nil {
		hits = nil
		for _, p := range picks {
			if n := len(hits); n > 0 && hits[n-1].Doc == p.Doc {
				hits[n-1].Matches = append(hits[n-1].Matches, p.Match)
			} else {
				hits = append(hits, search.Hits{Doc: p.Doc, Matches: []search.Match{p.Match}})
			}
		}
	}
	user := w.user
	s.panel.SetStatus("Labelling…")
	w.goBG(func(ctx context.Context) {
		ch, res, err := search.LabelAll(s.src, user, l.Name, hits)
		if err == nil && ch != nil {
			err = w.st.Apply(ctx, ch)
		}
		w.do(func() {
			if err != nil {
				s.panel.SetStatus("Label all failed: " + err.Error())
				w.reloadSpans()
				return
			}
			s.panel.SetStatus(labelAllReport(annotate.LabelShown(l.Name), res))
			if ch != nil {
				w.changed(changeOf(ch, false))
			}
		})
	})
}

// labelAllReport says what label-all did.
func labelAllReport(label string, res search.LabelResult) string {
	msg := fmt.Sprintf("Labelled %s %s", search.CountMatches(res.Added), label)
	if res.Added == 0 {
		msg = "Nothing to label"
	}
	if res.Skipped > 0 {
		msg += fmt.Sprintf("; %d already labelled %s, skipped", res.Skipped, label)
	}
	if res.NoWord > 0 {
		msg += fmt.Sprintf("; %d held no word", res.NoWord)
	}
	if res.Added > 0 {
		msg += ". Ctrl+Z takes them all back."
	}
	return msg
}

// showFind shows the find bar with the keyboard in it.
func (w *Window) showFind() {
	if w.doc == nil {
		return
	}
	w.srch.barBox.Show()
	w.srch.bar.Focus(w.win.Canvas())
	w.findInArticle()
}

// closeFind hides the find bar and its highlights.
func (w *Window) closeFind() {
	s := &w.srch
	s.barBox.Hide()
	s.found, s.cur = nil, -1
	w.refreshSpans()
	w.focusView()
}

// findInArticle finds the bar's query in the open article and highlights
// the matches.
func (w *Window) findInArticle() {
	s := &w.srch
	s.found, s.cur = nil, -1
	if q := s.bar.Query(); q != "" && w.doc != nil {
		query, err := search.Parse(q)
		if err != nil {
			s.bar.SetCount(0, 0, "?")
			w.refreshSpans()
			return
		}
		s.found = search.Find(query, w.doc.Text)
	}
	s.bar.SetCount(0, len(s.found), "")
	w.refreshSpans()
}

// findStep selects the next (+1) or previous (-1) match.
func (w *Window) findStep(dir int) {
	s := &w.srch
	if len(s.found) == 0 {
		return
	}
	n := len(s.found)
	s.cur = ((s.cur+dir)%n + n) % n
	if s.cur < 0 {
		s.cur = 0
	}
	m := s.found[s.cur]
	w.view.SetSelection([]annotate.Fragment{{Start: m.Start, End: m.End}})
	w.view.ScrollTo(m.Start)
	s.bar.SetCount(s.cur+1, n, "")
}

// findClicked takes a click on one of the find bar's highlights: the match
// becomes the selection, for a label key, and the current match.
func (w *Window) findClicked(id string) bool {
	rest, ok := strings.CutPrefix(id, findID)
	if !ok {
		return false
	}
	w.view.SelectSpan("")
	if i, err := strconv.Atoi(rest); err == nil && i < len(w.srch.found) {
		w.srch.cur = i - 1
		w.findStep(1)
		w.selectionChanged(w.view.Selection())
	}
	return true
}

// findID starts the IDs of the find bar's highlights.
const findID = "find:"

// findHighlights are the find bar's matches as the article draws them.
func (w *Window) findHighlights() []textview.Highlight {
	out := make([]textview.Highlight, 0, len(w.srch.found))
	for i, m := range w.srch.found {
		out = append(out, textview.Highlight{
			ID:        findID + strconv.Itoa(i),
			Fragments: []annotate.Fragment{{Start: m.Start, End: m.End}},
			Color:     findColor,
			Label:     "match",
			Outline:   true,
			Style:     textview.StyleDim,
		})
	}
	return out
}

// showRelated lists in the Search tab the other articles that report what
// the selected span (or the selected text) reports — the same figure, or a
// sentence like its own — and, for a span of the user's, offers to make a
// thread of them.
func (w *Window) showRelated() {
	s := &w.srch
	if w.doc == nil {
		return
	}
	var first *annotate.Span
	var start, end int
	if sp := w.spanList.ByID(w.view.SelectedSpan()); sp != nil {
		first, start, end = sp, sp.Start(), sp.End()
	} else if sel := w.view.Selection(); len(sel) > 0 {
		start, end = sel[0].Start, sel[len(sel)-1].End
	} else {
		w.setStatus("Select a span or some words first: skein then finds the articles that report the same.")
		return
	}
	w.th.Tabs().Select(s.tab)
	s.gen++
	s.relatedOf = ""
	if first != nil {
		s.relatedOf = first.ID
	}
	gen, d := s.gen, w.doc
	what := w.text.Slice(start, end)
	s.panel.SetQuery("")
	s.panel.SetAction("", nil)
	s.panel.SetStatus("Looking for articles that report “" + clip(oneLine(what), 60) + "”…")
	w.goBG(func(ctx context.Context) {
		rel, err := suggest.RelatedTo(ctx, s.src, d, start, end)
		var groups []searchpanel.Group
		for _, r := range rel {
			if err != nil {
				break
			}
			var od *annotate.Document
			if od, err = w.st.Document(r.Doc); err == nil {
				// Why it is offered comes first: after a sentence as
				// wide as the column, "— a similar sentence (57%)" was
				// cut off the row's end.
				why := strings.TrimSuffix(r.Why, r.Text) // "the same figure: " repeats the text
				if !strings.HasSuffix(why, ": ") {
					why += ": "
				}
				groups = append(groups, searchpanel.Group{Doc: od.ID, Title: annotate.ShownTitle(od.Title, od.Text), Untitled: !annotate.Titled(od.Title),
					Source: od.Source, Date: od.Date, Total: 1,
					Items: []searchpanel.Item{{Match: search.Match{Start: r.Start, End: r.End}, Before: why, Text: clip(oneLine(r.Text), 200)}}})
			}
		}
		w.do(func() {
			if gen != s.gen {
				return
			}
			if err != nil {
				s.panel.SetStatus("Could not look: " + err.Error())
				return
			}
			s.hits = nil
			for _, r := range rel {
				s.hits = append(s.hits, search.Hits{Doc: r.Doc, Matches: []search.Match{{Start: r.Start, End: r.End}}})
			}
			s.panel.SetResults(groups, len(rel), len(rel))
			// The status line says it too, where a thread offer for the
			// span said "see the Suggestions tab" with this tab in front.
			switch {
			case len(rel) == 0:
				s.panel.SetStatus("No other article reports “" + clip(oneLine(what), 60) + "”.")
				w.setStatus(s.panel.Status())
			case first != nil && w.spanList.Own(first):
				s.panel.SetStatus(reportThis(len(rel)) + ".")
				s.panel.SetAction("Make a thread of this span and these", func() { w.threadOfRelated(first, rel) })
				w.tellReports(reportThis(len(rel)) + ": see the Search tab.")
			default:
				s.panel.SetStatus(reportThis(len(rel)) + ". Label it in your layer to make a thread of them.")
				w.tellReports(s.panel.Status())
			}
		})
	})
}

// threadOfRelated makes, as one change, a thread of first and the related
// places, each a span of first's label in the user's layer.
func (w *Window) threadOfRelated(first *annotate.Span, rel []suggest.Related) {
	if w.refuseWrite() {
		return
	}
	s := &w.srch
	title := clip(oneLine(w.text.Slice(first.Start(), first.End())), 60)
	user := w.user
	w.goBG(func(ctx context.Context) {
		ch, err := suggest.MakeThread(s.src, user, first, title, rel)
		if err == nil {
			err = w.st.Apply(ctx, ch)
		}
		w.do(func() {
			if err != nil {
				w.fail("make a thread", err)
				return
			}
			s.panel.SetAction("", nil)
			msg := fmt.Sprintf("Made the thread “%s” of %s. Ctrl+Z takes it back.", title, annotate.Count(len(rel)+1, "article"))
			s.panel.SetStatus(msg)
			w.changed(changeOf(ch, false))
			// The status line too, as after any change: it still made
			// the offer this took up.
			w.setStatus(msg)
		})
	})
}

// oneLine shows line breaks and runs of spaces as one space.
func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// reportThis is "1 other article reports this", "4 other articles report
// this".
func reportThis(n int) string {
	if n == 1 {
		return "1 other article reports this"
	}
	return annotate.Count(n, "other article") + " report this"
}
