package transfer

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/skein-news/skein/annotate"
	"github.com/skein-news/skein/store"
)

// A subfolder of skein's brat export imported alone (nest/sub, the
// export's visual.conf in nest) reads that visual.conf, as brat looks up
// its configuration in the folders above: a span label brat cannot hold
// as written (Person?, written Person_) comes back as itself, not as
// Person_. An unlabelled link, written under link_2 beside a link labelled
// link, comes back unlabelled, not labelled link_2, as the marked
// visual.conf says; the link labelled link stays so.
func TestBratSubfolderImportReadsTheExportsLabels(t *testing.T) {
	ctx := context.Background()
	src := openStore(t)
	text := "Kakar spoke to the press. Mahmood denied it.\n"
	doc := &annotate.Document{ID: annotate.DocID(text), Title: "t", Source: "sub/a.txt", Text: text}
	if _, err := src.PutDocument(ctx, doc); err != nil {
		t.Fatal(err)
	}
	sp := layer(t, src, "al", doc, [3]any{0, 5, "Person?"}, [3]any{26, 33, "Person?"}, [3]any{34, 40, "claim"})
	for _, l := range []struct {
		from, to *annotate.Span
		label    string
	}{{sp[0], sp[1], "link"}, {sp[1], sp[2], ""}} {
		c, err := annotate.NewLink("al", l.from, l.to, l.label)
		if err != nil {
			t.Fatal(err)
		}
		if err := src.Apply(ctx, c); err != nil {
			t.Fatal(err)
		}
	}
	nest := filepath.Join(t.TempDir(), "nest")
	if _, err := Export(ctx, src, nil, ExportOptions{Format: "brat", Dir: nest, Threads: true}); err != nil {
		t.Fatal(err)
	}
	ann, _ := os.ReadFile(filepath.Join(nest, "sub", "a.ann"))
	if !strings.Contains(string(ann), "link_2 ") || !strings.Contains(string(ann), "Person_ ") {
		t.Fatalf("the export's a.ann has no link_2 or Person_:\n%s", ann)
	}

	dst := openStore(t)
	if _, err := Import(ctx, dst, []string{filepath.Join(nest, "sub")}, ImportOptions{User: "al"}); err != nil {
		t.Fatal(err)
	}
	var labels []string
	dst.Documents(ctx, func(d store.DocInfo) error {
		spans, err := dst.Spans(d.ID)
		for _, s := range spans {
			if !slices.Contains(labels, s.Label) {
				labels = append(labels, s.Label)
			}
		}
		return err
	})
	slices.Sort(labels)
	if want := []string{"Person?", "claim"}; !slices.Equal(labels, want) {
		t.Errorf("span labels imported from nest/sub: %q, want %q (nest/visual.conf read)", labels, want)
	}
	var links []string
	dst.Threads(ctx, func(th *annotate.Thread) error {
		for _, m := range th.Members[1:] {
			links = append(links, m.Link)
		}
		return nil
	})
	slices.Sort(links)
	if want := []string{"", "link"}; !slices.Equal(links, want) {
		t.Errorf("link labels imported: %q, want %q (the unlabelled link back unlabelled)", links, want)
	}

	// A subfolder with an annotation.conf of its own is a brat collection's
	// top: the folders above it are no part of it.
	conf, _ := os.ReadFile(filepath.Join(nest, "annotation.conf"))
	write(t, filepath.Join(nest, "sub"), "annotation.conf", conf)
	own := openStore(t)
	if _, err := Import(ctx, own, []string{filepath.Join(nest, "sub")}, ImportOptions{User: "al"}); err != nil {
		t.Fatal(err)
	}
	spans, _ := own.Spans(doc.ID)
	if len(spans) == 0 || slices.ContainsFunc(spans, func(s *annotate.Span) bool { return s.Label == "Person?" }) {
		t.Errorf("a collection's top imported alone read the visual.conf above it, or nothing: %d spans", len(spans))
	}
}
