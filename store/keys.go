package store

import (
	"encoding/binary"
	"encoding/hex"
	"fmt"

	"github.com/google/uuid"
)

// Key layout. Every key starts with one prefix byte naming what it holds;
// IDs follow in fixed-width big-endian form so that byte order is ID order,
// and strings (annotators, labels, users) are written as a uvarint length and
// the bytes, so no key is a prefix of another by accident.
//
//	V                                  schema version (uint32)
//	M name                             meta setting -> string
//	D doc8                             document: title, source, date, meta, text
//	I doc8                             document info: title, source, date, length
//	S doc8                             the document's spans, every layer, in text order (schema 6: UUIDs in 16 bytes)
//	T doc8                             schema 4: the spans added to a long S list and those removed since it was written
//	s spanKey                          span ID -> doc8 (not for spans a bulk load wrote: see x, j)
//	y hb8 lo4                          schema 5: packed span-ID index page: sorted entries hash32|doc8 (idindex.go)
//	z bits hb seq8                     schema 5 and 6: a bulk write's entries hash48|doc8 not yet merged into the pages (idindex.go)
//	w seq8                             schema 7: a bulk write's pending record: doc8 of each article whose span IDs are in no page yet (pending.go)
//	x hb8 lo4 / j bits hb seq8         schema 4 only: the same with entries ID key|doc8, rewritten by the migration to 5
//	a annot doc8                       documents where annotator has spans (no value)
//	l label doc8                       documents with spans of label (no value)
//	L doc8 annot                       layer modified time (int64 ms)
//	H threadKey                        thread record
//	h spanKey threadKey                threads of a span (no value)
//	d doc8 threadKey                   threads with a member in a document (no value)
//	b annot threadKey                  threads by annotator (no value)
//	K doc8 annot                       mark record
//	k annot doc8                       marks by annotator (no value)
//	E doc8 spanKey reviewer            decision record
//	U user seq8 / R user seq8          undo / redo stack entries
//	Q kind user                        undo / redo stack bounds: lo8 hi8
//	F doc8                             schema 2 only: a search record, deleted by the migration to 3 (search.go)
//	P doc8                             a split write under way: span IDs whose s keys it changes
//	N threadKey                        a thread's write in several transactions under way: the thread as it was
//	O doc8                             an article's deletion under way, its records gone: the rest goes next (docs.go)
//	Z threadKey                        schema 9: a deleted thread's tombstone: when (int64 ms), then its annotator (gone.go)
//	W / W seq4                         a write made whole under way: its pieces' count / a piece (whole.go)
//	G doc8 name / X doc8 user          a model's suggestions / those user rejected (suggest.go)
//
// A document's spans, of every layer, are one value (S doc8): a count, then
// entries kept in text order (annotate.SpanLess), each a length and the
// span's annotator, ID and record (codec.go). Reading a document's spans is
// then one Get, which Badger answers from its bloom filters without the cost
// of an iterator over every table; an edit rewrites the document's list,
// which for the hundreds of spans an article carries takes tens of
// microseconds (BenchmarkApply). The s keys index single
// spans; the a and l keys, one per document and annotator or label, are
// kept in step with the list whenever it is written.
//
// A long list (16 KB and more: an article with a few hundred spans) is not
// rewritten for each edit: the edit goes to the document's tail (T doc8),
// which holds the entries added since the list was written, in text order,
// and the IDs of the list's entries removed since. Readers merge the two
// (spanset.go). Once the tail would outgrow 8 KB, or a quarter of the
// list, the next write folds it into the list and deletes it. On the
// 300 KB article with 5,000 spans this took the bytes a label key writes
// from 330 KB to a few KB (BenchmarkApplyOneSpanBig).
//
// A span a bulk load writes (a team folder's first sync: 4 M of them at
// 20 colleagues × 20,000 articles) has no s key: its ID is packed with
// thousands of others into 4,096 pages (y) by the ID's hash, once: its
// transaction writes beside its span lists a pending record of their
// articles (w), and Bulk.Finish, or the next Open after a kill, reads
// those lists into the pages (until schema 6 it wrote the entries twice,
// as run fragments, z, then merged into the pages). An entry keeps 44 or
// 48 bits of that hash, not the ID. A lookup (spanDoc) reads the s key,
// else the page, any fragments and pending records, and believes an
// entry only where the
// document's span list holds the ID, so an entry left by a deleted span or
// document, or by another ID of the same hash bits, is harmless. Schema 4
// had the index with whole IDs (x, j), 5 with hash bits; a store of 3 has
// only s keys, which are read as before.
//
// doc8 is the 8 bytes a document's 16 hex digits decode to. A span or thread
// ID (spanKey, threadKey) that is a UUID in canonical lower-case form is the
// byte 0 and its 16 raw bytes; any other ID (imported files may carry IDs
// such as "T1") is the byte 1, a uvarint length and the bytes. UUID IDs
// therefore list first, in ID order (creation order for UUIDv7), then other
// IDs, shorter first.
const (
	pVersion   = 'V'
	pMeta      = 'M'
	pDoc       = 'D'
	pInfo      = 'I'
	pSpan      = 'S'
	pSpanTail  = 'T'
	pSpanID    = 's'
	pByAnnot   = 'a'
	pByLabel   = 'l'
	pLayerMod  = 'L'
	pThread    = 'H'
	pSpanThr   = 'h'
	pDocThr    = 'd'
	pAnnotThr  = 'b'
	pMark      = 'K'
	pAnnotMark = 'k'
	pDecision  = 'E'
	pUndo      = 'U'
	pRedo      = 'R'
	pStack     = 'Q'
	pSplit     = 'P'
	pThrSplit  = 'N'
	pDeleting  = 'O'
	pGone      = 'Z'
)

const (
	idUUID  = 0
	idOther = 1
)

// docBytes decodes a document ID (16 lower-case hex digits) to its 8 bytes.
func docBytes(id string) ([8]byte, bool) {
	var b [8]byte
	if len(id) != 16 {
		return b, false
	}
	for i := 0; i < 16; i++ {
		c := id[i]
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f') {
			return b, false
		}
	}
	if _, err := hex.Decode(b[:], []byte(id)); err != nil {
		return b, false
	}
	return b, true
}

// errDocID says a document ID cannot be stored.
func errDocID(id string) error {
	return fmt.Errorf("document id %q is not 16 lower-case hex digits", id)
}

func appendDoc(k []byte, doc [8]byte) []byte { return append(k, doc[:]...) }

// appendID appends the key form of a span or thread ID.
func appendID(k []byte, id string) []byte {
	if u, ok := canonicalUUID(id); ok {
		k = append(k, idUUID)
		return append(k, u[:]...)
	}
	k = append(k, idOther)
	k = binary.AppendUvarint(k, uint64(len(id)))
	return append(k, id...)
}

// canonicalUUID decodes id when it is a UUID in its canonical form
// (u.String() == id): 36 characters, hyphens at 8, 13, 18 and 23, and
// lower-case hex digits elsewhere. uuid.Parse takes upper-case hex as
// well, so it was called only after a scan for A to F; this is the same
// test in one pass over the ID, with no call: every span's key, filter
// probe and packed-index entry goes through it.
func canonicalUUID(id string) (u [16]byte, ok bool) {
	if len(id) != 36 || id[8] != '-' || id[13] != '-' || id[18] != '-' || id[23] != '-' {
		return u, false
	}
	j := 0
	for _, i := range uuidHexAt {
		hi, lo := lowerHex[id[i]], lowerHex[id[i+1]]
		if hi|lo == 0xff {
			return [16]byte{}, false
		}
		u[j] = hi<<4 | lo
		j++
	}
	return u, true
}

// uuidHexAt are the positions of the 16 digit pairs of a canonical UUID.
var uuidHexAt = [16]int{0, 2, 4, 6, 9, 11, 14, 16, 19, 21, 24, 26, 28, 30, 32, 34}

// lowerHex maps '0'-'9' and 'a'-'f' to their values, and every other byte
// to 0xff.
var lowerHex = func() (t [256]byte) {
	for i := range t {
		t[i] = 0xff
	}
	for c := '0'; c <= '9'; c++ {
		t[c] = byte(c - '0')
	}
	for c := 'a'; c <= 'f'; c++ {
		t[c] = byte(c - 'a' + 10)
	}
	return t
}()

// readID decodes an ID written by appendID at the start of b and returns it
// with the rest of b.
func readID(b []byte) (string, []byte, error) {
	if len(b) == 0 {
		return "", nil, errCorrupt
	}
	switch b[0] {
	case idUUID:
		if len(b) < 17 {
			return "", nil, errCorrupt
		}
		var u uuid.UUID
		copy(u[:], b[1:17])
		return u.String(), b[17:], nil
	case idOther:
		s, rest, err := readStr(b[1:])
		return s, rest, err
	}
	return "", nil, errCorrupt
}

// idLen is the length of the ID at the start of b, or -1.
func idLen(b []byte) int {
	if len(b) == 0 {
		return -1
	}
	switch b[0] {
	case idUUID:
		if len(b) < 17 {
			return -1
		}
		return 17
	case idOther:
		n, w := binary.Uvarint(b[1:])
		if w <= 0 || uint64(len(b)-1-w) < n {
			return -1
		}
		return 1 + w + int(n)
	}
	return -1
}

// appendStr appends s as a uvarint length and its bytes.
func appendStr(k []byte, s string) []byte {
	k = binary.AppendUvarint(k, uint64(len(s)))
	return append(k, s...)
}

// readStr decodes a string written by appendStr.
func readStr(b []byte) (string, []byte, error) {
	n, w := binary.Uvarint(b)
	if w <= 0 || uint64(len(b)-w) < n {
		return "", nil, errCorrupt
	}
	return string(b[w : w+int(n)]), b[w+int(n):], nil
}

// strLen is the length of the appendStr string at the start of b, or -1.
func strLen(b []byte) int {
	n, w := binary.Uvarint(b)
	if w <= 0 || uint64(len(b)-w) < n {
		return -1
	}
	return w + int(n)
}

// The append* functions append a key to b (which may come from an arena);
// the short names build one in fresh memory.

func appendSpanIDKey(b []byte, id string) []byte {
	return appendID(append(b, pSpanID), id)
}

func spanIDKey(id string) []byte { return appendSpanIDKey(make([]byte, 0, 18), id) }

// appendNameDocKey appends p|name|doc8: the a and l index keys.
func appendNameDocKey(b []byte, p byte, name []byte, doc [8]byte) []byte {
	b = append(b, p)
	b = binary.AppendUvarint(b, uint64(len(name)))
	b = append(b, name...)
	return appendDoc(b, doc)
}

func appendLayerKey(b []byte, p byte, doc [8]byte, annot string) []byte {
	b = append(b, p)
	b = appendDoc(b, doc)
	return appendStr(b, annot)
}

func layerKey(p byte, doc [8]byte, annot string) []byte {
	return appendLayerKey(make([]byte, 0, 12+len(annot)), p, doc, annot)
}

func markAnnotKey(annot string, doc [8]byte) []byte {
	b := make([]byte, 0, 12+len(annot))
	b = append(b, pAnnotMark)
	b = appendStr(b, annot)
	return appendDoc(b, doc)
}

func appendThreadKey(b []byte, p byte, id string) []byte {
	return appendID(append(b, p), id)
}

func threadKey(id string) []byte { return appendThreadKey(make([]byte, 0, 18), pThread, id) }

func decisionKey(doc [8]byte, span, reviewer string) []byte {
	b := make([]byte, 0, 32+len(reviewer))
	b = append(b, pDecision)
	b = appendDoc(b, doc)
	b = appendID(b, span)
	return appendStr(b, reviewer)
}

func docKey(p byte, doc [8]byte) []byte {
	return appendDoc([]byte{p}, doc)
}

func stackKey(kind byte, user string, seq uint64) []byte {
	b := make([]byte, 0, 12+len(user))
	b = append(b, kind)
	b = appendStr(b, user)
	return binary.BigEndian.AppendUint64(b, seq)
}

func stackHeadKey(kind byte, user string) []byte {
	b := make([]byte, 0, 4+len(user))
	b = append(b, pStack, kind)
	return appendStr(b, user)
}

// prefixEnd returns the smallest key greater than every key that starts with
// p, or nil when there is none.
func prefixEnd(p []byte) []byte {
	end := append([]byte(nil), p...)
	for i := len(end) - 1; i >= 0; i-- {
		if end[i] < 0xff {
			end[i]++
			return end[:i+1]
		}
	}
	return nil
}
