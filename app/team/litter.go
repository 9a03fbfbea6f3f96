package team

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"time"

	"github.com/skein-news/skein/annotate"
	"github.com/skein-news/skein/app/transfer"
)

// What sync engines and operating systems leave in a folder that skein did
// not write. Their files beginning with a dot (Syncthing's .stfolder,
// .stversions/ and .syncthing.*.tmp, a Mac's .DS_Store, git's .git/,
// Nextcloud's .sync_*.db) are passed over with every dot-file; the rest
// were refused as files a team folder does not hold, at every sync and
// against the colleague whose folder they lay in, though nothing of
// anyone's work was wrong.

// systemFile says whether name is a file an operating system leaves in any
// folder it shows (Windows' thumbnail caches and folder settings): passed
// over, unsaid.
func systemFile(name string) bool {
	switch strings.ToLower(name) {
	case "thumbs.db", "ehthumbs.db", "ehthumbs_vista.db", "desktop.ini", "icon\r":
		return true
	}
	return false
}

// The names sync engines give the copy they keep of a file changed in two
// places at once, the changed file keeping its name.
var (
	// Syncthing: threads.sync-conflict-20261206-101112-ABCDEFG.jsonl
	syncthingCopy = regexp.MustCompile(`^(.*)\.sync-conflict-\d{8}-\d{6}-[A-Z0-9]{7}(\.[^.]*)?$`)
	// Dropbox: threads (Bob's conflicted copy 2026-12-06).jsonl;
	// Nextcloud: threads (conflicted copy 2026-12-06 101112).jsonl.
	conflictedCopy = regexp.MustCompile(`^(.*) \(([^()]*)conflicted copy [^()]*\)(\.[^.]*)?$`)
	// ownCloud: threads_conflict-20261206-101112.jsonl
	owncloudCopy = regexp.MustCompile(`^(.*)_conflict-\d{8}-\d{6}(\.[^.]*)?$`)
	// Google Drive, Dropbox (a name differing only in case): threads (1).jsonl
	numberedCopy = regexp.MustCompile(`^(.*) \(\d+\)(\.[^.]*)?$`)
	// git mergetool's backup: threads.jsonl.orig
	gitOrig = regexp.MustCompile(`^(.*)\.orig$`)
)

// conflictCopy says, of a file named name that is not one skein writes,
// which of skein's files it is a copy of (one that known accepts) and
// which engine made it; ok is false where it is none.
func conflictCopy(name string, known func(string) bool) (orig, engine string, ok bool) {
	if orig, engine, ok := markedCopy(name, known); ok {
		return orig, engine, true
	}
	if m := gitOrig.FindStringSubmatch(name); m != nil && known(m[1]) {
		return m[1], "git's merge tool", true
	}
	// OneDrive: threads-LAPTOP.jsonl, the machine's name after a hyphen
	// (which may hold hyphens itself).
	if dot := strings.LastIndexByte(name, '.'); dot > 0 {
		stem, ext := name[:dot], name[dot:]
		for i := 0; i < len(stem); i++ {
			if stem[i] == '-' && i+1 < len(stem) && known(stem[:i]+ext) {
				return stem[:i] + ext, "OneDrive", true
			}
		}
	}
	return "", "", false
}

// markedCopy is conflictCopy for the names that say they are a copy
// (Syncthing's, Dropbox's, Nextcloud's, ownCloud's, a number in
// brackets): what a folder's copy may be named. A name with a hyphen or
// ".orig" after a folder's is as likely a person's own (ann-marie).
func markedCopy(name string, known func(string) bool) (orig, engine string, ok bool) {
	if m := syncthingCopy.FindStringSubmatch(name); m != nil && known(m[1]+m[2]) {
		return m[1] + m[2], "Syncthing", true
	}
	if m := conflictedCopy.FindStringSubmatch(name); m != nil && known(m[1]+m[3]) {
		if strings.HasSuffix(m[2], "'s ") {
			return m[1] + m[3], "Dropbox", true
		}
		return m[1] + m[3], "Nextcloud", true
	}
	if m := owncloudCopy.FindStringSubmatch(name); m != nil && known(m[1]+m[2]) {
		return m[1] + m[2], "ownCloud", true
	}
	if m := numberedCopy.FindStringSubmatch(name); m != nil && known(m[1]+m[2]) {
		return m[1] + m[2], "the copier", true
	}
	return "", "", false
}

// folderLitter says whether the folder rel (named name) below layers/ is
// a conflicted copy a sync engine made of a folder known accepts (an
// annotator's, a machine's) in the folder prefix: told of in rep.Copies,
// its files never read as anyone's work, and no longer refused where an
// earlier skein refused it. owner names whose skein writes the original
// ("bilal's", "your").
func (e *Engine) folderLitter(rep *Report, rel, name string, known func(string) bool, prefix string, owner func(orig string) string) bool {
	orig, engine, ok := markedCopy(name, known)
	if !ok {
		return false
	}
	whose := owner(orig)
	if _, ok := e.state.Files[rel]; ok {
		delete(e.state.Files, rel)
		e.unsaved = true
	}
	store := whose + " own store"
	if whose == "your" {
		store = "your store, which holds your work,"
	}
	rep.Copies = append(rep.Copies, rel+": a conflicted copy of the folder "+prefix+orig+", made by "+engine+
		": skein reads only "+prefix+orig+", never the copy; only "+whose+" skein writes there, and its next start or skein sync writes again from "+
		store+" what is missing there, so the copy can be deleted")
	return true
}

// layerFileName says whether name is a file skein writes in a layer
// folder.
func layerFileName(name string) bool {
	return fileKind(name) != "" || name == "owner.json"
}

// articleFileName says whether name is a file skein writes in articles/.
func articleFileName(name string) bool { return articleRE.MatchString(name) }

// topFileName says whether name is a file skein writes at the folder's top.
func topFileName(name string) bool { return name == transfer.TeamMarker || name == "assign.json" }

// copyNote is what a pass says of rel, a conflicted copy of orig (a slash
// path) that engine made: which file it copies, that skein reads only that
// one, and what to do with it. whose is the file's owner as a sentence
// names them ("bilal's", "your"), "" for a file anyone may write.
func copyNote(rel, orig, engine, whose string) string {
	base := orig[strings.LastIndexByte(orig, '/')+1:]
	switch {
	case whose == "your":
		return rel + ": a conflicted copy of your " + base + ", made by " + engine +
			": skein writes " + orig + " from your store, which holds your work, and never reads the copy; the copy can be deleted"
	case whose != "":
		return rel + ": a conflicted copy of " + whose + " " + base + ", made by " + engine +
			": skein reads only " + orig + ", which only its owner's skein writes, never the copy; the copy can be deleted"
	case base == "assign.json":
		return rel + ": a conflicted copy of assign.json, made by " + engine +
			": two of you assigned the articles at once, and skein follows assign.json alone. If the copy holds the assignment you want, assign again (File ▸ Team ▸ Assign…, or skein assign); then delete the copy"
	}
	return rel + ": a conflicted copy of " + orig + ", made by " + engine +
		": skein reads only " + orig + ", never the copy; the copy can be deleted"
}

// litter says whether the file rel (named name) is one a sync engine or
// the system left, not skein's: a system file is passed over unsaid, a
// conflicted copy of a file known accepts (in the folder prefix, whose
// the owner's, as copyNote takes it) is told of in rep.Copies. Either is
// never read, and no longer refused where an earlier skein refused it.
func (e *Engine) litter(rep *Report, rel, name string, known func(string) bool, prefix, whose string) bool {
	what := ""
	if !systemFile(name) {
		if known == nil {
			return false
		}
		orig, engine, ok := conflictCopy(name, known)
		if !ok {
			return false
		}
		what = copyNote(rel, prefix+orig, engine, whose)
	}
	if _, ok := e.state.Files[rel]; ok {
		delete(e.state.Files, rel) // refused by an earlier skein
		e.unsaved = true
	}
	if what != "" {
		rep.Copies = append(rep.Copies, what)
	}
	return true
}

// owner is how a note names whose the folder of annotator is ("your",
// "bilal's").
func (e *Engine) owner(annotator string) string {
	if annotate.NormalName(annotator) == annotate.NormalName(e.user) {
		return "your"
	}
	return annotator + "'s"
}

// scanTop tells of the conflicted copies at the folder's top: of
// skein-team.json, and of assign.json, which anyone in the team may write.
func (e *Engine) scanTop(rep *Report) error {
	ents, err := os.ReadDir(e.dir)
	if err != nil {
		return fmt.Errorf("team folder: %w", err)
	}
	for _, ent := range ents {
		name := ent.Name()
		if strings.HasPrefix(name, ".") || topFileName(name) || ent.IsDir() {
			continue
		}
		e.litter(rep, name, name, topFileName, "", "")
	}
	return nil
}

// ownCopies are the conflicted copies found in a folder of the user's
// own, as it was listed when its time was mod.
type ownCopies struct {
	mod    time.Time
	copies []string
}

// scanOwn tells of the conflicted copies of the user's own files in their
// machine's folder rel (layers/<user>/<machine>): this machine's, which
// skein writes and never reads (it writes a file again from the store
// where it finds one of another size), or another of theirs, which only
// that machine's skein writes and a take reads (never the copy). The
// folder is listed again only when it changed (its time), so a rescan
// with nothing new costs one stat more.
func (e *Engine) scanOwn(rep *Report, rel, machine string) {
	dir := filepath.Join(e.dir, filepath.FromSlash(rel))
	fi, err := os.Stat(dir)
	if err != nil {
		return
	}
	if e.ownCopies == nil {
		e.ownCopies = map[string]ownCopies{}
	}
	was := e.ownCopies[rel]
	if mod := fi.ModTime(); !mod.Equal(was.mod) {
		ents, _ := os.ReadDir(dir)
		now := ownCopies{}
		for _, ent := range ents {
			name := ent.Name()
			if _, ok := e.state.Own[name]; (ok && machine == e.machine) || strings.HasPrefix(name, ".") || layerFileName(name) {
				continue
			}
			orig, engine, ok := conflictCopy(name, layerFileName)
			switch {
			case !ok:
			case machine == e.machine:
				now.copies = append(now.copies, copyNote(rel+"/"+name, rel+"/"+orig, engine, "your"))
			default:
				now.copies = append(now.copies, rel+"/"+name+": a conflicted copy of your "+orig+" as your machine "+machine+" writes it, made by "+engine+
					": skein reads only "+rel+"/"+orig+" (where you take that machine's copy: skein sync -take "+machine+"), never the copy; only that machine's skein writes there, from its store, which holds its work; the copy can be deleted")
			}
		}
		// A time this recent may be shared by a change still to come on
		// a file system keeping coarse times: listed again next time.
		if time.Since(mod) > 2*time.Second {
			now.mod = mod
		}
		e.ownCopies[rel] = now
		was = now
	}
	rep.Copies = append(rep.Copies, was.copies...)
}
