package cli

import (
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/skein-news/skein/annotate"
	"github.com/skein-news/skein/annotate/formats"
)

// checkExportFolder lists, on out, what exports left in dir, hidden from
// the researcher: hidden export folders and files, journals, a split's
// markers and copies of old content, each with what the next export
// there does with it, or the command that removes what no export will.
// It changes nothing, and opens no store.
func checkExportFolder(out io.Writer, dir, shown string) error {
	left, err := formats.LeftIn(dir)
	if err != nil {
		return fmt.Errorf("check -export %s: %w", shown, unwrapPathErr(err))
	}
	lines := left.Lines
	olds := map[string]bool{}
	for _, o := range left.Olds {
		olds[o] = true
	}
	marks, _ := filepath.Glob(filepath.Join(dir, ".skein-split-*"))
	for _, p := range marks {
		if strings.HasPrefix(filepath.Base(p), ".skein-split-tmp-") {
			continue
		}
		if line := markLine(dir, shown, p, olds); line != "" {
			lines = append(lines, line)
		}
	}
	for _, o := range slices.Sorted(maps.Keys(olds)) {
		lines = append(lines, fmt.Sprintf("%s: a copy of a file's old content that no journal or marker here names (a skein before this one left it): once no export is running, remove it: rm -- %s", o, annotate.ShellWord(filepath.Join(shown, o))))
	}
	slices.Sort(lines)
	for _, l := range lines {
		fmt.Fprintln(out, l)
	}
	if len(lines) == 0 {
		fmt.Fprintf(out, "export folder %s holds nothing exports left\n", shown)
	} else {
		fmt.Fprintf(out, "export folder %s: %s exports left (above); nothing was changed\n", shown, annotate.Count(len(lines), "thing"))
	}
	return nil
}

// markLine says of the split's marker at p what export wrote it and what
// becomes of the files it names, which it takes out of olds (they are
// the marker's to deal with); shown is dir as the user named it. "" for
// what is no marker skein wrote.
func markLine(dir, shown, p string, olds map[string]bool) string {
	f, fi, err := formats.OpenFile(p, maxMark, "", true)
	if err != nil || !fi.Mode().IsRegular() {
		return ""
	}
	data, err := io.ReadAll(f)
	f.Close()
	var m splitMark
	if err != nil || json.Unmarshal(data, &m) != nil || !m.skeins() {
		return ""
	}
	var there []string // what it names that is still beside the parts
	for _, n := range m.leftovers() {
		delete(olds, n)
		if _, err := os.Lstat(filepath.Join(dir, n)); err == nil {
			there = append(there, n)
		}
	}
	name := annotate.FileName(filepath.Base(p))
	all, what := m.mixed(dir)
	if pid, ok := formats.UnlockableJournal(dir, m.Keep); ok {
		// Its export cannot be told dead, so none acts on it (readMark).
		// Its journal's line removes the copies the journal kept, and
		// each hidden file's its own: this one removes the marker.
		return fmt.Sprintf("%s: the split's marker of an export of process %d, on a disk that cannot lock files (or a system without file locks), where no export can tell a killed one's from one under way (its journal %s), for %s: the next export -split to them writes over it and deletes nothing it names; once no export is running, remove it: rm -- %s", name, pid, m.Keep, joinAnd(all), annotate.ShellWord(filepath.Join(shown, name)))
	}
	switch {
	case m.Keep == "":
		rm := "nothing of it is left"
		if len(there) > 0 {
			var words []string
			for _, n := range there {
				words = append(words, annotate.ShellWord(filepath.Join(shown, n)))
			}
			rm = "remove what it names: rm -- " + strings.Join(words, " ")
		}
		return fmt.Sprintf("%s: a split's marker a skein before this one left (it names no journal), for %s: the next export -split to them writes over it and deletes nothing it names; once no export is running, %s", name, joinAnd(all), rm)
	case formats.DeadJournal(dir, m.Keep):
		return fmt.Sprintf("%s: %s were left mixed by an export killed here between its renames (%s): the next export -split to them writes them all anew, then deletes %s", name, joinAnd(all), what, orNone(joinAnd(there)))
	}
	// An export -split to its parts refuses to write over it (liveMark).
	if pid, elsewhere, live := formats.LiveJournal(dir, m.Keep); elsewhere {
		return fmt.Sprintf("%s: the split's marker of another machine's export (arrived through a folder a sync engine shares; its journal %s), for %s: left alone here, and an export -split to them here is refused while it is there; that machine's next export -split to them puts it right if it was killed", name, m.Keep, joinAnd(all))
	} else if live {
		return fmt.Sprintf("%s: the split's marker of an export under way (process %d, its journal %s), for %s: left alone, and another export -split to them is refused until it is done", name, pid, m.Keep, joinAnd(all))
	}
	// What is left: a journal of this machine no one holds whose process
	// runs (a number the system gave again, after a reboot say), or one
	// that is no journal of skein's form. readMark takes neither for a
	// killed export's, nor liveMark for a live one's.
	return fmt.Sprintf("%s: a split's marker whose export cannot be told killed (its journal %s is not held, but its process runs or its name is not of skein's form), for %s: the next export -split to them writes over it and deletes nothing it names", name, m.Keep, joinAnd(all))
}

// skeins tells a marker of the form a skein writes, of any machine or an
// older skein: parts named as files beside it, and what it names left
// and its journal of skein's form. Another is no marker (markLine): the
// names of one anyone sharing the folder wrote were offered to rm (a
// researcher's thesis.docx, "..") and printed as they were (a line
// break in one forged a line of the list).
func (m *splitMark) skeins() bool {
	if len(m.Parts) == 0 || m.Keep != "" && !formats.JournalName(m.Keep) {
		return false
	}
	for _, p := range m.Parts {
		if p.Name == "" || p.Name == "." || p.Name == ".." || strings.ContainsAny(p.Name, `/\`) {
			return false
		}
	}
	for _, n := range m.leftovers() {
		if !formats.LeftName(n) {
			return false
		}
	}
	return true
}

// orNone is s, or "nothing more" where it is empty.
func orNone(s string) string {
	if s == "" {
		return "nothing more"
	}
	return s
}
