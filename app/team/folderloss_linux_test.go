package team

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/skein-news/skein/annotate/tmpfstest"
)

// disk is a team folder on a disk of its own (a tmpfs) that a test can
// unplug and plug back: what it held is kept aside while it is out.
type disk struct {
	mount, aside string
}

func newDisk(t *testing.T) *disk {
	t.Helper()
	d := &disk{mount: t.TempDir(), aside: t.TempDir()}
	d.plug(t)
	return d
}

// team is the team folder on the disk.
func (d *disk) team() string { return filepath.Join(d.mount, "team") }

func (d *disk) plug(t *testing.T) {
	t.Helper()
	tmpfstest.At(t, d.mount, 8<<20)
	if out, err := exec.Command("cp", "-a", d.aside+"/.", d.mount).CombinedOutput(); err != nil {
		t.Fatalf("putting the disk's files back: %v %s", err, out)
	}
}

func (d *disk) unplug(t *testing.T) {
	t.Helper()
	os.RemoveAll(d.aside)
	if out, err := exec.Command("cp", "-a", d.mount+"/.", d.aside).CombinedOutput(); err != nil {
		t.Fatalf("keeping the disk's files: %v %s", err, out)
	}
	if out, err := exec.Command("umount", d.mount).CombinedOutput(); err != nil {
		t.Fatalf("unplugging: %v %s", err, out)
	}
}

// A team folder whose disk is unplugged is not made again where it was:
// the write says the folder is not there and what to do, nothing is
// written in its place (a folder there would hide the disk's when it is
// plugged back), and once it is back the next write brings the work done
// meanwhile, though no change named it again.
func TestUnpluggedFolderNotMadeAgain(t *testing.T) {
	dk := newDisk(t)
	if err := os.Mkdir(dk.team(), 0o755); err != nil {
		t.Fatal(err)
	}
	st := openStore(t, t.TempDir())
	e := open(t, st, dk.team(), "alice")
	d := addDoc(t, st, kakar, "Pakistan Blames Afghanistan")
	addSpan(t, st, d, "alice", "actor", 25, 47)
	syncOnce(t, e)

	dk.unplug(t)
	addSpan(t, st, d, "alice", "claim", 48, 56)
	e.Changed(d.ID)
	_, err := e.Publish(context.Background())
	if err == nil || !strings.Contains(err.Error(), "team folder "+dk.team()+" is not there") || !strings.Contains(err.Error(), "plugged in") {
		t.Errorf("a write with the folder's disk unplugged: %v; want it to say the folder is not there", err)
	}
	if _, err := os.Lstat(dk.team()); err == nil {
		t.Fatalf("the folder was made again where the unplugged disk's was")
	}
	if _, err := e.Pull(context.Background()); err == nil || !strings.Contains(err.Error(), "is not there") {
		t.Errorf("a read with the folder's disk unplugged: %v; want it to say the folder is not there", err)
	}

	dk.plug(t)
	rep, err := e.Publish(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	rel := filepath.Join("layers", "alice", e.Machine(), d.ID[:2]+".jsonl")
	if b, err := os.ReadFile(filepath.Join(dk.team(), rel)); err != nil || !strings.Contains(string(b), `"label":"claim"`) {
		t.Errorf("the layer file once the disk is back (wrote %v): %v %s; want the span added while it was out", rep.Written, err, b)
	}
}

// A window's engine whose folder's disk goes says so once, not at every
// read of the folder; when the disk is back it writes the work done
// meanwhile, says the folder is fine again, and hears a colleague's work
// as it arrives (the folder is watched again), rather than taking the
// folder for one that reports no changes; nor does it for the work it
// finds when the disk is back (written where the disk was meanwhile).
func TestRunFolderUnpluggedAndBack(t *testing.T) {
	dk := newDisk(t)
	if err := os.Mkdir(dk.team(), 0o755); err != nil {
		t.Fatal(err)
	}
	a, b := openStore(t, t.TempDir()), openStore(t, t.TempDir())
	ea := open(t, a, dk.team(), "alice")
	d := addDoc(t, a, kakar, "Pakistan Blames Afghanistan")
	addSpan(t, a, d, "alice", "actor", 25, 47)
	syncOnce(t, ea)
	eb := open(t, b, dk.team(), "bilal")
	syncOnce(t, eb)

	mu, reports, errs := runRecorded(t, ea)
	count := func() (n, failed int) {
		mu.Lock()
		defer mu.Unlock()
		for _, err := range *errs {
			if err != nil {
				failed++
			}
		}
		return len(*reports), failed
	}
	waitFor(t, 10*time.Second, func() bool { n, _ := count(); return n > 0 }, func() { t.Fatal("no first pass") })

	dk.unplug(t)
	sp := addSpan(t, a, d, "alice", "claim", 48, 56)
	ea.Changed(d.ID)
	waitFor(t, 10*time.Second, func() bool { _, f := count(); return f > 0 }, func() { t.Fatal("the folder's going was not said") })
	time.Sleep(3 * time.Second) // ten reads of the folder and more
	if _, f := count(); f != 1 {
		t.Errorf("the folder's going was said %d times; want once", f)
	}

	// The disk goes to bilal's machine, and he annotates there.
	bs1 := addSpan(t, b, d, "bilal", "actor", 25, 47)
	syncOnce(t, open(t, b, filepath.Join(dk.aside, "team"), "bilal"))

	// arrival is the first report from the i-th on that brought work.
	arrival := func(i int) *Report {
		mu.Lock()
		defer mu.Unlock()
		for ; i < len(*reports); i++ {
			if len((*reports)[i].Arrived) > 0 {
				return (*reports)[i]
			}
		}
		return nil
	}
	plugged, _ := count()
	dk.plug(t)
	waitFor(t, 10*time.Second, func() bool { _, err := a.Span(bs1.ID); return err == nil }, func() {
		t.Fatal("bilal's span written while the disk was with him did not arrive once it was back")
	})
	waitFor(t, 10*time.Second, func() bool { return arrival(plugged) != nil }, func() { t.Fatal("bilal's span was not reported") })
	if arrival(plugged).Polled {
		t.Errorf("the work found once the disk was back made the folder one that reports no changes, read every second")
	}
	rel := filepath.Join(dk.team(), "layers", "alice", ea.Machine(), d.ID[:2]+".jsonl")
	waitFor(t, 10*time.Second, func() bool {
		b, _ := os.ReadFile(rel)
		return strings.Contains(string(b), sp.ID)
	}, func() { t.Fatal("the span added while the disk was out was not written once it was back") })
	waitFor(t, 10*time.Second, func() bool {
		mu.Lock()
		defer mu.Unlock()
		return (*errs)[len(*errs)-1] == nil
	}, func() { t.Fatal("no pass said the folder is fine again") })

	back, _ := count()
	bs := addSpan(t, b, d, "bilal", "figure", 60, 63)
	syncOnce(t, eb)
	waitFor(t, 10*time.Second, func() bool { _, err := a.Span(bs.ID); return err == nil }, func() {
		t.Fatal("bilal's span written once the disk was back did not arrive")
	})
	waitFor(t, 10*time.Second, func() bool { return arrival(back) != nil }, func() { t.Fatal("bilal's span was not reported") })
	if arrival(back).Polled {
		t.Errorf("after the disk came back, the folder is read every second as one that reports no changes; want it watched again")
	}
}

// A window started while its team folder's disk is not plugged in (the
// folder here the disk's mount point, empty while it is out) gets an
// engine all the same: its first pass says the folder is not there, and
// nothing is written in the empty mount point; once the disk is mounted
// the engine finds it, writes the work done meanwhile, says it is fine
// again, and hears a colleague's work as it arrives (the folder watched).
func TestRunStartedWithTheDiskOut(t *testing.T) {
	dk := newDisk(t)
	a, b := openStore(t, t.TempDir()), openStore(t, t.TempDir())
	if _, err := Connect(a, dk.mount, "alice"); err != nil {
		t.Fatal(err)
	}
	d := addDoc(t, a, kakar, "Pakistan Blames Afghanistan")
	syncOnce(t, open(t, a, dk.mount, "alice"))
	eb := open(t, b, dk.mount, "bilal")
	syncOnce(t, eb)
	dk.unplug(t)

	ea, err := OpenLater(a, dk.mount, "alice")
	if err != nil {
		t.Fatalf("opening the store's folder with its disk out: %v; want an engine that waits for it", err)
	}
	sp := addSpan(t, a, d, "alice", "claim", 48, 56)
	mu, reports, errs := runRecorded(t, ea)
	last := func() (n int, err error) {
		mu.Lock()
		defer mu.Unlock()
		if len(*errs) == 0 {
			return 0, nil
		}
		return len(*errs), (*errs)[len(*errs)-1]
	}
	waitFor(t, 10*time.Second, func() bool { n, _ := last(); return n > 0 }, func() { t.Fatal("no first pass") })
	if _, err := last(); err == nil || !strings.Contains(err.Error(), "team folder "+dk.mount+" is not there") {
		t.Errorf("the first pass with the disk out: %v; want the folder not there", err)
	}
	time.Sleep(time.Second) // reads of the folder
	if ents, _ := os.ReadDir(dk.mount); len(ents) > 0 {
		t.Fatalf("the empty mount point was made a team folder: %v", ents)
	}

	dk.plug(t)
	rel := filepath.Join(dk.mount, "layers", "alice", ea.Machine(), d.ID[:2]+".jsonl")
	waitFor(t, 10*time.Second, func() bool {
		b, _ := os.ReadFile(rel)
		return strings.Contains(string(b), sp.ID)
	}, func() { t.Fatal("the span labelled while the disk was out was not written once it was plugged in") })
	waitFor(t, 10*time.Second, func() bool { n, err := last(); return n > 1 && err == nil }, func() { t.Fatal("no pass said the folder is fine again") })

	bs := addSpan(t, b, d, "bilal", "figure", 60, 63)
	syncOnce(t, eb)
	waitFor(t, 10*time.Second, func() bool { _, err := a.Span(bs.ID); return err == nil }, func() {
		t.Fatal("bilal's span written once the disk was in did not arrive")
	})
	mu.Lock()
	polled := (*reports)[len(*reports)-1].Polled
	mu.Unlock()
	if polled {
		t.Errorf("once the disk was in, the folder is read every second as one that reports no changes; want it watched")
	}
}

// runRecorded runs e (its folder read every 300 ms without an event) until
// the test ends, recording every report and its error, under mu.
func runRecorded(t *testing.T, e *Engine) (mu *sync.Mutex, reports *[]*Report, errs *[]error) {
	ctx, cancel := context.WithCancel(context.Background())
	mu, reports, errs = &sync.Mutex{}, &[]*Report{}, &[]error{}
	done := make(chan struct{})
	go func() {
		defer close(done)
		e.Run(ctx, RunOptions{slow: 300 * time.Millisecond}, func(rep *Report, err error) {
			mu.Lock()
			*reports, *errs = append(*reports, rep), append(*errs, err)
			mu.Unlock()
		})
	}()
	t.Cleanup(func() { cancel(); <-done })
	return mu, reports, errs
}

// File ▸ Team ▸ Assign… with the team folder's disk unplugged (the folder
// a disk's mount point, empty while the disk is out) wrote assign.json
// into the empty mount point, which then hid the disk's own assignment
// once it was plugged back; it now says the folder is not there, as skein
// assign does, and writes nothing. With the disk back it writes.
func TestAssignWritesNothingWhereTheDiskWas(t *testing.T) {
	dk := newDisk(t)
	st := openStore(t, t.TempDir())
	e := open(t, st, dk.mount, "alice")
	addDoc(t, st, kakar, "Pakistan Blames Afghanistan")
	syncOnce(t, e)

	dk.unplug(t)
	_, err := e.Assign(context.Background(), []string{"alice", "bilal"}, 2)
	if want := "team folder " + dk.mount + " is not there"; err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("assign with the folder's disk unplugged: %v; want %q", err, want)
	}
	if ents, _ := os.ReadDir(dk.mount); len(ents) > 0 {
		t.Errorf("the empty mount point holds %v after the assign; want nothing written", ents)
	}

	dk.plug(t)
	if _, err := e.Assign(context.Background(), []string{"alice", "bilal"}, 2); err != nil {
		t.Fatal(err)
	}
	if a, err := ReadAssignment(dk.mount); err != nil || a == nil || len(a.Annotators) != 2 {
		t.Errorf("the assignment once the disk is back: %v %v; want alice's and bilal's", a, err)
	}
}
