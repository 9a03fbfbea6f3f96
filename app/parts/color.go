package parts

import (
	"image/color"
	"strconv"
)

// HexColor parses "#rrggbb"; anything else is a neutral grey, so a label
// with a bad colour is still shown.
func HexColor(s string) color.NRGBA {
	grey := color.NRGBA{R: 0x9a, G: 0xa5, B: 0xb1, A: 0xff}
	if len(s) != 7 || s[0] != '#' {
		return grey
	}
	v, err := strconv.ParseUint(s[1:], 16, 32)
	if err != nil {
		return grey
	}
	return color.NRGBA{R: uint8(v >> 16), G: uint8(v >> 8), B: uint8(v), A: 0xff}
}

// InkOn returns a text colour that reads on background c: near-black on
// light colours, white on dark ones.
func InkOn(c color.Color) color.Color {
	r, g, b, _ := c.RGBA()
	// Relative luminance, close enough with the gamma left in.
	l := (0.2126*float64(r) + 0.7152*float64(g) + 0.0722*float64(b)) / 0xffff
	if l > 0.45 {
		return color.NRGBA{R: 0x1d, G: 0x1d, B: 0x1f, A: 0xff}
	}
	return color.White
}

// Shade darkens (f < 1) or lightens (f > 1) c, for hover feedback.
func Shade(c color.NRGBA, f float64) color.NRGBA {
	s := func(v uint8) uint8 {
		x := float64(v) * f
		if f > 1 {
			x = float64(v) + (255-float64(v))*(f-1)
		}
		if x > 255 {
			x = 255
		}
		return uint8(x)
	}
	return color.NRGBA{R: s(c.R), G: s(c.G), B: s(c.B), A: c.A}
}
