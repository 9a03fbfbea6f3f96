package formats

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// What an export writes before it is in place (.skein-export-…) and the
// journal of one that keeps old content (.skein-keep-…) are named
//
//	<prefix><16 hex digits, drawn>-<16 hex digits, the machine>-<process ID>
//
// so that the next export to the folder (removeLeftExports) touches only
// a name of exactly that form, never a user's own .skein-export-draft, and
// only one this machine made whose process is gone. A lock does not cross
// machines: in a folder a sync engine shares (Syncthing, Dropbox) another
// machine's export under way arrives here unlocked, and sweeping it would
// have the sync delete the files that export is still writing there.

// thisMachine names this machine in hidden names (machineTag).
var thisMachine = machineTag()

// machineTag is 16 hex digits of a hash of the machine's ID (Linux's
// /etc/machine-id, where there is one) and its host name: the same on
// every run here, another on another machine, even one cloned from this
// one and renamed.
func machineTag() string {
	var id []byte
	for _, p := range []string{"/etc/machine-id", "/var/lib/dbus/machine-id"} {
		if b, err := os.ReadFile(p); err == nil && len(bytes.TrimSpace(b)) > 0 {
			id = bytes.TrimSpace(b)
			break
		}
	}
	host, _ := os.Hostname()
	sum := sha256.Sum256(append(append(id, 0), host...))
	return hex.EncodeToString(sum[:8])
}

// newHiddenName is a new name beginning with prefix for this process.
func newHiddenName(prefix string) string {
	return hiddenName(prefix, rand.Uint64(), thisMachine, os.Getpid())
}

func hiddenName(prefix string, drawn uint64, machine string, pid int) string {
	return fmt.Sprintf("%s%016x-%s-%d", prefix, drawn, machine, pid)
}

// ExportFileName is the name an export of process pid on this machine
// gives the hidden file it writes before the rename (CreateExportFile),
// with drawn as its drawn part: what such an export, killed, leaves.
func ExportFileName(drawn uint64, pid int) string {
	return hiddenName(exportPrefix, drawn, thisMachine, pid)
}

// hiddenOwner reads name, made by newHiddenName with prefix: the machine
// and process that made it. ok is false for any other name, a user's own
// that merely begins with prefix among them.
func hiddenOwner(name, prefix string) (machine string, pid int, ok bool) {
	rest, found := strings.CutPrefix(name, prefix)
	if !found {
		return "", 0, false
	}
	parts := strings.Split(rest, "-")
	if len(parts) != 3 || !hex16(parts[0]) || !hex16(parts[1]) || len(parts[2]) > 10 || parts[2] == "" || parts[2][0] == '0' {
		return "", 0, false
	}
	pid, err := strconv.Atoi(parts[2])
	if err != nil || pid <= 0 {
		return "", 0, false
	}
	return parts[1], pid, true
}

// ownDead tells a hidden name, of prefix, that this machine made in a
// process now gone (or in this one, whose own are told apart by their
// locks): the only ones a sweep may remove.
func ownDead(name, prefix string) bool {
	machine, pid, ok := hiddenOwner(name, prefix)
	return ok && machine == thisMachine && (pid == os.Getpid() || !processAlive(pid))
}

// oldName tells the name of a file that holds a target's old content
// (Keeper.Keep): .skein-old- and 16 hex digits, nothing else.
func oldName(s string) bool {
	rest, ok := strings.CutPrefix(s, oldPrefix)
	return ok && hex16(rest)
}

// hex16 tells 16 lower-case hex digits, as %016x writes them.
func hex16(s string) bool {
	if len(s) != 16 {
		return false
	}
	for _, c := range []byte(s) {
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f') {
			return false
		}
	}
	return true
}

// A split's marker (app/cli's .skein-split-…) names the journal of the
// export that wrote it and the files that export left; the next export
// deletes those files. A marker arrives in a folder a sync engine shares
// as any file does: another machine's, of an export under way there,
// named that machine's files, and deleting them here had the sync delete
// them there. So a marker is acted on only as the sweep acts
// (removeLeftExports): written by an export of this machine whose process
// is gone and whose journal no one holds, and only for names of exactly
// skein's form.

// DeadJournal tells whether name is the journal (Keeper.Name) of an
// export this machine ran in a process now gone (or in this one), whose
// lock, if the journal is still in dir, no one holds.
func DeadJournal(dir, name string) bool {
	return ownDead(name, keepPrefix) && !journalHeld(filepath.Join(dir, name))
}

// LiveJournal tells whether name, in dir, is the journal (Keeper.Name) of
// an export that may be under way, whose split's marker no export here
// may write over: another machine's (elsewhere), whatever its state
// there, as no lock here can see it; or one of this machine whose lock a
// process holds. pid is the process the name gives. A killed export's
// journal here, one on a disk that cannot lock (no one can tell) and a
// name not of skein's form are not live.
func LiveJournal(dir, name string) (pid int, elsewhere, live bool) {
	machine, pid, ok := hiddenOwner(name, keepPrefix)
	switch {
	case !ok:
		return 0, false, false
	case machine != thisMachine:
		return pid, true, true
	}
	free, known := held(filepath.Join(dir, name))
	return pid, false, known && !free
}

// OldName tells the name of a file holding a target's old content
// (Keeper.Keep): .skein-old- and 16 hex digits, nothing else.
func OldName(s string) bool { return oldName(s) }

// DeadExportName tells the name of a file an export wrote before its
// rename (CreateExportFile) on this machine, in a process now gone (or
// in this one).
func DeadExportName(s string) bool { return ownDead(s, exportPrefix) }

// Name is the journal's name, in its folder.
func (k *Keeper) Name() string { return filepath.Base(k.f.Name()) }

// LeftName tells the name of what an export leaves beside its target, of
// exactly the form a skein writes, of any machine or an older skein: a
// file of old content (.skein-old-…) or a hidden export file or folder
// (.skein-export-…). skein check -export offers to remove only such
// names: a split's marker anyone sharing the folder can write named a
// researcher's own file, or "..", and the command it printed removed it.
func LeftName(s string) bool {
	if oldName(s) {
		return true
	}
	rest, ok := strings.CutPrefix(s, exportPrefix)
	if !ok {
		return false
	}
	_, _, owned := hiddenOwner(s, exportPrefix)
	return hex16(rest) || owned
}

// JournalName tells the name of an export's journal (Keeper.Name), of
// any machine.
func JournalName(s string) bool {
	_, _, ok := hiddenOwner(s, keepPrefix)
	return ok
}
