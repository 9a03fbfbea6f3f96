package store

import (
	"bytes"
	"context"
	"encoding/hex"
	"errors"
	"fmt"
	"time"

	badger "github.com/dgraph-io/badger/v4"
	"github.com/skein-news/skein/annotate"
)

// Times of change far past the clock. A time decides which of two copies
// of a layer, a thread, a deletion or a review is the newer (a take, a
// sync), so one stamped "9999-12-31" wins over every later change for
// ever. Every reader of outside files refuses such a time
// (annotate.CheckMillis), but a store that took one in before it did (an
// older skein) keeps it: Check lists each (CheckReport.Times) and
// RepairTimes sets it to a sane time.

// farTime reports whether ms, a stored time of change, is one no reader
// of files would take in: later than the clock by more than
// annotate.FutureMargin. (A time before 1970 loses to every copy, so it
// keeps no later work out.)
func farTime(ms int64) bool { return ms > 0 && annotate.CheckMillis(ms) != nil }

// stamp formats a stored time for a person.
func stamp(ms int64) string { return time.UnixMilli(ms).UTC().Format("2006-01-02 15:04:05 UTC") }

// checkTimes adds to c's report the times of change in the record at k
// (value v) that lie far past the clock; each sentence names the record,
// the field and the time.
func (c *checker) checkTimes(k, v []byte) {
	far := func(what string, ms int64) {
		c.rep.Times = append(c.rep.Times, fmt.Sprintf("%s: %s is %s, more than a day after this machine's clock", describeTime(k), what, stamp(ms)))
	}
	switch k[0] {
	case pThread:
		id, _, err := readID(k[1:])
		if err != nil {
			return
		}
		t, err := decodeThread(id, v)
		if err != nil {
			return // reported as damage
		}
		if farTime(t.Created) {
			far("created", t.Created)
		}
		if farTime(t.Modified) {
			far("modified", t.Modified)
		}
	case pLayerMod:
		if len(v) == 8 {
			if ms := int64(binaryBE.Uint64(v)); farTime(ms) {
				far("modified", ms)
			}
		}
	case pGone:
		if at, _, err := decodeGone(v); err == nil && farTime(at) {
			far("deleted", at)
		}
	case pDecision:
		if d, err := decodeDecision("", "", "", v); err == nil && farTime(d.At) {
			far("at", d.At)
		}
	}
}

// describeTime names the record at k whose time Check lists: the thread,
// the article's layer, the deletion or the review decision.
func describeTime(k []byte) string {
	switch k[0] {
	case pThread, pGone:
		id, _, _ := readID(k[1:])
		if k[0] == pGone {
			return "the deletion of thread " + id
		}
		return "thread " + id
	case pLayerMod:
		if len(k) > 9 {
			if annot, _, err := readStr(k[9:]); err == nil {
				return fmt.Sprintf("article %s (the layer of %s)", hex.EncodeToString(k[1:9]), annot)
			}
		}
	case pDecision:
		if len(k) > 9 {
			if span, rest, err := readID(k[9:]); err == nil {
				if rev, _, err := readStr(rest); err == nil {
					return fmt.Sprintf("article %s (the decision of %s on span %s)", hex.EncodeToString(k[1:9]), rev, span)
				}
			}
		}
	}
	return describeKey(k)
}

// RepairTimes sets each time of change Check lists as far past the clock
// to a sane one and says how many it set. Such a time is a false one, and
// the record's real time unknown but no later than now: a thread's
// created becomes its modified where that is sane (a thread is not
// created after its change), a span's created its layer's time of change
// on the article (repairSpanTimes), any other becomes now, the time of the
// repair. Now, not older: the record stays the newest against every copy
// written before the repair, so no take replaces it with an older copy (a
// layer is replaced whole), and every change made after the repair, here
// or on another machine, counts as newer, as it should.
//
// Each record is rewritten in the transaction that reads it again, many
// in one transaction, in several where they do not fit in one: a kill
// part way leaves each time as it was or repaired, never a record half
// written, and running it again repairs the rest.
func (s *Store) RepairTimes(ctx context.Context) (int, error) {
	if err := s.begin(); err != nil {
		return 0, err
	}
	defer s.end()
	var keys [][]byte
	var docs [][8]byte
	err := s.db.View(func(txn *badger.Txn) error {
		err := eachValue(ctx, txn, []byte{pThread, pLayerMod, pGone, pDecision}, func(k, v []byte) error {
			if _, changed := repairedTime(k, v, 0); changed {
				keys = append(keys, bytes.Clone(k))
			}
			return nil
		})
		if err == nil {
			docs, err = farSpanDocs(ctx, txn)
		}
		return err
	})
	if err != nil || len(keys)+len(docs) == 0 {
		return 0, err
	}
	now := annotate.NowMillis()
	n := 0
	sw := s.newSplitWriter()
	defer func() {
		if sw.txn != nil {
			sw.txn.Discard()
		}
	}()
	for _, k := range keys {
		changed := false
		err := sw.do(func(txn *badger.Txn) error {
			changed = false
			v, err := get(txn, k)
			if errors.Is(err, ErrNotFound) {
				return nil // deleted meanwhile
			}
			if err != nil {
				return err
			}
			nv, ok := repairedTime(k, v, now)
			if !ok {
				return nil // repaired meanwhile
			}
			changed = true
			return txn.Set(k, nv)
		})
		if err != nil {
			return n, fmt.Errorf("repair the times of change: %w", err)
		}
		if changed {
			n++
		}
	}
	if err := sw.flush(); err != nil {
		return 0, fmt.Errorf("repair the times of change: %w", err)
	}
	spans, err := s.repairSpanTimes(ctx, docs, now)
	return n + spans, err
}

// farSpanDocs are the documents whose span list or its tail holds a span
// created far past the clock.
func farSpanDocs(ctx context.Context, txn *badger.Txn) ([][8]byte, error) {
	var docs [][8]byte
	seen := map[[8]byte]bool{}
	dec := &spanDecoder{}
	err := eachValue(ctx, txn, []byte{pSpan, pSpanTail}, func(k, v []byte) error {
		var doc [8]byte
		if len(k) != 9 || seen[[8]byte(k[1:])] {
			return nil
		}
		copy(doc[:], k[1:])
		if k[0] == pSpan {
			_ = eachEntry(v, func(raw []byte) error { return dec.add("", raw, nil, nil) })
		} else if adds, _, err := parseTail(v); err == nil {
			for _, e := range adds {
				_ = dec.add("", e.raw, nil, nil)
			}
		}
		// One that does not decode is damage Check reports.
		for _, sp := range dec.finish() {
			if farTime(sp.Created) && !seen[doc] {
				seen[doc] = true
				docs = append(docs, doc)
			}
		}
		return nil
	})
	return docs, err
}

// repairSpanTimes sets the created time of each span of docs that lies
// far past the clock to its layer's time of change on that article where
// that is sane (a span is not created after its layer's last change),
// else to now, and says how many it set. Each document's list is
// rewritten in a transaction of its own, all of it or none: a span list
// is not split across transactions (a part committed could drop the
// list's latest changes, its tail, without the list that holds them).
func (s *Store) repairSpanTimes(ctx context.Context, docs [][8]byte, now int64) (int, error) {
	n := 0
	for _, doc := range docs {
		if err := checkCtx(ctx); err != nil {
			return n, err
		}
		var set int
		err := s.updateNoSync(func(txn *badger.Txn) error {
			set = 0
			ss, err := loadSpanSet(txn, doc)
			if err != nil {
				return err
			}
			id := hex.EncodeToString(doc[:])
			dec := &spanDecoder{}
			for i, count := 0, len(ss.entries); i < count; i++ {
				if ss.entries[i].gone {
					continue
				}
				if err := dec.add(id, ss.entries[i].raw, nil, nil); err != nil {
					return fmt.Errorf("article %s: a span record does not decode: %w", id, err)
				}
				sp := dec.finish()[0]
				if !farTime(sp.Created) {
					continue
				}
				sp.Created = now
				if v, err := get(txn, layerKey(pLayerMod, doc, sp.Annotator)); err == nil && len(v) == 8 {
					if ms := int64(binaryBE.Uint64(v)); ms > 0 && !farTime(ms) {
						sp.Created = min(now, ms)
					}
				}
				ss.remove(i)
				if err := ss.add(appendEntry(nil, sp), sp.ID); err != nil {
					return err
				}
				set++
			}
			return ss.write(txn, nil)
		})
		if err != nil {
			return n, fmt.Errorf("repair the times of change: article %s: %w", hex.EncodeToString(doc[:]), err)
		}
		n += set
	}
	if n > 0 {
		if err := s.syncBatch(); err != nil {
			return n, fmt.Errorf("repair the times of change: sync %s: %w", s.dir, err)
		}
	}
	return n, nil
}

// repairedTime is the record at k (value v) with its times far past the
// clock set as RepairTimes says, now the time of the repair; ok is false
// when it holds none (or does not decode: damage Check reports).
func repairedTime(k, v []byte, now int64) (nv []byte, ok bool) {
	switch k[0] {
	case pThread:
		id, _, err := readID(k[1:])
		if err != nil {
			return nil, false
		}
		t, err := decodeThread(id, v)
		if err != nil || !farTime(t.Created) && !farTime(t.Modified) {
			return nil, false
		}
		if farTime(t.Modified) {
			t.Modified = now
		}
		if farTime(t.Created) {
			t.Created = now
			if t.Modified > 0 {
				t.Created = min(now, t.Modified)
			}
		}
		nv, err := encodeThread(nil, t)
		return nv, err == nil
	case pLayerMod:
		if len(v) != 8 || !farTime(int64(binaryBE.Uint64(v))) {
			return nil, false
		}
		return binaryBE.AppendUint64(nil, uint64(now)), true
	case pGone:
		at, annot, err := decodeGone(v)
		if err != nil || !farTime(at) {
			return nil, false
		}
		return encodeGone(now, annot), true
	case pDecision:
		d, err := decodeDecision("", "", "", v)
		if err != nil || !farTime(d.At) {
			return nil, false
		}
		d.At = now
		return encodeDecision(nil, d), true
	}
	return nil, false
}
