package formats

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/skein-news/skein/annotate"
)

// conllNames names labels in a CoNLL export's tags. A CoNLL line's columns
// are separated by spaces and tabs, and its tag is the last: written as it
// is, a label with a space, "my label", gave the line "Kakar B-my label",
// which the import (skein's, and any CoNLL reader's) reads as the tag
// "label", and "my label" and "your label" came back as one label, label.
// Each space (any character a CoNLL reader takes for one between columns)
// is now written _, and where that is another label's name, a number is
// added.
//
// Which label keeps a name and which gets which number depends on the set
// of labels alone (a store export gives it every label of the store
// before it writes: ReserveLabels): a label written as it is keeps its
// name, and the others take, in the order of their code points, the first
// of the name, _2, _3 … that no label has. Handed out in the order met,
// "my_label" was my_label_2 in one export and "my label" in another, after
// the articles came in another order, and one annotator's export named a
// label otherwise than the other's.
type conllNames struct {
	as       map[string]string // label → as written
	taken    map[string]bool   // names written
	reserved map[string]bool   // labels named before any is written
	met      map[string]bool   // labels the export wrote
	fixed    bool
	// shared is true for the names a split's parts share: their note is
	// said once for the whole export (SharedNotes), not in a part's.
	shared bool
}

func newCoNLLNames() *conllNames {
	return &conllNames{as: map[string]string{}, taken: map[string]bool{}, reserved: map[string]bool{}, met: map[string]bool{}}
}

// conllBase is label with each character a CoNLL reader takes for a space
// between columns made _.
func conllBase(label string) string {
	return strings.Map(func(r rune) rune {
		if r < 0x80 && isColumnSpace(byte(r)) {
			return '_'
		}
		return r
	}, label)
}

// reserve names label, one of the store's, before anything is written.
func (n *conllNames) reserve(label string) {
	if !n.fixed {
		n.reserved[label] = true
	}
}

// fix names every label reserved, from their set alone: those written as
// they are first, then the others in the order of their code points.
func (n *conllNames) fix() {
	if n.fixed {
		return
	}
	n.fixed = true
	var renamed []string
	for l := range n.reserved {
		if conllBase(l) == l {
			n.as[l], n.taken[l] = l, true
		} else {
			renamed = append(renamed, l)
		}
	}
	slices.Sort(renamed)
	for _, l := range renamed {
		n.give(l)
	}
}

// give names label the first of its base, base_2 … that no label has.
func (n *conllNames) give(label string) string {
	base := conllBase(label)
	out := base
	for i := 2; n.taken[out]; i++ {
		out = fmt.Sprintf("%s_%d", base, i)
	}
	n.as[label], n.taken[out] = out, true
	return out
}

// name is label as a tag writes it.
func (n *conllNames) name(label string) string {
	n.fix()
	n.met[label] = true
	if out, ok := n.as[label]; ok {
		return out
	}
	// A label not reserved (an export of labels given one by one): named
	// as free now.
	return n.give(label)
}

// note lists every label the export wrote renamed, once each, in the
// order of the labels; nil without one.
func (n *conllNames) note() []string {
	var each []string
	for _, l := range sortedKeys(n.met) {
		if n.as[l] == l {
			continue
		}
		shown := annotate.LabelShown(l)
		if shown == l {
			shown = strconv.Quote(l)
		}
		each = append(each, shown+" → "+n.as[l])
	}
	if len(each) == 0 {
		return nil
	}
	return []string{countLine("conll", "%d labels renamed to fit CoNLL (a space, which separates a line's columns, becomes _; a name another label has gets a number)", len(each)) + " (" + strings.Join(each, "; ") + ")"}
}
