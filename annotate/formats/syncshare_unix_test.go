//go:build unix

package formats

import (
	"bytes"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sync"
	"testing"
	"time"

	"github.com/skein-news/skein/annotate"
)

// In a folder two real Syncthing instances share (on 127.0.0.1), machine
// A's brat export is under way: its hidden folder, locked on A, holds the
// first article and arrives on B, where no lock holds it. B's export to
// the same folder leaves it (another machine's), so the sync deletes
// nothing on A, and A's export, finished, holds both articles. Each
// instance here is a machine of its own by the machine part of the hidden
// names (thisMachine), as two computers' are; both run in this process.
func TestSyncedLiveExportOfAnotherMachineNotSwept(t *testing.T) {
	bin, err := exec.LookPath("syncthing")
	if err != nil {
		t.Skip("syncthing is not installed (Debian: apt-get install syncthing)")
	}
	sa, sb := newSyncthing(t, bin), newSyncthing(t, bin)
	sa.configure(t, sb)
	sb.configure(t, sa)
	sa.start(t, bin)
	sb.start(t, bin)
	failf := func(format string, args ...any) {
		t.Helper()
		t.Fatalf(format+"\n--- syncthing A:\n%s\n--- syncthing B:\n%s", append(args, tailLog(sa.log.String()), tailLog(sb.log.String()))...)
	}
	arrives := func(p string, d time.Duration, what string) {
		t.Helper()
		for deadline := time.Now().Add(d); ; time.Sleep(100 * time.Millisecond) {
			if b, err := os.ReadFile(p); err == nil && len(b) > 0 {
				return
			}
			if time.Now().After(deadline) {
				failf("%s never arrived (%s)", what, p)
			}
		}
	}
	if err := os.WriteFile(filepath.Join(sa.folder, "warm"), []byte("warm\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	arrives(filepath.Join(sb.folder, "warm"), 90*time.Second, "a file from A on B")

	doc := func(text, src string) (*annotate.Document, []*annotate.Span) {
		d := &annotate.Document{ID: annotate.DocID(text), Title: src, Source: src, Text: text}
		return d, []*annotate.Span{{ID: annotate.NewID(), Doc: d.ID, Annotator: "ana", Label: "actor", Fragments: []annotate.Fragment{{Start: 0, End: 5}}}}
	}
	defer func(m string) { thisMachine = m }(thisMachine)

	thisMachine = "aaaaaaaaaaaaaaaa"
	a, err := NewExporter("brat", nil, filepath.Join(sa.folder, "exports", "a"))
	if err != nil {
		t.Fatal(err)
	}
	defer a.(interface{ Abort() }).Abort()
	d1, s1 := doc("Kakar spoke to the press.", "first.txt")
	if err := a.WriteDoc(d1, s1, nil); err != nil {
		t.Fatal(err)
	}
	hidden := filepath.Base(a.(*bratWriter).tmp)
	onB := filepath.Join(sb.folder, "exports", hidden)
	arrives(filepath.Join(onB, "first.txt"), 60*time.Second, "A's export under way, on B")

	thisMachine = "bbbbbbbbbbbbbbbb"
	b, err := NewExporter("brat", nil, filepath.Join(sb.folder, "exports", "b"))
	if err != nil {
		t.Fatal(err)
	}
	d3, s3 := doc("Mahmood denied it.", "other.txt")
	if err := b.WriteDoc(d3, s3, nil); err != nil {
		t.Fatal(err)
	}
	if _, err := b.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(onB, "first.txt")); err != nil {
		t.Errorf("B's export swept A's export under way from the folder they share: %v", err)
	}
	// B's export, arrived on A, came after anything B's sweep did there.
	arrives(filepath.Join(sa.folder, "exports", "b", "other.ann"), 60*time.Second, "B's export on A")

	thisMachine = "aaaaaaaaaaaaaaaa"
	d2, s2 := doc("Islamabad said so.", "second.txt")
	if err := a.WriteDoc(d2, s2, nil); err != nil {
		t.Fatal(err)
	}
	if _, err := a.Close(); err != nil {
		t.Fatalf("A's export, after B's: %v", err)
	}
	for _, f := range []string{"first.txt", "first.ann", "second.txt", "second.ann"} {
		if _, err := os.Stat(filepath.Join(sa.folder, "exports", "a", f)); err != nil {
			t.Errorf("A's finished export lacks %s: %v", f, err)
		}
	}
}

// syncthing is one Syncthing instance of the test, on 127.0.0.1 only (as
// app/team's Syncthing tests run it).
type syncthing struct {
	home, folder, id string
	listen, gui      int
	cmd              *exec.Cmd
	log              *lockedLog
}

type lockedLog struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedLog) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedLog) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

func tailLog(s string) string {
	if len(s) > 3000 {
		return "…" + s[len(s)-3000:]
	}
	return s
}

func freePort(t *testing.T) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

var deviceIDRE = regexp.MustCompile(`Device ID: ([A-Z0-9-]{63})`)

func newSyncthing(t *testing.T, bin string) *syncthing {
	t.Helper()
	s := &syncthing{home: t.TempDir(), folder: t.TempDir(), listen: freePort(t), gui: freePort(t), log: &lockedLog{}}
	out, err := exec.Command(bin, "generate", "--home="+s.home, "--no-default-folder", "--skip-port-probing").CombinedOutput()
	if err != nil {
		t.Fatalf("syncthing generate: %v\n%s", err, out)
	}
	m := deviceIDRE.FindSubmatch(out)
	if m == nil {
		t.Fatalf("syncthing generate printed no device ID:\n%s", out)
	}
	s.id = string(m[1])
	if err := os.Mkdir(filepath.Join(s.folder, ".stfolder"), 0o755); err != nil {
		t.Fatal(err)
	}
	return s
}

// configure writes the instance's configuration: one folder shared with
// the peer, no discovery, relays or NAT, a rescan every second besides the
// file-system watcher.
func (s *syncthing) configure(t *testing.T, peer *syncthing) {
	t.Helper()
	device := func(d *syncthing, name string) string {
		return fmt.Sprintf(`<device id="%s" name="%s" compression="metadata" introducer="false" skipIntroductionRemovals="false" introducedBy=""><address>tcp://127.0.0.1:%d</address><paused>false</paused><autoAcceptFolders>false</autoAcceptFolders></device>`, d.id, name, d.listen)
	}
	cfg := fmt.Sprintf(`<configuration version="35">
<folder id="skein-share" label="skein-share" path="%s" type="sendreceive" rescanIntervalS="1" fsWatcherEnabled="true" fsWatcherDelayS="1" ignorePerms="false" autoNormalize="true">
<filesystemType>basic</filesystemType><device id="%s" introducedBy=""></device><device id="%s" introducedBy=""></device>
<minDiskFree unit="%%">1</minDiskFree><versioning></versioning><markerName>.stfolder</markerName>
</folder>
%s
%s
<gui enabled="true" tls="false" debugging="false"><address>127.0.0.1:%d</address><apikey>skein-test-key</apikey><theme>default</theme></gui>
<options>
<listenAddress>tcp://127.0.0.1:%d</listenAddress>
<globalAnnounceEnabled>false</globalAnnounceEnabled>
<localAnnounceEnabled>false</localAnnounceEnabled>
<relaysEnabled>false</relaysEnabled>
<natEnabled>false</natEnabled>
<urAccepted>-1</urAccepted>
<urSeen>3</urSeen>
<autoUpgradeIntervalH>0</autoUpgradeIntervalH>
<startBrowser>false</startBrowser>
<crashReportingEnabled>false</crashReportingEnabled>
<announceLANAddresses>false</announceLANAddresses>
<setLowPriority>false</setLowPriority>
</options>
</configuration>
`, s.folder, s.id, peer.id, device(s, "self"), device(peer, "peer"), s.gui, s.listen)
	if err := os.WriteFile(filepath.Join(s.home, "config.xml"), []byte(cfg), 0o600); err != nil {
		t.Fatal(err)
	}
}

func (s *syncthing) start(t *testing.T, bin string) {
	t.Helper()
	s.cmd = exec.Command(bin, "serve", "--home="+s.home, "--no-browser", "--no-restart", "--no-upgrade", fmt.Sprintf("--gui-address=127.0.0.1:%d", s.gui))
	s.cmd.Env = append(os.Environ(), "STNODEFAULTFOLDER=1", "STNOUPGRADE=1", "STNORESTART=1", "HOME="+s.home)
	s.cmd.Stdout, s.cmd.Stderr = s.log, s.log
	if err := s.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		s.cmd.Process.Kill()
		s.cmd.Wait()
	})
}
