package team

import (
	"context"
	"fmt"
	"maps"
	"path"
	"slices"
	"strings"
	"time"

	"github.com/skein-news/skein/annotate"
	"github.com/skein-news/skein/store"
)

// A colleague whose folder leaves layers/ (they left the team and it was
// deleted, or they deleted it) takes their work out of the store with it:
// their layer and curated layer on the articles their files carried, the
// threads and review decisions their files held: what that folder brought
// (brought, store.RemoveAnnotatorFrom), not what the user imported under
// their name by hand; where what a file carried was never noted (an older
// skein read it, and the folder left before a pass read it again), none
// of their layer there (Departure.Unknown). Only a folder gone from a team folder that is there
// and whose layers/ was read whole (a folder moved away or a disk
// unplugged reads nothing: pull stops at there), and gone at two reads
// decisionsGoneWait apart, as a decisions file is (a copier or git's
// checkout may remove a folder for a moment): the store's state records
// when a read first found it gone (state.Left), and on bootClock
// (state.LeftBoot), for the wall clock set forward between two reads a
// moment apart is no wait.
// The user's own name is never such a colleague. A folder that comes back
// has its files read in again as any colleague's: their state goes with
// their work.

// Departure is a colleague whose folder left the team folder, and what of
// theirs left the store with it.
type Departure struct {
	Annotator string `json:"annotator"`
	store.Removed
	// Unknown counts, of the articles where their work was kept (Kept),
	// those of a bucket whose layer or curated layer file only a skein
	// before what a file carried was recorded read (fileState.uncarried):
	// skein cannot tell what their folder brought there from what was
	// imported by hand, and keeps it all.
	Unknown int `json:"unknown,omitempty"`
	// At is when it was told (Unix ns).
	At int64 `json:"at,omitempty"`
}

// leavingWork is a colleague's work being taken out of the store: what it
// held, and what of it their folder brought (nil, as a skein before this
// one saved it: all of it).
type leavingWork struct {
	store.Removed
	From *store.From `json:"from,omitempty"`
	// Unknown is the departure's (Departure.Unknown).
	Unknown int `json:"unknown,omitempty"`
}

// departedDays is how long a departure stays on the Team tab after it was
// told: a window opened the next days still says it.
const departedDays = 7

// Line says it: "bilal's folder is gone from the team folder: their 40
// spans in 5 articles, 3 threads and 12 decisions were removed from this
// store", and what of theirs it kept, imported by hand ("; 1 article
// imported by hand kept").
func (d Departure) Line() string {
	kept := ""
	if n := d.Kept - d.Unknown; n > 0 {
		kept = "; " + annotate.Count(n, "article") + " imported by hand kept"
	}
	if d.Unknown > 0 {
		kept += "; their work on " + annotate.Count(d.Unknown, "article") + " kept: an older skein read their folder without noting which articles it brought, " +
			"so skein cannot tell it from work imported by hand (no command takes one annotator's work off an article; skein rm ID deletes the article with everyone's work on it)"
	}
	var what []string
	if d.Spans > 0 {
		what = append(what, annotate.Count(d.Spans, "span")+" in "+annotate.Count(d.Articles, "article"))
	}
	if d.Threads > 0 {
		what = append(what, annotate.Count(d.Threads, "thread"))
	}
	if d.Decisions > 0 {
		what = append(what, annotate.Count(d.Decisions, "review decision"))
	}
	verb := "were"
	if len(what) == 1 && (d.Spans == 1 || d.Threads == 1 || d.Decisions == 1) {
		verb = "was"
	}
	if len(what) == 0 && d.Unknown > 0 {
		return fmt.Sprintf("%s's folder is gone from the team folder: nothing was removed from this store%s", d.Annotator, kept)
	}
	if len(what) == 0 {
		return fmt.Sprintf("%s's folder is gone from the team folder: nothing it brought was left in this store%s", d.Annotator, kept)
	}
	return fmt.Sprintf("%s's folder is gone from the team folder: their %s %s removed from this store%s", d.Annotator, andList(what), verb, kept)
}

// KeptLine says what of theirs stayed in the store under their name,
// kept when their folder left: "bilal's work on 1 article, imported by
// hand"; "" where nothing did.
func (d Departure) KeptLine() string {
	byHand := d.Kept - d.Unknown
	what := ""
	switch {
	case d.Kept <= 0:
		return ""
	case d.Unknown == 0:
		what = "imported by hand"
	case byHand <= 0:
		what = "not known to be their folder's (read by an older skein)"
	default:
		what = fmt.Sprintf("%d imported by hand, %d not known to be their folder's (read by an older skein)", byHand, d.Unknown)
	}
	return fmt.Sprintf("%s's work on %s, %s", d.Annotator, annotate.Count(d.Kept, "article"), what)
}

// leftFolders takes out of the store the work of the colleagues whose
// folders the store read and a second read, decisionsGoneWait after the
// first, finds gone from layers/ (listed: the names scanLayers found
// there, in any form), and says so in rep.Left. A colleague found gone for
// the first time is awaited.
func (e *Engine) leftFolders(ctx context.Context, listed map[string]bool, rep *Report) error {
	user := annotate.NormalName(e.user)
	gone := map[string][]string{} // the colleague's files the state holds, by name
	// Each folder weighed once, not each file: a rescan with nothing new
	// passes every file the state holds.
	goneAs := map[string]string{} // by folder as spelled: its name if gone, else ""
	for rel := range e.state.Files {
		folder, ok := layerFolder(rel)
		if !ok {
			continue
		}
		name, weighed := goneAs[folder]
		if !weighed {
			name = annotate.NormalName(folder)
			if name == user || listed[name] || annotate.ValidAnnotatorName(name) != nil {
				name = ""
			}
			goneAs[folder] = name
		}
		if name != "" {
			gone[name] = append(gone[name], rel)
		}
	}
	// Where each colleague was last seen: the layers/ this read listed.
	for name := range listed {
		if e.layersID == "" || e.state.Seen[name] == e.layersID || name == user || annotate.ValidAnnotatorName(name) != nil {
			continue
		}
		if e.state.Seen == nil {
			e.state.Seen = map[string]string{}
		}
		e.state.Seen[name] = e.layersID
		e.unsaved = true
	}
	for name := range e.state.Seen {
		if !listed[name] && gone[name] == nil { // nothing of theirs read
			delete(e.state.Seen, name)
			e.unsaved = true
		}
	}
	// Gone only from the layers/ they were seen in: a team folder
	// replaced by a copy (a fresh share or clone still arriving, their
	// folder not yet there) is another folder, whose lack of theirs says
	// nothing of their leaving.
	for name := range gone {
		if e.layersID == "" || e.state.Seen[name] != e.layersID {
			delete(gone, name)
		}
	}
	for name := range e.state.Left {
		if gone[name] == nil { // back, or nothing of theirs read
			delete(e.state.Left, name)
			delete(e.state.LeftBoot, name)
			e.unsaved = true
		}
	}
	for name := range e.state.Leaving {
		if listed[name] { // back: what it held is read in again
			delete(e.state.Leaving, name)
			e.unsaved = true
		}
	}
	// A removal a pass began (its files forgotten already) is finished,
	// whether or not the wait would still be under way.
	leaving := maps.Clone(gone)
	for name := range e.state.Leaving {
		if leaving[name] == nil {
			leaving[name] = []string{}
		}
	}
	now := goneClock().UnixNano()
	boot := bootClock()
	for _, name := range slices.Sorted(maps.Keys(leaving)) {
		pending, had := e.state.Leaving[name]
		if !had {
			at := e.state.Left[name]
			if at == 0 || now < at {
				if e.state.Left == nil {
					e.state.Left = map[string]int64{}
				}
				if e.state.LeftBoot == nil {
					e.state.LeftBoot = map[string]bootStamp{}
				}
				e.state.Left[name], e.state.LeftBoot[name] = now, boot
				e.unsaved = true
				continue
			}
			if !waited(decisionsGoneWait, at, e.state.leftBoot(name), now, boot) {
				continue
			}
			// What their work is, and that none of their files was
			// read, saved in one step before the work is removed: a kill
			// after the removal leaves the next pass nothing to remove,
			// and the departure is told from here; their folder back by
			// then, as it was, has its files read in again.
			from, uncarried := e.brought(gone[name])
			w, err := e.st.AnnotatorWork(ctx, name, from)
			if err != nil {
				return err
			}
			unknown, err := e.keptIn(ctx, name, from, uncarried)
			if err != nil {
				return err
			}
			if e.state.Leaving == nil {
				e.state.Leaving = map[string]leavingWork{}
			}
			pending = leavingWork{Removed: w, From: from, Unknown: unknown}
			e.state.Leaving[name] = pending
			for _, rel := range gone[name] {
				delete(e.state.Files, rel)
			}
			e.unsaved = true
			if err := e.saveState(); err != nil {
				return err
			}
		}
		if err := atRemoval(false); err != nil {
			return err
		}
		r, err := e.st.RemoveAnnotatorFrom(ctx, name, pending.From)
		if err != nil {
			return err
		}
		if err := atRemoval(true); err != nil {
			return err
		}
		if !r.Any() {
			r = pending.Removed // removed by a pass killed before it told
		}
		delete(e.state.Left, name)
		delete(e.state.LeftBoot, name)
		delete(e.state.Seen, name)
		delete(e.state.Leaving, name)
		e.unsaved = true
		if r.Any() || r.Kept > 0 {
			d := Departure{Annotator: name, Removed: r, Unknown: pending.Unknown, At: now}
			rep.Left = append(rep.Left, d)
			e.state.Departed = append(e.state.Departed, d)
		}
	}
	// Departures older than departedDays leave the Team tab.
	n := len(e.state.Departed)
	e.state.Departed = slices.DeleteFunc(e.state.Departed, func(d Departure) bool {
		return now-d.At > int64(departedDays*24*time.Hour)
	})
	if len(e.state.Departed) != n {
		e.unsaved = true
	}
	rep.Departed = slices.Clone(e.state.Departed)
	return nil
}

// brought is what a colleague's files rels (as the state holds them)
// brought into the store: the articles their layer and curated layer files
// carried, those their decisions files held, and the threads their threads
// files held. A layer file only a skein before what it carried was
// recorded read (fileState.uncarried) brought nothing skein can tell from
// work imported by hand: its bucket is in uncarried, and their work there
// stays.
func (e *Engine) brought(rels []string) (from *store.From, uncarried map[string]bool) {
	from = &store.From{Docs: []string{}, Reviewed: []string{}, Threads: []string{}}
	uncarried = map[string]bool{}
	for _, rel := range rels {
		f := e.state.Files[rel]
		switch base := path.Base(rel); fileKind(base) {
		case kindLayer, kindCurated:
			if f.Carried != nil {
				from.Docs = append(from.Docs, strings.Fields(*f.Carried)...)
			} else if f.uncarried(base) {
				uncarried[fileBucket(base)] = true
			}
		case kindDecisions:
			from.Reviewed = append(from.Reviewed, f.Docs...)
		case kindThreads:
			from.Threads = append(from.Threads, f.Threads...)
		}
	}
	for _, l := range []*[]string{&from.Docs, &from.Reviewed, &from.Threads} {
		slices.Sort(*l)
		*l = slices.Compact(*l)
	}
	return from, uncarried
}

// keptIn counts the articles where name's layer or curated layer stays
// (outside from) in the buckets of uncarried.
func (e *Engine) keptIn(ctx context.Context, name string, from *store.From, uncarried map[string]bool) (int, error) {
	if len(uncarried) == 0 {
		return 0, nil
	}
	kept := map[string]bool{}
	for _, annot := range []string{name, annotate.CuratedBy(name)} {
		err := e.st.SpansByAnnotator(ctx, annot, func(sp *annotate.Span) error {
			if len(sp.Doc) >= 2 && uncarried[sp.Doc[:2]] {
				if _, taken := slices.BinarySearch(from.Docs, sp.Doc); !taken {
					kept[sp.Doc] = true
				}
			}
			return nil
		})
		if err != nil {
			return 0, err
		}
	}
	return len(kept), nil
}

// uncarried says whether f, the state of the layer or curated layer file
// named base, was read whole by a skein before what such a file carried
// was recorded: the next pass reads it again, to record it, while it is
// there (scanLayer).
func (f fileState) uncarried(base string) bool {
	k := fileKind(base)
	return (k == kindLayer || k == kindCurated) && f.Carried == nil && f.Refused == ""
}

// forgetLeaving drops from the state the files of the colleagues it says
// are leaving, and says whether it dropped any. A skein before this one
// saved that a colleague was leaving with their files still listed as
// read: killed after the removal, and their folder back as it was, their
// files were never read in again.
func (s *state) forgetLeaving() bool {
	if len(s.Leaving) == 0 {
		return false
	}
	n := len(s.Files)
	for rel := range s.Files {
		if folder, ok := layerFolder(rel); ok {
			if _, leaving := s.Leaving[annotate.NormalName(folder)]; leaving {
				delete(s.Files, rel)
			}
		}
	}
	return len(s.Files) != n
}

// layerFolder is the folder of layers/ that the file at slash path rel is
// in, as spelled; false for a file outside layers/.
func layerFolder(rel string) (string, bool) {
	folder, ok := strings.CutPrefix(rel, "layers/")
	folder, _, _ = strings.Cut(folder, "/")
	return folder, ok
}

// atRemoval runs right before (removed false) and right after a
// colleague's work is taken out of the store, the state saying it is
// leaving: a test's error there is a kill at that moment.
var atRemoval = func(removed bool) error { return nil }

// awaitsLeft says whether a colleague's folder was found gone lately and
// awaits its second read.
func (e *Engine) awaitsLeft(now int64) bool {
	boot := bootClock()
	for name, at := range e.state.Left {
		if !waited(2*decisionsGoneWait, at, e.state.leftBoot(name), now, boot) {
			return true
		}
	}
	return false
}

// leftBoot is the first read that found name's folder gone on bootClock;
// nil where a skein before it saved none.
func (s *state) leftBoot(name string) *bootStamp {
	if b, ok := s.LeftBoot[name]; ok {
		return &b
	}
	return nil
}
