// Package syncthingtest starts real Syncthing instances for tests, on
// 127.0.0.1 only: each shares one folder with its peer, with no discovery,
// relays, NAT or usage reports, and rescans every second besides its
// file-system watcher. The team folder's tests and the exports' sweep test
// share it; it is imported by tests alone.
package syncthingtest

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
)

// FolderID is the ID of the folder every instance shares (its REST API
// names it so).
const FolderID = "skein-team"

// Instance is one Syncthing instance of a test.
type Instance struct {
	Home, Folder, ID string // its home, the folder it shares, its device ID
	Listen, GUI      int    // its sync port and its REST/GUI port
	Cmd              *exec.Cmd
	Log              *Buffer // what it printed
}

// Buffer is a bytes.Buffer safe to write from the instance's process
// while a test reads it.
type Buffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *Buffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *Buffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// FreePort is a TCP port on 127.0.0.1 free at the time of the call.
func FreePort(t testing.TB) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

var deviceIDRE = regexp.MustCompile(`Device ID: ([A-Z0-9-]{63})`)

// New makes an instance's home and keys (not yet configured or started).
func New(t testing.TB, bin string) *Instance {
	t.Helper()
	s := &Instance{Home: t.TempDir(), Folder: t.TempDir(), Listen: FreePort(t), GUI: FreePort(t), Log: &Buffer{}}
	out, err := exec.Command(bin, "generate", "--home="+s.Home, "--no-default-folder", "--skip-port-probing").CombinedOutput()
	if err != nil {
		t.Fatalf("syncthing generate: %v\n%s", err, out)
	}
	m := deviceIDRE.FindSubmatch(out)
	if m == nil {
		t.Fatalf("syncthing generate printed no device ID:\n%s", out)
	}
	s.ID = string(m[1])
	if err := os.Mkdir(filepath.Join(s.Folder, ".stfolder"), 0o755); err != nil {
		t.Fatal(err)
	}
	return s
}

// Configure writes the instance's whole configuration: one folder shared
// with the peer, no discovery, relays, NAT or usage reports, a rescan every
// second besides the file-system watcher.
func (s *Instance) Configure(t testing.TB, peer *Instance) {
	t.Helper()
	device := func(d *Instance, name string) string {
		return fmt.Sprintf(`<device id="%s" name="%s" compression="metadata" introducer="false" skipIntroductionRemovals="false" introducedBy=""><address>tcp://127.0.0.1:%d</address><paused>false</paused><autoAcceptFolders>false</autoAcceptFolders></device>`, d.ID, name, d.Listen)
	}
	cfg := fmt.Sprintf(`<configuration version="35">
<folder id="%s" label="%s" path="%s" type="sendreceive" rescanIntervalS="1" fsWatcherEnabled="true" fsWatcherDelayS="1" ignorePerms="false" autoNormalize="true">
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
`, FolderID, FolderID, s.Folder, s.ID, peer.ID, device(s, "self"), device(peer, "peer"), s.GUI, s.Listen)
	if err := os.WriteFile(filepath.Join(s.Home, "config.xml"), []byte(cfg), 0o600); err != nil {
		t.Fatal(err)
	}
}

// Start starts the instance, killed when the test ends.
func (s *Instance) Start(t testing.TB, bin string) {
	t.Helper()
	s.Cmd = exec.Command(bin, "serve", "--home="+s.Home, "--no-browser", "--no-restart", "--no-upgrade", fmt.Sprintf("--gui-address=127.0.0.1:%d", s.GUI))
	s.Cmd.Env = append(os.Environ(), "STNODEFAULTFOLDER=1", "STNOUPGRADE=1", "STNORESTART=1", "HOME="+s.Home)
	s.Cmd.Stdout, s.Cmd.Stderr = s.Log, s.Log
	if err := s.Cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		s.Cmd.Process.Kill()
		s.Cmd.Wait()
	})
}

// Pair starts two instances, each sharing its folder with the other (the
// test skipped where syncthing is not installed), and gives a Fatalf that
// adds the ends of both logs.
func Pair(t testing.TB) (bin string, a, b *Instance, failf func(format string, args ...any)) {
	t.Helper()
	bin, err := exec.LookPath("syncthing")
	if err != nil {
		t.Skip("syncthing is not installed (Debian: apt-get install syncthing); the Syncthing test is skipped")
	}
	a, b = New(t, bin), New(t, bin)
	a.Configure(t, b)
	b.Configure(t, a)
	a.Start(t, bin)
	b.Start(t, bin)
	failf = func(format string, args ...any) {
		t.Helper()
		t.Fatalf(format+"\n--- syncthing A:\n%s\n--- syncthing B:\n%s", append(args, Tail(a.Log.String()), Tail(b.Log.String()))...)
	}
	return bin, a, b, failf
}

// Tail is the last 3,000 bytes of a log.
func Tail(s string) string {
	if len(s) > 3000 {
		return "…" + s[len(s)-3000:]
	}
	return s
}
