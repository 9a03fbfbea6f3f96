package formats

import "slices"

// countNote is what a line of notes that only counts counts: a tally's key
// (with its %d) in a format's report, and how many.
type countNote struct {
	format, key string
	n           int
}

// ImportNotes gathers the notes of the batches an import reads, in the
// order they are first said. A note several files say is said once; one
// that only counts ("doccano: 2 identical spans imported once", no
// examples to tell them apart) says the sum of their counts, where keeping
// it once by its text had said one file's count for all of them.
type ImportNotes struct {
	lines []string
	sums  map[[2]string]int // format and tally key → its index in lines
	n     []int             // the count so far of lines[i], where it sums
}

// Add takes in a batch's notes.
func (ns *ImportNotes) Add(b *Batch) {
	for _, line := range b.Notes {
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

// Say adds a note of the import's own, as it is.
func (ns *ImportNotes) Say(line string) {
	ns.lines = append(ns.lines, line)
	ns.n = append(ns.n, 0)
}

// Lines returns the notes, one a line.
func (ns *ImportNotes) Lines() []string { return ns.lines }
