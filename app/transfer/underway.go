package transfer

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/skein-news/skein/annotate"
)

// An import that is not all or nothing (any but a folder of plain-text
// articles alone, which streams under a journal) writes its articles,
// then their threads and links: killed between, the store holds articles
// without their threads until the same import runs again. The store
// records the import before that write and clears the record after it
// (store.BeginImport); the next import, skein check and the window read
// the records left (CutShort) and say which import to run again.

// importRecorder is a store that records the imports under way
// (*store.Store).
type importRecorder interface {
	BeginImport(key, what string) error
	EndImport(key string) error
	ImportsUnderWay() (map[string]string, error)
}

// beginImport records the import of paths with opt as under way in st,
// and returns what clears the record once its last write is done. A team
// folder's sync (Root, Bulk) is finished by the next sync, not recorded.
func beginImport(st Store, paths []string, opt ImportOptions) (end func() error, err error) {
	r, ok := st.(importRecorder)
	if !ok || opt.Root != "" || opt.Bulk != nil || opt.Owners != nil {
		return func() error { return nil }, nil
	}
	cmd := importCommand(paths, opt)
	sum := sha256.Sum256([]byte(cmd))
	key := hex.EncodeToString(sum[:8])
	what := cmd + "\n" + time.Now().UTC().Format("2006-01-02 15:04 MST")
	if err := r.BeginImport(key, what); err != nil {
		return nil, err
	}
	return func() error { return r.EndImport(key) }, nil
}

// importCommand is the command line that runs the import of paths with
// opt again: its files by their absolute paths and the flags that say
// what is read from them.
func importCommand(paths []string, opt ImportOptions) string {
	var flags []string
	flag := func(name, v string) {
		if v != "" {
			flags = append(flags, "-"+name+" "+annotate.ShellWord(v))
		}
	}
	flag("format", opt.Format)
	if opt.Annotator != opt.User {
		flag("annotator", opt.Annotator)
	}
	flag("encoding", opt.Encoding)
	flag("offsets", opt.Offsets)
	var pairs []string
	for from, to := range opt.Labels {
		pairs = append(pairs, from+"="+to)
	}
	slices.Sort(pairs)
	flag("map", strings.Join(pairs, ","))
	for name, on := range map[string]bool{"skip-invalid": opt.SkipInvalid, "own": opt.Own, "layers-from-folders": opt.LayersFromFolders} {
		if on {
			flags = append(flags, "-"+name)
		}
	}
	slices.Sort(flags) // in one order, whatever the map's
	w := append([]string{"skein", "-user", annotate.ShellWord(opt.User), "import"}, flags...)
	for _, p := range paths {
		if abs, err := filepath.Abs(p); err == nil {
			p = abs
		}
		w = append(w, annotate.ShellWord(p))
	}
	return strings.Join(w, " ")
}

// CutShort says, of each import recorded as under way in st (no import
// writing to it now), that it was cut short and how to complete it; st
// that records none has none.
func CutShort(st any) ([]string, error) {
	r, ok := st.(importRecorder)
	if !ok {
		return nil, nil
	}
	under, err := r.ImportsUnderWay()
	if err != nil {
		return nil, err
	}
	var says []string
	for _, what := range under {
		cmd, began, _ := strings.Cut(what, "\n")
		says = append(says, cutShortLine(cmd, began))
	}
	slices.Sort(says)
	return says, nil
}

func cutShortLine(cmd, began string) string {
	return fmt.Sprintf("an import begun %s did not finish (skein was killed or the machine stopped while it wrote, or its write failed): "+
		"its articles may be in the store without their threads and links. Run it again to complete it (what is in already is not imported twice): %s", began, cmd)
}

// cutShortBefore is CutShort at the start of the import of paths with
// opt: the same import again completes the one cut short, and says so.
func cutShortBefore(st Store, paths []string, opt ImportOptions) []string {
	if opt.Root != "" || opt.Bulk != nil || opt.Owners != nil {
		return nil
	}
	r, ok := st.(importRecorder)
	if !ok {
		return nil
	}
	under, err := r.ImportsUnderWay()
	if err != nil {
		return nil // said by skein check, which reads the same keys
	}
	cmd := importCommand(paths, opt)
	var says []string
	for _, what := range under {
		c, began, _ := strings.Cut(what, "\n")
		if c == cmd {
			says = append(says, "this import completes the same import begun "+began+", which did not finish (skein was killed or the machine stopped while it wrote, or its write failed)")
		} else {
			says = append(says, cutShortLine(c, began))
		}
	}
	slices.Sort(says)
	return says
}
