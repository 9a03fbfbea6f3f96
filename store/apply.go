package store

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"sync/atomic"

	badger "github.com/dgraph-io/badger/v4"
	"github.com/skein-news/skein/annotate"
)

// UndoLimit is how many changes each user's undo stack keeps; pushing one
// more drops the oldest. The redo stack only grows by undoing, so it never
// holds more.
const UndoLimit = 10000

// undoLimit is UndoLimit, lowered by tests.
var undoLimit = UndoLimit

// Apply makes change c, all or nothing, in one transaction that is durable
// when Apply returns. Each edit's Before must equal what is stored (nil
// Before: the record must not exist), compared by encoded value; otherwise
// Apply writes nothing and returns an error wrapping ErrConflict. It writes
// each After (nil: delete) with its index keys, sets the modified time of
// every (document, annotator) layer a span or mark edit touches (a thread
// records its own time: applyThreadEdit), pushes c on c.User's undo stack
// and clears that user's redo stack. Spans,
// marks and decisions must belong to a stored document (else ErrNotFound);
// thread members are not checked, since a thread may name spans of articles
// a colleague has and this store does not. A decision changes no layer's
// time. An empty change does nothing. A change whose threads' index keys
// do not fit in one transaction (a thread of thousands of members made or
// deleted) is written in several, all or nothing across a kill (see
// applySplit), as are its undo and redo.
func (s *Store) Apply(ctx context.Context, c *annotate.Change) error {
	if c == nil || c.Empty() {
		return nil
	}
	if err := checkCtx(ctx); err != nil {
		return err
	}
	rec, err := encodeChange(c)
	if err != nil {
		return fmt.Errorf("apply %q: %w", c.Desc, err)
	}
	if err := s.begin(); err != nil {
		return err
	}
	defer s.end()
	adds := s.spanAdds.call()
	defer adds.done()
	write := func(split map[string]bool) error {
		return s.updateFirst(func(txn *badger.Txn) error {
			if err := applyChange(txn, &s.pending, adds, c, split, annotate.NowMillis()); err != nil {
				return err
			}
			if err := push(txn, pUndo, c.User, rec); err != nil {
				return err
			}
			return clearStack(txn, pRedo, c.User)
		}, func(err error) {
			s.tops.committed(c.User, map[byte][]byte{pUndo: rec, pRedo: nil}, err)
		})
	}
	err = write(nil)
	if errors.Is(err, badger.ErrTxnTooBig) && len(c.Threads) > 0 {
		err = s.applySplit(c, write)
	}
	if err != nil {
		return fmt.Errorf("apply %q: %w", c.Desc, err)
	}
	return nil
}

// Undo pops user's last change, applies its inverse and pushes it on the
// redo stack, in one durable transaction, and returns the change undone.
// With nothing to undo it returns ErrNothingToUndo. If the records changed
// since (the inverse's before-images no longer match) it returns an error
// wrapping ErrConflict and leaves both stacks as they were; DiscardUndo
// drops such a change.
func (s *Store) Undo(ctx context.Context, user string) (*annotate.Change, error) {
	return s.replay(ctx, user, pUndo, pRedo, true)
}

// Redo re-applies the change user last undid and pushes it back on the undo
// stack; like Undo it returns the change, ErrNothingToUndo or ErrConflict.
func (s *Store) Redo(ctx context.Context, user string) (*annotate.Change, error) {
	return s.replay(ctx, user, pRedo, pUndo, false)
}

func (s *Store) replay(ctx context.Context, user string, from, to byte, inverse bool) (*annotate.Change, error) {
	what := "undo"
	if !inverse {
		what = "redo"
	}
	if err := checkCtx(ctx); err != nil {
		return nil, err
	}
	if err := s.begin(); err != nil {
		return nil, err
	}
	defer s.end()
	var c *annotate.Change
	adds := s.spanAdds.call()
	defer adds.done()
	tops := map[byte][]byte{}
	var apply *annotate.Change
	var want []byte // the record a split write (applySplit) planned from
	write := func(split map[string]bool) error {
		return s.updateFirst(func(txn *badger.Txn) error {
			rec, err := pop(txn, from, user)
			if err != nil {
				return err
			}
			if want != nil && !bytes.Equal(rec, want) {
				return fmt.Errorf("the change on top of the stack changed meanwhile: %w", ErrConflict)
			}
			if tops[from], err = readTop(txn, from, user); err != nil {
				return err
			}
			tops[to] = rec
			c, err = decodeChange(rec)
			if err != nil {
				return err
			}
			apply = c
			if inverse {
				apply = c.Inverse()
			}
			if err := applyChange(txn, &s.pending, adds, apply, split, annotate.NowMillis()); err != nil {
				return err
			}
			return push(txn, to, user, rec)
		}, func(err error) { s.tops.committed(user, tops, err) })
	}
	err := write(nil)
	if errors.Is(err, badger.ErrTxnTooBig) && apply != nil && len(apply.Threads) > 0 {
		want = tops[to]
		err = s.applySplit(apply, write)
	}
	if err != nil {
		if errors.Is(err, ErrNothingToUndo) {
			return nil, fmt.Errorf("%s for %s: %w", what, user, err)
		}
		return nil, fmt.Errorf("%s %q for %s: %w", what, descOf(c), user, err)
	}
	return c, nil
}

func descOf(c *annotate.Change) string {
	if c == nil {
		return ""
	}
	return c.Desc
}

// DiscardUndo drops user's last change from the undo stack without undoing
// it, for when Undo reports ErrConflict; it returns ErrNothingToUndo when
// the stack is empty.
func (s *Store) DiscardUndo(user string) error {
	if err := s.begin(); err != nil {
		return err
	}
	defer s.end()
	var top []byte
	err := s.updateFirst(func(txn *badger.Txn) error {
		_, err := pop(txn, pUndo, user)
		if err == nil {
			top, err = readTop(txn, pUndo, user)
		}
		return err
	}, func(err error) { s.tops.committed(user, map[byte][]byte{pUndo: top}, err) })
	if err != nil {
		return fmt.Errorf("discard undo for %s: %w", user, err)
	}
	return nil
}

// UndoTop is the description of the change Undo would undo for user ("add
// claim"), for the Edit menu.
func (s *Store) UndoTop(user string) (desc string, ok bool) { return s.top(pUndo, user) }

// RedoTop is the description of the change Redo would redo for user.
func (s *Store) RedoTop(user string) (desc string, ok bool) { return s.top(pRedo, user) }

func (s *Store) top(kind byte, user string) (string, bool) {
	rec, err := s.stackTop(kind, user)
	if err != nil || rec == nil {
		return "", false
	}
	desc, _, err := readStr(rec)
	return desc, err == nil
}

// stackTop is the top record of user's stack kind, nil when it is empty:
// as the last write of it left it (stackTops), else read.
func (s *Store) stackTop(kind byte, user string) ([]byte, error) {
	if err := s.begin(); err != nil {
		return nil, err
	}
	defer s.end()
	if rec, known := s.tops.get(kind, user); known {
		return rec, nil
	}
	var rec []byte
	err := s.db.View(func(txn *badger.Txn) error {
		var err error
		rec, err = readTop(txn, kind, user)
		return err
	})
	return rec, err
}

// PeekUndo is the change Undo would undo for user, without undoing it, or
// ErrNothingToUndo: the window shows what an undo takes back while the
// store is still writing it (issue 18).
func (s *Store) PeekUndo(user string) (*annotate.Change, error) { return s.peek(pUndo, user) }

// PeekRedo is the change Redo would redo for user, or ErrNothingToUndo.
func (s *Store) PeekRedo(user string) (*annotate.Change, error) { return s.peek(pRedo, user) }

func (s *Store) peek(kind byte, user string) (*annotate.Change, error) {
	var c *annotate.Change
	rec, err := s.stackTop(kind, user)
	if err == nil && rec == nil {
		err = ErrNothingToUndo
	}
	if err == nil {
		c, err = decodeChange(rec)
	}
	if err != nil {
		return nil, fmt.Errorf("the change to %s for %s: %w", map[byte]string{pUndo: "undo", pRedo: "redo"}[kind], user, err)
	}
	return c, nil
}

// Stacks. Entries of a user's stack are keys kind|user|seq; the head key
// holds the lowest and one past the highest seq in use.

func readHead(txn *badger.Txn, kind byte, user string) (lo, hi uint64, err error) {
	v, err := get(txn, stackHeadKey(kind, user))
	if errors.Is(err, ErrNotFound) {
		return 0, 0, nil
	}
	if err != nil {
		return 0, 0, err
	}
	if len(v) != 16 {
		return 0, 0, fmt.Errorf("stack head: %w", errCorrupt)
	}
	return binary.BigEndian.Uint64(v), binary.BigEndian.Uint64(v[8:]), nil
}

func writeHead(txn *badger.Txn, kind byte, user string, lo, hi uint64) error {
	if lo == hi {
		return txn.Delete(stackHeadKey(kind, user))
	}
	v := binary.BigEndian.AppendUint64(make([]byte, 0, 16), lo)
	return txn.Set(stackHeadKey(kind, user), binary.BigEndian.AppendUint64(v, hi))
}

func push(txn *badger.Txn, kind byte, user string, rec []byte) error {
	lo, hi, err := readHead(txn, kind, user)
	if err != nil {
		return err
	}
	if err := txn.Set(stackKey(kind, user, hi), rec); err != nil {
		return err
	}
	hi++
	for hi-lo > uint64(undoLimit) {
		if err := txn.Delete(stackKey(kind, user, lo)); err != nil {
			return err
		}
		lo++
	}
	return writeHead(txn, kind, user, lo, hi)
}

func pop(txn *badger.Txn, kind byte, user string) ([]byte, error) {
	lo, hi, err := readHead(txn, kind, user)
	if err != nil {
		return nil, err
	}
	if lo == hi {
		return nil, ErrNothingToUndo
	}
	k := stackKey(kind, user, hi-1)
	rec, err := get(txn, k)
	if err != nil {
		return nil, fmt.Errorf("stack entry %d: %w", hi-1, err)
	}
	if err := txn.Delete(k); err != nil {
		return nil, err
	}
	return rec, writeHead(txn, kind, user, lo, hi-1)
}

func clearStack(txn *badger.Txn, kind byte, user string) error {
	lo, hi, err := readHead(txn, kind, user)
	if err != nil || lo == hi {
		return err
	}
	for seq := lo; seq < hi; seq++ {
		if err := txn.Delete(stackKey(kind, user, seq)); err != nil {
			return err
		}
	}
	return writeHead(txn, kind, user, 0, 0)
}

// layerSet collects the layers a change touches.
type layerSet map[string]struct {
	doc   [8]byte
	annot string
}

func (l layerSet) add(doc [8]byte, annot string) {
	l[string(doc[:])+annot] = struct {
		doc   [8]byte
		annot string
	}{doc, annot}
}

// applyChange checks and writes every edit of c in txn, then stamps the
// layers it touched with now (unless they hold a later time); the span IDs
// it writes are logged in adds for a Bulk beside it. A thread's change
// touches no layer (applyThreadEdit).
//
// The threads named in split (nil: none) are written by applySplit: only
// their records are written here.
func applyChange(txn *badger.Txn, pend *pendingIndex, adds *spanAddCall, c *annotate.Change, split map[string]bool, now int64) error {
	layers := layerSet{}
	sets := map[[8]byte]*spanSet{}
	idKeys := false
	oneDone := false
	if len(c.Spans) == 1 && !oneSpanOff.Load() {
		// A label key or its undo on a long list: through its tail alone.
		done, err := applyOneSpan(txn, pend, c.Spans[0], layers)
		if err != nil {
			return fmt.Errorf("span edit 1: %w", err)
		}
		if done {
			oneSpanEdits.Add(1)
		}
		oneDone = done
		idKeys = done && c.Spans[0].After != nil
	}
	for i, e := range c.Spans {
		if oneDone {
			break
		}
		if err := applySpanEdit(txn, pend, e, sets, layers); err != nil {
			return fmt.Errorf("span edit %d: %w", i+1, err)
		}
		idKeys = idKeys || e.After != nil
	}
	// A change that writes span ID keys says so to a bulk load that
	// checked its IDs before (see Bulk), and logs which.
	if idKeys {
		var ids []string
		for _, e := range c.Spans {
			if e.After != nil {
				ids = append(ids, e.After.ID)
			}
		}
		adds.add(ids)
		if err := markSpanAdds(txn); err != nil {
			return err
		}
	}
	for _, ss := range sets {
		if err := ss.write(txn, nil); err != nil {
			return err
		}
	}
	for i, e := range c.Threads {
		if err := applyThreadEdit(txn, e, split); err != nil {
			return fmt.Errorf("thread edit %d: %w", i+1, err)
		}
	}
	for i, e := range c.Marks {
		if err := applyMarkEdit(txn, e, layers); err != nil {
			return fmt.Errorf("mark edit %d: %w", i+1, err)
		}
	}
	for i, e := range c.Decisions {
		if err := applyDecisionEdit(txn, e); err != nil {
			return fmt.Errorf("decision edit %d: %w", i+1, err)
		}
	}
	for _, l := range layers {
		if err := setLayerTime(txn, l.doc, l.annot, now, true); err != nil {
			return err
		}
	}
	return nil
}

// oneSpanOff turns applyOneSpan off, and oneSpanEdits counts the edits
// it made: for the test that holds its writes against the general path's.
var (
	oneSpanOff   atomic.Bool
	oneSpanEdits atomic.Int64
)

var errEmptyEdit = errors.New("edit has neither a before- nor an after-image")

// requireDoc checks that a document is stored.
func requireDoc(txn *badger.Txn, doc [8]byte, id string) error {
	ok, err := has(txn, docKey(pInfo, doc))
	if err != nil {
		return err
	}
	if !ok {
		return fmt.Errorf("document %s: %w", id, ErrNotFound)
	}
	return nil
}

// spanSetOf returns document doc's span list, loading it once per change.
func spanSetOf(txn *badger.Txn, sets map[[8]byte]*spanSet, doc [8]byte) (*spanSet, error) {
	if ss := sets[doc]; ss != nil {
		return ss, nil
	}
	ss, err := loadSpanSet(txn, doc)
	if err != nil {
		return nil, err
	}
	sets[doc] = ss
	return ss, nil
}

func applySpanEdit(txn *badger.Txn, pend *pendingIndex, e annotate.SpanEdit, sets map[[8]byte]*spanSet, layers layerSet) error {
	b, a := e.Before, e.After
	if b == nil && a == nil {
		return errEmptyEdit
	}
	if b != nil && a != nil && b.ID != a.ID {
		return fmt.Errorf("before-image is span %s, after-image span %s", b.ID, a.ID)
	}
	if b != nil {
		doc, err := docOf("span "+b.ID, b.Doc)
		if err != nil {
			return err
		}
		ss, err := spanSetOf(txn, sets, doc)
		if err != nil {
			return fmt.Errorf("span %s: %w", b.ID, err)
		}
		i := ss.find(b.ID)
		if i < 0 {
			return fmt.Errorf("span %s is no longer stored in document %s: %w", b.ID, b.Doc, ErrConflict)
		}
		if !sameEntry(ss.entries[i].raw, b, appendEntry(nil, b)) {
			return fmt.Errorf("span %s changed since: %w", b.ID, ErrConflict)
		}
		if err := deleteSpanIndex(txn, doc, &ss.entries[i], nil); err != nil {
			return err
		}
		ss.remove(i)
		layers.add(doc, b.Annotator)
	} else {
		// The s key or the packed index (idindex.go).
		_, err := spanDoc(txn, pend, a.ID)
		if err == nil {
			return fmt.Errorf("span %s already exists: %w", a.ID, ErrConflict)
		}
		if !errors.Is(err, ErrNotFound) {
			return err
		}
	}
	if a == nil {
		return nil
	}
	if a.ID == "" || a.Annotator == "" {
		return fmt.Errorf("span %q in layer %q: a span needs an id and an annotator", a.ID, a.Annotator)
	}
	doc, err := docOf("span "+a.ID, a.Doc)
	if err != nil {
		return err
	}
	if err := requireDoc(txn, doc, a.Doc); err != nil {
		return fmt.Errorf("span %s: %w", a.ID, err)
	}
	ss, err := spanSetOf(txn, sets, doc)
	if err != nil {
		return fmt.Errorf("span %s: %w", a.ID, err)
	}
	if err := ss.add(appendEntry(nil, a), a.ID); err != nil {
		return err
	}
	layers.add(doc, a.Annotator)
	return putSpanIndex(txn, doc, &ss.entries[len(ss.entries)-1], nil)
}

// applyThreadEdit checks and writes e. A thread's change moves no layer's
// time: the thread records its own (Modified), a deletion its tombstone
// (gone.go), and the team folder's layer files hold no thread. A layer
// stamped by a thread's rename or deletion was counted newer on the
// user's other machine (the twin notice: '1 article and 1 deleted
// thread'), and a take there read in a layer no different.
func applyThreadEdit(txn *badger.Txn, e annotate.ThreadEdit, split map[string]bool) error {
	if e.After != nil {
		// Changed here, now: a copy of the user's threads from another
		// machine replaces it only where that copy's is newer. An undo
		// or redo is stamped now too, though it brings back an older
		// content: it is the user's latest word on the thread. Stamped
		// with the older time, an undo would lose to the other machine's
		// copy of the change it undid (a take there would keep that, and
		// a take here would bring it back). A created time a little
		// ahead (another machine's clock) is kept as the lower bound;
		// one far past the clock (taken in by an older skein) is not:
		// carried into modified it would win every take for ever.
		after := *e.After
		after.Modified = annotate.NowMillis()
		if !farTime(after.Created) {
			after.Modified = max(after.Modified, after.Created)
		}
		e.After = &after
	}
	if len(split) > 0 && (e.Before != nil || e.After != nil) && split[e.ID()] {
		// applySplit changes its index keys around this
		// transaction.
		if _, err := checkThreadEdit(txn, e); err != nil {
			return err
		}
		return writeThreadRecord(txn, e.Before, e.After, nil)
	}
	if _, err := checkThreadEdit(txn, e); err != nil {
		return err
	}
	return writeThread(txn, e.Before, e.After, nil)
}

// sameThreadRecord reports whether the stored thread record is want, the
// encoding of a thread without its time of change (Modified 0), apart from
// that time: stored then ends with it, one varint.
func sameThreadRecord(stored, want []byte) bool {
	if !bytes.HasPrefix(stored, want) {
		return false
	}
	rest := stored[len(want):]
	if len(rest) == 0 {
		return true
	}
	_, n := binary.Varint(rest)
	return n == len(rest)
}

// checkThreadEdit checks e against what is stored and returns the stored
// record (nil: none): an error wrapping ErrConflict when its before-image
// is not what is stored.
func checkThreadEdit(txn *badger.Txn, e annotate.ThreadEdit) ([]byte, error) {
	b, a := e.Before, e.After
	if b == nil && a == nil {
		return nil, errEmptyEdit
	}
	if b != nil && a != nil && b.ID != a.ID {
		return nil, fmt.Errorf("before-image is thread %s, after-image thread %s", b.ID, a.ID)
	}
	id := e.ID()
	stored, err := get(txn, threadKey(id))
	switch {
	case errors.Is(err, ErrNotFound):
		if b != nil {
			return nil, fmt.Errorf("thread %s is no longer stored: %w", id, ErrConflict)
		}
		stored = nil
	case err != nil:
		return nil, fmt.Errorf("thread %s: %w", id, err)
	case b == nil:
		return nil, fmt.Errorf("thread %s already exists: %w", id, ErrConflict)
	default:
		// The before-image as the window holds it: the time of its
		// change the store records is not part of it.
		bb := *b
		bb.Modified = 0
		want, err := encodeThread(nil, &bb)
		if err != nil {
			return nil, fmt.Errorf("thread %s: %w", id, err)
		}
		if !sameThreadRecord(stored, want) {
			return nil, fmt.Errorf("thread %s changed since: %w", id, ErrConflict)
		}
	}
	if a != nil && (a.ID == "" || a.Annotator == "") {
		return nil, fmt.Errorf("thread %q in layer %q: a thread needs an id and an annotator", a.ID, a.Annotator)
	}
	for _, t := range []*annotate.Thread{b, a} {
		if t == nil {
			continue
		}
		for _, m := range t.Members {
			if _, err := docOf("thread "+t.ID+" member "+m.Span, m.Doc); err != nil {
				return nil, err
			}
		}
	}
	return stored, nil
}

func applyMarkEdit(txn *badger.Txn, e annotate.MarkEdit, layers layerSet) error {
	b, a := e.Before, e.After
	if b == nil && a == nil {
		return errEmptyEdit
	}
	ref := a
	if b != nil {
		ref = b
	}
	if b != nil && a != nil && (b.Doc != a.Doc || b.Annotator != a.Annotator) {
		return fmt.Errorf("before-image is the mark of %s on %s, after-image of %s on %s", b.Annotator, b.Doc, a.Annotator, a.Doc)
	}
	doc, err := docOf("mark of "+ref.Annotator, ref.Doc)
	if err != nil {
		return err
	}
	stored, err := get(txn, layerKey(pMark, doc, ref.Annotator))
	switch {
	case errors.Is(err, ErrNotFound):
		if b != nil {
			return fmt.Errorf("mark of %s on %s is no longer stored: %w", ref.Annotator, ref.Doc, ErrConflict)
		}
	case err != nil:
		return err
	case b == nil:
		return fmt.Errorf("mark of %s on %s already exists: %w", ref.Annotator, ref.Doc, ErrConflict)
	case !bytes.Equal(stored, encodeMark(nil, b)):
		return fmt.Errorf("mark of %s on %s changed since: %w", ref.Annotator, ref.Doc, ErrConflict)
	}
	if a != nil {
		if a.Annotator == "" {
			return fmt.Errorf("mark on %s names no annotator", a.Doc)
		}
		if err := requireDoc(txn, doc, a.Doc); err != nil {
			return fmt.Errorf("mark of %s: %w", a.Annotator, err)
		}
	}
	layers.add(doc, ref.Annotator)
	return putMark(txn, doc, ref.Annotator, a)
}

func applyDecisionEdit(txn *badger.Txn, e annotate.DecisionEdit) error {
	b, a := e.Before, e.After
	if b == nil && a == nil {
		return errEmptyEdit
	}
	ref := a
	if b != nil {
		ref = b
	}
	if b != nil && a != nil && (b.Doc != a.Doc || b.Span != a.Span || b.Reviewer != a.Reviewer) {
		return fmt.Errorf("before- and after-image are decisions on different spans or by different reviewers")
	}
	doc, err := docOf("decision on span "+ref.Span, ref.Doc)
	if err != nil {
		return err
	}
	k := decisionKey(doc, ref.Span, ref.Reviewer)
	what := fmt.Sprintf("decision of %s on span %s", ref.Reviewer, ref.Span)
	stored, err := get(txn, k)
	switch {
	case errors.Is(err, ErrNotFound):
		if b != nil {
			return fmt.Errorf("%s is no longer stored: %w", what, ErrConflict)
		}
	case err != nil:
		return err
	case b == nil:
		return fmt.Errorf("%s already exists: %w", what, ErrConflict)
	case !bytes.Equal(stored, encodeDecision(nil, b)):
		return fmt.Errorf("%s changed since: %w", what, ErrConflict)
	}
	if a == nil {
		return txn.Delete(k)
	}
	if err := requireDoc(txn, doc, a.Doc); err != nil {
		return fmt.Errorf("%s: %w", what, err)
	}
	return txn.Set(k, encodeDecision(nil, a))
}
