package team

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"

	"github.com/skein-news/skein/annotate"
)

// An article file damaged in the folder (cut to nothing by a crash on
// another machine, its text changed by a hand edit or a sync engine's
// conflict) was never written again: the store that published it saw a
// file of that name and wrote nothing, and every colleague's skein
// refused it at each sync, so the article never reached them. Any store
// that holds the article now writes such a file again, as articles are
// written (beside, synced, renamed, articles/ synced), and says so.
//
// An article's ID is the first 16 hex digits of the SHA-256 of its text
// (annotate.DocID): a file under that name holding one document line
// whose text gives that ID is the article, whatever else differs (a
// title another colleague's import gave it), and is left as it is; a
// store rewriting such a file to its own copy would fight another store
// holding another title, each sync writing over the other's.
//
// Cheaply: each article file's stat (size, time, and which file it is:
// its inode) is remembered when written or read good, and a file
// is read again only once its stat changed. A full write (every skein
// sync, the window's first pass) looks at each article file the store
// holds; a read in the window looks at those its watcher named.

// articleStat is what the sync state remembers of an article file fi
// written or read good.
func articleStat(fi os.FileInfo) fileState { return stampOf(fi).state() }

// stamp is articleStat's part of a fileState, carried beside each article
// file a first publish writes (a fileState is ten times its size: for
// 20,000 articles, 3 MB more to allocate).
type stamp struct {
	size, mod int64
	file      uint64
}

func stampOf(fi os.FileInfo) stamp {
	return stamp{fi.Size(), fi.ModTime().UnixNano(), fileID(fi)}
}

func (s stamp) state() fileState { return fileState{Size: s.size, ModNano: s.mod, File: s.file} }

// sameArticle says whether the article file now (cur) is as it was when
// written or read good (was). A state from a skein before the stat was
// remembered (no time) is not: the file is read once more.
func sameArticle(was, cur fileState) bool {
	return was.Refused == "" && was.ModNano != 0 && was.Size == cur.Size && was.ModNano == cur.ModNano && was.File == cur.File
}

// articleDamage says what is wrong with the article file b read for the
// article id, in a few words; "" when it holds the article.
func articleDamage(b []byte, id string) string {
	line := bytes.TrimSpace(b)
	switch {
	case len(line) == 0:
		return "empty"
	case bytes.ContainsAny(line, "\n\r"):
		return "more than one line"
	}
	rec, err := annotate.ParseLine(line, annotate.ReadOptions{})
	if err != nil {
		var dl struct {
			ID   string `json:"id"`
			Text string `json:"text"`
		}
		switch {
		case json.Unmarshal(line, &dl) != nil:
			return "cut short, or not a line of JSON"
		case dl.Text != "" && dl.ID == id && annotate.DocID(dl.Text) != id:
			return "its text changed"
		}
		return err.Error()
	}
	switch {
	case rec.Doc == nil:
		return "not a document line"
	case rec.Doc.ID != id:
		return "it holds article " + rec.Doc.ID
	case len(rec.Spans) > 0 || len(rec.Layers) > 0:
		return "it holds annotations, which an article file never does"
	}
	return ""
}

// damagedArticles looks at the article files of ids, each of which the
// store holds and the folder has a file for, and returns those damaged,
// each with what is wrong. A file as it was when last written or read
// good is not read; one read good is remembered so.
func (e *Engine) damagedArticles(ctx context.Context, ids []string) (map[string]string, error) {
	dir := filepath.Join(e.dir, "articles")
	bad := map[string]string{}
	for _, id := range ids {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		rel := "articles/" + id + ".jsonl"
		p := filepath.Join(dir, id+".jsonl")
		fi, err := os.Lstat(p)
		if err != nil || !fi.Mode().IsRegular() {
			continue // gone (written by the next full write), or refused by the read
		}
		cur := articleStat(fi)
		if was, ok := e.state.Files[rel]; ok && sameArticle(was, cur) {
			continue
		}
		why := "more than an article file may hold"
		if fi.Size() <= maxArticleFile {
			b, err := readLimited(p, maxArticleFile)
			if err != nil {
				continue // changed under the read: looked at again next time
			}
			why = articleDamage(b, id)
		}
		if why != "" {
			bad[id] = why
			continue
		}
		e.state.Files[rel] = cur
		e.unsaved = true
	}
	return bad, nil
}

// healedLine is what a sync says of the article file of id written again
// for why.
func healedLine(id, why string) string {
	return fmt.Sprintf("articles/%s.jsonl was damaged (%s): written again from this store", id, why)
}

// healNamed writes again the damaged article files among those the
// window's watcher named since the last read (Run), of the articles the
// store holds.
func (e *Engine) healNamed(ctx context.Context, rep *Report) error {
	e.hintMu.Lock()
	named := e.named
	e.named = nil
	e.hintMu.Unlock()
	var ids []string
	for _, id := range slices.Sorted(maps.Keys(named)) {
		if ok, err := e.st.HasDocument(id); err != nil {
			return err
		} else if ok {
			ids = append(ids, id)
		}
	}
	if len(ids) == 0 {
		return nil
	}
	return e.putArticles(ctx, rep, nil, ids)
}

// noteArticle remembers that the watcher named the article file at path,
// for the next read to look at (healNamed).
func (e *Engine) noteArticle(path string) {
	if filepath.Dir(path) != filepath.Join(e.dir, "articles") {
		return
	}
	m := articleRE.FindStringSubmatch(filepath.Base(path))
	if m == nil {
		return
	}
	e.hintMu.Lock()
	if e.named == nil {
		e.named = map[string]bool{}
	}
	e.named[m[1]] = true
	e.hintMu.Unlock()
}
