package fonts

import (
	_ "embed"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
)

// Fyne draws a missing glyph (a box) after an arrow followed by a space in
// every text it shapes: labels, menus, fields and the article itself
// ("Kabul →□ Islamabad"). Its text font, Noto Sans, has no arrows, so an
// arrow is drawn in its bundled symbol font, InterSymbols-Regular.ttf: the
// 23 arrows and key symbols (← → ↑ ↓ ⇧ ⌫ …) of Inter that Fyne's
// theme/gen.go cuts out of Inter-Regular.ttf, without a space. The text
// shaper keeps a space in the font of the run before it (go-text's
// shaping.splitByFace: "we assume that all fonts have the ASCII space"),
// and that font has none.
//
// InterSymbols-Spaced.ttf is the same cut with Inter's spaces added:
//
//	pyftsubset $(go env GOMODCACHE)/fyne.io/fyne/v2@v2.8.1/theme/font/Inter-Regular.ttf \
//	  --output-file=InterSymbols-Spaced.ttf \
//	  --unicodes=0020,00A0,2000-200A,202F,205F,2190,2191,2192,2193,2196,2198,21A9,21AA,21B3,21B5,21DE,21DF,21E4,21E5,21E7,2303,2318,2325,2326,232B,238B,2423,2756
//
// (Debian's fonttools; without the spaces the same command makes a file
// of Fyne's size, 8,912 bytes.) It takes the place of Fyne's file in
// Fyne's own resource before anything is drawn, so that every text of
// the window has it, with the same arrows.
//
//go:embed InterSymbols-Spaced.ttf
var spacedSymbols []byte

// symbolsSpaced tells whether Fyne's symbol font was given its spaces.
var symbolsSpaced = spaceSymbols()

// SymbolsSpaced tells whether Fyne's symbol font has the spaces skein
// gives it: false where a Fyne of another shape keeps it elsewhere.
func SymbolsSpaced() bool { return symbolsSpaced }

// spaceSymbols puts spacedSymbols in Fyne's symbol font resource, as
// the package's variables are set: before any text is shaped, whose
// fonts Fyne reads once and caches.
func spaceSymbols() bool {
	r, ok := theme.DefaultSymbolFont().(*fyne.StaticResource)
	if !ok || r.StaticName != "InterSymbols-Regular.ttf" {
		return false
	}
	r.StaticContent = spacedSymbols
	return true
}
