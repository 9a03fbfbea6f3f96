package strip

import (
	"image"
	"image/color"
	"slices"
	"strings"
	"testing"
	"unicode"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
)

// shown is the strip in a window of its own, captured.
func shown(t *testing.T, l Line, size fyne.Size) (*Strip, image.Image) {
	t.Helper()
	s := New()
	w := test.NewTempWindow(t, s)
	w.SetPadded(false)
	w.Resize(size)
	s.Set(l)
	return s, w.Canvas().Capture()
}

// below shows l in a strip, in a window width wide that lays out nothing,
// so the strip can be resized below its MinSize, as a split's column lays
// out a row.
func below(t *testing.T, l Line, width float32) (*fyne.Container, *Strip, fyne.Window) {
	t.Helper()
	c := container.NewWithoutLayout()
	s := New()
	c.Add(s)
	w := test.NewTempWindow(t, c)
	w.SetPadded(false)
	w.Resize(fyne.NewSize(width, 20))
	s.Set(l)
	return c, s, w
}

// near reports whether two colours are within a few steps of each other.
func near(a, b color.Color) bool {
	r1, g1, b1, _ := a.RGBA()
	r2, g2, b2, _ := b.RGBA()
	d := func(x, y uint32) bool { return x>>8 < y>>8+8 && y>>8 < x>>8+8 }
	return d(r1, r2) && d(g1, g2) && d(b1, b2)
}

// The chips are drawn in their colours, left to right after the lead, each
// with its text in ink that reads on it; the strip is one image.
func TestStripDrawsChipsInOneRaster(t *testing.T) {
	test.NewTempApp(t)
	red, blue := color.NRGBA{R: 0xe4, G: 0x57, B: 0x2e, A: 0xff}, color.NRGBA{R: 0x5f, G: 0xa8, B: 0xd3, A: 0xff}
	s, img := shown(t, Line{Lead: "2000-01-01", Chips: []Chip{{"1250", red}, {"7", blue}}}, fyne.NewSize(240, 20))
	objs := test.WidgetRenderer(s).Objects()
	if _, ok := objs[0].(*canvas.Image); len(objs) != 1 || !ok {
		t.Fatalf("the strip is %d objects (%T), want one image", len(objs), objs[0])
	}
	// Along the middle line: the lead's text, then red, then blue, and
	// within each chip pixels of another colour (its digits).
	y := img.Bounds().Dy() / 2
	var seen []string
	inChip := map[string]int{}
	cur := ""
	for x := 0; x < img.Bounds().Dx(); x++ {
		c := img.At(x, y)
		switch {
		case near(c, red):
			cur = "red"
		case near(c, blue):
			cur = "blue"
		default:
			if cur != "" {
				inChip[cur]++
			}
			continue
		}
		if len(seen) == 0 || seen[len(seen)-1] != cur {
			seen = append(seen, cur)
		}
	}
	if len(seen) < 2 || seen[0] != "red" || seen[len(seen)-1] != "blue" {
		t.Errorf("along the strip the chips' colours come %v, want red then blue", seen)
	}
	if inChip["red"] == 0 {
		t.Error("no text drawn on the red chip")
	}
	if m := s.MinSize(); m.Width < 100 || m.Height < 10 {
		t.Errorf("the strip asks for %v, want the room of its date and chips", m)
	}
}

// A tail longer than the strip is cut with an ellipsis, and the strip asks
// for no width for it.
func TestStripCutsTheTail(t *testing.T) {
	test.NewTempApp(t)
	s, _ := shown(t, Line{Chips: []Chip{{"claim", color.NRGBA{R: 0xf2, G: 0xc1, B: 0x4e, A: 0xff}}}, Tail: "alice  ·  12–20  ·  and on and on past the strip's width"}, fyne.NewSize(160, 20))
	reg, _ := s.faces()
	caption, _ := s.sizes()
	got := fit(reg, caption, s.Line().Tail, 100)
	if got == s.Line().Tail || got[len(got)-len("…"):] != "…" || advance(reg, caption, got) > 100 {
		t.Errorf("cut to 100 the tail is %q, want it shorter, ending in …", got)
	}
	if w := s.MinSize().Width; w != 0 {
		t.Errorf("a strip with a tail asks for %v of width, want none", w)
	}
}

// A line with a character the theme's font lacks or a script that needs
// shaping is drawn by Fyne's texts, as before the strip: nothing of it is
// lost or drawn as empty boxes.
func TestStripLeavesOtherScriptsToFyne(t *testing.T) {
	test.NewTempApp(t)
	for _, l := range []Line{
		{Chips: []Chip{{"claim", color.NRGBA{A: 0xff}}}, Tail: "alice  ·  ✎ a note"},
		{Chips: []Chip{{"دعویٰ", color.NRGBA{A: 0xff}}}, Tail: "alice"},
		{Lead: "۲۰۲۳-۱۱-۱۰"},
	} {
		s, _ := shown(t, l, fyne.NewSize(300, 20))
		var texts []string
		for _, o := range test.WidgetRenderer(s).Objects() {
			switch x := o.(type) {
			case *canvas.Raster:
				t.Errorf("%v is drawn as a raster", l)
			case *canvas.Text:
				if x.Text != "" {
					texts = append(texts, x.Text)
				}
			}
		}
		want := 0
		for _, c := range l.Chips {
			if c.Text != "" {
				want++
			}
		}
		if l.Lead != "" {
			want++
		}
		if l.Tail != "" {
			want++
		}
		if len(texts) != want {
			t.Errorf("%v is drawn as the texts %q, want %d", l, texts, want)
		}
	}
}

// A strip showing what another showed at the same size (the rows below a
// span added each take the line of the row above) uses the image already
// drawn; another line, or the same at another size, is drawn anew.
func TestStripReusesALineDrawn(t *testing.T) {
	test.NewTempApp(t)
	l := Line{Chips: []Chip{{"claim", color.NRGBA{R: 0xf2, G: 0xc1, B: 0x4e, A: 0xff}}}, Tail: "bench  ·  292–297"}
	a, _ := shown(t, l, fyne.NewSize(270, 20))
	b, _ := shown(t, Line{Tail: "another"}, fyne.NewSize(270, 20))
	ra, rb := test.WidgetRenderer(a).(*renderer), test.WidgetRenderer(b).(*renderer)
	first := ra.draw(270, 20)
	if got := rb.draw(270, 20); got == first {
		t.Fatal("another line was given the first line's image")
	}
	b.Set(l)
	if got := rb.draw(270, 20); got != first {
		t.Error("the same line at the same size was drawn again")
	}
	if got := rb.draw(300, 20); got == first {
		t.Error("the line at another size was given the image of the first size")
	}
}

// A frame's layout asks every strip in view its minimum size: asked again
// with nothing changed, it measures no text again; a line set anew (or
// another chip size) gives the size a new strip of that line has.
func TestMinSizeMeasuredOncePerLine(t *testing.T) {
	test.NewTempApp(t)
	red := color.NRGBA{R: 0xe4, G: 0x57, B: 0x2e, A: 0xff}
	short := Line{Lead: "2000-01-01", Chips: []Chip{{"7", red}}}
	long := Line{Lead: "2000-01-01", Chips: []Chip{{"7", red}, {"1250 figures", red}}}
	fresh := func(l Line, chip float32) fyne.Size {
		s := New()
		s.ChipSize = chip
		test.NewTempWindow(t, s)
		s.Set(l)
		return s.MinSize()
	}
	s, _ := shown(t, short, fyne.NewSize(240, 20))
	first := s.MinSize()
	before := measures
	for range 10 {
		if got := s.MinSize(); got != first {
			t.Fatalf("asked again, MinSize is %v, was %v", got, first)
		}
	}
	if n := measures - before; n != 0 {
		t.Errorf("ten more MinSize calls with nothing changed measured %d texts, want 0", n)
	}
	s.Set(long)
	if got, want := s.MinSize(), fresh(long, 0); got != want || got.Width <= first.Width {
		t.Errorf("after Set of a longer line MinSize is %v, want %v (a new strip's), wider than %v", got, want, first)
	}
	s.ChipSize = 20
	if got, want := s.MinSize(), fresh(long, 20); got != want {
		t.Errorf("with larger chips MinSize is %v, want %v", got, want)
	}
}

// A list refreshes its rows, and a row every object in it: a strip whose
// line, theme and size did not change does not refresh its raster, whose
// texture would be made and uploaded again at the next paint (issue 18: an
// open made twenty again, the rows of both lists); one whose line or theme
// changed does.
func TestRefreshKeepsTheTexture(t *testing.T) {
	a := test.NewTempApp(t)
	red := color.NRGBA{R: 0xe4, G: 0x57, B: 0x2e, A: 0xff}
	s := New()
	row := container.NewStack(s)
	w := test.NewTempWindow(t, row)
	w.Resize(fyne.NewSize(240, 30))
	s.Set(Line{Lead: "2000-01-01", Chips: []Chip{{"7", red}}})
	was := w.Canvas().Capture()
	before := refreshes
	row.Refresh()
	s.Refresh()
	if n := refreshes - before; n != 0 {
		t.Errorf("the row refreshed with its line unchanged: the raster refreshed %d times, want 0", n)
	}
	if !sameImage(was, w.Canvas().Capture()) {
		t.Error("the row refreshed with its line unchanged looks different")
	}
	before = refreshes
	s.Set(Line{Lead: "2000-01-01", Chips: []Chip{{"8", red}}})
	row.Refresh()
	if n := refreshes - before; n != 1 {
		t.Errorf("a count changed: the raster refreshed %d times, want 1", n)
	}
	before = refreshes
	a.Settings().SetTheme(theme.LightTheme())
	a.Settings().SetTheme(theme.DarkTheme())
	if n := refreshes - before; n == 0 {
		t.Error("the theme changed and the raster was not refreshed")
	}
}

func sameImage(a, b image.Image) bool {
	if a.Bounds() != b.Bounds() {
		return false
	}
	for y := a.Bounds().Min.Y; y < a.Bounds().Max.Y; y++ {
		for x := a.Bounds().Min.X; x < a.Bounds().Max.X; x++ {
			if a.At(x, y) != b.At(x, y) {
				return false
			}
		}
	}
	return true
}

// The image has the whole pixels the painter gave the raster it replaced
// (here the test driver's software painter, which rounds a raster's size
// up; the desktop's GL painter rounds it to the nearest), and is the
// strip's size, as the raster was: the painter draws it into the pixels
// it drew the raster into, not resampled nor drawn crisper.
func TestImageIsTheRastersPixels(t *testing.T) {
	test.NewTempApp(t)
	for _, c := range []struct {
		width float32
		want  int
	}{{240.4, 241}, {240.6, 241}, {240, 240}} {
		size := fyne.NewSize(c.width, 20.4)
		s, _ := shown(t, Line{Lead: "2000-01-01"}, size)
		img := test.WidgetRenderer(s).Objects()[0].(*canvas.Image)
		if got := img.Image.Bounds().Size(); got.X != c.want || got.Y != 21 {
			t.Errorf("a strip %v points is an image of %v pixels, want %d×21", size, got, c.want)
		}
		if img.Size() != s.Size() || s.Size() != size {
			t.Errorf("a strip %v points (laid out %v) has its image %v points, want the strip's", size, s.Size(), img.Size())
		}
	}
}

// A row narrower than its date line and chips (the article list at the
// window's smallest, in review: "2023-11-10 · 2 of 3 resolved") drew the
// lead whole, cut mid-word by the strip's edge, and the chips after it not
// at all. The lead is now cut with an ellipsis and the chips drawn whole,
// in the image and in Fyne's texts alike.
func TestStripCutsTheLeadForTheChips(t *testing.T) {
	test.NewTempApp(t)
	red, blue := color.NRGBA{R: 0xe4, G: 0x57, B: 0x2e, A: 0xff}, color.NRGBA{R: 0x5f, G: 0xa8, B: 0xd3, A: 0xff}
	c, s, w := below(t, Line{Lead: "2023-11-10 · 2 of 3 resolved (1 more by dana)", Chips: []Chip{{"3", red}, {"1", blue}}}, 200)
	s.Resize(fyne.NewSize(140, 20)) // as a split's column lays a row out, below its MinSize
	img := w.Canvas().Capture()
	seen := map[string]int{}
	y := int(10 * w.Canvas().Scale())
	for x := 0; x < int(140*w.Canvas().Scale()); x++ {
		switch c := img.At(x, y); {
		case near(c, red):
			seen["red"]++
		case near(c, blue):
			seen["blue"]++
		}
	}
	if seen["red"] == 0 || seen["blue"] == 0 {
		t.Errorf("in a strip narrower than its line the chips' pixels are %v, want both chips drawn", seen)
	}

	// A lead the image cannot draw (Urdu digits) goes to Fyne's texts,
	// cut the same way.
	p := New()
	c.Add(p)
	p.Set(Line{Lead: "۲۰۲۳-۱۱-۱۰ · 2 of 3 resolved (1 more by dana)", Chips: []Chip{{"3", red}}})
	p.Resize(fyne.NewSize(140, 20))
	objs := test.WidgetRenderer(p).Objects()
	var lead, chip *canvas.Text
	for _, o := range objs {
		if x, ok := o.(*canvas.Text); ok && x.Text != "" {
			if lead == nil {
				lead = x
			} else if chip == nil {
				chip = x
			}
		}
	}
	if lead == nil || chip == nil {
		t.Fatalf("the plain strip's texts are %v, want a lead and a chip", objs)
	}
	if !strings.HasSuffix(lead.Text, "…") || chip.Position().X+chip.Size().Width > 140 {
		t.Errorf("the plain lead is %q and its chip ends at %v, want it cut with … and the chip within 140", lead.Text, chip.Position().X+chip.Size().Width)
	}
}

// A strip too narrow for its chips draws them at the first level of
// Shorten that fits, whole, as an image and as Fyne's texts (a lead in
// Urdu digits) alike; without Shorten they are cut at its edge.
func TestStripShortensChipsThatDoNotFit(t *testing.T) {
	test.NewTempApp(t)
	red := color.NRGBA{R: 0xe4, G: 0x57, B: 0x2e, A: 0xff}
	chips := []Chip{{"9876", red}, {"12345", red}, {"3210", red}, {"1234", red}}
	short := func(text string, level int) (string, bool) {
		if level > 1 || len(text) < 4 {
			return "", false
		}
		return text[:len(text)-3] + "k", true
	}
	for _, lead := range []string{"2023-11-10", "۲۰۲۳-۱۱-۱۰"} {
		for _, width := range []float32{100, 400} {
			c := container.NewWithoutLayout()
			s := New()
			s.Shorten = short
			c.Add(s)
			w := test.NewTempWindow(t, c)
			w.Resize(fyne.NewSize(420, 20))
			s.Set(Line{Lead: lead, Chips: chips})
			s.Resize(fyne.NewSize(width, 20))
			w.Canvas().Capture()
			got, end := s.Drawn()
			want := []string{"9876", "12345", "3210", "1234"}
			if width < 200 {
				want = []string{"9k", "12k", "3k", "1k"}
			}
			if strings.Join(got, " ") != strings.Join(want, " ") || end > width+0.5 {
				t.Errorf("%s, %v wide: drawn %q ending at %.1f, want %q within it", lead, width, got, end, want)
			}
		}
	}
}

// A strip too narrow for its lead beside the chips draws the first of the
// lead's shorter forms that fits whole, and cuts only the last (in review,
// the article list at the window's least size: "2023-11-10  ·  0 o…" said
// neither the date nor the count; now "0 of 3 resolved", then "3 open").
// As an image and as Fyne's texts (a lead in Urdu digits) alike.
func TestStripDrawsAShorterLead(t *testing.T) {
	test.NewTempApp(t)
	red := color.NRGBA{R: 0xe4, G: 0x57, B: 0x2e, A: 0xff}
	for _, date := range []string{"2023-11-10", "۲۰۲۳-۱۱-۱۰"} {
		forms := []string{date + "  ·  0 of 3 resolved (1 more by dana)", "0 of 3 resolved (1 more by dana)", "3 open"}
		_, s, w := below(t, Line{Lead: forms[0], Shorter: forms[1:], Chips: []Chip{{"3", red}, {"1", red}}}, 600)
		last, seen := 0, map[int]bool{}
		for width := float32(500); width >= 20; width -= 5 {
			s.Resize(fyne.NewSize(width, 20)) // as a split's column lays a row out, below its MinSize
			w.Canvas().Capture()
			got := s.DrawnLead()
			i := slices.Index(forms, got)
			switch {
			case i >= 0 && i < last:
				t.Errorf("%s at %v: the strip draws %q after %q at a wider width", date, width, got, forms[last])
			case i >= 0:
				last, seen[i] = i, true
			case got != "" && !(strings.HasSuffix(got, "…") && strings.HasPrefix("3 open", strings.TrimSuffix(got, "…"))):
				t.Errorf("%s at %v: the strip draws %q, want one of %q whole or the last cut", date, width, got, forms)
			}
		}
		if len(seen) != len(forms) {
			t.Errorf("%s: from 500 to 20 wide the strip drew the forms %v of %q, want each", date, seen, forms)
		}
	}
}

// A lead cut to the last of its forms never ends inside a number: in
// review a row too narrow for "128 open" drew "12…" and "1…", read as 12
// and 1 open. The number goes whole or not at all ("…"), as an image and
// as Fyne's texts (a lead in Urdu digits) alike.
func TestStripNeverCutsACount(t *testing.T) {
	test.NewTempApp(t)
	red := color.NRGBA{R: 0xe4, G: 0x57, B: 0x2e, A: 0xff}
	for _, date := range []string{"2023-11-10", "۲۰۲۳-۱۱-۱۰"} {
		forms := []string{date + "  ·  0 of 128 resolved", "0 of 128 resolved", "128 open"}
		_, s, w := below(t, Line{Lead: forms[0], Shorter: forms[1:], Chips: []Chip{{"31", red}, {"12", red}}}, 600)
		cut := 0
		for width := float32(300); width >= 5; width-- {
			s.Resize(fyne.NewSize(width, 20)) // as a split's column lays a row out, below its MinSize
			w.Canvas().Capture()
			got := s.DrawnLead()
			if got == "" || slices.Contains(forms, got) {
				continue
			}
			cut++
			kept := []rune(strings.TrimSuffix(got, "…"))
			last := []rune(forms[2])
			if !strings.HasSuffix(got, "…") || !strings.HasPrefix(forms[2], string(kept)) {
				t.Errorf("%s at %v: the strip draws %q, want one of %q whole or the last cut", date, width, got, forms)
				continue
			}
			if n := len(kept); n > 0 && unicode.IsDigit(kept[n-1]) && unicode.IsDigit(last[n]) {
				t.Errorf("%s at %v: the strip draws %q, a count cut to read as another", date, width, got)
			}
		}
		if cut == 0 {
			t.Errorf("%s: from 300 to 5 wide the strip never cut %q: too wide to tell", date, forms[2])
		}
	}
}
