package team

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"os"
	"path"
	"path/filepath"
	"slices"
	"sort"
	"strings"

	"github.com/skein-news/skein/annotate"
	"github.com/skein-news/skein/app/transfer"
	"github.com/skein-news/skein/store"
)

// Twin is the user's own layer written from another machine, while it
// holds something newer than the store: what a person is told of, and
// chooses to read in (Take) or not.
type Twin struct {
	Machine string
	Host    string
	Dir     string
	// This: the copy is this machine's own folder, holding work newer
	// than the store (a store restored from an older backup, or a second
	// store writing as this machine), whose files this store does not
	// write over until the user chooses (keptNewer).
	This bool
	// Files, of this machine's folder (This), name the files kept, as a
	// sentence lists them (a string: a Twin is compared whole).
	Files string
	// Articles are the articles where that copy's layer is newer than the
	// store's (or the store has none), Reviewed those where its review is
	// (the curated layer and the review decisions). Threads are the
	// threads a take would read in: ones the store lacks, or has as
	// changed earlier than that copy's (newerThreads).
	Articles int
	Reviewed int
	Threads  int
	// Spans, of this machine's folder (This), are the spans its layer
	// holds on Articles, and Replaced the spans the store's layer holds
	// there: what a take would read in, and what it would replace.
	Spans, Replaced int
	// Deleted are the threads that copy's machine deleted later than the
	// store's changed (deletedFile): the take deletes them.
	Deleted int
}

// What says what the copy holds that is newer: "2 articles, 1 thread and
// the review of 1 article" (the threads before the review, which is of
// articles only).
func (t Twin) What() string {
	var parts []string
	if t.Articles > 0 {
		a := annotate.Count(t.Articles, "article")
		if t.This {
			// What a take would replace, said before it is chosen.
			a += fmt.Sprintf(" (%s there, in place of this store's %d)", annotate.Count(t.Spans, "span"), t.Replaced)
		}
		parts = append(parts, a)
	}
	if t.Threads > 0 {
		parts = append(parts, annotate.Count(t.Threads, "thread"))
	}
	if t.Deleted > 0 {
		parts = append(parts, annotate.Count(t.Deleted, "deleted thread"))
	}
	if t.Reviewed > 0 {
		parts = append(parts, "the review of "+annotate.Count(t.Reviewed, "article"))
	}
	if len(parts) < 2 {
		return strings.Join(parts, "")
	}
	return strings.Join(parts[:len(parts)-1], ", ") + " and " + parts[len(parts)-1]
}

// fileTimes is what a file of the user's copy on another machine says of
// each article: its layer's time, or its latest review decision's; of the
// threads file, each thread's (Thread.ChangedAt), by thread ID.
type fileTimes struct {
	cur   fileState
	times map[string]int64
	err   error
	// members are, of the threads file, each thread's members; spans, of
	// a layer file, each span's article by span ID, read only when asked
	// (spanKnown).
	members map[string][]annotate.Member
	spans   map[string]string
	// counts are, of a layer file, the spans of each article's line.
	counts map[string]int
}

// same: f and g are the same file, by size and time.
func (f fileState) same(g fileState) bool { return f.Size == g.Size && f.ModNano == g.ModNano }

// twinFiles lists the layer, curated and decisions files of the copy at
// rel (a slash path below the folder), by bucket, and each one's size and
// time, the threads file's too. The threads file is in no bucket but
// weighed by each thread's own time (newerThreads): a thread's change
// stamps its articles' layers, but where the user changed those layers
// here later, no article is newer there, and the take still reads the
// thread in.
func (e *Engine) twinFiles(rel string) (map[string][]string, map[string]fileState, error) {
	ents, err := os.ReadDir(filepath.Join(e.dir, filepath.FromSlash(rel)))
	if err != nil {
		return nil, nil, err
	}
	buckets := map[string][]string{}
	cur := map[string]fileState{}
	for _, ent := range ents {
		name := ent.Name()
		k := fileKind(name)
		if k == "" && name != deletedFile {
			continue
		}
		fi, err := ent.Info()
		if err != nil || !fi.Mode().IsRegular() {
			continue
		}
		frel := rel + "/" + name
		cur[frel] = fileState{Size: fi.Size(), ModNano: fi.ModTime().UnixNano()}
		if k == kindThreads || k == "" {
			continue
		}
		xx := strings.TrimSuffix(name[strings.LastIndexByte(name, '-')+1:], ".jsonl")
		buckets[xx] = append(buckets[xx], frel)
	}
	return buckets, cur, nil
}

// twinNews weighs the user's copy on machine (in layers/folder/) against
// the store: ok when it holds something newer, said in the Twin. A bucket
// found with nothing newer is remembered as it is (state.Twins) and not
// read again until the other machine writes it again: the person is told
// once, not at every sync.
func (e *Engine) twinNews(folder, machine string) (Twin, bool) {
	rel := "layers/" + folder + "/" + machine
	tw := Twin{Machine: machine, Dir: rel}
	buckets, cur, err := e.twinFiles(rel)
	if err != nil {
		return tw, false
	}
	for frel := range e.state.Twins {
		if _, ok := cur[frel]; !ok && path.Dir(frel) == rel {
			delete(e.state.Twins, frel) // gone: weighed anew if it comes back
			e.unsaved = true
		}
	}
	for _, files := range buckets {
		if !slices.ContainsFunc(files, func(f string) bool { return !e.state.Twins[f].same(cur[f]) }) {
			continue // weighed as it is: nothing newer
		}
		layer, review, err := e.newerIn(files, cur)
		if err != nil {
			continue // damaged or half copied: weighed again when it changes
		}
		tw.Articles += len(layer)
		tw.Reviewed += len(review)
		if len(layer) == 0 && len(review) == 0 {
			for _, f := range files {
				e.state.Twins[f] = cur[f]
			}
			e.unsaved = true
		}
	}
	tf := rel + "/threads.jsonl"
	if ts, ok := cur[tf]; ok && !e.state.Twins[tf].same(ts) {
		// Damaged or half copied (an error): weighed again when it changes.
		if n, err := e.newerThreads(tf, cur); err == nil {
			tw.Threads = n
			if n == 0 {
				e.state.Twins[tf] = ts
				e.unsaved = true
			}
		}
	}
	df := rel + "/" + deletedFile
	if ds, ok := cur[df]; ok && !e.state.Twins[df].same(ds) {
		if n, err := e.newerDeletions(df, ds); err == nil {
			tw.Deleted = n
			if n == 0 {
				e.state.Twins[df] = ds
				e.unsaved = true
			}
		}
	}
	if tw.Articles == 0 && tw.Reviewed == 0 && tw.Threads == 0 && tw.Deleted == 0 {
		return tw, false
	}
	tw.Host = hostOf(filepath.Join(e.dir, filepath.FromSlash(rel)))
	return tw, true
}

// newerIn says, for one bucket's files of a copy on another machine, on
// which articles its layer is newer than the store's, and on which its
// review (the curated layer's time or the latest decision's, whichever is
// later) is.
func (e *Engine) newerIn(files []string, cur map[string]fileState) (layer, review []string, err error) {
	theirs := map[string]int64{}
	theirReview := map[string]int64{}
	for _, f := range files {
		ft := e.fileTimes(f, cur[f])
		if ft.err != nil {
			return nil, nil, ft.err
		}
		into := theirReview
		if fileKind(path.Base(f)) == kindLayer {
			into = theirs
		}
		for d, t := range ft.times {
			into[d] = max(into[d], t)
		}
	}
	ids, times, err := e.layerTimes(theirs, e.user)
	if err != nil {
		return nil, nil, err
	}
	for i, d := range ids {
		if theirs[d] > times[i] {
			layer = append(layer, d)
		}
	}
	ids, times, err = e.layerTimes(theirReview, annotate.CuratedLayer)
	if err != nil {
		return nil, nil, err
	}
	for i, d := range ids {
		if theirReview[d] <= times[i] {
			continue
		}
		decs, err := e.ownDecisions(d)
		if err != nil {
			return nil, nil, err
		}
		if theirReview[d] > latest(decs) {
			review = append(review, d)
		}
	}
	return layer, review, nil
}

// newerThreads counts the threads of the copy's threads file (frel, as
// cur) that a take would read in, by its rule (store.Batch.IfNewer): the
// user's threads the store lacks, or holds as changed earlier
// (Thread.ChangedAt) than that copy's, unless the store deleted them
// later than that (store.ThreadDeleted). A thread naming a span that
// neither the store nor the copy's layer holds makes the take refuse the
// file: an error, as for a damaged file, so nothing of it is counted.
func (e *Engine) newerThreads(frel string, cur map[string]fileState) (int, error) {
	ft := e.fileTimes(frel, cur[frel])
	if ft.err != nil {
		return 0, ft.err
	}
	n := 0
	for id, t := range ft.times {
		old, err := e.st.Thread(id)
		switch {
		case errors.Is(err, store.ErrNotFound):
			if at, gone, err := e.st.ThreadDeleted(id); err != nil {
				return 0, err
			} else if gone && at >= t {
				continue // deleted here later: the take keeps it deleted
			}
		case err != nil:
			return 0, err
		case old.Annotator != e.user || old.ChangedAt() >= t:
			continue
		}
		for i, m := range ft.members[id] {
			if ok, err := e.spanKnown(path.Dir(frel), cur, m); err != nil {
				return 0, err
			} else if !ok {
				return 0, fmt.Errorf("%s: thread %s member %d names unknown span %s", frel, id, i+1, m.Span)
			}
		}
		n++
	}
	return n, nil
}

// newerDeletions counts the deletions of the copy's deletedFile (frel,
// as cur) that a take would make (store.Batch.Gone): of the user's threads
// the store holds as changed earlier than the deletion.
func (e *Engine) newerDeletions(frel string, cur fileState) (int, error) {
	ft := e.fileTimes(frel, cur)
	if ft.err != nil {
		return 0, ft.err
	}
	n := 0
	for id, at := range ft.times {
		old, err := e.st.Thread(id)
		switch {
		case errors.Is(err, store.ErrNotFound):
		case err != nil:
			return 0, err
		case old.Annotator == e.user && old.ChangedAt() < at:
			n++
		}
	}
	return n, nil
}

// spanKnown says whether the span member m names is in its article, in
// the store or in the copy's layer (the layer file in rel, as cur), as a
// take checks a thread it reads in.
func (e *Engine) spanKnown(rel string, cur map[string]fileState, m annotate.Member) (bool, error) {
	sp, err := e.st.Span(m.Span)
	switch {
	case err == nil:
		return sp.Doc == m.Doc, nil
	case !errors.Is(err, store.ErrNotFound):
		return false, err
	case len(m.Doc) < 2:
		return false, nil
	}
	frel := rel + "/" + layerFiles(m.Doc).layer
	fs, ok := cur[frel]
	if !ok {
		return false, nil
	}
	ft := e.fileTimes(frel, fs)
	if ft.err != nil {
		return false, ft.err
	}
	if ft.spans == nil {
		// Read once, as long as the file stays as it is: only for a
		// thread newer there naming a span the store lacks.
		ft.spans = map[string]string{}
		b, err := readLimited(filepath.Join(e.dir, filepath.FromSlash(frel)), maxLayerFile)
		if err != nil {
			return false, err
		}
		for _, line := range bytes.Split(b, []byte{'\n'}) {
			var l struct {
				ID    string `json:"id"`
				Spans []struct {
					ID string `json:"id"`
				} `json:"spans"`
			}
			if json.Unmarshal(line, &l) != nil {
				continue // fileTimes read every line: blank
			}
			for _, s := range l.Spans {
				ft.spans[s.ID] = l.ID
			}
		}
		e.timesCache[frel] = ft
	}
	d, ok := ft.spans[m.Span]
	return ok && d == m.Doc, nil
}

// layerTimes is the store's time of layer on each article of by, in order.
func (e *Engine) layerTimes(by map[string]int64, layer string) ([]string, []int64, error) {
	ids := make([]string, 0, len(by))
	for d := range by {
		ids = append(ids, d)
	}
	sort.Strings(ids)
	keys := make([][2]string, len(ids))
	for i, d := range ids {
		keys[i] = [2]string{d, layer}
	}
	times, err := e.st.LayerTimes(keys)
	return ids, times, err
}

// latest is the time of the latest of decs (0 for none).
func latest(decs []*annotate.Decision) int64 {
	var t int64
	for _, d := range decs {
		t = max(t, d.At)
	}
	return t
}

// fileTimes reads what the file at frel, as cur, says of each article's
// time: once, as long as it stays as it is.
func (e *Engine) fileTimes(frel string, cur fileState) fileTimes {
	if ft, ok := e.timesCache[frel]; ok && ft.cur.same(cur) {
		return ft
	}
	ft := fileTimes{cur: cur, times: map[string]int64{}}
	b, err := readLimited(filepath.Join(e.dir, filepath.FromSlash(frel)), maxLayerFile)
	decisions := fileKind(path.Base(frel)) == kindDecisions
	threads := fileKind(path.Base(frel)) == kindThreads
	deleted := path.Base(frel) == deletedFile
lines:
	for i, line := range bytes.Split(b, []byte{'\n'}) {
		if err != nil {
			break
		}
		if line = bytes.TrimSpace(line); len(line) == 0 {
			continue
		}
		if deleted {
			if err = deletionTime(line, ft.times, e.user); err != nil {
				err = fmt.Errorf("%s:%d: %v", frel, i+1, err)
			}
			continue
		}
		if threads {
			if ft.members == nil {
				ft.members = map[string][]annotate.Member{}
			}
			err = e.threadTime(line, ft.times, ft.members)
			if err != nil {
				err = fmt.Errorf("%s:%d: %v", frel, i+1, err)
			}
			continue
		}
		var l struct {
			ID     string            `json:"id"`
			Layers []annotate.Layer  `json:"layers"`
			Spans  []json.RawMessage `json:"spans"`
			Doc    string            `json:"doc"`
			At     int64             `json:"at"`
		}
		if err = json.Unmarshal(line, &l); err != nil {
			err = fmt.Errorf("%s:%d: %v", frel, i+1, err)
			break
		}
		if decisions {
			l.ID = l.Doc
		}
		if !hexRE.MatchString(l.ID) {
			err = fmt.Errorf("%s:%d: not an article's line", frel, i+1)
			break
		}
		// A time the take would refuse (far in the future, before 1970)
		// is no news: the file is damaged, weighed again when it changes.
		if decisions {
			if cerr := annotate.CheckMillis(l.At); cerr != nil {
				err = fmt.Errorf("%s:%d: decision time %d %v", frel, i+1, l.At, cerr)
				break
			}
		}
		// A layer file's line has no time of its own: an "at" on it (a
		// forged or hand-made file) weighs nothing, where it made a file
		// of this machine's folder newer than every later edit, kept
		// for ever (keptNewer) and the user's work never written.
		t := int64(0)
		if decisions {
			t = l.At
		}
		for _, ly := range l.Layers {
			ms, perr := annotate.ParseMillis(ly.Modified)
			if perr != nil {
				err = fmt.Errorf("%s:%d: layer %s: %v", frel, i+1, ly.Annotator, perr)
				break lines
			}
			t = max(t, ms)
		}
		ft.times[l.ID] = max(ft.times[l.ID], t)
		if len(l.Spans) > 0 {
			if ft.counts == nil {
				ft.counts = map[string]int{}
			}
			ft.counts[l.ID] += len(l.Spans)
		}
	}
	ft.err = err
	if e.timesCache == nil {
		e.timesCache = map[string]fileTimes{}
	}
	e.timesCache[frel] = ft
	return ft
}

// threadTime puts the time of the thread on line, one of the user's, in
// times by its ID, and its members in members; the first line of an ID is
// the one a take reads.
func (e *Engine) threadTime(line []byte, times map[string]int64, members map[string][]annotate.Member) error {
	rec, err := annotate.ParseLine(line, annotate.ReadOptions{Annotator: e.user})
	switch {
	case err != nil:
		return err
	case rec.Thread == nil:
		return errors.New("not a thread's line")
	case rec.Thread.Annotator != e.user:
		return fmt.Errorf("thread %s is %s's, in a file that may hold only %s's work", rec.Thread.ID, rec.Thread.Annotator, e.user)
	}
	if _, ok := times[rec.Thread.ID]; !ok {
		times[rec.Thread.ID] = rec.Thread.ChangedAt()
		members[rec.Thread.ID] = rec.Thread.Members
	}
	return nil
}

// deletionTime puts the time of the deletion on line (a deletedLine of
// one of who's threads: the user's, or a colleague's in their folder) in
// times by the thread's ID.
func deletionTime(line []byte, times map[string]int64, who string) error {
	var l deletedLine
	dec := json.NewDecoder(bytes.NewReader(line))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&l); err != nil {
		return fmt.Errorf("not a deleted thread's line: %s", annotate.JSONErrorText(err, " of the line"))
	}
	// ParseMillis refuses a time far past the clock, as for a thread's
	// modified: a deletion stamped 9999 would win every later take.
	at, err := annotate.ParseMillis(l.Deleted)
	switch {
	case l.ID == "":
		return errors.New("a deleted thread's line without its id")
	case annotate.CheckID(l.ID) != nil:
		// A store's key holds an ID of at most 65,000 bytes: one longer
		// failed the whole take with Badger's dump of the key, and a
		// line break in one printed a line of its own in the refusal.
		return fmt.Errorf("field id: %v", annotate.CheckID(l.ID))
	case len(times) >= store.KeptDeletions():
		return fmt.Errorf("more than %d deletions: a store keeps no more, and writes no more into the folder", store.KeptDeletions())
	case l.Deleted == "":
		return fmt.Errorf("thread %s: a deleted thread's line without the time of its deletion", l.ID)
	case err != nil:
		return fmt.Errorf("thread %s: deleted: %v", l.ID, err)
	case l.Annotator != who:
		whose := l.Annotator + "'s"
		if !shown(l.Annotator) || len(l.Annotator) > 100 {
			whose = "someone else's (" + nameText(l.Annotator) + ")"
		}
		return fmt.Errorf("thread %s is %s, in a file that may hold only %s's work", l.ID, whose, who)
	case times[l.ID] != 0:
		return fmt.Errorf("thread %s a second time", l.ID)
	}
	times[l.ID] = at
	return nil
}

// TakeResult says what Take read in.
type TakeResult struct {
	Machine string
	// Articles: where the copy's layer was newer and replaced the store's;
	// Spans and Threads: of the layer, new or changed; Done: of those
	// articles, the ones the copy marks done.
	Articles, Spans, Threads, Done int
	// ThreadsKept: threads of the copy not read in because this store's
	// thread of that ID changed later (the user edited it here since).
	ThreadsKept int
	// ThreadsStayDeleted: threads of the copy not read in because the
	// user deleted them here later than they changed there; ThreadsBack:
	// threads deleted here that came back, changed there later (of
	// Threads).
	ThreadsStayDeleted, ThreadsBack int
	// ThreadsDeleted: threads the copy's machine deleted later than this
	// store's changed, deleted here (a thread changed here later is
	// counted kept).
	ThreadsDeleted int
	// Reviewed: articles where the copy's review was newer and replaced
	// the store's curated layer, its done mark and the review decisions
	// there; Curated and Decisions are what it brought, ReviewDone the
	// articles the copy marks done in review.
	Reviewed, Curated, Decisions, ReviewDone int
	// Refused lists the files of the copy not read, each naming its file.
	Refused []error
	// Twins are the copies of the user's layer still holding something
	// newer than the store, after the take.
	Twins []Twin
}

// Summary is one line a person can read.
func (r *TakeResult) Summary() string {
	var parts []string
	done := func(n int) string {
		if n == 0 {
			return ""
		}
		return fmt.Sprintf(", %d marked done", n)
	}
	switch {
	case r.Articles > 0 || r.Spans > 0:
		parts = append(parts, fmt.Sprintf("your layer on %s (%s, %s%s)", annotate.Count(r.Articles, "article"),
			annotate.Count(r.Spans, "span"), annotate.Count(r.Threads, "thread"), done(r.Done)))
	case r.Threads > 0:
		// Threads changed there alone, no article: not "your layer on 0
		// articles (0 spans, 1 thread)".
		parts = append(parts, annotate.Count(r.Threads, "thread")+" of your layer")
	}
	if r.ThreadsDeleted > 0 {
		parts = append(parts, "the deletion of "+annotate.Count(r.ThreadsDeleted, "thread"))
	}
	if r.Reviewed > 0 {
		parts = append(parts, fmt.Sprintf("your review of %s (%s, %s%s)", annotate.Count(r.Reviewed, "article"),
			annotate.Count(r.Curated, "curated span"), annotate.Count(r.Decisions, "review decision"), done(r.ReviewDone)))
	}
	s := "nothing in machine " + r.Machine + "'s copy is newer than this store's"
	if len(parts) > 0 {
		s = "read in from machine " + r.Machine + " where newer: " + strings.Join(parts, "; ")
	}
	if r.ThreadsKept > 0 {
		s += fmt.Sprintf("; kept this store's %s, changed here later than that copy's", annotate.Count(r.ThreadsKept, "thread"))
	}
	if r.ThreadsStayDeleted > 0 {
		s += fmt.Sprintf("; kept deleted %s you deleted here later than that copy's changed", annotate.Count(r.ThreadsStayDeleted, "thread"))
	}
	if r.ThreadsBack > 0 {
		s += fmt.Sprintf("; %s you deleted here came back, changed there later", annotate.Count(r.ThreadsBack, "thread"))
	}
	if len(r.Refused) > 0 {
		s += fmt.Sprintf("; refused %s", annotate.Count(len(r.Refused), "file"))
	}
	return s
}

// heldStore is the store as an import checks against it, but the batch
// the import would write is held, not written (Take writes it with the
// review, whole).
type heldStore struct {
	*store.Store
	b *store.Batch
}

func (h *heldStore) WriteBatch(_ context.Context, b *store.Batch) (store.BatchResult, error) {
	if h.b != nil {
		return store.BatchResult{}, errors.New("take: the import wrote twice") // one batch is held
	}
	h.b = b
	return store.BatchResult{}, nil
}

// takeMeanwhile, when set (by a test), runs after Take has read the copy
// and before it writes: what the user does in the window meanwhile.
var takeMeanwhile func()

// Take reads the user's own work as written from another machine into the
// store, article by article where that copy is newer: the layer and
// threads, and the curated layer and review decisions (never into a
// colleague's layer), each with its done mark and answer. It is what a
// person chooses after being told of a twin. The folder keeps both copies.
//
// All of it is one write, made whole (store.WriteBatchWhole): a kill, a
// crash or a full disk part-way leaves the store as it was or, once the
// write is under way, the next open finishes it; never the layer taken and
// the review not.
func (e *Engine) Take(ctx context.Context, machine string) (*TakeResult, error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if !machineRE.MatchString(machine) {
		return nil, fmt.Errorf("take: %q is not another machine's copy of your layer", machine)
	}
	if err := e.there(); err != nil {
		return nil, TakeError(err, machine)
	}
	folder, err := e.ownFolder(machine)
	if err != nil {
		return nil, err
	}
	rel := "layers/" + folder + "/" + machine
	dir := filepath.Join(e.dir, "layers", folder, machine)
	// A copy whose owner file names another annotator or machine, or
	// comes from a newer skein, is not the user's: never read in.
	owner := filepath.Join(dir, "owner.json")
	if fi, err := os.Lstat(owner); err == nil {
		if why := ownerProblem(owner, fi, annotate.NormalName(folder), machine); why != "" {
			return nil, fmt.Errorf("take: %s/owner.json: %s; nothing was read in", rel, why)
		}
	}
	buckets, cur, err := e.twinFiles(rel)
	if err != nil {
		return nil, TakeError(e.goneWhile(fmt.Errorf("take: %w", err)), machine)
	}
	out := &TakeResult{Machine: machine}
	var paths []string
	for _, files := range buckets {
		for _, f := range files {
			if fileKind(path.Base(f)) == kindLayer {
				paths = append(paths, filepath.Join(e.dir, filepath.FromSlash(f)))
			}
		}
		if layer, _, err := e.newerIn(files, cur); err == nil {
			out.Articles += len(layer)
		}
	}
	sort.Strings(paths)
	if _, err := os.Stat(filepath.Join(dir, "threads.jsonl")); err == nil {
		paths = append(paths, filepath.Join(dir, "threads.jsonl"))
	}
	b := &store.Batch{}
	if len(paths) > 0 {
		held, err := e.takeImport(ctx, paths, out)
		if err != nil {
			return nil, err
		}
		if held != nil {
			b = held
		}
		out.Spans, out.Done = len(b.Spans), e.takeMarks(b)
	}
	if err := e.takeReview(ctx, buckets, b, out); err != nil {
		return out, err
	}
	e.takeDeletions(rel, cur, b, out)
	if len(b.Docs)+len(b.Spans)+len(b.Threads)+len(b.Marks)+len(b.Decisions)+len(b.Replace)+len(b.Stamps)+len(b.Reviews)+len(b.Gone) > 0 {
		// What the user does meanwhile in the window is newer than the
		// copy: a layer or a thread they change before the write is
		// kept, as is a thread changed here after the copy's was.
		b.IfNewer = true
		if takeMeanwhile != nil {
			takeMeanwhile()
		}
		res, err := e.st.WriteBatchWhole(ctx, b)
		if err != nil {
			return nil, fmt.Errorf("take: %w", err)
		}
		out.Threads, out.ThreadsKept = res.ThreadsWritten, res.ThreadsKept
		out.ThreadsStayDeleted, out.ThreadsBack = res.ThreadsStayDeleted, res.ThreadsBack
		out.ThreadsDeleted, out.ThreadsKept = res.ThreadsDeleted, out.ThreadsKept+res.ThreadsKeptFromGone
	}
	e.twins = slices.DeleteFunc(e.twins, func(t Twin) bool { return t.Machine == machine })
	if tw, ok := e.twinNews(folder, machine); ok {
		e.twins = append(e.twins, tw)
	}
	out.Twins = slices.Clone(e.twins)
	return out, e.saveState()
}

// takeImport reads the copy's layer and threads files at paths as an
// import would write them, and returns that write, held (nil: nothing to
// write). A file with a bad line is left out whole, named with its line
// in out.Refused, and the rest read again without it (a threads file
// whose thread names a span of a layer file left out is then left out
// too), as a sync leaves out a colleague's bad file: one bad thread no
// longer stopped the take of every article. A problem no file owns
// stops the take.
func (e *Engine) takeImport(ctx context.Context, paths []string, out *TakeResult) (*store.Batch, error) {
	opt := transfer.ImportOptions{Format: "skein", User: e.user, Annotator: e.user, Only: e.user, Own: true, Docs: e.resolver(), Root: e.dir, Buckets: true}
	for len(paths) > 0 {
		held := &heldStore{Store: e.st}
		_, err := transfer.Import(ctx, held, paths, opt)
		var refused *transfer.Refused
		if !errors.As(err, &refused) {
			return held.b, err
		}
		bad := map[string][]string{}
		for _, p := range refused.Problems {
			var le *annotate.LineError
			if errors.As(p, &le) {
				if f := filepath.Join(e.dir, filepath.FromSlash(le.File)); slices.Contains(paths, f) {
					bad[f] = append(bad[f], p.Error())
					continue
				}
			}
			return nil, err
		}
		if len(bad) == 0 {
			return nil, err
		}
		for _, f := range slices.Sorted(maps.Keys(bad)) {
			out.Refused = append(out.Refused, errors.New(refusal(bad[f])))
		}
		paths = slices.DeleteFunc(paths, func(f string) bool { return bad[f] != nil })
	}
	return nil, nil
}

// takeDeletions adds to b the deletions of the user's threads in the
// copy at rel (its deletedFile, as cur), or refuses the file whole.
func (e *Engine) takeDeletions(rel string, cur map[string]fileState, b *store.Batch, out *TakeResult) {
	df := rel + "/" + deletedFile
	fs, ok := cur[df]
	if !ok {
		return
	}
	ft := e.fileTimes(df, fs)
	if ft.err != nil {
		out.Refused = append(out.Refused, ft.err)
		return
	}
	for _, id := range slices.Sorted(maps.Keys(ft.times)) {
		b.Gone = append(b.Gone, store.GoneThread{ID: id, Annotator: e.user, At: ft.times[id]})
	}
}

// takeMarks gives each article where b replaces the user's layer the done
// mark and answer of the copy's: an import brings only the marks of the
// articles done or answered, so one marked done here and not there (no
// longer) gets an empty mark, which clears it. It says on how many of
// those articles the copy's layer is done.
func (e *Engine) takeMarks(b *store.Batch) int {
	marked := map[string]bool{}
	done := 0
	for _, m := range b.Marks {
		if m.Annotator == e.user {
			marked[m.Doc] = true
			if m.Done {
				done++
			}
		}
	}
	for _, l := range b.Replace {
		if l.Annotator == e.user && !marked[l.Doc] {
			b.Marks = append(b.Marks, &annotate.Mark{Doc: l.Doc, Annotator: e.user})
		}
	}
	return done
}

// takeReview adds to b the curated layer and review decisions of a copy
// of the user's work on another machine, as the store's curated layer and
// the user's decisions, article by article where the copy's review is
// newer. A bucket whose curated or decisions file has a bad line is
// refused whole, both files, so a decision never lands without the
// curated span it names.
func (e *Engine) takeReview(ctx context.Context, buckets map[string][]string, b *store.Batch, out *TakeResult) error {
	as := annotate.CuratedBy(e.user)
	resolve := e.resolver()
	xxs := make([]string, 0, len(buckets))
	for xx := range buckets {
		xxs = append(xxs, xx)
	}
	sort.Strings(xxs)
	for _, xx := range xxs {
		if err := ctx.Err(); err != nil {
			return err
		}
		curated := map[string]*annotate.Record{}
		decs := map[string][]*annotate.Decision{}
		var bad error
		for _, frel := range buckets[xx] {
			kind := fileKind(path.Base(frel))
			if kind == kindLayer {
				continue
			}
			data, err := readLimited(filepath.Join(e.dir, filepath.FromSlash(frel)), maxLayerFile)
			if err != nil {
				bad = err
				break
			}
			if kind == kindDecisions {
				byDoc, err := e.parseDecisions(frel, data, e.user)
				if err != nil {
					bad = err
					break
				}
				for d, ds := range byDoc {
					for _, x := range ds {
						x.Reviewer = e.user // parseDecisions names them as a colleague's
					}
					decs[d] = ds
				}
				continue
			}
			if bad = parseCurated(frel, data, xx, as, resolve, curated); bad != nil {
				break
			}
		}
		if bad != nil {
			out.Refused = append(out.Refused, bad)
			continue
		}
		docs := slices.Sorted(func(yield func(string) bool) {
			for d := range curated {
				if !yield(d) {
					return
				}
			}
			for d := range decs {
				if _, ok := curated[d]; !ok && !yield(d) {
					return
				}
			}
		})
		for _, d := range docs {
			if err := e.takeReviewOf(d, curated[d], decs[d], b, out); err != nil {
				return err
			}
		}
	}
	return nil
}

// parseCurated reads the curated file at frel (bucket xx), each line the
// user's curated layer on one article (as, curated:<user>), into by.
func parseCurated(frel string, b []byte, xx, as string, resolve func(string) (*annotate.Document, error), by map[string]*annotate.Record) error {
	for i, line := range bytes.Split(b, []byte{'\n'}) {
		if line = bytes.TrimSpace(line); len(line) == 0 {
			continue
		}
		at := fmt.Sprintf("%s:%d", frel, i+1)
		rec, err := annotate.ParseLine(line, annotate.ReadOptions{Annotator: as, Doc: resolve})
		switch {
		case err != nil:
			return fmt.Errorf("%s: %v", at, err)
		case rec.Doc == nil || !strings.HasPrefix(rec.Doc.ID, xx):
			return fmt.Errorf("%s: not a line of an article whose ID begins with %s", at, xx)
		case by[rec.Doc.ID] != nil:
			return fmt.Errorf("%s: a second line of article %s", at, rec.Doc.ID)
		}
		for _, s := range rec.Spans {
			if s.Annotator != as {
				return fmt.Errorf("%s: a span of %q, in a file that may hold only %s", at, s.Annotator, as)
			}
		}
		for _, l := range rec.Layers {
			if l.Annotator != as {
				return fmt.Errorf("%s: a layer of %q, in a file that may hold only %s", at, l.Annotator, as)
			}
		}
		by[rec.Doc.ID] = rec
	}
	return nil
}

// takeReviewOf adds to b, where the copy's review of article d (rec and
// decs) is newer than the store's, what makes the store's the copy's: its
// curated layer with its done mark and answer, and the user's decisions
// there, exactly the copy's.
func (e *Engine) takeReviewOf(d string, rec *annotate.Record, decs []*annotate.Decision, b *store.Batch, out *TakeResult) error {
	var theirCurated int64
	if rec != nil {
		for _, l := range rec.Layers {
			theirCurated = max(theirCurated, l.Modified)
		}
	}
	theirs := max(theirCurated, latest(decs))
	mineCurated, err := e.st.LayerModified(d, annotate.CuratedLayer)
	if err != nil && !errors.Is(err, store.ErrNotFound) {
		return err
	}
	have, err := e.ownDecisions(d)
	if err != nil {
		return err
	}
	mine := max(mineCurated, latest(have))
	// A take an older skein cut short between its two writes of an
	// article: the curated layer taken, the decisions not.
	finish := theirs == mine && mineCurated == theirCurated && !sameDecisions(have, decs)
	if theirs <= mine && !finish {
		return nil // the store's is as new or newer: kept
	}
	if rec != nil {
		for _, s := range rec.Spans {
			c := *s
			c.Annotator = annotate.CuratedLayer
			b.Spans = append(b.Spans, &c)
		}
		b.Replace = append(b.Replace, store.LayerStamp{Doc: d, Annotator: annotate.CuratedLayer, Modified: theirCurated})
		m := &annotate.Mark{Doc: d, Annotator: annotate.CuratedLayer}
		for _, l := range rec.Layers { // one: parseCurated allows no other
			m.Done, m.Answer = l.Done, l.Answer
		}
		b.Marks = append(b.Marks, m) // one neither done nor answered clears the store's
		if m.Done {
			out.ReviewDone++
		}
		if ok, err := e.st.HasDocument(d); err != nil {
			return err
		} else if !ok && !slices.ContainsFunc(b.Docs, func(x *annotate.Document) bool { return x.ID == d }) {
			b.Docs = append(b.Docs, rec.Doc)
		}
		out.Curated += len(rec.Spans)
	}
	b.Decisions = append(b.Decisions, decs...)
	review := store.Review{Doc: d, Reviewer: e.user}
	if rec != nil {
		review.With = annotate.CuratedLayer // kept with the curated layer, if the user curates meanwhile
	}
	b.Reviews = append(b.Reviews, review)
	out.Decisions += len(decs)
	out.Reviewed++
	return nil
}

// ownFolder is the name of the folder under layers/ that holds the user's
// layer as written from machine: the user's name as the file system gives
// it back, which on macOS's HFS+ is decomposed (annotate.NormalName). Two
// spellings that both hold machine's folder are an error: one machine
// writes one, so the other was made by hand (a forged copy, sorting
// first, was read and the machine's own left out).
func (e *Engine) ownFolder(machine string) (string, error) {
	anns, _ := os.ReadDir(filepath.Join(e.dir, "layers"))
	var found []string
	for _, a := range anns {
		if annotate.NormalName(a.Name()) != annotate.NormalName(e.user) {
			continue
		}
		if fi, err := os.Stat(filepath.Join(e.dir, "layers", a.Name(), machine)); err == nil && fi.IsDir() {
			found = append(found, "layers/"+a.Name()+"/"+machine)
		}
	}
	switch len(found) {
	case 0:
		if folderThere(e.dir) != nil {
			return e.user, nil // gone meanwhile: the read says so
		}
		return "", e.noCopy(machine, anns)
	case 1:
		return path.Base(path.Dir(found[0])), nil
	}
	return "", fmt.Errorf("take: %s hold machine %s's copy of your layer under %d spellings of your name (%s), where one machine writes one: one was made by hand, and nothing was read in; remove the one that is not your machine's and take again",
		strings.Join(found, " and "), machine, len(found), strings.Join(spellings(found), ", "))
}

// noCopy says that the team folder holds no copy of the user's layer from
// machine, whose layer that machine writes where it is a colleague's, and
// from which machines the user's is written (anns, the folder's layers/):
// a machine ID mistyped, or a colleague's, said the raw "take: open
// …/layers/alice/3f…: no such file or directory".
func (e *Engine) noCopy(machine string, anns []os.DirEntry) error {
	var mine []string
	whose := ""
	for _, a := range anns {
		ms, _ := os.ReadDir(filepath.Join(e.dir, "layers", a.Name()))
		for _, m := range ms {
			if !m.IsDir() || !machineRE.MatchString(m.Name()) {
				continue
			}
			switch {
			case annotate.NormalName(a.Name()) != annotate.NormalName(e.user):
				if m.Name() == machine {
					whose = a.Name()
				}
			case m.Name() == e.machine:
				mine = append(mine, m.Name()+" (this machine)")
			default:
				mine = append(mine, m.Name())
			}
		}
	}
	msg := fmt.Sprintf("take: the team folder holds no copy of your layer from machine %s (no folder layers/%s/%s)", machine, e.user, machine)
	if whose != "" {
		msg += fmt.Sprintf("; machine %s writes %s's layer, not yours", machine, whose)
	}
	switch len(mine) {
	case 0:
		msg += "; nothing of yours is written there yet"
	case 1:
		msg += "; your layer is written there from machine " + mine[0]
	default:
		msg += "; your layer is written there from machines " + strings.Join(mine, ", ")
	}
	return errors.New(msg + "; nothing was read in")
}

// spellings says how each folder's name (rels, layers/<name>/<machine>)
// is written, by its code points.
func spellings(rels []string) []string {
	out := make([]string, len(rels))
	for i, rel := range rels {
		name := path.Base(path.Dir(rel))
		var cps []string
		for _, r := range name {
			cps = append(cps, fmt.Sprintf("U+%04X", r))
		}
		out[i] = strings.Join(cps, " ")
	}
	return out
}

// keptNewer says whether this machine's own file name in the folder (at
// p), about to be written over or removed, holds work newer than the store
// and is to be kept: it is not what this store last wrote there (its
// SHA-256 is not state.Own's) and, read as a copy of the user's layer on
// another machine is, it holds a layer, review or thread newer than the
// store's. A store restored from an older backup wrote its older files over
// the folder's newer ones of the same machine, and a colleague joining
// after that never had the newer work; a second store writing as this
// machine did the same. Such a file is kept, counted in tw (Twin.This),
// and written again once the store holds its work (Take) or it is gone
// from the folder. A damaged file, or one holding nothing newer (a git
// merge's markers, a file of another size), is written over, as before.
func (e *Engine) keptNewer(name, p string, tw *Twin) bool {
	b, err := readLimited(p, maxLayerFile)
	if err != nil {
		return false // gone, or not a file skein reads: written
	}
	sum := sha256.Sum256(b)
	if hex.EncodeToString(sum[:]) == e.state.Own[name] {
		return false
	}
	fi, err := os.Stat(p)
	if err != nil {
		return false
	}
	rel := tw.Dir + "/" + name
	cur := map[string]fileState{rel: {Size: fi.Size(), ModNano: fi.ModTime().UnixNano()}}
	switch fileKind(name) {
	case kindThreads:
		n, err := e.newerThreads(rel, cur)
		if err != nil || n == 0 {
			return false
		}
		tw.Threads += n
	case kindLayer, kindCurated, kindDecisions:
		layer, review, err := e.newerIn([]string{rel}, cur)
		if err != nil || len(layer)+len(review) == 0 {
			return false
		}
		tw.Articles += len(layer)
		tw.Reviewed += len(review)
		if fileKind(name) == kindLayer {
			counts := e.fileTimes(rel, cur[rel]).counts
			for _, d := range layer {
				tw.Spans += counts[d]
				if mine, err := e.st.LayerSpans(d, e.user); err == nil {
					tw.Replaced += len(mine)
				}
			}
		}
	default:
		return false
	}
	if e.kept == nil {
		e.kept = map[string]bool{}
	}
	e.kept[name] = true
	names := slices.Sorted(maps.Keys(e.kept))
	for i, n := range names {
		names[i] = tw.Dir + "/" + n
	}
	tw.Files = andList(names)
	return true
}

// withOwnTwin ends rep's copies with this machine's folder's, while it
// holds work newer than the store (keptNewer): every report says it.
func (e *Engine) withOwnTwin(rep *Report) {
	rep.Twins = slices.DeleteFunc(rep.Twins, func(tw Twin) bool { return tw.This })
	if e.ownTwin != nil {
		rep.Twins = append(rep.Twins, *e.ownTwin)
	}
}

// Offer asks whether to read in this machine's folder's newer work
// (Twin.This), saying what that would replace: "this machine's folder
// holds newer work of yours than this store on 3 articles (12 spans
// there, in place of this store's 9): read it in where it is newer?".
func (t Twin) Offer() string {
	return fmt.Sprintf("this machine's folder %s holds newer work of yours than this store on %s: read it in where it is newer?", t.Dir, t.What())
}

// ThisNote is what is said of this machine's folder holding work newer
// than the store (Twin.This), take naming how to read it in (skein sync
// -take MACHINE, or the Team tab's button).
func (t Twin) ThisNote(take string) string {
	return fmt.Sprintf("this machine's folder %s holds your work newer than this store on %s: this store was restored from an older backup, or another store writes as this machine. "+
		"Both are kept: the folder's files that hold it are not written over. To read that work into this store where it is newer: %s (the next sync then writes the rest); "+
		"to write this store's work over it instead, delete %s from the folder", t.Dir, t.What(), take, t.Files)
}
