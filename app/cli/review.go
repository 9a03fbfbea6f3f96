package cli

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/skein-news/skein/annotate"
	"github.com/skein-news/skein/annotate/agree"
	"github.com/skein-news/skein/annotate/figures"
	"github.com/skein-news/skein/annotate/suggest"
	"github.com/skein-news/skein/app/team"
	"github.com/skein-news/skein/app/transfer"
	"github.com/skein-news/skein/store"
)

// memberLookup finds the spans of thread members and their articles for
// skein threads, keeping the last few articles read: with a lookup per
// member, each read its article's whole span list and hashed its text
// again, and a thread of 10,000 members in an article of 50,000 spans
// took minutes. An article's spans are read whole at its second member.
type memberLookup struct {
	st     *store.Store
	recent []*memberDoc // the most recent first
}

type memberDoc struct {
	doc   *annotate.Document
	spans map[string]*annotate.Span // read at the article's second member
}

// recentDocs is how many articles a memberLookup keeps.
const recentDocs = 4

func (l *memberLookup) find(id string) (*annotate.Span, *annotate.Document, error) {
	for _, d := range l.recent {
		if sp := d.spans[id]; sp != nil {
			return sp, d.doc, nil
		}
	}
	sp, err := l.st.Span(id)
	if err != nil {
		return nil, nil, err
	}
	for i, d := range l.recent {
		if d.doc.ID != sp.Doc {
			continue
		}
		copy(l.recent[1:i+1], l.recent[:i])
		l.recent[0] = d
		if d.spans == nil {
			spans, err := l.st.Spans(sp.Doc)
			if err != nil {
				return nil, nil, err
			}
			d.spans = make(map[string]*annotate.Span, len(spans))
			for _, s := range spans {
				d.spans[s.ID] = s
			}
		}
		return sp, d.doc, nil
	}
	doc, err := l.st.Document(sp.Doc)
	if err != nil {
		return nil, nil, err
	}
	if len(l.recent) < recentDocs {
		l.recent = append(l.recent, nil)
	}
	copy(l.recent[1:], l.recent)
	l.recent[0] = &memberDoc{doc: doc}
	return sp, doc, nil
}

// oneLine is s for a listing of one line per item: its line breaks (a
// span across paragraphs, a title or label typed with one) become " ⏎ ",
// where printed as they were they broke the line a script reads. -json
// keeps the text as it is.
func oneLine(s string) string {
	if !strings.ContainsAny(s, "\r\n\u2028\u2029\u0085") {
		return s
	}
	s = strings.Map(func(r rune) rune {
		switch r {
		case '\r', '\u2028', '\u2029', '\u0085':
			return '\n'
		}
		return r
	}, strings.ReplaceAll(s, "\r\n", "\n"))
	return strings.ReplaceAll(s, "\n", " ⏎ ")
}

// noThreadsNote says why skein threads listed nothing: hidden plain links
// (two spans joined with L, a brat relation) that -links would list, or no
// thread at all.
func noThreadsNote(annotator string, hidden int) string {
	whose := ""
	if annotator != "" {
		whose = " of " + annotator + "'s"
	}
	if hidden > 0 {
		return fmt.Sprintf("skein threads: no titled thread%s; %s not listed: skein threads -links lists them", whose, annotate.Count(hidden, "plain link"))
	}
	return fmt.Sprintf("skein threads: no thread or link%s in the store (in the window, T puts the selected span in a thread; L links the span selected before to it)", whose)
}

func runThreads(ctx context.Context, g *globals, args []string) error {
	fs := g.flags("threads", "")
	asJSON := fs.Bool("json", false, "print a JSON array of threads with members, figure values and disagreement")
	annotator := fs.String("annotator", "", "only this `NAME`'s threads (default: every layer)")
	links := fs.Bool("links", false, "include plain links (two-member threads without a title)")
	if err := parseFlagsOnly(fs, args); err != nil {
		return err
	}
	if err := g.open(ctx); err != nil {
		return err
	}
	if *annotator != "" {
		// A misspelt name would list nothing, and say nothing why.
		if err := g.warnUnknownAuthors([]string{*annotator}); err != nil {
			return err
		}
	}
	var out []*figures.ThreadJSON
	hidden := 0                // plain links left out without -links
	plain := map[string]bool{} // the plain links listed, by ID
	members := &memberLookup{st: g.st}
	err := g.st.Threads(ctx, func(th *annotate.Thread) error {
		if *annotator != "" && th.Annotator != *annotator {
			return nil
		}
		if th.IsLink() && !*links {
			hidden++
			return nil
		}
		if th.IsLink() {
			plain[th.ID] = true
		}
		r, err := figures.ThreadReport(th, members.find)
		if err != nil {
			return err
		}
		out = append(out, r)
		return nil
	})
	if err != nil {
		return err
	}
	// By title, as a researcher looks for one; then by author; the store's
	// order (by ID, which is by creation time) breaks ties.
	sort.SliceStable(out, func(i, j int) bool {
		a, b := strings.ToLower(out[i].Title), strings.ToLower(out[j].Title)
		if a != b {
			return a < b
		}
		return out[i].Annotator < out[j].Annotator
	})
	if *asJSON {
		if out == nil {
			out = []*figures.ThreadJSON{}
		}
		enc := json.NewEncoder(g.env.Stdout)
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(false)
		return enc.Encode(out)
	}
	if len(out) == 0 {
		// An empty answer read as "my links are lost": say why.
		fmt.Fprintln(g.env.Stderr, noThreadsNote(*annotator, hidden))
	} else if hidden > 0 {
		// A brat corpus's equivalence sets listed, its 30 relations
		// not, read as the relations lost too.
		fmt.Fprintf(g.env.Stderr, "skein threads: %s not listed: skein threads -links lists them\n", annotate.Count(hidden, "plain link"))
	}
	for _, t := range out {
		flag := ""
		if t.Disagreement {
			flag = "  [figures disagree]"
		}
		title := oneLine(t.Title)
		switch {
		case title != "":
		case plain[t.ID]:
			title = "(link)"
		default:
			// A chain or a brat equivalence set, not a plain link,
			// which -links alone lists.
			title = "(untitled)"
		}
		members := "members"
		if len(t.Members) == 1 {
			members = "member"
		}
		fmt.Fprintf(g.env.Stdout, "%s  %s  %s  %d %s%s\n", t.ID, t.Annotator, title, len(t.Members), members, flag)
		for i, m := range t.Members {
			link := ""
			if m.Link != "" {
				link = " ←" + annotate.LabelShown(m.Link)
			}
			// How a figure was read, so a flag can be checked against
			// the numbers: "= about 2,300".
			reading := ""
			if m.Value != nil {
				if v, ok := figures.Read(m.Text); ok {
					reading = "  = " + v.String()
				}
			}
			fmt.Fprintf(g.env.Stdout, "  %d. [%s] %s  (%s)%s%s\n", i+1, oneLine(annotate.LabelShown(m.Label)), oneLine(m.Text), m.Doc, oneLine(link), reading)
		}
	}
	return nil
}

// annotatorsFlag reads -a/-b or -annotators into a list of at least two;
// how is the command's way of naming them, for the message.
func annotatorsFlag(a, b, list, how string) ([]string, error) {
	var names []string
	if list != "" {
		if a != "" || b != "" {
			return nil, usageError{"give -a and -b, or -annotators, not both"}
		}
		names = splitList(list)
	} else {
		for _, x := range []string{a, b} {
			if x != "" {
				names = append(names, x)
			}
		}
	}
	seen := map[string]bool{}
	for _, n := range names {
		if seen[n] {
			return nil, usageError{fmt.Sprintf("annotator %q named twice", n)}
		}
		seen[n] = true
	}
	if len(names) < 2 {
		return nil, usageError{"name at least two annotators: " + how}
	}
	return names, nil
}

func runAgree(ctx context.Context, g *globals, args []string) error {
	fs := g.flags("agree", "")
	a := fs.String("a", "", "first annotator `NAME` (model:NAME for a model's suggestions)")
	b := fs.String("b", "", "second annotator `NAME`")
	list := fs.String("annotators", "", "comma-separated annotator `NAMES` (two or more)")
	asJSON := fs.Bool("json", false, "print the report as JSON (every article and label, as -all)")
	all := fs.Bool("all", false, "list every article and label, also those only one of them worked on (undefined in every column)")
	if err := parseFlagsOnly(fs, args); err != nil {
		return err
	}
	names, err := annotatorsFlag(*a, *b, *list, "-a A -b B, or -annotators A,B,C")
	if err != nil {
		return err
	}
	if err := g.open(ctx); err != nil {
		return err
	}
	// A name the store knows nothing of is refused: agreement with it
	// would be a table of zeros. One who only marked articles done, with
	// no spans, is measured, with a warning.
	var people []string
	for _, n := range names {
		if m := suggest.ModelName(n); m != "" {
			if err := g.knownModel(m); err != nil {
				return err
			}
		} else {
			people = append(people, n)
		}
	}
	unknown, authors, err := g.unknownAuthors(people)
	if err != nil {
		return err
	}
	if len(unknown) > 0 {
		known, err := g.st.Annotators()
		if err != nil {
			return err
		}
		for _, n := range unknown {
			if _, found := slices.BinarySearch(known, n); !found {
				return errors.New(noWork(n, authors))
			}
			fmt.Fprintln(g.env.Stderr, "skein:", noWork(n, authors))
		}
	}
	// A team folder's assignment defines the overlap agreement is measured on.
	var assigned transfer.Assigned
	asg, note, err := team.StoreAssignment(g.st, "skein agree")
	if err != nil {
		return err
	}
	if note != "" {
		fmt.Fprintln(g.env.Stderr, "skein: note:", note)
	}
	if asg != nil {
		assigned = asg.Has
		fmt.Fprintf(g.env.Stderr, "skein: measured on the overlap the team folder's assign.json defines (%s given to all of them)\n", annotate.Count(len(asg.Overlap(names)), "article"))
		leftOut(g, asg, names)
	}
	rep, err := transfer.AgreeAssigned(ctx, g.st, names, assigned)
	if err != nil {
		return err
	}
	if *asJSON {
		enc := json.NewEncoder(g.env.Stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(rep)
	}
	return rep.WriteTable(g.env.Stdout, *all)
}

// leftOut says which of names, annotators measured or curated, the
// assignment a does not name (team's Assignment.LeftOut, which the
// window's agreement report says too).
func leftOut(g *globals, a *team.Assignment, names []string) {
	for _, s := range a.LeftOut(names) {
		fmt.Fprintln(g.env.Stderr, "skein:", s)
	}
}

func runCurate(ctx context.Context, g *globals, args []string) error {
	fs := g.flags("curate", "")
	list := fs.String("annotators", "", "comma-separated annotator `NAMES` whose agreed spans go into the curated layer")
	adopt := fs.String("adopt", "", "first make colleague `NAME`'s review decisions (arrived from a team folder as curated:NAME) yours, where your review left the item open")
	if err := parseFlagsOnly(fs, args); err != nil {
		return err
	}
	names, err := annotatorsFlag("", "", *list, "-annotators A,B[,C…]")
	if err != nil {
		return err
	}
	if c, ok := annotate.CuratorOf(*adopt); ok {
		*adopt = c // curated:alice names alice's review too
	}
	if err := g.open(ctx); err != nil {
		return err
	}
	// The colleagues whose review has arrived: what they settled of what
	// stays open is counted, and -adopt takes one of them.
	known, err := g.st.Annotators()
	if err != nil {
		return err
	}
	var colleagues []string
	for _, a := range known {
		if c, ok := annotate.CuratorOf(a); ok {
			colleagues = append(colleagues, c)
		}
	}
	if *adopt != "" && !slices.Contains(colleagues, *adopt) {
		have := "none has arrived"
		if len(colleagues) > 0 {
			have = "there are " + strings.Join(colleagues, ", ") + "'s"
		}
		return fmt.Errorf("no review of %q in this store (a team folder brings a colleague's as the layer curated:NAME); %s", *adopt, have)
	}
	// With a name that has no spans no span is agreed by all: say why.
	if err := g.warnUnknownAuthors(names); err != nil {
		return err
	}
	// A team folder's assignment defines the overlap, as for skein agree.
	assignment, note, err := team.StoreAssignment(g.st, "skein curate")
	if err != nil {
		return err
	}
	if note != "" {
		fmt.Fprintln(g.env.Stderr, "skein: note:", note)
	}
	if assignment != nil {
		fmt.Fprintln(g.env.Stderr, "skein: an article counts for the annotators the team folder's assign.json gives it to")
		leftOut(g, assignment, names)
	}
	added, remaining, docs, alone, aloneSpans := 0, 0, 0, 0, 0
	adopted, adoptedDocs := 0, 0
	theirOpen := map[string]int{} // per colleague, the items left open here they settled
	// review reads the article's curated layer and decisions, adopts the
	// colleague's decisions where asked, and counts what each colleague
	// settled of what stays open; curate, when given, then runs on what
	// the adoption left.
	review := func(d *annotate.Document, items []agree.Item, curate func(curated []*annotate.Span, decisions []*annotate.Decision) error) error {
		read := func() ([]*annotate.Span, []*annotate.Decision, error) {
			decisions, err := g.st.Decisions(d.ID)
			if err != nil {
				return nil, nil, err
			}
			curated, err := g.st.LayerSpans(d.ID, annotate.CuratedLayer)
			return curated, decisions, err
		}
		theirs := func(c string, decisions []*annotate.Decision) ([]agree.Their, error) {
			spans, err := g.st.LayerSpans(d.ID, annotate.CuratedBy(c))
			return agree.Theirs(c, items, spans, decisions), err
		}
		curated, decisions, err := read()
		if err != nil {
			return err
		}
		if *adopt != "" {
			states, _, _ := agree.Settle(items, curated, decisions)
			th, err := theirs(*adopt, decisions)
			if err != nil {
				return err
			}
			if ch, n := agree.Adopt(d.ID, items, states, th, curated, decisions, g.user, *adopt); ch != nil {
				if err := g.st.Apply(ctx, ch); err != nil {
					return err
				}
				adopted += n
				adoptedDocs++
				if curated, decisions, err = read(); err != nil {
					return err
				}
			}
		}
		if curate != nil {
			if err := curate(curated, decisions); err != nil {
				return err
			}
			if curated, decisions, err = read(); err != nil {
				return err
			}
		}
		if len(colleagues) == 0 {
			return nil
		}
		states, _, _ := agree.Settle(items, curated, decisions)
		for _, c := range colleagues {
			th, err := theirs(c, decisions)
			if err != nil {
				return err
			}
			for i, it := range items {
				if it.Disagreement() && !states[i].Settled && th[i].Settled {
					theirOpen[c]++
				}
			}
		}
		return nil
	}
	err = g.st.EachDocument(ctx, func(d *annotate.Document) error {
		// As in `skein agree`, an article counts for the annotators who
		// worked on it: spans there, or a change or done mark. Where
		// carol never opened an article, what alice and bob agree on is
		// agreed; where only one of them worked, nothing is.
		infos, err := g.st.Layers(d.ID, names)
		if err != nil {
			return err
		}
		layers := map[string][]*annotate.Span{}
		var present []string
		for i, n := range names {
			spans, err := g.st.LayerSpans(d.ID, n)
			if err != nil {
				return err
			}
			worked := len(spans) > 0 || (i < len(infos) && infos[i].Worked(len(spans)))
			if assignment != nil && !annotate.IsCurated(n) {
				worked = assignment.Has(d.ID, n)
			}
			if worked {
				layers[n] = spans
				present = append(present, n)
			}
		}
		if len(present) < 2 {
			if len(present) == 1 {
				// The window reviews these span by span; those it settled
				// are decided, here as there.
				items := agree.Compare(layers, names)
				return review(d, items, func(curated []*annotate.Span, decisions []*annotate.Decision) error {
					states, _, _ := agree.Settle(items, curated, decisions)
					open := 0
					for i, st := range states {
						if !st.Settled {
							open += len(items[i].Spans)
						}
					}
					if open > 0 {
						alone++
						aloneSpans += open
					}
					return nil
				})
			}
			return nil
		}
		items := agree.Compare(layers, present)
		return review(d, items, func(curated []*annotate.Span, decisions []*annotate.Decision) error {
			ch, add, left := agree.CurateChange(d.ID, items, curated, decisions, g.user, "curate")
			if ch != nil {
				if err := g.st.Apply(ctx, ch); err != nil {
					return err
				}
				docs++
			}
			added += add
			remaining += left
			return nil
		})
	})
	if err != nil {
		return err
	}
	if *adopt != "" {
		fmt.Fprintf(g.env.Stdout, "adopted %s of %s's in %s\n", annotate.Count(adopted, "decision"), *adopt, annotate.Count(adoptedDocs, "document"))
	}
	remain := "remain"
	if remaining == 1 {
		remain = "remains"
	}
	fmt.Fprintf(g.env.Stdout, "curated %s in %s; %s %s for review\n",
		annotate.Count(added, "agreed span"), annotate.Count(docs, "document"), annotate.Count(remaining, "disagreement"), remain)
	for _, c := range colleagues {
		if n := theirOpen[c]; n > 0 {
			fmt.Fprintf(g.env.Stdout, "%s settled %s of what is open in your review (curated:%s); skein curate -annotators %s -adopt %s makes %s decisions yours\n",
				c, annotate.Count(n, "item"), c, annotate.ShellWord(strings.Join(names, ",")), annotate.ShellWord(c), c+"'s")
		}
	}
	if alone > 0 {
		fmt.Fprintf(g.env.Stdout, "%s annotated by only one of them left alone, nothing there being agreed (%s to review one by one in the window)\n", annotate.Count(alone, "document"), annotate.Count(aloneSpans, "span"))
	}
	return nil
}
