package transfer

import (
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/skein-news/skein/annotate"
	"github.com/skein-news/skein/annotate/formats"
	"github.com/skein-news/skein/store"
)

// ExportFormats are the formats Export writes, skein's own first.
var ExportFormats = []string{"skein", "brat", "doccano", "prodigy", "labelstudio", "conll", "hf", "w3c"}

// ExportOptions are the flags of `skein export`.
type ExportOptions struct {
	// Format is one of ExportFormats; "" is skein's JSONL.
	Format string
	// Annotators are the layers to export; nil means every layer (-all).
	Annotators []string
	// Threads adds thread lines after the documents (skein's JSONL), and
	// lists each span's threads in its "threads".
	Threads bool
	// Dir is the folder for formats that write one (brat).
	Dir string
}

// Export writes the store's documents with the chosen layers to w (or Dir),
// one document at a time. It returns what the format could not hold.
func Export(ctx context.Context, st *store.Store, w io.Writer, opt ExportOptions) (leftOut []string, err error) {
	format := strings.ToLower(opt.Format)
	if format == "" || format == "jsonl" {
		format = "skein"
	}
	keep := func(string) bool { return true }
	if opt.Annotators != nil {
		set := map[string]bool{}
		for _, a := range opt.Annotators {
			set[a] = true
		}
		keep = func(a string) bool { return set[a] }
	}
	if format == "skein" {
		return nil, exportSkein(ctx, st, w, opt, keep)
	}
	ex, err := formats.NewExporter(format, w, opt.Dir)
	if err != nil {
		return nil, err
	}
	// A folder export appears only when Close completes it; one that
	// fails before leaves nothing.
	if a, ok := ex.(formats.Aborter); ok {
		defer func() {
			if err != nil {
				a.Abort()
			}
		}()
	}
	// Prodigy keeps each record's answer: formats that can, get the marks.
	mw, _ := ex.(formats.MarkWriter)
	var markLayers []string
	if mw != nil {
		if markLayers = opt.Annotators; markLayers == nil {
			if markLayers, err = st.Annotators(); err != nil {
				return nil, err
			}
		}
	}
	var cross []*annotate.Thread
	err = st.EachDocument(ctx, func(d *annotate.Document) error {
		spans, err := layerSpans(st, d.ID, keep)
		if err != nil {
			return err
		}
		ths, err := st.ThreadsOfDoc(d.ID)
		if err != nil {
			return err
		}
		var links []*annotate.Thread
		for _, th := range ths {
			if !keep(th.Annotator) {
				continue
			}
			if len(th.Docs()) == 1 {
				links = append(links, th)
			} else if th.Members[0].Doc == d.ID {
				cross = append(cross, th)
			}
		}
		if mw != nil {
			var marks []*annotate.Mark
			for _, a := range markLayers {
				if m, err := st.Mark(d.ID, a); err == nil {
					marks = append(marks, m)
				}
			}
			return mw.WriteDocMarks(d, spans, links, marks)
		}
		return ex.WriteDoc(d, spans, links)
	})
	if err != nil {
		return nil, err
	}
	for _, th := range cross {
		spans := map[string]*annotate.Span{}
		for _, m := range th.Members {
			if s, err := st.Span(m.Span); err == nil {
				spans[s.ID] = s
			}
		}
		if err := ex.WriteThread(th, spans); err != nil {
			return nil, err
		}
	}
	return ex.Close()
}

func layerSpans(st *store.Store, doc string, keep func(string) bool) ([]*annotate.Span, error) {
	all, err := st.Spans(doc)
	if err != nil {
		return nil, err
	}
	out := all[:0]
	for _, s := range all {
		if keep(s.Annotator) {
			out = append(out, s)
		}
	}
	return out, nil
}

func exportSkein(ctx context.Context, st *store.Store, w io.Writer, opt ExportOptions, keep func(string) bool) error {
	jw := annotate.NewJSONLWriter(w)
	annotators, err := st.Annotators()
	if err != nil {
		return err
	}
	// The layers each line describes: every kept annotator's, and a named
	// layer even where it is still empty, so a bundle says what it covers.
	names := opt.Annotators
	if names == nil {
		for _, a := range annotators {
			if keep(a) {
				names = append(names, a)
			}
		}
	}
	names = slices.Sorted(slices.Values(names))
	// A kept thread may link spans of layers the export does not keep. So
	// that the bundle imports whole, it carries those layers too on the
	// documents where they hold a member: all of the layer there, with its
	// time, as -all would write it, so an import treats it as it would
	// that author's own bundle and replaces nothing newer.
	var carried map[string][]string // document -> other layers to carry, sorted
	if opt.Threads && opt.Annotators != nil {
		if carried, err = memberLayers(ctx, st, keep); err != nil {
			return err
		}
	}
	err = st.EachDocument(ctx, func(d *annotate.Document) error {
		keepHere, namesHere := keep, names
		if more := carried[d.ID]; len(more) > 0 {
			keepHere = func(a string) bool { return keep(a) || slices.Contains(more, a) }
			namesHere = slices.Sorted(slices.Values(append(slices.Clip(names), more...)))
		}
		spans, err := layerSpans(st, d.ID, keepHere)
		if err != nil {
			return err
		}
		all, err := st.Layers(d.ID, namesHere)
		if err != nil {
			return err
		}
		var layers []annotate.LayerInfo
		for _, l := range all {
			if l.Modified != 0 || l.Done || l.Answer != "" {
				layers = append(layers, l)
			}
		}
		var threadsOf func(string) []string
		if opt.Threads {
			ths, err := st.ThreadsOfDoc(d.ID)
			if err != nil {
				return err
			}
			of := map[string][]string{}
			for _, th := range ths {
				if !keep(th.Annotator) {
					continue
				}
				for _, m := range th.Members {
					if m.Doc == d.ID {
						of[m.Span] = append(of[m.Span], th.ID)
					}
				}
			}
			threadsOf = func(id string) []string { return of[id] }
		}
		return jw.Write(annotate.EncodeDocLine(d, spans, layers, threadsOf))
	})
	if err != nil {
		return err
	}
	if opt.Threads {
		err = st.Threads(ctx, func(th *annotate.Thread) error {
			if keep(th.Annotator) {
				return jw.Write(annotate.EncodeThreadLine(th))
			}
			return nil
		})
		if err != nil {
			return err // the store's says "read threads"; "skein export: " is the caller's
		}
	}
	return jw.Flush()
}

// memberLayers finds, for the threads of the kept layers, the member spans
// of other layers: by document, the annotators whose layers hold them.
func memberLayers(ctx context.Context, st *store.Store, keep func(string) bool) (map[string][]string, error) {
	out := map[string][]string{}
	err := st.Threads(ctx, func(th *annotate.Thread) error {
		if !keep(th.Annotator) {
			return nil
		}
		for _, m := range th.Members {
			s, err := st.Span(m.Span)
			if errors.Is(err, store.ErrNotFound) {
				continue // nothing to carry
			}
			if err != nil {
				return fmt.Errorf("thread %s member %s: %w", th.ID, m.Span, err)
			}
			if !keep(s.Annotator) && !slices.Contains(out[s.Doc], s.Annotator) {
				out[s.Doc] = append(out[s.Doc], s.Annotator)
			}
		}
		return nil
	})
	return out, err
}
