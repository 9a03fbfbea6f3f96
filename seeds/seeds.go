// Package seeds embeds the five articles skein ships with — November 2023 to
// May 2024, on Pakistan, the Afghan Taliban and the TTP — and loads them into
// a new store exactly once.
package seeds

import (
	"context"
	"embed"
	"fmt"
	"io/fs"
	"sort"

	"github.com/skein-news/skein/annotate"
)

//go:embed *.txt
var files embed.FS

// seededKey is the store setting that records that the seeds were loaded, so
// an article the researcher deleted does not come back on the next start.
const seededKey = "seeded"

// Documents returns the seed articles as documents, in file-name order. The
// text is the file byte for byte; the file name is the source, and title and
// date are read from what the text carries.
func Documents() ([]*annotate.Document, error) {
	names, err := fs.Glob(files, "*.txt")
	if err != nil {
		return nil, err
	}
	sort.Strings(names)
	docs := make([]*annotate.Document, 0, len(names))
	for _, name := range names {
		b, err := files.ReadFile(name)
		if err != nil {
			return nil, err
		}
		if err := annotate.CheckText(b); err != nil {
			return nil, fmt.Errorf("seed %s: %w", name, err)
		}
		text := string(b)
		title, date := annotate.DeriveMeta(name, text)
		docs = append(docs, &annotate.Document{ID: annotate.DocID(text), Title: title, Source: name, Date: date, Text: text})
	}
	return docs, nil
}

// Store is what loading the seeds needs from the store.
type Store interface {
	PutDocument(ctx context.Context, d *annotate.Document) (bool, error)
	Meta(key string) (string, bool, error)
	SetMeta(key, value string) error
	DocumentCount() (int, error)
	HasDocument(id string) (bool, error)
}

// Load puts the seed articles into st unless that was done before or st
// already holds articles: only a new store gets them, never one that has
// lost its settings to damage. It reports how many it added.
func Load(ctx context.Context, st Store) (int, error) {
	if _, done, err := st.Meta(seededKey); err != nil || done {
		return 0, err
	}
	n, err := st.DocumentCount()
	if err != nil {
		return 0, err
	}
	docs, err := Documents()
	if err != nil {
		return 0, err
	}
	if n > 0 {
		// Articles and no mark: a store of its own that lost its settings
		// gets nothing, but one whose every article is a seed is a first
		// start stopped (a kill, a full disk) while it wrote them, one by
		// one before the mark: the rest are written now, or the shipped
		// corpus would stay short for good.
		seeds := 0
		for _, d := range docs {
			ok, err := st.HasDocument(d.ID)
			if err != nil {
				return 0, err
			}
			if ok {
				seeds++
			}
		}
		if seeds < n {
			return 0, nil
		}
	}
	added := 0
	for _, d := range docs {
		ok, err := st.PutDocument(ctx, d)
		if err != nil {
			return added, fmt.Errorf("load seed %s: %w", d.Source, err)
		}
		if ok {
			added++
		}
	}
	return added, st.SetMeta(seededKey, annotate.FormatMillis(annotate.NowMillis()))
}
