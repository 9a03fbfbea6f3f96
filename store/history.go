package store

import (
	"encoding/binary"
	"fmt"

	"github.com/skein-news/skein/annotate"
)

// A stack entry is the change's description (so UndoTop reads only that)
// followed by the change in the same binary encoding as the records (not
// JSON, which would turn invalid UTF-8 into U+FFFD, so that an undo's
// before-image would no longer match what is stored): ID, user, time,
// document, then each kind of edit as a count and, per edit, its before-
// and after-image, each a presence byte and the image.
func encodeChange(c *annotate.Change) ([]byte, error) {
	b := appendStr(nil, c.Desc)
	b = appendStr(b, c.ID)
	b = appendStr(b, c.User)
	b = appendVarint(b, c.At)
	b = appendStr(b, c.Doc)
	b, _ = appendEdits(b, c.Spans, func(e annotate.SpanEdit) [2]*annotate.Span { return [2]*annotate.Span{e.Before, e.After} },
		func(b []byte, sp *annotate.Span) ([]byte, error) {
			b = appendStr(b, sp.Doc)
			return appendStr(b, string(appendEntry(nil, sp))), nil
		})
	b, err := appendEdits(b, c.Threads, func(e annotate.ThreadEdit) [2]*annotate.Thread { return [2]*annotate.Thread{e.Before, e.After} },
		func(b []byte, t *annotate.Thread) ([]byte, error) {
			rec, err := encodeThread(nil, t)
			if err != nil {
				return nil, fmt.Errorf("thread %s: %w", t.ID, err)
			}
			b = appendStr(b, t.ID)
			return appendStr(b, string(rec)), nil
		})
	if err != nil {
		return nil, err
	}
	b, _ = appendEdits(b, c.Marks, func(e annotate.MarkEdit) [2]*annotate.Mark { return [2]*annotate.Mark{e.Before, e.After} },
		func(b []byte, m *annotate.Mark) ([]byte, error) {
			b = appendStr(b, m.Doc)
			b = appendStr(b, m.Annotator)
			return appendStr(b, string(encodeMark(nil, m))), nil
		})
	b, _ = appendEdits(b, c.Decisions, func(e annotate.DecisionEdit) [2]*annotate.Decision { return [2]*annotate.Decision{e.Before, e.After} },
		func(b []byte, d *annotate.Decision) ([]byte, error) {
			b = appendStr(b, d.Doc)
			b = appendStr(b, d.Span)
			b = appendStr(b, d.Reviewer)
			return appendStr(b, string(encodeDecision(nil, d))), nil
		})
	return b, nil
}

// appendEdits appends one kind of edit: their count, then each edit's
// before- and after-image (images gives them), each a presence byte and,
// when present, what enc appends.
func appendEdits[E, T any](b []byte, edits []E, images func(E) [2]*T, enc func([]byte, *T) ([]byte, error)) ([]byte, error) {
	b = binary.AppendUvarint(b, uint64(len(edits)))
	for _, e := range edits {
		for _, img := range images(e) {
			if b = appendPresent(b, img != nil); img != nil {
				var err error
				if b, err = enc(b, img); err != nil {
					return nil, err
				}
			}
		}
	}
	return b, nil
}

func appendPresent(b []byte, present bool) []byte {
	if present {
		return append(b, 1)
	}
	return append(b, 0)
}

func decodeChange(rec []byte) (*annotate.Change, error) {
	c, err := decodeChangeRecord(rec)
	if err != nil {
		return nil, fmt.Errorf("undo entry: %w", err)
	}
	return c, nil
}

func decodeChangeRecord(rec []byte) (*annotate.Change, error) {
	r := reader{b: rec}
	c := &annotate.Change{Desc: r.str(), ID: r.str(), User: r.str(), At: r.varint(), Doc: r.str()}
	var err error
	c.Spans, err = readEdits(&r, func(img [2]*annotate.Span) annotate.SpanEdit { return annotate.SpanEdit{Before: img[0], After: img[1]} },
		func(r *reader) (*annotate.Span, error) {
			doc, entry := r.str(), r.bytes()
			if r.err != nil {
				return nil, nil
			}
			var d spanDecoder
			if err := d.add(doc, entry, nil, nil); err != nil {
				return nil, err
			}
			return d.finish()[0], nil
		})
	if err != nil {
		return nil, err
	}
	c.Threads, err = readEdits(&r, func(img [2]*annotate.Thread) annotate.ThreadEdit {
		return annotate.ThreadEdit{Before: img[0], After: img[1]}
	},
		func(r *reader) (*annotate.Thread, error) {
			id, rec := r.str(), r.bytes()
			if r.err != nil {
				return nil, nil
			}
			return decodeThread(id, rec)
		})
	if err != nil {
		return nil, err
	}
	c.Marks, err = readEdits(&r, func(img [2]*annotate.Mark) annotate.MarkEdit { return annotate.MarkEdit{Before: img[0], After: img[1]} },
		func(r *reader) (*annotate.Mark, error) {
			doc, annot, rec := r.str(), r.str(), r.bytes()
			if r.err != nil {
				return nil, nil
			}
			return decodeMark(doc, annot, rec)
		})
	if err != nil {
		return nil, err
	}
	c.Decisions, err = readEdits(&r, func(img [2]*annotate.Decision) annotate.DecisionEdit {
		return annotate.DecisionEdit{Before: img[0], After: img[1]}
	},
		func(r *reader) (*annotate.Decision, error) {
			doc, span, reviewer, rec := r.str(), r.str(), r.str(), r.bytes()
			if r.err != nil {
				return nil, nil
			}
			return decodeDecision(doc, span, reviewer, rec)
		})
	if err != nil {
		return nil, err
	}
	if r.err == nil && len(r.b) != 0 {
		r.err = errCorrupt
	}
	if r.err != nil {
		return nil, r.err
	}
	return c, nil
}

// readEdits reads what appendEdits wrote: dec reads one present image
// (returning nil once r has failed, which the caller reports), edit makes
// the edit of the two.
func readEdits[E, T any](r *reader, edit func([2]*T) E, dec func(*reader) (*T, error)) ([]E, error) {
	var out []E
	n := r.count(2)
	for i := 0; i < n && r.err == nil; i++ {
		var img [2]*T
		for j := range img {
			if p := r.raw(1); r.err != nil || p[0] != 1 {
				continue
			}
			v, err := dec(r)
			if err != nil {
				return nil, err
			}
			img[j] = v
		}
		out = append(out, edit(img))
	}
	return out, nil
}
