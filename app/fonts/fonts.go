// Package fonts holds the typefaces skein embeds for the scripts of its
// region that Fyne's bundled fonts lack: Urdu in Nastaliq, Arabic, Persian
// and Pashto in Naskh, and Hindi in Devanagari. They are Noto fonts under
// the SIL Open Font License (OFL.txt beside them). Other scripts (Bengali,
// Chinese, …) fall back to the system's fonts through Fyne.
package fonts

import (
	"bytes"
	_ "embed"
	"sync"

	"fyne.io/fyne/v2"
	"github.com/go-text/typesetting/font"
)

var (
	//go:embed NotoNastaliqUrdu-Regular.ttf
	nastaliq []byte
	//go:embed NotoNaskhArabic-Regular.ttf
	naskh []byte
	//go:embed NotoSansDevanagari-Regular.ttf
	devanagari []byte
)

// A Font is one embedded typeface: the resource a canvas.Text draws with
// (its FontSource) and the parsed face the same text is measured with.
type Font struct {
	Res fyne.Resource

	once sync.Once
	face *font.Face
}

// Face returns the parsed face, parsing it on first use.
func (f *Font) Face() *font.Face {
	f.once.Do(func() {
		face, err := font.ParseTTF(bytes.NewReader(f.Res.Content()))
		if err != nil {
			// The files are embedded and tested: this cannot happen at run time.
			panic("fonts: " + f.Res.Name() + ": " + err.Error())
		}
		f.face = face
	})
	return f.face
}

// The embedded fonts.
var (
	Nastaliq   = &Font{Res: fyne.NewStaticResource("NotoNastaliqUrdu-Regular.ttf", nastaliq)}
	Naskh      = &Font{Res: fyne.NewStaticResource("NotoNaskhArabic-Regular.ttf", naskh)}
	Devanagari = &Font{Res: fyne.NewStaticResource("NotoSansDevanagari-Regular.ttf", devanagari)}
)
