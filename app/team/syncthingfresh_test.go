package team

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/skein-news/skein/annotate/syncthingtest"
)

// bilal's Syncthing set up anew while his window runs (a new device, the
// team folder emptied and shared again: a fresh share still arriving),
// alice's folder held back by an ignore pattern for some seconds, as a
// large folder arrives last: the window reads the new team folder with
// skein-team.json and bilal's own folder there but not alice's, at reads
// far more than the 2 s wait apart, and removes nothing of hers; once her
// folder arrives, all of her work is still in his store. Two real
// Syncthing instances, then a third, on 127.0.0.1.
func TestFreshSyncthingShareRemovesNoColleague(t *testing.T) {
	bin, sa, sb, failf := twoSyncthings(t)

	a, b := openStore(t, t.TempDir()), openStore(t, t.TempDir())
	d := addDoc(t, a, kakar, "Pakistan Blames Afghanistan")
	addSpan(t, a, d, "alice", "actor", 25, 47)
	addSpan(t, a, d, "alice", "claim", 48, 56)
	ea := open(t, a, sa.Folder, "alice")
	syncOnce(t, ea)
	hers := func() int {
		n, err := b.LayerSpans(d.ID, "alice")
		if err != nil {
			t.Fatal(err)
		}
		return len(n)
	}

	// bilal's window, run as the window runs it, every report kept.
	ctx, cancel := context.WithCancel(context.Background())
	var mu sync.Mutex
	var left []Departure
	done := make(chan struct{})
	eb := open(t, b, sb.Folder, "bilal")
	go func() {
		defer close(done)
		eb.Run(ctx, RunOptions{Rescan: time.Second}, func(rep *Report, err error) {
			mu.Lock()
			defer mu.Unlock()
			if err == nil && rep != nil {
				left = append(left, rep.Left...)
			}
		})
	}()
	defer func() { cancel(); <-done }()
	waitFor(t, 60*time.Second, func() bool { return hers() == 2 }, func() { failf("alice's 2 spans never reached bilal's store") })
	if _, err := os.Stat(filepath.Join(sb.Folder, "layers", "alice")); err != nil {
		t.Fatal(err)
	}

	eb.mu.Lock()
	seen := eb.state.Seen["alice"]
	eb.mu.Unlock()
	if seen == "" {
		t.Fatal("bilal's window has not seen alice's folder")
	}

	// His Syncthing set up anew: stopped, the folder emptied, a new
	// device sharing it with alice's, her folder ignored for now.
	sb.Cmd.Process.Kill()
	sb.Cmd.Wait()
	if err := os.Rename(sb.Folder, filepath.Join(t.TempDir(), "was")); err != nil {
		t.Fatal(err)
	}
	sc := newSyncthing(t, bin)
	sc.Folder = sb.Folder
	if err := os.MkdirAll(filepath.Join(sc.Folder, ".stfolder"), 0o755); err != nil {
		t.Fatal(err)
	}
	ignore := filepath.Join(sc.Folder, ".stignore")
	if err := os.WriteFile(ignore, []byte("/layers/alice\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	sc.Configure(t, sa)
	sc.Start(t, bin)
	share(t, sa, sc)
	failf = func(format string, args ...any) {
		t.Helper()
		t.Fatalf(format+"\n--- syncthing A:\n%s\n--- syncthing C:\n%s", append(args, tail(sa.Log.String()), tail(sc.Log.String()))...)
	}
	waitFor(t, 40*time.Second, func() bool {
		_, err := os.Stat(filepath.Join(sc.Folder, "articles"))
		return err == nil
	}, func() { failf("the fresh share's articles never arrived") })
	// Read again and again without her folder, well past the wait: the
	// window has listed the fresh share's layers/ (not the one she was
	// last seen in) without her.
	read := func() bool {
		eb.mu.Lock()
		defer eb.mu.Unlock()
		return eb.layersID != "" && eb.layersID != seen && eb.listed["bilal"] && !eb.listed["alice"]
	}
	waitFor(t, 20*time.Second, read, func() { failf("bilal's window never read the fresh share") })
	time.Sleep(3 * decisionsGoneWait)
	if _, err := os.Stat(filepath.Join(sc.Folder, "layers", "alice")); err == nil {
		t.Fatal("alice's folder arrived though ignored: the test tested nothing")
	}
	mu.Lock()
	gone := append([]Departure(nil), left...)
	mu.Unlock()
	if len(gone) > 0 || hers() != 2 {
		t.Fatalf("the fresh share read without alice's folder: removed %+v, her spans in bilal's store %d; want nothing removed, 2", gone, hers())
	}

	// Her folder arrives.
	if err := os.Remove(ignore); err != nil {
		t.Fatal(err)
	}
	waitFor(t, 30*time.Second, func() bool {
		_, err := os.Stat(filepath.Join(sc.Folder, "layers", "alice", ea.Machine(), d.ID[:2]+".jsonl"))
		return err == nil
	}, func() { failf("alice's folder never arrived once no longer ignored") })
	time.Sleep(2 * decisionsGoneWait)
	mu.Lock()
	gone = append([]Departure(nil), left...)
	mu.Unlock()
	if len(gone) > 0 || hers() != 2 {
		t.Errorf("once her folder arrived: removed %+v, her spans in bilal's store %d; want nothing removed, 2", gone, hers())
	}
}

// share adds peer to instance s's devices and shares the team folder
// with it, through Syncthing's REST API as its GUI does, while it runs.
func share(t *testing.T, s, peer *syncthing) {
	t.Helper()
	call := func(method, path, body string) {
		t.Helper()
		req, err := http.NewRequest(method, fmt.Sprintf("http://127.0.0.1:%d%s", s.GUI, path), bytes.NewBufferString(body))
		if err != nil {
			t.Fatal(err)
		}
		req.Header.Set("X-API-Key", "skein-test-key")
		req.Header.Set("Content-Type", "application/json")
		for i := 0; ; i++ {
			resp, err := http.DefaultClient.Do(req)
			if err == nil {
				out, _ := io.ReadAll(resp.Body)
				resp.Body.Close()
				if resp.StatusCode/100 != 2 {
					t.Fatalf("syncthing %s %s: %s %s", method, path, resp.Status, out)
				}
				return
			}
			if i == 50 {
				t.Fatalf("syncthing %s %s: %v", method, path, err)
			}
			time.Sleep(200 * time.Millisecond)
			req.Body = io.NopCloser(bytes.NewBufferString(body))
		}
	}
	call("POST", "/rest/config/devices", fmt.Sprintf(`{"deviceID":%q,"name":"fresh","addresses":["tcp://127.0.0.1:%d"]}`, peer.ID, peer.Listen))
	call("PATCH", "/rest/config/folders/"+syncthingtest.FolderID, fmt.Sprintf(`{"devices":[{"deviceID":%q},{"deviceID":%q}]}`, s.ID, peer.ID))
}
