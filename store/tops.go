package store

import (
	"sync"

	badger "github.com/dgraph-io/badger/v4"
)

// stackTops holds, for each user, the top record of the undo and the
// redo stack as the last write of them left it (Apply, Undo, Redo,
// DiscardUndo: each sets it under Store.gate, taken alone, once its
// commit is durable, in the order of the commits), so that UndoTop,
// RedoTop, PeekUndo and PeekRedo answer without opening a transaction.
// A transaction's read timestamp waits for every commit stamped before
// it: after a key, the window's Edit menu read the tops while a sync's
// bulk load had stamped its next commit, and waited for it to be durable,
// up to ~40 ms (issue 11). A stack no write has touched since the store
// opened is read from the store.
type stackTops struct {
	mu sync.Mutex
	m  map[stackTop][]byte // the top record; nil when the stack is empty
}

type stackTop struct {
	kind byte
	user string
}

// get is the top record of user's stack kind (nil when empty), and
// whether it is known.
func (t *stackTops) get(kind byte, user string) (rec []byte, known bool) {
	t.mu.Lock()
	defer t.mu.Unlock()
	rec, known = t.m[stackTop{kind, user}]
	return rec, known
}

// committed records what a write of user's stacks left on their tops
// (tops: kind to record, nil for an empty stack), when its commit
// succeeded (err nil); when it failed, what the stacks hold is read from
// the store again.
func (t *stackTops) committed(user string, tops map[byte][]byte, err error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.m == nil {
		t.m = map[stackTop][]byte{}
	}
	if err != nil {
		delete(t.m, stackTop{pUndo, user})
		delete(t.m, stackTop{pRedo, user})
		return
	}
	for kind, rec := range tops {
		t.m[stackTop{kind, user}] = rec
	}
}

// readTop reads the top record of user's stack kind in txn, nil when the
// stack is empty.
func readTop(txn *badger.Txn, kind byte, user string) ([]byte, error) {
	lo, hi, err := readHead(txn, kind, user)
	if err != nil || lo == hi {
		return nil, err
	}
	return get(txn, stackKey(kind, user, hi-1))
}
