package team

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/skein-news/skein/annotate"
	"github.com/skein-news/skein/annotate/suggest"
	"github.com/skein-news/skein/app/transfer"
	"github.com/skein-news/skein/store"
)

// Assignment is who annotates which articles: assign.json in the folder.
type Assignment struct {
	Format     int                 `json:"format"`
	Annotators []string            `json:"annotators"`
	PerArticle int                 `json:"per_article"`
	Articles   map[string][]string `json:"articles"` // document ID -> annotators
}

// Assign gives each article of st perArticle of the annotators, in turn, so
// that every pair of annotators shares about as many articles as any other
// and each has about the same load. The articles are taken in ID order, so
// two machines with the same articles assign alike.
func Assign(ctx context.Context, st *store.Store, annotators []string, perArticle int) (*Assignment, error) {
	if err := CheckNames(annotators); err != nil {
		return nil, fmt.Errorf("assign: %w", err)
	}
	annotators = normalNames(annotators)
	if perArticle < 1 || perArticle > len(annotators) {
		return nil, fmt.Errorf("assign: -per-article %d must be between 1 and the %s named", perArticle, annotate.Count(len(annotators), "annotator"))
	}
	var ids []string
	err := st.Documents(ctx, func(d store.DocInfo) error {
		ids = append(ids, d.ID)
		return nil
	})
	if err != nil {
		return nil, err
	}
	sort.Strings(ids)
	a := &Assignment{Format: Format, Annotators: annotators, PerArticle: perArticle, Articles: make(map[string][]string, len(ids))}
	n := len(annotators)
	for i, id := range ids {
		// Article i starts at annotator i*perArticle mod n; with a shift
		// every n articles, so pairs rotate as well as loads.
		start := (i*perArticle + i/n) % n
		names := make([]string, perArticle)
		for j := range names {
			names[j] = annotators[(start+j)%n]
		}
		sort.Strings(names)
		a.Articles[id] = names
	}
	return a, nil
}

// Of lists the articles assigned to annotator.
func (a *Assignment) Of(annotator string) map[string]bool {
	out := map[string]bool{}
	for id, names := range a.Articles {
		for _, n := range names {
			if n == annotator {
				out[id] = true
			}
		}
	}
	return out
}

// Overlap lists the articles assigned to every one of names: where their
// agreement is measured. A curated layer is no one's assignment and bounds
// nothing.
func (a *Assignment) Overlap(names []string) map[string]bool {
	out := map[string]bool{}
	for id, assigned := range a.Articles {
		all := true
		for _, n := range names {
			if annotate.IsCurated(n) {
				continue
			}
			found := false
			for _, x := range assigned {
				found = found || x == n
			}
			all = all && found
		}
		if all {
			out[id] = true
		}
	}
	return out
}

// Assign assigns the articles of the engine's store (Assign) and writes the
// assignment into the folder: `skein assign` and File ▸ Team ▸ Assign….
func (e *Engine) Assign(ctx context.Context, annotators []string, perArticle int) (*Assignment, error) {
	a, err := Assign(ctx, e.st, annotators, perArticle)
	if err != nil {
		return nil, err
	}
	if err := e.WriteAssignment(a); err != nil {
		return nil, err
	}
	return a, nil
}

// CheckNames says what is wrong with a list of annotators to assign, if
// anything: none, a name that cannot be an annotator's in a team folder
// (annotate.ValidAnnotatorName), or a name given twice.
func CheckNames(annotators []string) error {
	if len(annotators) == 0 {
		return errors.New("name the annotators")
	}
	seen := map[string]bool{}
	for _, a := range annotators {
		if err := annotate.ValidAnnotatorName(a); err != nil {
			return fmt.Errorf("%q is not an annotator's name: %v", a, err)
		}
		if seen[annotate.NormalName(a)] {
			return fmt.Errorf("%s is named twice", a)
		}
		seen[annotate.NormalName(a)] = true
	}
	return nil
}

// WriteAssignment writes a into the folder (write beside, rename), only
// where the folder is there (folderThere): an empty folder in its place, a
// disk's mount point, is not made to hold an assignment the disk's own
// folder would be hidden behind.
func (e *Engine) WriteAssignment(a *Assignment) error {
	if err := folderThere(e.dir); err != nil {
		return AssignmentError(err)
	}
	b, err := json.MarshalIndent(a, "", " ")
	if err != nil {
		return err
	}
	if err := writeAtomic(e.dir, filepath.Join(e.dir, "assign.json"), append(b, '\n'), e.tempPrefix(), true, e.perm()); err != nil {
		return err
	}
	transfer.SyncDir(e.dir) // the rename on the disk: colleagues are handed it
	// Kept as read: with the folder away before the next sync, skein
	// agree went on with the "none" the last sync had kept.
	e.keepAssignment(a)
	return nil
}

// ErrNotWhole is what ReadAssignment's error wraps when assign.json is
// cut short (half synced, still being copied): a file that may be whole
// at the next sync, unlike one damaged within, one holding a git conflict
// or one whole and refused (a newer skein's, a field wrong), which stay
// as they are until someone writes another.
var ErrNotWhole = errors.New("assign.json is not whole JSON")

// AssignUnread is what the window's review and team pass, and skein sync, say of an
// assign.json that cannot be read (err, naming the file): kept, where the
// assignment read before stays in force (a half copy), notReadYet; else
// countsNone. One sentence, whichever of them hears of it first: the team
// pass's refusal alone did not say what skein agree and skein curate do
// meanwhile; skein sync printed that refusal alone.
func AssignUnread(err string, kept bool) string {
	if kept {
		return notReadYet(err)
	}
	return countsNone(err)
}

// notReadYet says that assign.json cannot be read now, why (err, naming
// the file), and what review and the commands each do meanwhile: the
// commands read the file itself, and stop at it.
func notReadYet(err string) string {
	return "The team folder's new assignment is not read yet (" + err + "): review goes on with the one it read before, while skein agree and skein curate stop at the file; both follow it once it is whole."
}

// countsNone says that assign.json cannot be read, why (err, naming the
// file), and that review counts nothing until it can, as the commands
// measure nothing.
func countsNone(err string) string {
	return "The team folder's assign.json cannot be read (" + err + "): review counts no article until it can, as skein agree and skein curate stop at the file."
}

// notWhole is an error of a file that is not whole JSON (ErrNotWhole).
type notWhole struct{ error }

func (notWhole) Is(target error) bool { return target == ErrNotWhole }

func (e notWhole) Unwrap() error { return e.error }

// cutShort reports whether b, not valid JSON, ends before its value does:
// empty, cut short, or holding the zeros a copy lays out before it fills
// them in. JSON damaged within is not.
func cutShort(b []byte) bool {
	if bytes.IndexByte(b, 0) >= 0 {
		return true
	}
	var v json.RawMessage
	err := json.NewDecoder(bytes.NewReader(b)).Decode(&v)
	return errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF)
}

// ReadAssignment reads the folder's assignment; nil, nil when there is none.
func ReadAssignment(dir string) (*Assignment, error) {
	p := filepath.Join(dir, "assign.json")
	b, err := readLimited(p, maxArticleFile)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	// An editor's byte order mark (Windows' Notepad): the file is whole.
	b = bytes.TrimPrefix(b, []byte("\xef\xbb\xbf"))
	// Notepad's "Unicode" is UTF-16: its NUL bytes are no copy's zeros
	// (cutShort), and no sync makes it UTF-8.
	var u16 annotate.UTF16Error
	if errors.As(annotate.CheckNotUTF16(b), &u16) {
		return nil, fmt.Errorf("%s: not an assignment: saved in %s (the byte order mark it begins with says so), where skein reads UTF-8: save it as UTF-8", p, u16.Encoding)
	}
	// Without the mark, a NUL beside each ASCII letter: no half copy's
	// zeros, which no sync fills in either.
	if enc := annotate.UTF16WithoutMark(b); enc != "" {
		return nil, fmt.Errorf("%s: not an assignment: saved in %s without a byte order mark (a NUL byte beside each letter, not the zeros of a copy under way), where skein reads UTF-8: save it as UTF-8", p, enc)
	}
	var a Assignment
	// git's markers first: both versions of a key between them read as
	// the key given twice, which says nothing of the merge.
	if bytes.Contains(b, []byte("\n=======")) {
		if g := gitConflict(dir, "assign.json"); g != "" {
			return nil, errors.New(dir + string(filepath.Separator) + g)
		}
	}
	if !json.Valid(b) {
		if cutShort(b) {
			return nil, notWhole{fmt.Errorf("%s: not an assignment (half copied?): %v", p, json.Unmarshal(b, &a))}
		}
		// Damaged within (an editor's slip: a comma too many): no sync
		// completes it.
		err := json.Unmarshal(b, &a)
		if at, ok := annotate.TooDeepLine(b, err); ok {
			return nil, fmt.Errorf("%s:%d: not an assignment: %s", p, at, annotate.JSONErrorText(err, ""))
		}
		return nil, fmt.Errorf("%s: not an assignment: %v", p, err)
	}
	if k, i := annotate.DupKey(b); i >= 0 {
		return nil, fmt.Errorf("%s: %w", p, annotate.DupKeyError(k, fmt.Sprintf("at byte %d", i)))
	}
	if c := annotate.FieldCase(b, &a); c.At >= 0 {
		return nil, fmt.Errorf("%s: %w", p, c.Error(fmt.Sprintf("at byte %d", c.At)))
	}
	if err := json.Unmarshal(b, &a); err != nil {
		return nil, fmt.Errorf("%s: not an assignment: %v", p, err) // whole JSON, another shape
	}
	if a.Format > Format {
		return nil, fmt.Errorf("%s: written by a newer skein (format %d)", p, a.Format)
	}
	if err := a.check(); err != nil {
		return nil, fmt.Errorf("%s: %w", p, err)
	}
	for id, names := range a.Articles {
		a.Articles[id] = normalNames(names)
	}
	a.Annotators = normalNames(a.Annotators)
	return &a, nil
}

// check says what is wrong with an assignment read from a folder anyone
// of the team can write, by field, as skein assign checks what it writes:
// its annotators each a name a layer folder can have (no line break, no
// "/" or "..", at most 64 characters), none twice; per_article between 1
// and their number; each article's names among them, none twice. A name
// is shown in the message only where it reads as one (nameText).
func (a *Assignment) check() error {
	if a.Format < 1 {
		return fmt.Errorf("field format: %d is not an assignment's format (1 to %d)", a.Format, Format)
	}
	if len(a.Annotators) == 0 {
		return errors.New("field annotators: it names no annotator")
	}
	known := make(map[string]bool, len(a.Annotators))
	for i, n := range a.Annotators {
		if err := annotate.ValidAnnotatorName(n); err != nil {
			return fmt.Errorf("field annotators[%d]: %s is not an annotator's name: %v", i, nameText(n), err)
		}
		if known[annotate.NormalName(n)] {
			return fmt.Errorf("field annotators[%d]: %s is named twice", i, n)
		}
		known[annotate.NormalName(n)] = true
	}
	if a.PerArticle < 1 || a.PerArticle > len(a.Annotators) {
		return fmt.Errorf("field per_article: %d is not between 1 and the %s named", a.PerArticle, annotate.Count(len(a.Annotators), "annotator"))
	}
	for _, id := range slices.Sorted(maps.Keys(a.Articles)) {
		if !hexRE.MatchString(id) {
			return fmt.Errorf("field articles: %s is not an article ID", nameText(id))
		}
		seen := map[string]bool{}
		for i, n := range a.Articles[id] {
			if err := annotate.ValidAnnotatorName(n); err != nil {
				return fmt.Errorf("field articles.%s[%d]: %s is not an annotator's name: %v", id, i, nameText(n), err)
			}
			switch nn := annotate.NormalName(n); {
			case !known[nn]:
				return fmt.Errorf("field articles.%s[%d]: %s is not among the annotators", id, i, n)
			case seen[nn]:
				return fmt.Errorf("field articles.%s[%d]: %s is named twice", id, i, n)
			default:
				seen[nn] = true
			}
		}
	}
	return nil
}

// nameText is a name from a file anyone can write as a message shows it:
// quoted where it reads as a name (shown, and short), else said what it
// is, so that a line break in it prints no line of its own and a name of
// megabytes does not fill the screen.
func nameText(n string) string {
	switch {
	case len(n) > 100:
		return fmt.Sprintf("a name of %d bytes", len(n))
	case !shown(n):
		return "a name holding a control character (a line break, a tab…)"
	}
	return strconv.Quote(n)
}

// normalNames is names in the one form skein keeps names in
// (annotate.NormalName), in a new slice.
func normalNames(names []string) []string {
	out := make([]string, len(names))
	for i, n := range names {
		out[i] = annotate.NormalName(n)
	}
	return out
}

// LeftOut says, in skein agree's words, of each of names (annotators
// measured or curated) whom the assignment does not name, that no article
// counts for her, whatever her layer holds: a table of "0 articles" and
// articles "only one of them worked on" said nothing of why. A curated
// layer and a model's suggestions are no one's assignment.
func (a *Assignment) LeftOut(names []string) []string {
	var out []string
	for _, n := range names {
		if annotate.IsCurated(n) || suggest.ModelName(n) != "" || slices.Contains(a.Annotators, annotate.NormalName(n)) {
			continue
		}
		out = append(out, fmt.Sprintf("%s is not among the annotators assign.json names (%s): no article counts for %s", n, strings.Join(a.Annotators, ", "), n))
	}
	return out
}

// Has says whether article doc is assigned to annotator.
func (a *Assignment) Has(doc, annotator string) bool {
	for _, n := range a.Articles[doc] {
		if n == annotator {
			return true
		}
	}
	return false
}
