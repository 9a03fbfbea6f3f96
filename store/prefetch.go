package store

import (
	"sync"
)

// prefetched is the span list of the document EachDocument is handing to its
// callback, read in the same pass, so that the callback's Spans call (what
// an export does for every document) needs no lookup of its own. It is used
// only while it is provably current: no commit was in progress when
// EachDocument took its snapshot, and none has started or finished since.
type prefetched struct {
	mu    sync.Mutex
	doc   [8]byte
	ok    bool   // holds a document's list (possibly empty)
	gen   uint64 // s.committed when the snapshot was taken
	list  []byte
	empty bool // the document has no span list
}

// snapshotGen returns the committed count to tag a snapshot taken right
// after it with, and whether the snapshot may be tagged at all (no commit
// was in progress). Call it before creating the transaction.
func (s *Store) snapshotGen() (uint64, bool) {
	g := s.committed.Load()
	return g, s.committing.Load() == 0
}

// current reports whether nothing was committed since a snapshot tagged gen.
func (s *Store) current(gen uint64) bool {
	return s.committing.Load() == 0 && s.committed.Load() == gen
}

// offer records document doc's span list (nil: none) from a snapshot tagged
// gen.
func (s *Store) offer(doc [8]byte, list []byte, gen uint64) {
	s.pre.mu.Lock()
	s.pre.doc, s.pre.ok, s.pre.gen, s.pre.empty = doc, true, gen, list == nil
	s.pre.list = append(s.pre.list[:0], list...)
	s.pre.mu.Unlock()
}

// withdraw forgets the offered list.
func (s *Store) withdraw() {
	s.pre.mu.Lock()
	s.pre.ok = false
	s.pre.mu.Unlock()
}

// fromPrefetch decodes document doc's spans from the offered list when it
// is that document's and still current.
func (s *Store) fromPrefetch(doc [8]byte, docID string, annot []byte, dec *spanDecoder) (bool, error) {
	s.pre.mu.Lock()
	defer s.pre.mu.Unlock()
	if !s.pre.ok || s.pre.doc != doc || !s.current(s.pre.gen) {
		return false, nil
	}
	if s.pre.empty {
		return true, nil
	}
	return true, dec.addList(docID, s.pre.list, annot, nil)
}
