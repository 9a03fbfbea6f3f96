package store

import (
	"bytes"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"math/bits"
	"slices"
	"sort"
	"sync"
	"unicode/utf8"
	"unsafe"

	"github.com/skein-news/skein/annotate"
)

// errCorrupt is a record or key that does not decode; it means the store was
// damaged or written by an incompatible version.
var errCorrupt = errors.New("corrupt record")

// Records are a small hand-written binary encoding: strings are a uvarint
// length and bytes, integers are varints. The record does not repeat what
// its key already says (document, annotator, ID).

func appendVarint(b []byte, v int64) []byte { return binary.AppendVarint(b, v) }

func appendMap(b []byte, m map[string]string) []byte {
	b = binary.AppendUvarint(b, uint64(len(m)))
	if len(m) == 0 {
		return b
	}
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		b = appendStr(b, k)
		b = appendStr(b, m[k])
	}
	return b
}

// reader decodes a record; the first error sticks and later reads return
// zero values.
type reader struct {
	b   []byte
	err error
}

func (r *reader) fail() { r.err = errCorrupt; r.b = nil }

func (r *reader) uvarint() uint64 {
	if r.err != nil {
		return 0
	}
	v, n := binary.Uvarint(r.b)
	if n <= 0 {
		r.fail()
		return 0
	}
	r.b = r.b[n:]
	return v
}

func (r *reader) varint() int64 {
	if r.err != nil {
		return 0
	}
	v, n := binary.Varint(r.b)
	if n <= 0 {
		r.fail()
		return 0
	}
	r.b = r.b[n:]
	return v
}

// bytes returns the next length-prefixed byte string, aliasing the record.
func (r *reader) bytes() []byte {
	n := r.uvarint()
	if r.err != nil {
		return nil
	}
	if uint64(len(r.b)) < n {
		r.fail()
		return nil
	}
	s := r.b[:n]
	r.b = r.b[n:]
	return s
}

func (r *reader) str() string { return string(r.bytes()) }

func (r *reader) raw(n int) []byte {
	if r.err != nil {
		return nil
	}
	if len(r.b) < n {
		r.fail()
		return nil
	}
	s := r.b[:n]
	r.b = r.b[n:]
	return s
}

// count reads a uvarint element count, refusing counts the rest of the
// record cannot hold (each element takes at least min bytes).
func (r *reader) count(min int) int {
	n := r.uvarint()
	if r.err == nil && n > uint64(len(r.b)/min) {
		r.fail()
		return 0
	}
	return int(n)
}

func (r *reader) strMap() map[string]string {
	n := r.count(2)
	if n == 0 {
		return nil
	}
	m := make(map[string]string, n)
	for i := 0; i < n && r.err == nil; i++ {
		k := r.str()
		m[k] = r.str()
	}
	return m
}

// Spans.

// An entry of a span list (spanset.go) names its span's ID in one of two
// forms: a UUID in its canonical form (every ID skein makes) as a zero
// byte and its 16 bytes, from schema 6; any other ID, and every ID of an
// entry written before schema 6, as text (appendStr). The zero byte is
// the length of an empty text, which no entry holds: the store refuses a
// span without an ID. The 16 bytes took a first sync's span lists from
// ~61 to ~41 bytes a span.

// appendEntryID appends the ID field of span id's entry.
func appendEntryID(b []byte, id string) []byte {
	if u, ok := canonicalUUID(id); ok {
		b = append(b, 0)
		return append(b, u[:]...)
	}
	return appendStr(b, id)
}

// entryIDField reads an entry's ID field in the form it is held: text for
// an ID held as text, else u, a UUID's 16 bytes (text nil); both nil on
// an error.
func (r *reader) entryIDField() (text, u []byte) {
	if r.err == nil && len(r.b) > 0 && r.b[0] == 0 {
		if u = r.raw(1 + 16); r.err != nil {
			return nil, nil
		}
		return nil, u[1:]
	}
	return r.bytes(), nil
}

// entryID reads an entry's ID field and returns the ID's text: in the
// entry for the text form, in buf for the 16 bytes.
func (r *reader) entryID(buf *[36]byte) []byte {
	text, u := r.entryIDField()
	if u != nil {
		return appendUUIDText(buf[:0], u)
	}
	return text
}

// bytesView is b as a string without a copy, for a call that only reads
// it while b stays unchanged (a conversion of more than 32 bytes for a call
// is allocated).
func bytesView(b []byte) string { return unsafe.String(unsafe.SliceData(b), len(b)) }

// idSlab hands out the texts of IDs that entries hold in 16 bytes, carved
// from one allocation of hint texts at a time. A nil *idSlab allocates
// each.
type idSlab struct {
	b    []byte
	hint int
}

func (s *idSlab) text(u []byte) []byte {
	if s == nil {
		return appendUUIDText(make([]byte, 0, 36), u)
	}
	if cap(s.b)-len(s.b) < 36 {
		s.b = make([]byte, 0, 36*max(s.hint, 16))
	}
	start := len(s.b)
	s.b = appendUUIDText(s.b, u)
	return s.b[start:len(s.b):len(s.b)]
}

// encodeSpan appends a span's record: label, fragments, note, attributes,
// norms and creation time. The label comes first so that Counts reads only
// it.
func encodeSpan(b []byte, s *annotate.Span) []byte {
	b = appendStr(b, s.Label)
	b = binary.AppendUvarint(b, uint64(len(s.Fragments)))
	for _, f := range s.Fragments {
		b = appendVarint(b, int64(f.Start))
		b = appendVarint(b, int64(f.End-f.Start))
	}
	b = appendStr(b, s.Note)
	b = appendMap(b, s.Attrs)
	b = binary.AppendUvarint(b, uint64(len(s.Norms)))
	for _, n := range s.Norms {
		b = appendStr(b, n.DB)
		b = appendStr(b, n.ID)
		b = appendStr(b, n.Text)
	}
	return appendVarint(b, s.Created)
}

// interner hands out one string per distinct label or annotator name, so
// decoding spans does not allocate them again and again. It stops adding
// names past a bound, so odd imports cannot grow it without limit.
type interner struct {
	mu sync.RWMutex
	m  map[string]string
}

const internMax = 4096

func (in *interner) str(b []byte) string {
	if in == nil {
		return string(b)
	}
	in.mu.RLock()
	s, ok := in.m[string(b)]
	in.mu.RUnlock()
	if ok {
		return s
	}
	s = string(b)
	in.mu.Lock()
	if in.m == nil {
		in.m = make(map[string]string)
	}
	if len(in.m) < internMax {
		in.m[s] = s
	}
	in.mu.Unlock()
	return s
}

// spanDecoder decodes many span entries with few allocations: spans and
// fragments come from slabs, labels and annotators are interned, and IDs
// are copied into one buffer that becomes a single string in finish.
type spanDecoder struct {
	names *interner
	spans []annotate.Span
	frags []annotate.Fragment
	ids   []byte
	idEnd []int // end offset in ids of each decoded span's ID
	out   []*annotate.Span
}

// grow makes room for n more spans and nf more fragments.
func (d *spanDecoder) grow(n, nf int) {
	if cap(d.spans)-len(d.spans) < n {
		d.spans = make([]annotate.Span, 0, n)
	}
	if cap(d.frags)-len(d.frags) < nf {
		d.frags = make([]annotate.Fragment, 0, nf)
	}
	if cap(d.out)-len(d.out) < n {
		d.out = slices.Grow(d.out, n)
	}
	if cap(d.idEnd)-len(d.idEnd) < n {
		d.idEnd = slices.Grow(d.idEnd, n)
	}
	if cap(d.ids)-len(d.ids) < 36*n {
		d.ids = slices.Grow(d.ids, 36*n)
	}
}

// add decodes a span entry of document doc. When annot is not nil, entries
// of other annotators are skipped; when label is not nil, entries with
// other labels are.
func (d *spanDecoder) add(doc string, raw, annot, label []byte) error {
	r := reader{b: raw}
	a := r.bytes()
	var idBuf [36]byte
	id := r.entryID(&idBuf)
	l := r.bytes()
	if r.err != nil {
		return r.err
	}
	if annot != nil && !bytes.Equal(a, annot) || label != nil && !bytes.Equal(l, label) {
		return nil
	}
	if len(d.spans) == cap(d.spans) || len(d.out) == cap(d.out) || len(d.idEnd) == cap(d.idEnd) {
		d.grow(max(8, len(d.out)), 0)
	}
	d.spans = append(d.spans, annotate.Span{Doc: doc, Annotator: d.names.str(a), Label: d.names.str(l)})
	s := &d.spans[len(d.spans)-1]
	nf := r.count(2)
	if cap(d.frags)-len(d.frags) < nf {
		d.grow(0, max(nf, 8, cap(d.frags)))
	}
	start := len(d.frags)
	for i := 0; i < nf; i++ {
		st := r.varint()
		ln := r.varint()
		d.frags = append(d.frags, annotate.Fragment{Start: int(st), End: int(st + ln)})
	}
	s.Fragments = d.frags[start:len(d.frags):len(d.frags)]
	if note := r.bytes(); len(note) > 0 {
		s.Note = string(note)
	}
	s.Attrs = r.strMap()
	if nn := r.count(3); nn > 0 {
		s.Norms = make([]annotate.Norm, nn)
		for i := range s.Norms {
			s.Norms[i] = annotate.Norm{DB: r.str(), ID: r.str(), Text: r.str()}
		}
	}
	s.Created = r.varint()
	if r.err == nil && len(r.b) != 0 {
		r.err = errCorrupt
	}
	if r.err != nil {
		d.spans = d.spans[:len(d.spans)-1]
		return r.err
	}
	d.ids = append(d.ids, id...)
	d.idEnd = append(d.idEnd, len(d.ids))
	d.out = append(d.out, s)
	return nil
}

// addList decodes a document's span list value.
func (d *spanDecoder) addList(doc string, v, annot, label []byte) error {
	n := entryCount(v)
	d.grow(n, n+n/8)
	return eachEntry(v, func(raw []byte) error { return d.add(doc, raw, annot, label) })
}

// finish assigns the IDs and returns the decoded spans; the decoder may be
// reused afterwards.
func (d *spanDecoder) finish() []*annotate.Span {
	all := string(d.ids)
	prev := 0
	for i, s := range d.out {
		s.ID = all[prev:d.idEnd[i]]
		prev = d.idEnd[i]
	}
	out := d.out
	d.out = nil
	d.ids = d.ids[:0]
	d.idEnd = d.idEnd[:0]
	return out
}

func appendUUIDText(b, u []byte) []byte {
	var buf [36]byte
	hex.Encode(buf[0:8], u[0:4])
	buf[8] = '-'
	hex.Encode(buf[9:13], u[4:6])
	buf[13] = '-'
	hex.Encode(buf[14:18], u[6:8])
	buf[18] = '-'
	hex.Encode(buf[19:23], u[8:10])
	buf[23] = '-'
	hex.Encode(buf[24:], u[10:16])
	return append(b, buf[:]...)
}

// Documents.

// encodeInfo appends a document's listing record.
func encodeInfo(b []byte, d *annotate.Document, n int) []byte {
	b = appendStr(b, d.Title)
	b = appendStr(b, d.Source)
	b = appendStr(b, d.Date)
	return binary.AppendUvarint(b, uint64(n))
}

// decodeInfo decodes an info record; rec is the document ID followed by the
// record, as one string, so that the fields cost no allocations of their
// own.
func decodeInfo(rec string) (DocInfo, error) {
	if len(rec) < 16 {
		return DocInfo{}, errCorrupt
	}
	di := DocInfo{ID: rec[:16]}
	rest := rec[16:]
	field := func() string {
		n, w := binary.Uvarint([]byte(rest[:min(len(rest), binary.MaxVarintLen64)]))
		if w <= 0 || uint64(len(rest)-w) < n {
			rest = ""
			return ""
		}
		f := rest[w : w+int(n)]
		rest = rest[w+int(n):]
		return f
	}
	di.Title, di.Source, di.Date = field(), field(), field()
	n, w := binary.Uvarint([]byte(rest[:min(len(rest), binary.MaxVarintLen64)]))
	if w <= 0 || w != len(rest) {
		return DocInfo{}, errCorrupt
	}
	di.Len = int(n)
	return di, nil
}

// encodeDoc appends a document's full record; the text is the tail, not
// length-prefixed.
func encodeDoc(b []byte, d *annotate.Document) []byte {
	return append(encodeDocHead(b, d), d.Text...)
}

// encodeDocHead appends what a document's record holds before its text.
func encodeDocHead(b []byte, d *annotate.Document) []byte {
	b = appendStr(b, d.Title)
	b = appendStr(b, d.Source)
	b = appendStr(b, d.Date)
	return appendMap(b, d.Meta)
}

// RecordRoom is how many bytes a reader leaves free in front of an
// article's text, in the buffer it read the text into, for the store to
// write the rest of the document's record there (see Stream.AddFramed):
// the record is then the buffer itself, and the text is not copied. A
// title, a file name and a date fit in it (a headline is at most 120
// characters); a record whose head does not is copied as before.
const RecordRoom = 256

// encodeDocInFrame writes the head of d's record into frame just before
// d's text and returns the record, which shares the text's bytes; nil when
// d's text is not the tail of frame or the head does not fit before it.
func encodeDocInFrame(frame []byte, d *annotate.Document) []byte {
	n := len(d.Text)
	if n == 0 || len(frame) < n || unsafe.StringData(d.Text) != &frame[len(frame)-n] {
		return nil
	}
	var scratch [RecordRoom]byte
	head := encodeDocHead(scratch[:0], d)
	start := len(frame) - n - len(head)
	if start < 0 {
		return nil
	}
	copy(frame[start:], head)
	return frame[start:len(frame):len(frame)]
}

// decodeDoc makes one string of the whole record and slices the fields out
// of it, so a document costs one allocation besides its struct and meta.
func decodeDoc(id string, v []byte) (*annotate.Document, error) {
	all := string(v)
	r := reader{b: v}
	off := func() int { return len(v) - len(r.b) }
	field := func() string {
		b := r.bytes()
		end := off()
		return all[end-len(b) : end]
	}
	d := &annotate.Document{ID: id}
	d.Title = field()
	d.Source = field()
	d.Date = field()
	d.Meta = r.strMap()
	if r.err != nil {
		return nil, r.err
	}
	d.Text = all[off():]
	return d, nil
}

// runeCount is utf8.RuneCountInString, several times faster on valid UTF-8
// (what imports hold): it counts the bytes that are not continuation bytes,
// eight at a time.
func runeCount(s string) int {
	if !utf8.ValidString(s) {
		return utf8.RuneCountInString(s)
	}
	const hi = 0x8080808080808080
	cont := 0
	i := 0
	for ; i+8 <= len(s); i += 8 {
		w := binary.LittleEndian.Uint64([]byte(s[i : i+8]))
		// A continuation byte is 10xxxxxx: bit 7 set, bit 6 clear.
		cont += bits.OnesCount64(w &^ (w << 1) & hi)
	}
	for ; i < len(s); i++ {
		if s[i]&0xc0 == 0x80 {
			cont++
		}
	}
	return len(s) - cont
}

// Threads.

func encodeThread(b []byte, t *annotate.Thread) ([]byte, error) {
	b = appendStr(b, t.Title)
	b = appendStr(b, t.Annotator)
	b = appendStr(b, t.Kind)
	b = appendStr(b, t.Note)
	b = appendVarint(b, t.Created)
	b = binary.AppendUvarint(b, uint64(len(t.Members)))
	for _, m := range t.Members {
		doc, ok := docBytes(m.Doc)
		if !ok {
			return nil, errDocID(m.Doc)
		}
		b = appendDoc(b, doc)
		b = appendID(b, m.Span)
		b = appendStr(b, m.Link)
	}
	if t.Modified != 0 {
		// After the members, only where known: a record an older skein
		// wrote reads as it was.
		b = appendVarint(b, t.Modified)
	}
	return b, nil
}

func decodeThread(id string, v []byte) (*annotate.Thread, error) {
	r := reader{b: v}
	t := &annotate.Thread{ID: id, Title: r.str(), Annotator: r.str(), Kind: r.str(), Note: r.str(), Created: r.varint()}
	n := r.count(11)
	if n > 0 {
		t.Members = make([]annotate.Member, n)
	}
	for i := 0; i < n && r.err == nil; i++ {
		doc := r.raw(8)
		if r.err != nil {
			break
		}
		span, rest, err := readID(r.b)
		if err != nil {
			return nil, err
		}
		r.b = rest
		t.Members[i] = annotate.Member{Doc: hex.EncodeToString(doc), Span: span, Link: r.str()}
	}
	if r.err == nil && len(r.b) != 0 {
		t.Modified = r.varint()
	}
	if r.err == nil && len(r.b) != 0 {
		return nil, errCorrupt
	}
	return t, r.err
}

// Marks and decisions.

func encodeMark(b []byte, m *annotate.Mark) []byte {
	var done byte
	if m.Done {
		done = 1
	}
	b = append(b, done)
	return appendStr(b, m.Answer)
}

func decodeMark(doc, annot string, v []byte) (*annotate.Mark, error) {
	r := reader{b: v}
	flag := r.raw(1)
	m := &annotate.Mark{Doc: doc, Annotator: annot, Answer: r.str()}
	if r.err != nil {
		return nil, r.err
	}
	m.Done = flag[0] == 1
	return m, nil
}

func encodeDecision(b []byte, d *annotate.Decision) []byte {
	b = appendStr(b, d.Verdict)
	b = appendStr(b, d.Curated)
	return appendVarint(b, d.At)
}

func decodeDecision(doc, span, reviewer string, v []byte) (*annotate.Decision, error) {
	r := reader{b: v}
	d := &annotate.Decision{Doc: doc, Span: span, Reviewer: reviewer, Verdict: r.str(), Curated: r.str(), At: r.varint()}
	return d, r.err
}

// arena hands out byte slices carved from large chunks, so that a big batch
// of keys and values (which Badger holds on to until commit) costs a few
// allocations instead of one each. A nil *arena allocates normally.
//
// Chunks start small and double up to arenaChunk: a transaction of a few
// hundred KB (a bulk load's, which commits hundreds of them) took a whole
// 1 MB chunk each, allocated and zeroed, three quarters of it unused: 1.7
// KB a span of a first sync, the largest share of its garbage.
type arena struct {
	chunk []byte
	off   int
	next  int // the next chunk's size

	// entries is a span list's entries' array for the next document
	// writeGroup writes in the same transaction to reuse, and ptrs the
	// array spanSet.write orders them in.
	entries []spanEntry
	ptrs    []*spanEntry
}

// entryPtrs is an array of n entry pointers, the one the last call gave
// when it is large enough: for a use that ends before the next call.
func (a *arena) entryPtrs(n int) []*spanEntry {
	if a == nil {
		return make([]*spanEntry, n)
	}
	if cap(a.ptrs) < n {
		a.ptrs = make([]*spanEntry, n)
	}
	return a.ptrs[:n]
}

const (
	arenaChunk      = 1 << 20
	arenaFirstChunk = 32 << 10
)

// start returns an empty slice to append at least min bytes to.
func (a *arena) start(min int) []byte {
	if a == nil {
		return make([]byte, 0, min)
	}
	if len(a.chunk)-a.off < min {
		if min > arenaChunk/4 {
			return make([]byte, 0, min)
		}
		n := a.next
		if n < arenaFirstChunk {
			n = arenaFirstChunk
		}
		for n < 4*min {
			n *= 2
		}
		a.next = 2 * n
		if a.next > arenaChunk {
			a.next = arenaChunk
		}
		a.chunk = make([]byte, n)
		a.off = 0
	}
	return a.chunk[a.off:a.off:len(a.chunk)]
}

// done claims b's bytes when b still lies in the current chunk, and returns
// b with its capacity cut so later appends cannot overwrite a neighbour.
func (a *arena) done(b []byte) []byte {
	if a != nil && len(b) > 0 && a.off < len(a.chunk) && &b[0] == &a.chunk[a.off] {
		a.off += len(b)
	}
	return b[:len(b):len(b)]
}

// copy returns a copy of b in the arena.
func (a *arena) copy(b []byte) []byte { return a.done(append(a.start(len(b)), b...)) }

var binaryBE = binary.BigEndian
