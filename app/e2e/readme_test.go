//go:build unix

package e2e

import (
	"bufio"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

// TestReadmeScreenshot makes the README's main screenshot
// (app/testdata/screenshot.png): alice's spans on the first seed article and
// her thread of the casualty figures across two articles, open in the
// Threads tab of the default window. It runs only when asked:
//
//	SKEIN_README_SHOT=$PWD/app/testdata/screenshot.png go test -tags migrated_fynedo -run TestReadmeScreenshot ./app/e2e/
func TestReadmeScreenshot(t *testing.T) {
	out := os.Getenv("SKEIN_README_SHOT")
	if out == "" {
		t.Skip("set SKEIN_README_SHOT=path to make the README's screenshot")
	}
	s := startSessionThen(t, aliceImported)
	s.click(969, 50) // the Threads tab
	time.Sleep(700 * time.Millisecond)
	s.click(1000, 170) // alice's thread, the first row
	time.Sleep(1500 * time.Millisecond)
	full := filepath.Join(s.dir, "full.png")
	if _, ok := screenshot(t, s.env, full); !ok {
		t.Skip("no ImageMagick to take the screenshot with")
	}
	crop := exec.Command("convert", full, "-crop", fmt.Sprintf("%dx%d+%d+%d", s.w, s.h, s.x, s.y), "+repage", out)
	if b, err := crop.CombinedOutput(); err != nil {
		t.Fatalf("convert: %v\n%s", err, b)
	}
	s.quit()
	t.Logf("wrote %s", out)
}

// aliceImported sets a session up to open as alice with her spans on the
// seed articles and her thread imported (writeAliceBundle).
func aliceImported(s *session) {
	t := s.t
	s.user = "alice"
	bundle := filepath.Join(s.dir, "alice.jsonl")
	exp := exec.Command(s.bin, "-store", s.store, "-user", "alice", "export")
	exp.Env = s.env
	seeds, err := exp.Output() // its standard error warns that alice has no spans yet
	if err != nil {
		t.Fatalf("skein export: %v", err)
	}
	writeAliceBundle(t, string(seeds), bundle)
	s.cli("-store", s.store, "-user", "alice", "import", bundle)
}

// writeAliceBundle writes to path a skein JSONL bundle of alice's spans on
// the seed articles exported as seeds, and her thread of two casualty
// figures.
func writeAliceBundle(t *testing.T, seeds, path string) {
	t.Helper()
	spans := map[string][][2]string{ // article ID → (label, words)
		"c0b169aa7fc1df83": {
			{"actor", "PM Kakar"},
			{"accusation", "The caretaker prime minister rightly places accountability on the Tehrik-e Taliban Pakistan (TTP), operating from Afghanistan"},
			{"actor", "Anwar ul-Haq Kakar"},
			{"claim", "correlated the increase in TTP attacks with the Afghan Taliban-led government’s failure to curb extremism"},
			{"claim", "terrorist incidents in Pakistan have surged by 60%, resulting in 2,267 casualties"},
			{"figure", "60%"},
			{"figure", "2,267"},
		},
		"5d6f76b1aa1a3d1d": {{"figure", "some 2,300"}},
	}
	type member struct {
		Doc  string `json:"doc"`
		Span string `json:"span"`
		Link string `json:"link,omitempty"`
	}
	var members []member
	n := 0
	id := func() string { n++; return fmt.Sprintf("01a23f4a-d799-7c13-8aba-%012x", n) }
	var lines []string
	sc := bufio.NewScanner(strings.NewReader(seeds))
	sc.Buffer(make([]byte, 1<<20), 16<<20)
	for sc.Scan() {
		var doc map[string]any
		if err := json.Unmarshal(sc.Bytes(), &doc); err != nil {
			t.Fatal(err)
		}
		docID, text := doc["id"].(string), doc["text"].(string)
		var out []map[string]any
		for _, sp := range spans[docID] {
			at := strings.Index(text, sp[1])
			if at < 0 {
				t.Fatalf("seed %s holds no %q", docID, sp[1])
			}
			start := utf8.RuneCountInString(text[:at])
			s := map[string]any{"id": id(), "start": start, "end": start + utf8.RuneCountInString(sp[1]),
				"text": sp[1], "label": sp[0], "annotator": "alice", "created": "2026-12-01T10:00:00.000Z"}
			out = append(out, s)
			if strings.Contains(sp[1], "2,267") && sp[0] == "figure" || strings.Contains(sp[1], "2,300") {
				members = append(members, member{Doc: docID, Span: s["id"].(string)})
			}
		}
		if out == nil {
			continue
		}
		doc["spans"] = out
		doc["layers"] = []map[string]any{{"annotator": "alice", "modified": "2026-12-01T10:00:00.000Z"}}
		b, _ := json.Marshal(doc)
		lines = append(lines, string(b))
	}
	// The dated article's figure first, the later one repeating it.
	if len(members) != 2 {
		t.Fatalf("the thread has %d members, want the two figures", len(members))
	}
	if members[0].Doc != "c0b169aa7fc1df83" {
		members[0], members[1] = members[1], members[0]
	}
	members[1].Link = "repeats"
	th, _ := json.Marshal(map[string]any{"type": "thread", "id": id(), "title": "Casualties since the Taliban took Kabul",
		"annotator": "alice", "members": members})
	lines = append(lines, string(th))
	if err := os.WriteFile(path, []byte(strings.Join(lines, "\n")+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestReadmeUrduScreenshot makes the README's screenshot of an Urdu article
// (app/testdata/urdu-screenshot.png): testdata/urdu.txt, titled and dated
// as a news site gives it, with nine spans of demo's over Urdu words, an
// English name and digits of both sets, open in the default window beside
// the seed articles. It runs only when asked:
//
//	SKEIN_README_URDU_SHOT=$PWD/app/testdata/urdu-screenshot.png go test -tags migrated_fynedo -run TestReadmeUrduScreenshot ./app/e2e/
func TestReadmeUrduScreenshot(t *testing.T) {
	out := os.Getenv("SKEIN_README_URDU_SHOT")
	if out == "" {
		t.Skip("set SKEIN_README_URDU_SHOT=path to make the README's Urdu screenshot")
	}
	const title = "پشاور میں سیلاب کے بعد امدادی کارروائیاں"
	var id string
	s := startSessionThen(t, func(s *session) {
		s.user = "demo"
		bundle := filepath.Join(s.dir, "urdu-demo.jsonl")
		id = writeUrduBundle(t, "testdata/urdu.txt", title, bundle)
		s.cli("-store", s.store, "-user", "demo", "import", bundle)
	})
	// The window open, the article is opened in it as `skein open` does.
	s.cli("-store", s.store, "open", id)
	s.waitFor("the Urdu article to open", func() bool {
		return strings.Contains(s.xdo("getwindowname", s.win), title)
	})
	// Its first line right-aligned, drawn and still in two looks.
	x0, x1 := s.x+s.w*25/100, s.x+s.w*72/100
	var yc, left, right int
	full := filepath.Join(s.dir, "full.png")
	s.waitFor("the Urdu line to be drawn, right-aligned and still", func() bool {
		img, ok := screenshot(t, s.env, full)
		if !ok {
			t.Skip("no ImageMagick to take the screenshot with")
		}
		y, l, r, found := textExtent(img, x0, x1, s.y+140, s.y+s.h-60)
		if !found || r < x1-60 {
			return false
		}
		still := y == yc && l == left && r == right
		yc, left, right = y, l, r
		return still
	})
	crop := exec.Command("convert", full, "-crop", fmt.Sprintf("%dx%d+%d+%d", s.w, s.h, s.x, s.y), "+repage", out)
	if b, err := crop.CombinedOutput(); err != nil {
		t.Fatalf("convert: %v\n%s", err, b)
	}
	s.quit()
	t.Logf("wrote %s", out)
}

// writeUrduBundle writes to path a skein JSONL line of the article in txt
// (its text without the last newline) with title, a date and demo's spans,
// and returns the article's ID.
func writeUrduBundle(t *testing.T, txt, title, path string) string {
	t.Helper()
	b, err := os.ReadFile(txt)
	if err != nil {
		t.Fatal(err)
	}
	text := strings.TrimSuffix(string(b), "\n")
	sum := sha256.Sum256([]byte(text))
	id := hex.EncodeToString(sum[:])[:16]
	spans := [][2]string{ // label, words: each once in the text
		{"actor", "وزیر اعظم Shehbaz Sharif"},
		{"figure", "۱۲۵ ارب روپے"},
		{"actor", "خیبر پختونخوا کی صوبائی حکومت"},
		{"claim", "اب تک ۲۵ ہزار خاندانوں کو عارضی پناہ گاہوں میں منتقل کیا جا چکا ہے"},
		{"figure", "۲۵ ہزار خاندانوں"},
		{"accusation", "یہ رقم نقصانات کے مقابلے میں بہت کم ہے"},
		{"actor", "National Disaster Management Authority"},
		{"figure", "تقریباً 1,200 مکانات"},
		{"figure", "۴۰ فیصد"},
	}
	var out []map[string]any
	for i, sp := range spans {
		if strings.Count(text, sp[1]) != 1 {
			t.Fatalf("%s holds %q %d times, want once", txt, sp[1], strings.Count(text, sp[1]))
		}
		start := utf8.RuneCountInString(text[:strings.Index(text, sp[1])])
		out = append(out, map[string]any{"id": fmt.Sprintf("01a23f4a-d799-7c13-8aba-%012x", i+1),
			"start": start, "end": start + utf8.RuneCountInString(sp[1]), "text": sp[1], "label": sp[0],
			"annotator": "demo", "created": "2026-12-01T10:00:00.000Z"})
	}
	line, _ := json.Marshal(map[string]any{"id": id, "title": title, "source": "urdu-demo.txt", "date": "2024-08-14",
		"text": text, "spans": out, "layers": []map[string]any{{"annotator": "demo", "modified": "2026-12-01T10:00:00.000Z"}}})
	if err := os.WriteFile(path, append(line, '\n'), 0o644); err != nil {
		t.Fatal(err)
	}
	return id
}
