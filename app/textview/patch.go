package textview

import (
	"cmp"
	"slices"
)

// maxPatch is how many highlights, taken out or put in, SetHighlights
// patches into what it indexed before, besides an eighth of them; past
// that it indexes them all again.
const maxPatch = 64

// sameHighlight reports whether a and b draw the same.
func sameHighlight(a, b *Highlight) bool {
	return a.ID == b.ID && a.Label == b.Label && a.Annotator == b.Annotator && a.Outline == b.Outline &&
		a.Style == b.Style && a.Color == b.Color && slices.Equal(a.Fragments, b.Fragments)
}

// patchHighlights makes hs the highlights when they differ from those
// shown by a few taken out, put in or changed (a label key, an undo, a
// relabel: one span of 5,000), indexing only those: the others keep
// their places in the paragraphs' lists, and the lanes are swept again
// over the intervals kept in order, without sorting 5,000 of them again
// (issue 18). It reports false, changing nothing, when the lists differ
// by more than maxPatch, or nothing was indexed yet.
func (v *View) patchHighlights(hs []Highlight) bool {
	old := v.hls
	if v.lay == nil || len(v.fragBase) != len(old)+1 || len(v.refStart) != len(v.lay.paras)+1 || len(old) == 0 {
		return false
	}
	// The old highlights' new places (-1: taken out), and those put in.
	oldTo := slices.Grow(v.remap[:0], len(old))[:len(old)]
	v.remap = oldTo
	var ins []int
	edits, first := 0, -1
	limit0 := maxPatch + len(hs)/8
	var newAt map[string]int // made only when looking ahead did not tell
	i, j := 0, 0
	for i < len(old) || j < len(hs) {
		if i < len(old) && j < len(hs) && old[i].ID == hs[j].ID {
			oldTo[i] = -1
			if sameHighlight(&old[i], &hs[j]) {
				oldTo[i] = j
			} else {
				ins = append(ins, j)
				edits++
			}
			if first < 0 && (i != j || oldTo[i] < 0) {
				first = j
			}
			i, j = i+1, j+1
			continue
		}
		if first < 0 {
			first = j
		}
		edits++
		if edits > limit0 {
			return false
		}
		// Either way is right; the one that finds the two lists agreeing
		// again soonest patches least.
		insert := i == len(old)
		if !insert && j < len(hs) {
			decided := false
			for d := 1; d <= 8 && !decided; d++ {
				if j+d < len(hs) && hs[j+d].ID == old[i].ID {
					insert, decided = true, true
				} else if i+d < len(old) && old[i+d].ID == hs[j].ID {
					decided = true
				}
			}
			if !decided {
				if newAt == nil {
					newAt = make(map[string]int, len(hs))
					for n := range hs {
						newAt[hs[n].ID] = n
					}
				}
				k, ok := newAt[old[i].ID]
				insert = ok && k > j // old[i] comes later: hs[j] is new
			}
		}
		if insert {
			ins = append(ins, j)
			j++
		} else {
			oldTo[i] = -1
			i++
		}
	}
	if edits > limit0 {
		return false
	}
	v.patched += len(ins)

	// Fragments: where each highlight's begin, the old ones' new indexes.
	limit := v.text.Len()
	base := resize(v.pBase, len(hs)+1)
	base[0] = 0
	for n := range hs {
		base[n+1] = base[n] + int32(len(hs[n].Fragments))
	}
	kTo := resize(v.pKTo, len(v.fragLane))
	v.pKTo = kTo
	for n := range kTo {
		kTo[n] = -1
	}
	spanLen := resize(v.pSpanLen, len(hs))
	for oi, nj := range oldTo {
		if nj < 0 {
			continue
		}
		spanLen[nj] = v.spanLen[oi]
		for f := v.fragBase[oi]; f < v.fragBase[oi+1]; f++ {
			kTo[f] = base[nj] + (f - v.fragBase[oi])
		}
	}
	// The intervals put in, in the sweep's order, merged into the old.
	var add []interval
	for _, nj := range ins {
		l := 0
		for f, fr := range hs[nj].Fragments {
			fs, fe := max(fr.Start, 0), min(fr.End, limit)
			if fs < fe {
				l += fe - fs
				add = append(add, interval{int(base[nj]) + f, fs, fe})
			}
		}
		spanLen[nj] = l
	}
	byOrder := func(a, b interval) int {
		return cmp.Or(cmp.Compare(a.s, b.s), cmp.Compare(b.e, a.e), cmp.Compare(a.k, b.k))
	}
	slices.SortFunc(add, byOrder)
	order := resize(v.pOrder, len(v.order)+len(add))[:0]
	ai := 0
	for _, in := range v.order {
		k := kTo[in.k]
		if k < 0 {
			continue
		}
		in.k = int(k)
		for ai < len(add) && byOrder(add[ai], in) < 0 {
			order = append(order, add[ai])
			ai++
		}
		order = append(order, in)
	}
	order = append(order, add[ai:]...)
	v.order, v.pOrder = order, v.order
	v.fragBase, v.pBase = base, v.fragBase
	v.fragLane = resize(v.fragLane, int(base[len(hs)]))
	clear(v.fragLane)
	v.spanLen, v.pSpanLen = spanLen, v.spanLen
	v.sweepLanes()

	// The paragraphs' lists: the old refs with their new indexes, and the
	// new highlights' merged in, in highlight order as index makes them.
	type pref struct {
		pi int
		r  ref
	}
	var fresh []pref
	paras := v.lay.paras
	for _, nj := range ins {
		for f, fr := range hs[nj].Fragments {
			fs, fe := max(fr.Start, 0), min(fr.End, limit)
			if fs >= fe {
				continue
			}
			for pi := v.lay.paraOf(fs); pi < len(paras) && paras[pi].start < fe; pi++ {
				if paras[pi].end > fs {
					fresh = append(fresh, pref{pi, ref{int32(nj), int32(f)}})
				}
			}
		}
	}
	refLess := func(a, b ref) bool { return a.hl < b.hl || a.hl == b.hl && a.frag < b.frag }
	slices.SortFunc(fresh, func(a, b pref) int {
		if a.pi != b.pi {
			return cmp.Compare(a.pi, b.pi)
		}
		if refLess(a.r, b.r) {
			return -1
		}
		return 1
	})
	refs := resize(v.pRefs, len(v.refs)+len(fresh))[:0]
	start := resize(v.pStart, len(paras)+1)
	fi := 0
	for pi := range paras {
		start[pi] = int32(len(refs))
		for _, r := range v.refs[v.refStart[pi]:v.refStart[pi+1]] {
			nj := oldTo[r.hl]
			if nj < 0 {
				continue
			}
			r.hl = int32(nj)
			for fi < len(fresh) && fresh[fi].pi == pi && refLess(fresh[fi].r, r) {
				refs = append(refs, fresh[fi].r)
				fi++
			}
			refs = append(refs, r)
		}
		for fi < len(fresh) && fresh[fi].pi == pi {
			refs = append(refs, fresh[fi].r)
			fi++
		}
	}
	start[len(paras)] = int32(len(refs))
	v.refs, v.pRefs = refs, v.refs
	v.refStart, v.pStart = start, v.refStart

	v.hls, v.spare = append(v.spare[:0], hs...), old
	return true
}

// sweepLanes gives each fragment of v.order, sorted, the lowest lane free
// where it starts.
func (v *View) sweepLanes() {
	laneEnd := v.laneEnd[:0]
	for _, in := range v.order {
		k := 0
		for k < len(laneEnd) && laneEnd[k] > in.s {
			k++
		}
		if k == len(laneEnd) {
			laneEnd = append(laneEnd, 0)
		}
		laneEnd[k] = in.e
		v.fragLane[in.k] = uint8(min(k, maxLanes-1))
	}
	v.laneEnd = laneEnd
}

// Indexed counts the highlights the view has indexed so far: every one of
// a SetHighlights it indexed whole, those put in or changed of one it
// patched (for the tests: a label key indexes one).
func (v *View) Indexed() int { return v.patched }

// resize returns s with length n, its storage reused when it holds n.
func resize[T any](s []T, n int) []T {
	if cap(s) < n {
		return make([]T, n)
	}
	return s[:n]
}
