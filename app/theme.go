package app

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
)

// Theme choices, as remembered in the preferences under prefTheme.
const (
	themeSystem = ""
	themeLight  = "light"
	themeDark   = "dark"
)

// skeinTheme is Fyne's default theme with a calmer accent, a selection
// colour that does not compete with the label colours, and an optional
// fixed light or dark variant chosen in the View menu.
type skeinTheme struct {
	mode string // themeSystem, themeLight or themeDark
}

var _ fyne.Theme = (*skeinTheme)(nil)

func (t *skeinTheme) variant(v fyne.ThemeVariant) fyne.ThemeVariant {
	switch t.mode {
	case themeLight:
		return theme.VariantLight
	case themeDark:
		return theme.VariantDark
	}
	return v
}

// Color returns the default theme's colour, except the accent and the
// surfaces of the panels.
func (t *skeinTheme) Color(n fyne.ThemeColorName, v fyne.ThemeVariant) color.Color {
	v = t.variant(v)
	dark := v == theme.VariantDark
	switch n {
	case theme.ColorNameForeground:
		// Darker than Fyne's light grey and softer than its dark-theme
		// white: the article is read for hours.
		if dark {
			return color.NRGBA{R: 0xe4, G: 0xe4, B: 0xe6, A: 0xff}
		}
		return color.NRGBA{R: 0x23, G: 0x26, B: 0x2b, A: 0xff}
	case theme.ColorNamePrimary:
		if dark {
			return color.NRGBA{R: 0x7c, G: 0x9c, B: 0xf5, A: 0xff}
		}
		return color.NRGBA{R: 0x3b, G: 0x5b, B: 0xdb, A: 0xff}
	case theme.ColorNameSelection:
		if dark {
			return color.NRGBA{R: 0x7c, G: 0x9c, B: 0xf5, A: 0x40}
		}
		return color.NRGBA{R: 0x3b, G: 0x5b, B: 0xdb, A: 0x2a}
	case theme.ColorNameFocus:
		if dark {
			return color.NRGBA{R: 0x7c, G: 0x9c, B: 0xf5, A: 0x50}
		}
		return color.NRGBA{R: 0x3b, G: 0x5b, B: 0xdb, A: 0x40}
	case theme.ColorNameBackground:
		if dark {
			return color.NRGBA{R: 0x1c, G: 0x1d, B: 0x21, A: 0xff}
		}
		return color.NRGBA{R: 0xfb, G: 0xfa, B: 0xf7, A: 0xff}
	case theme.ColorNameDisabled:
		// Fyne draws low-importance labels (counts, qualifiers, hints) in
		// the disabled colour; its default was too faint to read on dark.
		if dark {
			return color.NRGBA{R: 0x8e, G: 0x92, B: 0x9a, A: 0xff}
		}
		return color.NRGBA{R: 0x7a, G: 0x7f, B: 0x87, A: 0xff}
	case theme.ColorNameHeaderBackground, theme.ColorNameMenuBackground, theme.ColorNameOverlayBackground:
		if dark {
			return color.NRGBA{R: 0x26, G: 0x27, B: 0x2c, A: 0xff}
		}
		return color.NRGBA{R: 0xf1, G: 0xef, B: 0xea, A: 0xff}
	}
	return theme.DefaultTheme().Color(n, v)
}

// Font returns the default theme's font.
func (t *skeinTheme) Font(s fyne.TextStyle) fyne.Resource { return theme.DefaultTheme().Font(s) }

// Icon returns the default theme's icon.
func (t *skeinTheme) Icon(n fyne.ThemeIconName) fyne.Resource { return theme.DefaultTheme().Icon(n) }

// Size returns the default theme's size.
func (t *skeinTheme) Size(n fyne.ThemeSizeName) float32 { return theme.DefaultTheme().Size(n) }
