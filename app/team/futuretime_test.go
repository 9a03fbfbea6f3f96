package team

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/skein-news/skein/annotate"
	"github.com/skein-news/skein/store"
)

// stampRE is a time of change as skein writes it in a layer or threads
// file.
var stampRE = regexp.MustCompile(`"modified":"[^"]*"`)

// restamp rewrites every time of change in the file at p as stamp, as a
// colleague's hand-edit or a damaged clock would, and says how many.
func restamp(t *testing.T, p, stamp string) {
	t.Helper()
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	out := stampRE.ReplaceAll(b, []byte(`"modified":"`+stamp+`"`))
	if string(out) == string(b) {
		t.Fatalf("%s holds no time of change to stamp", p)
	}
	if err := os.WriteFile(p, out, 0o644); err != nil {
		t.Fatal(err)
	}
}

// A colleague's layer stamped in the year 9999 is refused by name, line
// and what is wrong: read in, it would have counted as newer than every
// later bundle of theirs, and their real later work been ignored as older.
func TestFarFutureLayerRefused(t *testing.T) {
	folder := t.TempDir()
	a, b := openStore(t, t.TempDir()), openStore(t, t.TempDir())
	ea, eb := open(t, a, folder, "alice"), open(t, b, folder, "bilal")
	d := addDoc(t, a, kakar, "Pakistan Blames Afghanistan")
	addSpan(t, a, d, "alice", "actor", 25, 47)
	syncOnce(t, ea)
	rel := "layers/alice/" + ea.Machine() + "/" + d.ID[:2] + ".jsonl"
	restamp(t, filepath.Join(folder, filepath.FromSlash(rel)), "9999-12-31T23:59:59.999Z")

	rep := syncOnce(t, eb)
	refusalsSay(t, rep, rel+`:1: layer alice: time "9999-12-31T23:59:59.999Z" is more than a day after this machine's clock`)
	if spans, _ := b.LayerSpans(d.ID, "alice"); len(spans) != 0 {
		t.Fatalf("alice's layer stamped 9999 in bilal's store: %d spans, want it refused", len(spans))
	}

	// alice's next write, stamped by her clock, is read in.
	time.Sleep(2 * time.Millisecond)
	addSpan(t, a, d, "alice", "claim", 48, 56)
	syncOnce(t, ea)
	syncOnce(t, eb)
	if spans, _ := b.LayerSpans(d.ID, "alice"); len(spans) != 2 {
		t.Fatalf("alice's later layer in bilal's store: %d spans, want her 2", len(spans))
	}
}

// A copy of the user's own threads stamped in the year 9999 (a colleague
// writing into the user's machine's folder, or a damaged file) is neither
// told of nor taken: taken, it would have been newer than every later
// change, and the user's real later edits on that machine never read in.
func TestFarFutureThreadNeverTaken(t *testing.T) {
	ctx := context.Background()
	laptop, desktop, el, ed, id := threadOnBoth(t)
	time.Sleep(2 * time.Millisecond)
	retitle(t, laptop, id, "laptop's title")
	syncOnce(t, el)
	rel := "layers/alice/" + el.Machine() + "/threads.jsonl"
	p := filepath.Join(ed.Dir(), filepath.FromSlash(rel))
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(p, []byte(strings.Replace(string(b), "laptop's title", "stamped 9999", 1)), 0o644)
	restamp(t, p, "9999-01-01T00:00:00.000Z")

	if rep := syncOnce(t, ed); len(rep.Twins) != 0 {
		t.Errorf("desktop's sync: twins %+v, want nothing told of: the laptop's one change is its thread, stamped 9999", rep.Twins)
	}
	res, err := ed.Take(ctx, el.Machine())
	if want := rel + `:1: thread ` + id + `: modified: time "9999-01-01T00:00:00.000Z" is more than a day after this machine's clock`; err != nil || len(res.Refused) != 1 || !strings.Contains(res.Refused[0].Error(), want) {
		t.Errorf("take of a copy stamped 9999: %v %v, want the file refused: %q", res, err, want)
	}
	if got, err := desktop.Thread(id); err != nil || got.Title != "Kakar" {
		t.Fatalf("desktop's thread after a take of a copy stamped 9999: %+v %v, want Kakar kept", got, err)
	}

	// The laptop's next change is read in.
	time.Sleep(2 * time.Millisecond)
	retitle(t, laptop, id, "laptop's later title")
	syncOnce(t, el)
	if _, err := ed.Take(ctx, el.Machine()); err != nil {
		t.Fatal(err)
	}
	if got, err := desktop.Thread(id); err != nil || got.Title != "laptop's later title" {
		t.Fatalf("desktop's thread after taking the laptop's later change: %+v %v", got, err)
	}
}

// A colleague's review decision stamped in the year 9999 or before 1970
// is refused by name and line: the latest decision's time decides whose
// review of an article is the newer. One stamped now is read.
func TestDecisionTimesChecked(t *testing.T) {
	folder := t.TempDir()
	a := openStore(t, t.TempDir())
	ea := open(t, a, folder, "alice")
	d := addDoc(t, a, kakar, "Pakistan Blames Afghanistan")
	syncOnce(t, ea)
	rel := "layers/carol/00000000000000cc/decisions-" + d.ID[:2] + ".jsonl"
	p := filepath.Join(folder, filepath.FromSlash(rel))
	os.MkdirAll(filepath.Dir(p), 0o755)
	for _, c := range []struct {
		at   int64
		want string
	}{
		{253402300799999, "its time (at 253402300799999, 9999-12-31T23:59:59.999Z) is more than a day after this machine's clock"},
		{-62135596800000, "its time (at -62135596800000, 0001-01-01T00:00:00.000Z) is before 1970"},
		{time.Now().UnixMilli(), ""},
	} {
		line := fmt.Sprintf(`{"doc":"%s","span":"s1","reviewer":"carol","verdict":"reject","at":%d}`+"\n", d.ID, c.at)
		if err := os.WriteFile(p, []byte(line), 0o644); err != nil {
			t.Fatal(err)
		}
		os.Chtimes(p, time.Now(), time.Now().Add(time.Duration(c.at%1000)*time.Second)) // seen as changed
		rep := syncOnce(t, ea)
		decs, err := a.Decisions(d.ID)
		if err != nil {
			t.Fatal(err)
		}
		if c.want == "" {
			if len(rep.Refused) != 0 || len(decs) != 1 {
				t.Errorf("a decision stamped now: refused %v, %d decisions stored; want it read", rep.Refused, len(decs))
			}
			continue
		}
		refusalsSay(t, rep, rel+":1: the decision on span s1: "+c.want)
		if len(decs) != 0 {
			t.Errorf("a decision at %d: %d stored, want it refused", c.at, len(decs))
		}
	}
}

// A folder under the user's name whose owner file says it is someone
// else's layer, or a newer skein's, is not told of as the user's other
// machine, and a take of it is refused saying why; the store keeps its
// own. (Anyone who can write the folder can write an owner file naming
// the user: the take stays the user's choice, and times a day past the
// clock are refused, so no copy can win for ever.)
func TestTwinUnderAnotherOwnerNotTaken(t *testing.T) {
	ctx := context.Background()
	folder, laptop, desktop, el, ed, d := twoMachines(t)
	addSpan(t, laptop, d, "alice", "actor", 25, 47)
	syncOnce(t, el)
	owner := filepath.Join(folder, "layers", "alice", el.Machine(), "owner.json")
	for _, c := range []struct{ content, want string }{
		{`{"format":1,"annotator":"bilal","machine":"` + el.Machine() + `"}`, "names bilal's layer on machine " + el.Machine() + ", not this folder's alice"},
		{`{"format":9,"annotator":"alice","machine":"` + el.Machine() + `"}`, "written by a newer skein (format 9"},
	} {
		if err := os.WriteFile(owner, []byte(c.content+"\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		os.Chtimes(owner, time.Now(), time.Now().Add(time.Duration(len(c.content))*time.Second))
		rep := syncOnce(t, ed)
		if len(rep.Twins) != 0 {
			t.Errorf("desktop's sync under an owner file %s: twins %+v, want none", c.content, rep.Twins)
		}
		refusalsSay(t, rep, "layers/alice/"+el.Machine()+"/owner.json: "+c.want)
		_, err := ed.Take(ctx, el.Machine())
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("take under an owner file %s: %v, want %q", c.content, err, c.want)
		}
		if spans, _ := desktop.LayerSpans(d.ID, "alice"); len(spans) != 0 {
			t.Fatalf("desktop's layer after a take under an owner file %s: %d spans, want none read in", c.content, len(spans))
		}
	}
}

// An owner file is anyone's to write: the host it names is shown beside
// the machine only where it reads as one (a line break in it printed a
// line of its own in skein sync's notes, a host of 100 KB filled them),
// and the names of one naming another annotator are said only where they
// read as names.
func TestOwnerFileWordsShownOnlyWhenNames(t *testing.T) {
	folder, laptop, _, el, ed, d := twoMachines(t)
	addSpan(t, laptop, d, "alice", "actor", 25, 47)
	syncOnce(t, el)
	owner := filepath.Join(folder, "layers", "alice", el.Machine(), "owner.json")
	for i, c := range []struct{ host, want string }{
		{"laptop", "laptop"},
		{"laptop\nnote: nothing newer anywhere", ""},
		{strings.Repeat("h", 100<<10), ""},
	} {
		b, _ := json.Marshal(map[string]any{"format": 1, "annotator": "alice", "machine": el.Machine(), "host": c.host})
		os.WriteFile(owner, b, 0o644)
		os.Chtimes(owner, time.Now(), time.Now().Add(time.Duration(i+1)*time.Second))
		rep := syncOnce(t, ed)
		if len(rep.Twins) != 1 || rep.Twins[0].Host != c.want {
			t.Errorf("host %.40q: twins %.300v, want the laptop's copy told of with host %q", c.host, rep.Twins, c.want)
		}
	}
	b, _ := json.Marshal(map[string]any{"format": 1, "annotator": "mallory\nrefused: nothing", "machine": el.Machine()})
	os.WriteFile(owner, b, 0o644)
	os.Chtimes(owner, time.Now(), time.Now().Add(time.Minute))
	all := refusalsSay(t, syncOnce(t, ed), "layers/alice/"+el.Machine()+"/owner.json: names another annotator or machine than this folder's alice on "+el.Machine()+", in words that are no name")
	if strings.Contains(all, "refused: nothing") {
		t.Errorf("the owner file's name is printed as it is:\n%s", all)
	}
}

// A store that took in times of 9999 before skein refused them (an older
// skein's take: alice's thread and her layer on the desktop stamped 9999)
// lost every later change of hers on the laptop to a take, for ever: the
// desktop's counted newer. skein check -repair-times (store.RepairTimes)
// sets them to the repair's time, and her changes on the laptop after it
// are taken.
func TestStoredFarFutureRepairedThenTaken(t *testing.T) {
	ctx := context.Background()
	lt := newLaptopThread(t)
	syncOnce(t, lt.el)
	if _, err := lt.ed.Take(ctx, lt.el.Machine()); err != nil {
		t.Fatal(err)
	}
	th, err := lt.desktop.Thread(lt.id)
	if err != nil {
		t.Fatal(err)
	}
	th.Created, th.Modified = 253402300799999, 253402300799999
	old := &store.Batch{Threads: []*annotate.Thread{th}, Stamps: []store.LayerStamp{{Doc: lt.d.ID, Annotator: "alice", Modified: 253402300799999}}}
	if _, err := lt.desktop.WriteBatch(ctx, old); err != nil {
		t.Fatal(err)
	}
	laptopChanges := func(title string, start int) {
		t.Helper()
		time.Sleep(2 * time.Millisecond)
		retitle(t, lt.laptop, lt.id, title)
		addSpan(t, lt.laptop, lt.d, "alice", "claim", start, start+4)
		syncOnce(t, lt.el)
	}
	took := func() (string, int) {
		t.Helper()
		if _, err := lt.ed.Take(ctx, lt.el.Machine()); err != nil {
			t.Fatal(err)
		}
		got, err := lt.desktop.Thread(lt.id)
		if err != nil {
			t.Fatal(err)
		}
		spans, err := lt.desktop.LayerSpans(lt.d.ID, "alice")
		if err != nil {
			t.Fatal(err)
		}
		return got.Title, len(spans)
	}
	laptopChanges("before the repair", 48)
	if title, n := took(); title != "Kakar" || n != 1 {
		t.Fatalf("take before the repair: %q, %d spans; want the laptop's change lost to the desktop's 9999 (Kakar, 1 span)", title, n)
	}
	if n, err := lt.desktop.RepairTimes(ctx); err != nil || n != 2 {
		t.Fatalf("repair: %d, %v; want the thread and the layer", n, err)
	}
	laptopChanges("after the repair", 60)
	if title, n := took(); title != "after the repair" || n != 3 {
		t.Fatalf("take after the repair: %q, %d spans; want the laptop's (after the repair, 3 spans)", title, n)
	}
}
