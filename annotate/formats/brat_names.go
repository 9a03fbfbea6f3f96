package formats

import (
	"bytes"
	"cmp"
	"fmt"
	"os"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"github.com/skein-news/skein/annotate"
)

// b1 is 1 for true, 0 for false.
func b1(b bool) int {
	if b {
		return 1
	}
	return 0
}

// bratNames names what a brat export writes (span types, relation and
// equivalence types, attributes and their values, normalization databases
// and references). brat's configuration takes ASCII letters, digits, _
// and - in a name (bratRune; a value also other letters and .): a name
// made of those alone is written as it is, always (an equivalence type
// unless a relation type has it). Any other has its accents dropped and
// each other character made _ ("Person?" Person_), and where
// that is a name kept as it is, or the name of another label so made, a
// number ("Person!" Person__2).
//
// Which label keeps the plain name, and which gets which number, depends on
// the set of names the whole export writes, not on the order articles are
// written in: handed out as they were met, "Person?" was Person_ in one
// export and Person__2 in the next, after one more article, and a label
// brat holds as written ("Person_") was renamed for one met before it.
// So a document naming one of those is written with a placeholder for it
// (placeheld), and the names are fixed when the export closes (fix), when
// every name is known, and put in its .ann files then.
type bratNames struct {
	kept  map[[2]string]bool // what, name written as it is
	ids   map[[2]string]int  // what, name to rename → its index in orig
	orig  [][2]string        // what, name to rename
	final []string           // orig[i]'s written name, once fixed
	fixed bool
	// met are the names the export wrote; the others were reserved
	// (ReserveLabels) and are named, and counted, but not said renamed.
	met map[[2]string]bool
	// shared is true for the names a split's parts share: their note is
	// said once for the whole export (SharedNotes), not in a part's.
	shared bool
	// complete is true once every span label the export can write is
	// reserved (ReserveLabels): a relation type brat holds as written,
	// that no span label has, then keeps its name at once, with no
	// placeholder to put in its .ann at the close.
	complete bool
}

func newBratNames() *bratNames {
	return &bratNames{kept: map[[2]string]bool{}, ids: map[[2]string]int{}, met: map[[2]string]bool{}}
}

// bratReserved are the names brat's configuration gives a meaning of its
// own (brat's server/src/projectconfig.py): visual.conf's [drawing] lines
// of these set the default style of every span, arc or attribute (a label
// SPAN_DEFAULT, written as a type's colour, coloured every span), and
// ENTITY-NESTING is a special relation type. The others are the names
// brat's visualizer keeps for defaults in the same way.
var bratReserved = map[string]bool{
	"SPAN_DEFAULT": true, "ARC_DEFAULT": true, "ATTRIBUTE_DEFAULT": true,
	"ENTITY_DEFAULT": true, "RELATION_DEFAULT": true, "EVENT_DEFAULT": true,
	"ENTITY-NESTING": true,
}

// unlabelledLink is the name an unlabelled link is written under where no
// link label has it (a link labelled "link" keeps it, and the unlabelled
// take the next free, link_2): brat's relations need a type.
const unlabelledLink = "link"

// fitsBrat tells a name brat holds as written, as what (see bratRune). A
// name of hyphens alone is none: brat reads such a line of annotation.conf
// as a separator between types. A name brat keeps for itself
// (bratReserved) is none either.
func fitsBrat(s, what string) bool {
	if s == "" || confName(what) && (strings.Trim(s, "-") == "" || bratReserved[s]) {
		return false
	}
	for _, r := range s {
		if !bratRune(r, what) {
			return false
		}
	}
	return true
}

// bratRune tells a character brat holds in a name of what. The names
// annotation.conf declares (types, relation and equivalence types,
// attributes) are brat's storage form, ^[a-zA-Z0-9_-]*$: brat changed
// another ("café", "v1.2") to that form, with a warning, and the .ann's
// spans were then of a type it did not know. Values, databases and
// references may be any letters, digits, _, - and . (brat takes any
// UTF-8 in a value).
func bratRune(r rune, what string) bool {
	if confName(what) {
		return r < utf8.RuneSelf && (r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '_' || r == '-')
	}
	return unicode.IsLetter(r) || unicode.IsDigit(r) || r == '_' || r == '-' || r == '.'
}

// confName tells the kinds of names annotation.conf declares.
func confName(what string) bool {
	return what == "type" || what == "relation" || what == "equivalence" || what == "attribute"
}

// fitBrat is s with each character brat does not hold in a name of what
// made _ (a letter's accents dropped first where only ASCII is held:
// "café", composed or not, cafe), and a name of hyphens alone made of _.
func fitBrat(s, what string) string {
	if confName(what) {
		s = strings.Map(func(r rune) rune {
			if unicode.Is(unicode.Mn, r) {
				return -1
			}
			return r
		}, norm.NFD.String(s))
	}
	out := strings.Map(func(r rune) rune {
		if bratRune(r, what) {
			return r
		}
		return '_'
	}, s)
	if out == "" || confName(what) && strings.Trim(out, "-") == "" {
		out = strings.Repeat("_", max(1, len(out)))
	}
	return out
}

// bratSpace is the names a name of what must differ from. brat looks a
// type's display names ([labels]) and its drawing up by its name alone,
// whatever its kind, so span types, relation and equivalence types are
// one list: a span label and a link label that shared a name shared one
// line of visual.conf, and brat showed one of them under the other's
// label.
func bratSpace(what string) string {
	if what == "relation" || what == "equivalence" {
		return "type"
	}
	return what
}

// bratBase is the name s, of what, is written under before a number is
// added: its fitted form, and for an unlabelled link unlabelledLink.
func bratBase(s, what string) string {
	if s == "" && what == "relation" {
		return unlabelledLink
	}
	return fitBrat(s, what)
}

// bratKindRank orders kinds that want one name: a span type keeps it
// before a relation type, which keeps it before an equivalence type.
func bratKindRank(what string) int {
	switch what {
	case "relation":
		return 1
	case "equivalence":
		return 2
	}
	return 0
}

// placeholders stand for a name to rename until it is fixed: NUL, its
// index, NUL. No name brat holds has a NUL; they are written only where
// names go (an .ann line's middle field), never in a span's text or a note.
func placeholder(id int) string { return "\x00" + strconv.Itoa(id) + "\x00" }

// name is how s is written: itself where brat holds it, else its name once
// fixed, or a placeholder until then (placeheld true).
func (n *bratNames) name(s, what string) (out string, placeheld bool) {
	n.met[[2]string{what, s}] = true
	return n.register(s, what)
}

// reserve names s, a label of the store this export may not write, as if
// it were written: which label keeps a name, and which gets which number,
// then depends on the store's labels alone, not on those of the articles
// or layers one export writes. Exported one annotator at a time, al's
// "Person?" was Person_ (bob's "Person_" not in her export) and bob's
// Person__2, so the two exports, read back as the README's agreement
// recipe reads them, disagreed on every such span.
func (n *bratNames) reserve(s, what string) {
	if !n.fixed {
		n.register(s, what)
	}
}

func (n *bratNames) register(s, what string) (out string, placeheld bool) {
	k := [2]string{what, s}
	// A relation or equivalence type is named once the span types are
	// known: one of a span label's name takes another (see fix).
	if fitsBrat(s, what) && what != "equivalence" && (what != "relation" || n.complete && !n.kept[[2]string{"type", s}]) {
		if !n.kept[k] {
			n.kept[k] = true
		}
		return s, false
	}
	id, ok := n.ids[k]
	if !ok {
		id = len(n.orig)
		n.ids[k] = id
		n.orig = append(n.orig, k)
		if n.fixed {
			// Met after the names were fixed (not in an export, which
			// writes every document first): named as free now.
			n.final = append(n.final, n.free(k))
		}
	}
	if n.fixed {
		return n.final[id], false
	}
	return placeholder(id), true
}

// written is the name s is written under, once fixed.
func (n *bratNames) written(s, what string) string {
	if id, ok := n.ids[[2]string{what, s}]; ok && n.fixed {
		return n.final[id]
	}
	return s
}

// free is the first of base, base_2, base_3 … that no name written has.
func (n *bratNames) free(k [2]string) string {
	base := bratBase(k[1], k[0])
	out := base
	for i := 2; n.taken(k[0], out); i++ {
		out = fmt.Sprintf("%s_%d", base, i)
	}
	return out
}

// taken tells a name written for what: kept, given to a renamed one, or
// brat's own.
func (n *bratNames) taken(what, name string) bool {
	if confName(what) && bratReserved[name] {
		return true
	}
	for k := range n.kept {
		if bratSpace(k[0]) == bratSpace(what) && k[1] == name {
			return true
		}
	}
	for i, o := range n.orig {
		if i < len(n.final) && bratSpace(o[0]) == bratSpace(what) && n.final[i] == name {
			return true
		}
	}
	return false
}

// fix names each name to rename, from the set of names alone: a name whose
// fitted form no other has, kept or renamed, takes it; the others, in
// the order of their fitted forms and then of their own code points, take
// the first of the fitted form, _2, _3 … that no name has.
func (n *bratNames) fix() {
	if n.fixed {
		return
	}
	n.fixed = true
	n.final = make([]string, len(n.orig))
	taken := map[[2]string]bool{}
	for k := range n.kept {
		taken[[2]string{bratSpace(k[0]), k[1]}] = true
	}
	for r := range bratReserved {
		for _, what := range []string{"type", "attribute"} {
			taken[[2]string{what, r}] = true
		}
	}
	bases := map[[2]string][]int{}
	for i, o := range n.orig {
		b := [2]string{bratSpace(o[0]), bratBase(o[1], o[0])}
		bases[b] = append(bases[b], i)
	}
	var crowded [][2]string
	for b, ids := range bases {
		if len(ids) == 1 && !taken[b] {
			n.final[ids[0]] = b[1]
			continue
		}
		crowded = append(crowded, b)
	}
	for b, ids := range bases {
		if len(ids) == 1 && n.final[ids[0]] != "" {
			taken[b] = true
		}
	}
	slices.SortFunc(crowded, func(a, b [2]string) int {
		return cmp.Or(cmp.Compare(a[0], b[0]), cmp.Compare(a[1], b[1]))
	})
	for _, b := range crowded {
		ids := bases[b]
		// A name brat holds as written first (its name is the base),
		// a span type's before a relation's and a relation's before an
		// equivalence's (where a span label has a link label's name, the
		// link's is numbered past it), then a label written composed
		// before one written decomposed (café, cafe_2 for an older
		// store's "cafe\u0301"), then in code-point order.
		first := func(i int) int {
			return cmp.Or(-b1(n.orig[i][1] == b[1]), bratKindRank(n.orig[i][0]), b1(annotate.NormalName(n.orig[i][1]) != n.orig[i][1]))
		}
		slices.SortFunc(ids, func(i, j int) int {
			return cmp.Or(cmp.Compare(first(i), first(j)), cmp.Compare(n.orig[i][1], n.orig[j][1]), cmp.Compare(n.orig[i][0], n.orig[j][0]))
		})
		for _, id := range ids {
			out := b[1]
			for i := 2; taken[[2]string{b[0], out}]; i++ {
				out = fmt.Sprintf("%s_%d", b[1], i)
			}
			taken[[2]string{b[0], out}] = true
			n.final[id] = out
		}
	}
}

// bratKinds are the kinds of names, in the order the note lists them.
var bratKinds = []string{"type", "relation", "equivalence", "attribute", "value", "database", "reference"}

// renameKey is the note that lists the names changed.
const renameKey = "%d names changed to fit brat (accents dropped; spaces, punctuation and other characters become _)"

// note lists every name changed, once each, by kind and then by name
// (fixed first): "brat: 2 names changed … (type "Person!" → Person_;
// type "Person?" → Person__2)". nil without one.
func (n *bratNames) note() []string {
	n.fix()
	var ids []int // those renamed: an equivalence type may keep its name
	for i, o := range n.orig {
		// An unlabelled link has no label to rename: its own note
		// says the name it is written under.
		if n.final[i] != o[1] && n.met[o] && o[1] != "" {
			ids = append(ids, i)
		}
	}
	if len(ids) == 0 {
		return nil
	}
	slices.SortFunc(ids, func(i, j int) int {
		a, b := n.orig[i], n.orig[j]
		return cmp.Or(cmp.Compare(slices.Index(bratKinds, a[0]), slices.Index(bratKinds, b[0])), cmp.Compare(a[1], b[1]))
	})
	each := make([]string, len(ids))
	for i, id := range ids {
		s := n.orig[id][1]
		shown := annotate.LabelShown(s)
		if shown == s {
			shown = strconv.Quote(s)
		}
		each[i] = fmt.Sprintf("%s %s → %s", n.orig[id][0], shown, n.final[id])
	}
	return []string{countLine("brat", renameKey, len(ids)) + " (" + strings.Join(each, "; ") + ")"}
}

// ReserveLabels gives a brat or CoNLL export every label of the store,
// span labels, the link labels of its relations and those of its
// equivalence sets (Equiv for an unlabelled set, as brat's export writes
// it), before it writes: the names it hands out then depend on the
// store's labels alone, so that exports of a part of it (one annotator's,
// some articles, a part of a split) name each label as every other export
// of the store does. A set's label is no relation's: reserved as one, an
// equivalence type Coref that no relation had was written Coref_2, for a
// relation that was not there. Other formats ignore it.
func ReserveLabels(exs []Exporter, spanLabels, linkLabels, equivLabels []string) {
	for _, ex := range exs {
		switch w := ex.(type) {
		case *bratWriter:
			for _, l := range spanLabels {
				w.names.reserve(l, "type")
			}
			w.names.complete = true
			for _, l := range linkLabels {
				w.names.reserve(l, "relation")
			}
			for _, l := range equivLabels {
				w.names.reserve(l, "equivalence")
			}
		case *iobWriter:
			if w.format == "conll" {
				for _, l := range spanLabels {
					w.names.reserve(l)
				}
			}
		}
	}
}

// SharedNotes are the notes of a split's parts said once for the whole
// export, not in each part's: the brat names and CoNLL tags changed, which
// every part shares (ShareLabels). Call it after the parts are closed.
func SharedNotes(exs []Exporter) []string {
	for _, ex := range exs {
		switch w := ex.(type) {
		case *bratWriter:
			if w.names.shared {
				return w.names.note()
			}
		case *iobWriter:
			if w.names.shared && w.format == "conll" {
				return w.names.note()
			}
		}
	}
	return nil
}

// putNames writes the fixed names in place of the placeholders in the
// .ann file at p: in each line's middle field, between its first two tabs,
// where names go.
func (bw *bratWriter) putNames(p string) error {
	b, err := os.ReadFile(p)
	if err != nil {
		return err
	}
	var out bytes.Buffer
	out.Grow(len(b) + len(b)/8)
	for len(b) > 0 {
		line := b
		if i := bytes.IndexByte(b, '\n'); i >= 0 {
			line = b[:i+1]
		}
		b = b[len(line):]
		start := bytes.IndexByte(line, '\t') + 1
		end := len(line)
		if start > 0 {
			if j := bytes.IndexAny(line[start:], "\t\n"); j >= 0 {
				end = start + j
			}
		}
		mid := line[start:end]
		out.Write(line[:start])
		for {
			i := bytes.IndexByte(mid, 0)
			if i < 0 {
				break
			}
			j := bytes.IndexByte(mid[i+1:], 0)
			if j < 0 {
				return fmt.Errorf("%s: a name left unwritten", p)
			}
			id, err := strconv.Atoi(string(mid[i+1 : i+1+j]))
			if err != nil || id >= len(bw.names.final) {
				return fmt.Errorf("%s: a name left unwritten", p)
			}
			out.Write(mid[:i])
			out.WriteString(bw.names.final[id])
			mid = mid[i+2+j:]
		}
		out.Write(mid)
		out.Write(line[end:])
	}
	f, err := os.OpenFile(p, os.O_WRONLY|os.O_TRUNC, 0)
	if err != nil {
		return err
	}
	if _, err := f.Write(out.Bytes()); err != nil {
		f.Close()
		return err
	}
	bw.syncClose(f)
	return nil
}
