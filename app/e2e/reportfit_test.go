//go:build unix

package e2e

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestAgreementReportFitsTheScreen opens Review ▸ Agreement report… on a
// small laptop's 1024×600 screen and on a 1400×900 one. The report's
// window opened at 1200×640 whatever the screen: on 1024×600 its right
// columns and its Close were off-screen, out of reach without a window
// manager to move it. It now fits the screen there, and keeps its
// 1200×640 where the screen has the room. Positions are those of the
// menu bar and of Review's menu at Fyne's scale 1.
func TestAgreementReportFitsTheScreen(t *testing.T) {
	// Two annotators' spans on the same two articles: bilal's, and
	// carol's the same.
	data := t.TempDir()
	bilal, err := os.ReadFile(filepath.Join("testdata", "bilal-threads.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	var carol []string
	for _, line := range strings.Split(string(bilal), "\n") {
		if strings.Contains(line, `"type": "thread"`) || line == "" {
			continue
		}
		line = strings.ReplaceAll(line, `"annotator": "bilal"`, `"annotator": "carol"`)
		line = strings.ReplaceAll(line, `-0a7a5f497c9e"`, `-0a7a5f49cccc"`)
		line = strings.ReplaceAll(line, `-f2294c59c191"`, `-f2294c59cccc"`)
		carol = append(carol, line)
	}
	carolFile := filepath.Join(data, "carol.jsonl")
	if err := os.WriteFile(carolFile, []byte(strings.Join(carol, "\n")+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		w, h         int
		wantW, wantH int // 0: to fit the screen
	}{{1024, 600, 0, 0}, {1400, 900, 1200, 640}} {
		t.Run(fmt.Sprintf("%dx%d", c.w, c.h), func(t *testing.T) {
			s := startSessionOn(t, []string{"-screen", "0", fmt.Sprintf("%dx%dx24", c.w, c.h)}, nil,
				filepath.Join("testdata", "bilal-threads.jsonl"), carolFile)
			s.click(250, 14) // Review
			time.Sleep(700 * time.Millisecond)
			s.click(290, 328) // Agreement report…, its last item
			time.Sleep(time.Second)
			s.xdo("key", "Return") // Compute, bilal and carol ticked
			var id string
			for i := 0; i < 50 && id == ""; i++ {
				time.Sleep(200 * time.Millisecond)
				search := exec.CommandContext(s.ctx, "xdotool", "search", "--onlyvisible", "--name", "agreement: bilal, carol")
				search.Env = s.env
				out, _ := search.Output() // none yet: status 1
				if f := strings.Fields(string(out)); len(f) > 0 {
					id = f[0]
				}
			}
			if id == "" {
				shot := filepath.Join(s.dir, "no-report.png")
				screenshot(t, s.env, shot)
				t.Fatalf("no agreement report window (screenshot %s)\n%s", shot, s.appOut.String())
			}
			time.Sleep(time.Second)
			x, y, w, h := geometry(t, s.xdo("getwindowgeometry", "--shell", id))
			shot := filepath.Join(s.dir, "report.png")
			screenshot(t, s.env, shot)
			t.Logf("report at %d,%d size %dx%d on %dx%d (screenshot %s)", x, y, w, h, c.w, c.h, shot)
			if x < 0 || y < 0 || x+w > c.w || y+h > c.h {
				t.Errorf("the report's window at %d,%d, %dx%d, runs off the %dx%d screen", x, y, w, h, c.w, c.h)
			}
			if c.wantW > 0 && (w != c.wantW || h != c.wantH) {
				t.Errorf("the report's window is %dx%d on the %dx%d screen, want %dx%d: there is room", w, h, c.w, c.h, c.wantW, c.wantH)
			}
			if c.wantW == 0 && (w < c.w-40 || h < c.h-80) {
				t.Errorf("the report's window is %dx%d on the %dx%d screen: smaller than the screen has room for", w, h, c.w, c.h)
			}
		})
	}
}
