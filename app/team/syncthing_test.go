package team

import (
	"bytes"
	"context"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/skein-news/skein/annotate"
)

// syncthing is one Syncthing instance of the test, on 127.0.0.1 only.
type syncthing struct {
	home, folder, id string
	listen, gui      int
	cmd              *exec.Cmd
	log              *lockedBuffer
}

type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
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
	s := &syncthing{home: t.TempDir(), folder: t.TempDir(), listen: freePort(t), gui: freePort(t), log: &lockedBuffer{}}
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

// configure writes the instance's whole configuration: one folder shared
// with the peer, no discovery, relays, NAT or usage reports, a rescan every
// second besides the file-system watcher.
func (s *syncthing) configure(t *testing.T, peer *syncthing) {
	t.Helper()
	device := func(d *syncthing, name string) string {
		return fmt.Sprintf(`<device id="%s" name="%s" compression="metadata" introducer="false" skipIntroductionRemovals="false" introducedBy=""><address>tcp://127.0.0.1:%d</address><paused>false</paused><autoAcceptFolders>false</autoAcceptFolders></device>`, d.id, name, d.listen)
	}
	cfg := fmt.Sprintf(`<configuration version="35">
<folder id="skein-team" label="skein-team" path="%s" type="sendreceive" rescanIntervalS="1" fsWatcherEnabled="true" fsWatcherDelayS="1" ignorePerms="false" autoNormalize="true">
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

// twoSyncthings starts two Syncthing instances, each sharing its folder
// with the other (the test skipped where syncthing is not installed), and
// gives a Fatalf that adds the ends of both logs.
func twoSyncthings(t *testing.T) (bin string, sa, sb *syncthing, failf func(format string, args ...any)) {
	t.Helper()
	bin, err := exec.LookPath("syncthing")
	if err != nil {
		t.Skip("syncthing is not installed (Debian: apt-get install syncthing); the Syncthing test is skipped")
	}
	sa, sb = newSyncthing(t, bin), newSyncthing(t, bin)
	sa.configure(t, sb)
	sb.configure(t, sa)
	sa.start(t, bin)
	sb.start(t, bin)
	failf = func(format string, args ...any) {
		t.Helper()
		t.Fatalf(format+"\n--- syncthing A:\n%s\n--- syncthing B:\n%s", append(args, tail(sa.log.String()), tail(sb.log.String()))...)
	}
	return bin, sa, sb, failf
}

// Two real Syncthing instances share one folder between two stores: a span
// added in store A is in store B's export within 10 s, and a thread made in
// B is in A's thread list.
func TestTwoSyncthings(t *testing.T) {
	_, sa, sb, failf := twoSyncthings(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()

	a, b := openStore(t, t.TempDir()), openStore(t, t.TempDir())
	ea, eb := open(t, a, sa.folder, "alice"), open(t, b, sb.folder, "bilal")
	d := addDoc(t, a, kakar, "Pakistan Blames Afghanistan")
	addDoc(t, b, kakar, "Pakistan Blames Afghanistan") // both have the article
	opt := RunOptions{Rescan: time.Second}
	for _, e := range []*Engine{ea, eb} {
		go e.Run(ctx, opt, func(*Report, error) {})
	}

	// Give the two instances time to connect: the first exchange may wait
	// on it; the one measured is the second.
	warm := addSpan(t, a, d, "alice", "figure", 48, 51)
	ea.Changed()
	waitFor(t, 90*time.Second, func() bool { _, err := b.Span(warm.ID); return err == nil }, func() { failf("the two Syncthings never exchanged a span") })

	s := addSpan(t, a, d, "alice", "actor", 25, 43)
	start := time.Now()
	ea.Changed()
	waitFor(t, 10*time.Second, func() bool { return strings.Contains(export(t, b), s.ID) }, func() { failf("alice's span is not in bilal's export after 10 s") })
	t.Logf("a span from store A was in store B's export after %v", time.Since(start).Round(10*time.Millisecond))

	sbs := addSpan(t, b, d, "bilal", "claim", 48, 56)
	th := annotate.NewThread("bilal", "Kakar's 60%", sbs)
	if err := b.Apply(ctx, th); err != nil {
		t.Fatal(err)
	}
	start = time.Now()
	eb.Changed()
	waitFor(t, 10*time.Second, func() bool {
		found := false
		a.Threads(ctx, func(x *annotate.Thread) error {
			found = found || x.ID == th.Threads[0].After.ID
			return nil
		})
		return found
	}, func() { failf("bilal's thread is not in alice's thread list after 10 s") })
	t.Logf("a thread from store B was in store A's thread list after %v", time.Since(start).Round(10*time.Millisecond))
}

func waitFor(t *testing.T, d time.Duration, ok func() bool, fail func()) {
	t.Helper()
	deadline := time.Now().Add(d)
	for !ok() {
		if time.Now().After(deadline) {
			fail()
			return
		}
		time.Sleep(100 * time.Millisecond)
	}
}

func tail(s string) string {
	if len(s) > 3000 {
		return "…" + s[len(s)-3000:]
	}
	return s
}
