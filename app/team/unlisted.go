package team

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"path"
	"path/filepath"
	"slices"
	"sort"
	"strings"

	"github.com/skein-news/skein/annotate"
	"github.com/skein-news/skein/store"
)

// A colleague's thread leaves the store once their folder's deletedFile
// names it (dropGoneThreads). A sync engine that leaves out hidden files
// (Nextcloud's and ownCloud's desktop clients by default) never copies
// that file, and their deleted threads would stay in every other store
// for ever, unsaid. Their skein writes the file whenever they have
// deleted a thread, and keeps it while the store keeps its tombstones
// (the newest store.KeptDeletions(), never fewer than one once there was
// one); a skein from before the file never writes it. So a machine
// folder with no deletedFile at all, whose threads.jsonl lost a thread,
// is one whose deletion file does not arrive (or an older skein's): the
// Team tab and skein sync say so, once per colleague (Report.Withheld).
//
// The fallback there: a thread such a folder's threads.jsonl held and
// lacks is deleted once it is lacking from two successive whole reads of
// that file whose contents differ other than by lines added or cut at the
// end. A sync engine copying the file in place, or git unlinking and
// writing it, shows it for a moment cut at the end of a line: each such
// copy is a line-prefix of the version being copied, so two reads of one
// version's copy are always a prefix of one another and never confirm a
// deletion. A read that holds the thread again starts over, and a file gone
// is no read: a colleague's last thread, whose deletion removes their
// threads.jsonl, stays until the deletion file arrives. Where the author
// deleted the thread last in the file and then only added threads after it
// (each version the last with lines added), the deletion is confirmed at
// their next other change.

// lackState is what the fallback keeps of a threads file whose folder has
// no deletedFile while some of its threads are awaited.
type lackState struct {
	// Awaited are the threads it held and lacks now, none of them named
	// by a deletion file: what Report.Withheld counts.
	Awaited []string `json:"awaited"`
	// First are those of Awaited that the read Ends describes lacked too.
	First []string `json:"first,omitempty"`
	// Ends are that read's line ends: each "offset:hash" of the bytes up
	// to and including a newline, hash the first 8 bytes of their SHA-256
	// in hex. Two reads one of which is a line-prefix of the other share
	// the shorter's last end.
	Ends []string `json:"ends,omitempty"`
}

// lineEnds is the Ends of b.
func lineEnds(b []byte) []string {
	h := sha256.New()
	var ends []string
	for off := 0; off < len(b); {
		i := bytes.IndexByte(b[off:], '\n')
		if i < 0 {
			h.Write(b[off:])
			off = len(b)
		} else {
			h.Write(b[off : off+i+1])
			off += i + 1
		}
		ends = append(ends, fmt.Sprintf("%d:%s", off, hex.EncodeToString(h.Sum(nil)[:8])))
	}
	return ends
}

// prefixed says whether one of two reads (as lineEnds) is the other, or
// the other with lines cut or added at its end.
func prefixed(a, b []string) bool {
	if len(a) == 0 || len(b) == 0 {
		return true
	}
	return slices.Contains(b, a[len(a)-1]) || slices.Contains(a, b[len(b)-1])
}

// twiceLacking applies the fallback to the threads file rel, as its state
// now holds it (vanished: gone from the folder), which held the threads
// unlisted and lacks them, its folder having no deletedFile; prev is what
// the fallback kept before this read. It gives those of them deleted
// (lacking from this read and the different one before it) and the state
// to keep.
func (e *Engine) twiceLacking(rel string, now fileState, vanished bool, prev *lackState, unlisted []store.GoneThread) ([]store.GoneThread, *lackState) {
	if prev == nil {
		prev = &lackState{}
	}
	ids := make([]string, len(unlisted))
	for i, g := range unlisted {
		ids[i] = g.ID
	}
	keep := &lackState{Awaited: ids, First: prev.First, Ends: prev.Ends}
	if vanished {
		return nil, keep // no read
	}
	b, err := readLimited(filepath.Join(e.dir, filepath.FromSlash(rel)), maxLayerFile)
	if err != nil || !slices.Equal(threadIDs(b), now.Threads) {
		return nil, keep // changed since the import read it: weighed at the next pass
	}
	ends := lineEnds(b)
	var fallen []store.GoneThread
	if !prefixed(prev.Ends, ends) {
		for _, g := range unlisted {
			if slices.Contains(prev.First, g.ID) {
				fallen = append(fallen, g)
			}
		}
	}
	isFallen := func(id string) bool {
		return slices.ContainsFunc(fallen, func(g store.GoneThread) bool { return g.ID == id })
	}
	left := slices.DeleteFunc(ids, isFallen)
	if len(left) == 0 {
		return fallen, nil
	}
	// Those lacking from the read kept that this one holds again start
	// over; the read kept is this one once none of it is left awaited, or
	// once this one confirmed them.
	first := slices.DeleteFunc(slices.Clone(prev.First), func(id string) bool { return !slices.Contains(left, id) })
	if len(first) == 0 {
		return fallen, &lackState{Awaited: left, First: left, Ends: ends}
	}
	return fallen, &lackState{Awaited: left, First: first, Ends: prev.Ends}
}

// withheld says, once per colleague, where their machine folders have no
// deletedFile though threads they held are gone from their threads.jsonl
// (lackState), and what to do.
func (e *Engine) withheld() []string {
	count := map[string]int{}
	folder := map[string]string{}
	for rel, f := range e.state.Files {
		if f.Lacking == nil {
			continue // nearly all: no split of their names at every pass
		}
		parts := strings.Split(rel, "/")
		if len(parts) != 4 || parts[3] != "threads.jsonl" {
			continue
		}
		if e.deletedStamp(path.Dir(rel)) != "none" {
			continue // arrived: read at this pass or the next
		}
		who := annotate.NormalName(parts[1])
		count[who] += len(f.Lacking.Awaited)
		folder[who] = parts[1]
	}
	var out []string
	for who, n := range count {
		out = append(out, fmt.Sprintf("%s's folder (layers/%s) has no %s though %s of theirs %s gone from their threads.jsonl: the sync engine may be leaving out hidden files (Nextcloud, ownCloud: on %s's machine and yours, Settings ▸ General ▸ Edit Ignored Files, tick Sync hidden files; nextcloudcmd needs -h). Until it arrives, such a thread stays in your store until two different versions of that threads.jsonl lack it", who, folder[who], deletedFile, annotate.Count(n, "thread"), isAre(n), who))
	}
	sort.Strings(out)
	return out
}

func isAre(n int) string {
	if n == 1 {
		return "is"
	}
	return "are"
}
