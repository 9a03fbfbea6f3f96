package annotate

import (
	"crypto/sha256"
	"encoding/hex"
	"sort"
	"strconv"
	"strings"
	"time"
	"unsafe"

	"github.com/google/uuid"
)

// Document is one article. Its ID is derived from its text, so two colleagues
// who import the same article get the same ID and their layers meet.
type Document struct {
	ID     string            `json:"id"`
	Title  string            `json:"title"`
	Source string            `json:"source"`
	Date   string            `json:"date"`
	Text   string            `json:"text"`
	Meta   map[string]string `json:"meta,omitempty"`
}

// DocID is the first 16 hex digits of the SHA-256 of the UTF-8 text. The
// hash reads the string's own bytes: converting it to a []byte copied every
// article an import reads once more (36 MB for 20,000 articles).
func DocID(text string) string {
	sum := sha256.Sum256(unsafe.Slice(unsafe.StringData(text), len(text)))
	return hex.EncodeToString(sum[:8])
}

// Fragment is one contiguous stretch of a span, in code points, end exclusive.
type Fragment struct {
	Start int `json:"start"`
	End   int `json:"end"`
}

// Norm is a reference from a span to an entry of an outside knowledge base
// (brat's N lines).
type Norm struct {
	DB   string `json:"db"`
	ID   string `json:"ref"`
	Text string `json:"text,omitempty"`
}

// Span is one labelled stretch of an article in one annotator's layer. A
// discontinuous span has two or more Fragments; a contiguous one has exactly
// one. Start and End are always the outer bounds.
type Span struct {
	ID        string            `json:"id"`
	Doc       string            `json:"doc"`
	Fragments []Fragment        `json:"fragments"`
	Label     string            `json:"label"`
	Annotator string            `json:"annotator"`
	Note      string            `json:"note,omitempty"`
	Attrs     map[string]string `json:"attrs,omitempty"`
	Norms     []Norm            `json:"norms,omitempty"`
	// Created is when the span was first made (Unix milliseconds); it orders a
	// layer's history and tells a newer bundle from an older one.
	Created int64 `json:"created,omitempty"`
}

// Start is the offset where the span's first fragment begins.
func (s *Span) Start() int {
	if len(s.Fragments) == 0 {
		return 0
	}
	return s.Fragments[0].Start
}

// End is the offset where the span's last fragment ends.
func (s *Span) End() int {
	if len(s.Fragments) == 0 {
		return 0
	}
	return s.Fragments[len(s.Fragments)-1].End
}

// Discontinuous reports whether the span has more than one fragment.
func (s *Span) Discontinuous() bool { return len(s.Fragments) > 1 }

// Contains reports whether code point cp lies inside one of the fragments.
func (s *Span) Contains(cp int) bool {
	for _, f := range s.Fragments {
		if cp >= f.Start && cp < f.End {
			return true
		}
	}
	return false
}

// Clone returns a deep copy, so a change's before-image is not aliased by
// later edits.
func (s *Span) Clone() *Span {
	if s == nil {
		return nil
	}
	c := *s
	c.Fragments = append([]Fragment(nil), s.Fragments...)
	if s.Attrs != nil {
		c.Attrs = make(map[string]string, len(s.Attrs))
		for k, v := range s.Attrs {
			c.Attrs[k] = v
		}
	}
	c.Norms = append([]Norm(nil), s.Norms...)
	return &c
}

// NormalizeFragments sorts fragments and merges those that touch or overlap,
// so that every span has one canonical shape.
func NormalizeFragments(frags []Fragment) []Fragment {
	out := append([]Fragment(nil), frags...)
	sort.Slice(out, func(i, j int) bool {
		if out[i].Start != out[j].Start {
			return out[i].Start < out[j].Start
		}
		return out[i].End < out[j].End
	})
	merged := out[:0]
	for _, f := range out {
		if n := len(merged); n > 0 && f.Start <= merged[n-1].End {
			if f.End > merged[n-1].End {
				merged[n-1].End = f.End
			}
			continue
		}
		merged = append(merged, f)
	}
	return merged
}

// SortSpans orders spans as a reader meets them: by start, then longer first,
// then by label and ID so the order is total.
func SortSpans(spans []*Span) {
	sort.Slice(spans, func(i, j int) bool { return SpanLess(spans[i], spans[j]) })
}

// SpanLess is the text order SortSpans uses.
func SpanLess(a, b *Span) bool {
	if a.Start() != b.Start() {
		return a.Start() < b.Start()
	}
	if a.End() != b.End() {
		return a.End() > b.End()
	}
	if a.Label != b.Label {
		return a.Label < b.Label
	}
	return a.ID < b.ID
}

// NewID returns a new globally unique, time-ordered ID (UUIDv7), so spans and
// threads made on different machines never clash when layers are merged.
func NewID() string {
	id, err := uuid.NewV7()
	if err != nil {
		// NewV7 fails only when the system's random source does; a random v4
		// is still unique.
		return uuid.NewString()
	}
	return id.String()
}

// contentIDSpace is the UUID name space of ContentSpanID.
var contentIDSpace = uuid.MustParse("6d1f3c2e-8b0a-4c5e-9f4a-2b7d9e1c0a53")

// ContentSpanID is the ID of a span a file gives without one: a name-based
// UUID (version 5) of its article, annotator, label and fragments, the
// same on every machine and every import of that file.
func ContentSpanID(s *Span) string {
	b := make([]byte, 0, 64)
	b = append(b, s.Doc...)
	b = append(b, 0)
	b = append(b, s.Annotator...)
	b = append(b, 0)
	b = append(b, s.Label...)
	for _, f := range s.Fragments {
		b = append(b, 0)
		b = strconv.AppendInt(b, int64(f.Start), 10)
		b = append(b, '-')
		b = strconv.AppendInt(b, int64(f.End), 10)
	}
	return uuid.NewSHA1(contentIDSpace, b).String()
}

// NowMillis is the current time in Unix milliseconds.
func NowMillis() int64 { return time.Now().UnixMilli() }

// Member is one span in a thread. Link is the label of the link from the
// previous member to this one; the first member has none.
type Member struct {
	Doc  string `json:"doc"`
	Span string `json:"span"`
	Link string `json:"link,omitempty"`
}

// Thread is a titled, ordered chain of spans, possibly in different articles,
// in one annotator's layer. Consecutive members are linked, and each link may
// carry a label. A link between two spans — a relation in brat, Prodigy or
// doccano — is a thread of two members with no title: one model holds both,
// so undo, export and agreement treat them alike.
type Thread struct {
	ID        string   `json:"id"`
	Title     string   `json:"title"`
	Annotator string   `json:"annotator"`
	Members   []Member `json:"members"`
	// Kind says where a thread came from when it must go back there: "" for
	// a chain made in skein or an imported relation, KindEquiv for brat's
	// "*" equivalence sets.
	Kind    string `json:"kind,omitempty"`
	Note    string `json:"note,omitempty"`
	Created int64  `json:"created,omitempty"`
	// Modified is when the thread was last changed in a store (Unix
	// milliseconds), 0 where unknown (written by an older skein): a copy of
	// the user's own threads from another machine replaces a thread only
	// where its thread is newer (see ChangedAt).
	Modified int64 `json:"modified,omitempty"`
}

// ChangedAt is when t was last changed, as far as known: Modified, or
// Created where no change was recorded. A store stamps Modified no
// earlier than Created, except where Created lies far past the clock (an
// older skein took it in): a change recorded since is then the time.
func (t *Thread) ChangedAt() int64 {
	if t.Modified != 0 {
		return t.Modified
	}
	return t.Created
}

// KindEquiv marks a thread that is a brat equivalence set ("*" lines).
const KindEquiv = "equiv"

// IsLink reports whether the thread is a plain link: two members, no title.
func (t *Thread) IsLink() bool { return len(t.Members) == 2 && t.Title == "" && t.Kind == "" }

// Clone returns a deep copy.
func (t *Thread) Clone() *Thread {
	if t == nil {
		return nil
	}
	c := *t
	c.Members = append([]Member(nil), t.Members...)
	return &c
}

// Docs returns the distinct documents of the thread's members, in member order.
func (t *Thread) Docs() []string {
	seen := map[string]bool{}
	var out []string
	for _, m := range t.Members {
		if !seen[m.Doc] {
			seen[m.Doc] = true
			out = append(out, m.Doc)
		}
	}
	return out
}

// Index returns the position of span id in the thread, or -1.
func (t *Thread) Index(spanID string) int {
	for i, m := range t.Members {
		if m.Span == spanID {
			return i
		}
	}
	return -1
}

// Mark is one annotator's state of one document: whether they are done with
// it, and for records imported from Prodigy its answer.
type Mark struct {
	Doc       string `json:"doc"`
	Annotator string `json:"annotator"`
	Done      bool   `json:"done"`
	Answer    string `json:"answer,omitempty"`
}

// Decision is a reviewer's verdict on one span of a colleague's layer.
type Decision struct {
	Doc      string `json:"doc"`
	Span     string `json:"span"`
	Reviewer string `json:"reviewer"`
	// Verdict is VerdictAccept, VerdictReject or VerdictEdit.
	Verdict string `json:"verdict"`
	// Curated is the ID of the span the decision put in the curated layer.
	Curated string `json:"curated,omitempty"`
	At      int64  `json:"at"`
}

// The verdicts of a Decision: the span went into the curated layer as it
// was, was left out, or went in with other boundaries or another label.
const (
	VerdictAccept = "accept"
	VerdictReject = "reject"
	VerdictEdit   = "edit"
)

// CuratedLayer is the annotator name of the adjudicated layer that training
// exports read.
const CuratedLayer = "curated"

// CuratedBy is the layer a colleague's curated layer goes into when it
// arrives from a team folder: "curated:alice". Their review decisions are
// kept under the same name, so neither mixes with the local curated layer:
// a training export, review and agreement use it only when it is named.
func CuratedBy(reviewer string) string { return CuratedLayer + ":" + reviewer }

// IsCurated says whether name is a curated layer, the local one or a
// colleague's: an adjudication, not an annotator's work, so a team's
// assignment of articles to annotators does not bound it.
func IsCurated(name string) bool {
	_, theirs := CuratorOf(name)
	return name == CuratedLayer || theirs
}

// CuratorOf says whose curated layer name is, for a layer made by
// CuratedBy: "alice" for "curated:alice".
func CuratorOf(name string) (string, bool) {
	r, ok := strings.CutPrefix(name, CuratedLayer+":")
	return r, ok && r != ""
}
