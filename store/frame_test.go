package store

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
	"unsafe"

	"github.com/skein-news/skein/annotate"
)

// framedDoc makes a document whose text is read, as an import reads a
// file, into a buffer with room bytes free in front of it.
func framedDoc(title, text string, room int) (*annotate.Document, []byte) {
	frame := make([]byte, room+len(text))
	copy(frame[room:], text)
	t := unsafe.String(&frame[room], len(text))
	return &annotate.Document{ID: annotate.DocID(t), Title: title, Source: title + ".txt", Date: "2024-01-01", Text: t}, frame
}

// A record written around its text in the reader's buffer is the same
// record encodeDoc makes, and shares the text's bytes rather than copying
// them; a frame that does not end in the text, or without room enough for
// the head, is refused.
func TestEncodeDocInFrame(t *testing.T) {
	d, frame := framedDoc("A title", "The minister said the council met on Tuesday.\n", RecordRoom)
	d.Meta = map[string]string{"section": "politics"}
	rec := encodeDocInFrame(frame, d)
	if !bytes.Equal(rec, encodeDoc(nil, d)) {
		t.Fatalf("record %q, want %q", rec, encodeDoc(nil, d))
	}
	if &rec[len(rec)-1] != &frame[len(frame)-1] {
		t.Error("the record is a copy, not the reader's buffer")
	}
	back, err := decodeDoc(d.ID, rec)
	if err != nil || back.Text != d.Text || back.Title != d.Title || back.Meta["section"] != "politics" {
		t.Errorf("decoded %+v, %v", back, err)
	}
	if rec := encodeDocInFrame(make([]byte, RecordRoom+len(d.Text)), d); rec != nil {
		t.Error("a frame that does not hold the text was used")
	}
	long, lframe := framedDoc(strings.Repeat("t", RecordRoom), "Some text of the article.\n", RecordRoom)
	if rec := encodeDocInFrame(lframe, long); rec != nil {
		t.Error("a head larger than the room was written over the frame's start")
	}
	if rec := encodeDocInFrame(nil, d); rec != nil {
		t.Error("no frame, yet a record")
	}
}

// Documents streamed with their frames read back as they were given,
// after the store is closed and opened again: those written in place,
// one whose title does not fit in the room and one given no frame (both
// copied), and a repeat given twice with different frames.
func TestStreamAddFramed(t *testing.T) {
	dir := t.TempDir()
	s, err := Open(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	var docs []*annotate.Document
	var frames [][]byte
	for i := 0; i < 1200; i++ {
		d, f := framedDoc(fmt.Sprintf("Story %d", i), fmt.Sprintf("Article %d: the minister said the council met.\n", i), RecordRoom)
		if i == 7 {
			d.Title = strings.Repeat("Long title ", 60) // 660 bytes, more than the room: copied
		}
		if i == 9 {
			f = nil
		}
		docs, frames = append(docs, d), append(frames, f)
	}
	w, err := s.StreamDocs()
	if err != nil {
		t.Fatal(err)
	}
	if err := w.AddFramed(ctx, docs[:1000], frames[:1000]); err != nil {
		t.Fatal(err)
	}
	if err := w.AddFramed(ctx, append(docs[1000:], docs[3]), append(frames[1000:], frames[5])); err != nil {
		t.Fatal(err)
	}
	if err := w.AddFramed(ctx, docs[:2], frames[:1]); err == nil {
		t.Error("two documents with one frame were taken")
	}
	res, err := w.Finish(ctx, &Batch{})
	if err != nil {
		t.Fatal(err)
	}
	if res.DocsAdded != 1200 {
		t.Errorf("added %d documents, want 1,200", res.DocsAdded)
	}
	s.Close()
	if s, err = Open(dir, Options{}); err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	for _, d := range docs {
		got, err := s.Document(d.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.Text != d.Text || got.Title != d.Title || got.Source != d.Source || got.Date != d.Date {
			t.Fatalf("document %s came back as %q %q %q %q", d.ID, got.Title, got.Source, got.Date, got.Text)
		}
	}
	if err := checkKeys(s); err != nil {
		t.Error(err)
	}
}
