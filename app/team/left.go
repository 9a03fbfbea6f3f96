package team

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/skein-news/skein/annotate"
	"github.com/skein-news/skein/store"
)

// A colleague whose folder leaves layers/ (they left the team and it was
// deleted, or they deleted it) takes their work out of the store with it:
// their layer, curated layer, threads and review decisions, as the store
// read them from that folder (store.RemoveAnnotator). Only a folder gone
// from a team folder that is there and whose layers/ was read whole (a
// folder moved away or a disk unplugged reads nothing: pull stops at
// there), and gone at two reads decisionsGoneWait apart, as a decisions
// file is (a copier or git's checkout may remove a folder for a moment):
// the store's state records when a read first found it gone (state.Left).
// The user's own name is never such a colleague. A folder that comes back
// has its files read in again as any colleague's: their state goes with
// their work.

// Departure is a colleague whose folder left the team folder, and what of
// theirs left the store with it.
type Departure struct {
	Annotator string
	store.Removed
}

// Line says it: "bilal's folder is gone from the team folder: their 40
// spans in 5 articles, 3 threads and 12 decisions were removed from this
// store".
func (d Departure) Line() string {
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
	return fmt.Sprintf("%s's folder is gone from the team folder: their %s %s removed from this store", d.Annotator, andList(what), verb)
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
		folder, ok := strings.CutPrefix(rel, "layers/")
		if !ok {
			continue
		}
		if i := strings.IndexByte(folder, '/'); i >= 0 {
			folder = folder[:i]
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
			e.unsaved = true
		}
	}
	now := goneClock().UnixNano()
	for _, name := range slices.Sorted(maps.Keys(gone)) {
		at := e.state.Left[name]
		if at == 0 || now < at {
			if e.state.Left == nil {
				e.state.Left = map[string]int64{}
			}
			e.state.Left[name] = now
			e.unsaved = true
			continue
		}
		if now-at < int64(decisionsGoneWait) {
			continue
		}
		r, err := e.st.RemoveAnnotator(ctx, name)
		if err != nil {
			return err
		}
		// Removed from the store before the state forgets the files: a
		// kill between the two removes nothing more at the next pass.
		for _, rel := range gone[name] {
			delete(e.state.Files, rel)
		}
		delete(e.state.Left, name)
		delete(e.state.Seen, name)
		e.unsaved = true
		if r.Any() {
			rep.Left = append(rep.Left, Departure{Annotator: name, Removed: r})
		}
	}
	return nil
}

// awaitsLeft says whether a colleague's folder was found gone lately and
// awaits its second read.
func (e *Engine) awaitsLeft(now int64) bool {
	for _, at := range e.state.Left {
		if now-at < int64(2*decisionsGoneWait) {
			return true
		}
	}
	return false
}
