//go:build unix

package e2e

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"image"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// writeLinkedArticle writes a skein JSONL bundle: one article, dated first
// so the window opens it, with four spans of e2e's and two links between
// them, “minister” ▸ contradicts ▸ “denied” and “Critics” ▸ targets ▸
// “refused”.
func writeLinkedArticle(t *testing.T, path string) {
	t.Helper()
	text := "The minister said on Tuesday that attacks rose sharply. Officials in Kabul denied it, and the Taliban called the figure misleading.\n\n" +
		"Critics asked for the report that the minister promised, and the ministry refused."
	sum := sha256.Sum256([]byte(text))
	doc := hex.EncodeToString(sum[:])[:16]
	span := func(id, word, label string) map[string]any {
		b := strings.Index(text, word)
		s := len([]rune(text[:b]))
		return map[string]any{"id": id, "start": s, "end": s + len([]rune(word)), "text": word, "label": label, "annotator": "e2e"}
	}
	link := func(id, from, to, label string) map[string]any {
		return map[string]any{"type": "thread", "id": id, "title": "", "annotator": "e2e",
			"members": []map[string]string{{"doc": doc, "span": from}, {"doc": doc, "span": to, "link": label}}}
	}
	lines := []any{
		map[string]any{"id": doc, "title": "Arcs", "source": "arcs.txt", "date": "1990-01-01", "text": text,
			"spans": []any{span("s1", "minister", "actor"), span("s2", "denied", "claim"), span("s3", "Critics", "actor"), span("s4", "refused", "claim")}},
		link("link-1", "s1", "s2", "contradicts"),
		link("link-2", "s3", "s4", "targets"),
	}
	var b strings.Builder
	for _, l := range lines {
		j, err := json.Marshal(l)
		if err != nil {
			t.Fatal(err)
		}
		b.Write(j)
		b.WriteByte('\n')
	}
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
}

// bracket is an arc as the screen shows it: a horizontal run whose left
// end turns down to the text.
type bracket struct{ x, y, n int }

// arcBrackets finds the arcs drawn in r: rows holding a run of at least 40
// pixels of one grey, far from the background, whose left end turns down
// for at least 6 pixels. Text, underlines (in label colours) and
// separators (which do not turn) make no such shape.
func arcBrackets(img image.Image, r image.Rectangle) []bracket {
	lum := func(x, y int) (l int, grey bool) {
		cr, cg, cb, _ := img.At(x, y).RGBA()
		R, G, B := int(cr>>8), int(cg>>8), int(cb>>8)
		return (R + G + B) / 3, max(R, G, B)-min(R, G, B) < 30
	}
	bg, _ := lum(r.Min.X+2, r.Min.Y+2)
	ink := func(x, y int) bool {
		l, grey := lum(x, y)
		return grey && (l-bg > 60 || bg-l > 60)
	}
	var out []bracket
	for y := r.Min.Y; y < r.Max.Y-8; y++ {
		for x := r.Min.X + 3; x < r.Max.X; {
			if !ink(x, y) {
				x++
				continue
			}
			x0 := x
			for x < r.Max.X && ink(x, y) {
				x++
			}
			if x-x0 < 40 {
				continue
			}
			down := 0
			for dx := -1; dx <= 1 && down < 6; dx++ {
				d := 0
				for d < 8 && ink(x0+1+dx, y+1+d) {
					d++
				}
				down = max(down, d)
			}
			if down >= 6 {
				out = append(out, bracket{x0, y, x - x0})
			}
		}
	}
	return out
}

// nearBracket reports whether one of bs starts within 3 pixels of b.
func nearBracket(bs []bracket, b bracket) bool {
	for _, c := range bs {
		if c.x-b.x <= 3 && b.x-c.x <= 3 && c.y-b.y <= 3 && b.y-c.y <= 3 {
			return true
		}
	}
	return false
}

// bluePixels counts the pixels of the theme's primary blue on row y from
// x0 to x1: a selected arc.
func bluePixels(img image.Image, x0, x1, y int) int {
	n := 0
	for yy := y - 1; yy <= y+1; yy++ {
		for x := x0; x < x1; x++ {
			cr, cg, cb, _ := img.At(x, yy).RGBA()
			R, G, B := int(cr>>8), int(cg>>8), int(cb>>8)
			if B-R > 60 && B > 150 && G < B {
				n++
			}
		}
	}
	return n
}

// TestEndToEndArcs opens an article whose spans are linked, finds the
// arcs on the screen, clicks one (it turns the theme's blue), deletes it
// with Delete (it goes; the other stays) and brings it back with Ctrl+Z.
func TestEndToEndArcs(t *testing.T) {
	dir := t.TempDir()
	if d := os.Getenv("SKEIN_SHOTS"); d != "" {
		dir = d // keep the screenshots
	}
	bundle := filepath.Join(dir, "arcs.jsonl")
	writeLinkedArticle(t, bundle)
	s := startSession(t, bundle)
	// The article column, below the title, metadata and label bar.
	col := image.Rect(s.x+s.w*23/100, s.y+150, s.x+s.w*70/100, s.y+s.h*75/100)
	look := func(name string) image.Image {
		img, ok := screenshot(t, s.env, filepath.Join(dir, name))
		if !ok {
			t.Skip("end-to-end: cannot look at the screen")
		}
		return img
	}
	// The links are read off the UI goroutine after the article shows: on
	// a busy machine that takes a moment.
	var before image.Image
	var arcs []bracket
	for end := time.Now().Add(20 * time.Second); len(arcs) < 2 && time.Now().Before(end); {
		time.Sleep(500 * time.Millisecond)
		before = look("arcs.png")
		arcs = arcBrackets(before, col)
	}
	t.Logf("arcs on screen in %v of %v: %v", col, before.Bounds(), arcs)
	if len(arcs) < 2 {
		t.Fatalf("found %d arcs over the text, want the two links' (screenshot %s)", len(arcs), filepath.Join(dir, "arcs.png"))
	}
	// The first link's arc, and one of the other link's, a row apart.
	first, other := arcs[0], bracket{}
	for _, b := range arcs {
		if b.y > first.y+10 {
			other = b
			break
		}
	}
	if other.n == 0 {
		t.Fatalf("found arcs %v over one line only, want the two links' over two", arcs)
	}

	s.xdo("mousemove", "--sync", strconv.Itoa(first.x+12), strconv.Itoa(first.y))
	s.xdo("click", "1")
	time.Sleep(500 * time.Millisecond)
	picked := look("picked.png")
	if n := bluePixels(picked, first.x, first.x+first.n, first.y); n < 20 {
		t.Errorf("the clicked arc has %d blue pixels, want it drawn in the theme's blue (screenshot %s)", n, filepath.Join(dir, "picked.png"))
	}

	s.xdo("key", "Delete")
	time.Sleep(700 * time.Millisecond)
	gone := arcBrackets(look("deleted.png"), col)
	if nearBracket(gone, first) {
		t.Errorf("the arc at %v is still drawn after Delete (screenshot %s)", first, filepath.Join(dir, "deleted.png"))
	}
	// The other arc stays, as wide and where it was across; the line above
	// gave back the room of the arc it lost, so it may be higher, never lower.
	stayed := false
	for _, c := range gone {
		if c.x-other.x <= 3 && other.x-c.x <= 3 && c.n-other.n <= 3 && other.n-c.n <= 3 && c.y <= other.y+3 && c.y > first.y+10 {
			stayed = true
		}
	}
	if !stayed {
		t.Errorf("Delete took the other link's arc at %v too: %v", other, gone)
	}

	s.xdo("key", "ctrl+z")
	time.Sleep(700 * time.Millisecond)
	if back := arcBrackets(look("undone.png"), col); !nearBracket(back, first) {
		t.Errorf("Ctrl+Z did not bring the arc back: %v (screenshot %s)", back, filepath.Join(dir, "undone.png"))
	}
	s.quit()
	out := s.cli("-store", s.store, "-user", "e2e", "export", "-threads")
	if !strings.Contains(out, `"contradicts"`) || !strings.Contains(out, `"targets"`) {
		t.Errorf("after undo the export lacks a link:\n%s", out)
	}
}
