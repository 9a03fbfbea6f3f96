package formats

import (
	"fmt"

	"github.com/skein-news/skein/annotate"
	"slices"
	"strings"
)

// countNote is what a line of notes that only counts counts: a tally's key
// (with its %d) in a format's report, and how many.
type countNote struct {
	format, key string
	n           int
}

// labelNote is what a line of notes telling of a new user label tells:
// what the format calls it ("CoNLL tag", "doccano label"), the label as the
// file names it and the label it becomes (another where -map says so).
type labelNote struct {
	source, from, label string
}

// line is the note as one format says it: "CoNLL tag LOC becomes user
// label LOC"; "doccano label ACTOR becomes user label ACTOR, beside actor:
// …" with the -map that reads it as actor.
func (ln labelNote) line() string {
	return fmt.Sprintf("%s %s becomes user label %s", ln.source, annotate.LabelShown(ln.from), annotate.LabelShown(ln.label)) + besideDefault(ln.label, []string{ln.from})
}

// labelLine is the note for a label several formats of one import bring:
// "label LOC (CoNLL tag, doccano label) becomes user label LOC".
func labelLine(label string, sources, froms []string) string {
	return fmt.Sprintf("label %s (%s) becomes user label %s", label, strings.Join(sources, ", "), label) + besideDefault(label, froms)
}

// besideDefault is what a note of a new user label adds when the label is
// one of skein's four written otherwise (ACTOR, Figure): the -map that
// reads it as that one, which a researcher importing doccano's capitals
// expects. froms are the labels the files name it by: the -map names
// them, not label, where an earlier -map read them as label (-map
// ACTOR=Actor: an import with -map Actor=actor read no span of the files
// as actor). "" for any other label.
func besideDefault(label string, froms []string) string {
	for _, l := range annotate.DefaultLabels {
		// EqualFold, not annotate.Fold: the four are ASCII, and a note
		// a file (WebAnno's, XMI's) folding eight strings cost 8,000
		// allocations in an import of 1,000 files.
		if l.Name != label && strings.EqualFold(l.Name, label) {
			var pairs []string
			for _, from := range froms {
				if strings.ContainsAny(from, ",=") {
					// -map cannot name it: no line to give.
					return fmt.Sprintf(", beside %s", l.Name)
				}
				pairs = append(pairs, from+"="+l.Name)
			}
			pair := annotate.ShellWord(strings.Join(pairs, ","))
			return fmt.Sprintf(", beside %s: an import with -map %s reads it as %s (spans imported already keep %s)", l.Name, pair, l.Name, label)
		}
	}
	return ""
}

// storedNote is what a line of notes telling of what an import stores
// counts ("brat: 23 events became links …"): the tally's key and the
// things counted, each with the spans or threads it became.
type storedNote struct {
	format, key string
	items       []noteItem
}

// line is the note said of items, the things of it the import writes.
func (sn storedNote) line(items []noteItem) string {
	var ex []string
	for _, it := range items {
		if it.example != "" && len(ex) < maxExamples && !slices.Contains(ex, it.example) {
			ex = append(ex, it.example)
		}
	}
	return exampleLine(sn.format, sn.key, len(items), ex)
}

// linkNote is what the line naming the link labels a format brings
// tells: the labels, in the order read, and the threads that carry each.
type linkNote struct {
	format string
	labels []string
	ids    map[string][]string
}

// line is the note naming labels.
func (ln linkNote) line(labels []string) string {
	return fmt.Sprintf("%s link types become link labels: %s", ln.format, strings.Join(labels, ", "))
}

// ImportNotes gathers the notes of the batches an import reads, in the
// order they are first said. A note several files say is said once; one
// that only counts ("doccano: 2 identical spans imported once", no
// examples to tell them apart) says the sum of their counts, where keeping
// it once by its text had said one file's count for all of them. A new
// user label several formats bring is said once, naming what each calls
// it.
type ImportNotes struct {
	lines  []string
	sums   map[[2]string]int // format and tally key → its index in lines
	n      []int             // the count so far of lines[i], where it sums
	labels map[string]*labelAt
	// dropped are the lines DropKnown and KeepWritten left out, by index.
	dropped map[int]bool
	// stored are the notes of what the import stores, by format and
	// tally key, with the things each counts from every file.
	stored map[[2]string]*storedAt
	// links are the notes naming link labels, by format.
	links map[string]*linksAt
}

// storedAt is where ImportNotes tells a note of what the import stores,
// and what it counts.
type storedAt struct {
	i    int
	note storedNote
}

// linksAt is where ImportNotes names a format's link labels, and the
// threads that carry each.
type linksAt struct {
	i    int
	note linkNote
}

// labelAt is where ImportNotes tells of a new user label, and which
// formats brought it, in the order read.
type labelAt struct {
	i       int
	sources []string
	froms   []string // the labels the files name it by, each once
}

// Add takes in a batch's notes.
func (ns *ImportNotes) Add(b *Batch) {
	// A brat import of several folders says a line once for each folder
	// that says it; its things are gathered once.
	var took map[string]bool
	for _, line := range b.Notes {
		if ln, ok := b.labelNotes[line]; ok {
			ns.addLabel(ln, line)
			continue
		}
		sn, isStored := b.stored[line]
		ln, isLinks := b.linkNote[line]
		if isStored || isLinks {
			if took[line] {
				continue
			}
			if took == nil {
				took = map[string]bool{}
			}
			took[line] = true
		}
		if isStored {
			ns.addStored(sn, line)
			continue
		}
		if isLinks {
			ns.addLinks(ln, line)
			continue
		}
		c, counts := b.counts[line]
		if !counts {
			if !slices.Contains(ns.lines, line) {
				ns.Say(line)
			}
			continue
		}
		k := [2]string{c.format, c.key}
		if i, ok := ns.sums[k]; ok {
			ns.n[i] += c.n
			ns.lines[i] = countLine(c.format, c.key, ns.n[i])
			continue
		}
		if ns.sums == nil {
			ns.sums = map[[2]string]int{}
		}
		ns.sums[k] = len(ns.lines)
		ns.Say(line)
		ns.n[len(ns.n)-1] = c.n
	}
}

// addStored takes in line, a batch's note of what the import stores: its
// things join those other files brought of the same note.
func (ns *ImportNotes) addStored(sn storedNote, line string) {
	k := [2]string{sn.format, sn.key}
	if at, ok := ns.stored[k]; ok {
		at.note.items = append(at.note.items, sn.items...)
		ns.lines[at.i] = at.note.line(at.note.items)
		return
	}
	if ns.stored == nil {
		ns.stored = map[[2]string]*storedAt{}
	}
	sn.items = slices.Clone(sn.items)
	ns.stored[k] = &storedAt{i: len(ns.lines), note: sn}
	ns.Say(line)
}

// addLinks takes in line, a batch's note naming link labels: one line a
// format, each label once.
func (ns *ImportNotes) addLinks(ln linkNote, line string) {
	at, ok := ns.links[ln.format]
	if !ok {
		if ns.links == nil {
			ns.links = map[string]*linksAt{}
		}
		ids := make(map[string][]string, len(ln.ids))
		for l, t := range ln.ids {
			ids[l] = slices.Clone(t)
		}
		ns.links[ln.format] = &linksAt{i: len(ns.lines), note: linkNote{format: ln.format, labels: slices.Clone(ln.labels), ids: ids}}
		ns.Say(line)
		return
	}
	for _, l := range ln.labels {
		if !slices.Contains(at.note.labels, l) {
			at.note.labels = append(at.note.labels, l)
		}
		at.note.ids[l] = append(at.note.ids[l], ln.ids[l]...)
	}
	ns.lines[at.i] = at.note.line(at.note.labels)
}

// KeepWritten makes the notes of what the import stores true of what it
// writes: a thing counted is counted where written(id) holds for one of
// the spans or threads it became, and a note counting none is left out;
// a link label is named where a thread written carries it and known
// (the store's threads) says no thread carries it already. An import of
// files imported before said "23 events became links" and named every
// link label again, though it wrote none of them.
func (ns *ImportNotes) KeepWritten(written func(id string) bool, known func(labels []string) (map[string]bool, error)) error {
	for _, at := range ns.stored {
		var kept []noteItem
		for _, it := range at.note.items {
			if slices.ContainsFunc(it.ids, written) {
				kept = append(kept, it)
			}
		}
		if len(kept) == 0 {
			ns.drop(at.i)
			continue
		}
		ns.lines[at.i] = at.note.line(kept)
	}
	for _, at := range ns.links {
		var carried []string
		for _, l := range at.note.labels {
			if slices.ContainsFunc(at.note.ids[l], written) {
				carried = append(carried, l)
			}
		}
		had, err := known(carried)
		if err != nil {
			return err
		}
		var news []string
		for _, l := range carried {
			if !had[l] {
				news = append(news, l)
			}
		}
		if len(news) == 0 {
			ns.drop(at.i)
			continue
		}
		ns.lines[at.i] = at.note.line(news)
	}
	return nil
}

// drop leaves the i'th line out of Lines.
func (ns *ImportNotes) drop(i int) {
	if ns.dropped == nil {
		ns.dropped = map[int]bool{}
	}
	ns.dropped[i] = true
}

// addLabel takes in line, a batch's note of a new user label: said as it
// is the first time, as one line naming each format once more formats
// bring the label.
func (ns *ImportNotes) addLabel(ln labelNote, line string) {
	at, ok := ns.labels[ln.label]
	switch {
	case !ok:
		if ns.labels == nil {
			ns.labels = map[string]*labelAt{}
		}
		ns.labels[ln.label] = &labelAt{i: len(ns.lines), sources: []string{ln.source}, froms: []string{ln.from}}
		ns.Say(line)
	case !slices.Contains(at.froms, ln.from):
		// Another name of the files for the label (-map ORG=Org beside
		// Org): DropKnown keeps the note.
		at.froms = append(at.froms, ln.from)
		if !slices.Contains(at.sources, ln.source) {
			at.sources = append(at.sources, ln.source)
			ns.lines[at.i] = labelLine(ln.label, at.sources, at.froms)
		}
	case !slices.Contains(at.sources, ln.source):
		at.sources = append(at.sources, ln.source)
		if !slices.Contains(at.froms, ln.from) {
			at.froms = append(at.froms, ln.from)
		}
		ns.lines[at.i] = labelLine(ln.label, at.sources, at.froms)
	}
}

// DropKnown leaves out the notes of new user labels that tell nothing
// new: a label the store holds already (known), which every file read
// names as it is. A folder imported again said "brat type Person becomes
// user label Person" each time. A label a file names otherwise (-map
// Org=Person_2) is said still, as one of skein's four written otherwise
// (ACTOR beside actor) is, with the -map that reads it so.
func (ns *ImportNotes) DropKnown(known func(label string) (bool, error)) error {
	for label, at := range ns.labels {
		if slices.ContainsFunc(at.froms, func(f string) bool { return f != label }) || besideDefault(label, at.froms) != "" {
			continue
		}
		ok, err := known(label)
		if err != nil {
			return err
		}
		if ok {
			ns.drop(at.i)
		}
	}
	return nil
}

// Say adds a note of the import's own, as it is.
func (ns *ImportNotes) Say(line string) {
	ns.lines = append(ns.lines, line)
	ns.n = append(ns.n, 0)
}

// Lines returns the notes, one a line.
func (ns *ImportNotes) Lines() []string {
	if len(ns.dropped) == 0 {
		return ns.lines
	}
	out := make([]string, 0, len(ns.lines)-len(ns.dropped))
	for i, l := range ns.lines {
		if !ns.dropped[i] {
			out = append(out, l)
		}
	}
	return out
}
