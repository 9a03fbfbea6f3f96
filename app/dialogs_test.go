package app

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"go/types"
	"io/fs"
	"maps"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// TestDialogsGoThroughFrame: every dialog the window and its features
// show goes through frame.ShowDialog, or Escape does nothing to it. A
// dialog made with Fyne's dialog package and shown by its own Show, or by
// one of the package's Show… functions, is named here by file and line.
func TestDialogsGoThroughFrame(t *testing.T) {
	fset, byDir, err := appSources(".")
	if err != nil {
		t.Fatal(err)
	}
	var found []string
	for _, f := range slices.Concat(slices.Collect(maps.Values(byDir))...) {
		pkg := ""
		for _, imp := range f.Imports {
			if p, _ := strconv.Unquote(imp.Path.Value); p == "fyne.io/fyne/v2/dialog" {
				pkg = "dialog"
				if imp.Name != nil {
					pkg = imp.Name.Name
				}
			}
		}
		if pkg == "" {
			continue
		}
		fromPkg := func(e ast.Expr, prefix string) bool {
			if c, ok := e.(*ast.CallExpr); ok {
				e = c.Fun
			}
			sel, ok := e.(*ast.SelectorExpr)
			if !ok {
				return false
			}
			id, ok := sel.X.(*ast.Ident)
			return ok && id.Name == pkg && strings.HasPrefix(sel.Sel.Name, prefix)
		}
		var held map[string]bool // what holds a dialog made in the function
		ast.Inspect(f, func(n ast.Node) bool {
			switch x := n.(type) {
			case *ast.FuncDecl:
				held = map[string]bool{}
			case *ast.AssignStmt:
				for i, r := range x.Rhs {
					if i < len(x.Lhs) && fromPkg(r, "New") {
						held[types.ExprString(x.Lhs[i])] = true
					}
				}
			case *ast.CallExpr:
				sel, ok := x.Fun.(*ast.SelectorExpr)
				if !ok {
					return true
				}
				bypass := fromPkg(x.Fun, "Show") ||
					sel.Sel.Name == "Show" && len(x.Args) == 0 && (fromPkg(sel.X, "New") || held[types.ExprString(sel.X)])
				if bypass {
					found = append(found, fset.Position(x.Pos()).String()+": "+types.ExprString(x))
				}
			}
			return true
		})
	}
	slices.Sort(found)
	if len(found) > 0 {
		t.Errorf("dialogs shown past frame.ShowDialog, which Escape cannot close:\n%s", strings.Join(found, "\n"))
	}
}

// TestDialogWidgetsAreFrames: a dialog's widgets that take the keyboard
// are frame's (frame.Button, frame.Radio, frame.Text, frame.Entry…),
// which pass Escape to the dialog; Fyne's own (a widget.Button reached
// with Tab, a RadioGroup's option, a selectable Label) swallow it, and
// Escape did nothing. A function that makes a dialog with Fyne's dialog
// package, and the functions of its package it calls for the dialog's
// body, are searched for widgets of Fyne's that take the keyboard; each is
// named by file and line. (Fyne's file dialog is Fyne's, out of skein's
// reach; the other dialogs' buttons are frame's: TestNoFyneDialogButtons.)
func TestDialogWidgetsAreFrames(t *testing.T) {
	found, err := fyneKeyWidgetsInDialogs(".")
	if err != nil {
		t.Fatal(err)
	}
	if len(found) > 0 {
		t.Errorf("widgets of Fyne's that take the keyboard in a dialog, where Escape does nothing; use frame's:\n%s", strings.Join(found, "\n"))
	}
}

// frameDialogs are frame's constructors of Fyne's dialogs with frame's
// buttons.
var frameDialogs = map[string]bool{"NewCustomConfirm": true, "NewConfirm": true, "NewForm": true, "NewCustom": true, "NewInformation": true, "NewError": true}

// TestNoFyneDialogButtons: skein makes no dialog whose buttons Fyne's
// dialog package makes itself (Fyne's widget.Buttons, which keep Escape
// once Tab is on one), but frame's with frame's buttons; Fyne's file
// chooser is out of skein's reach. Each call is named by file and line.
func TestNoFyneDialogButtons(t *testing.T) {
	fset, byDir, err := appSources(".")
	if err != nil {
		t.Fatal(err)
	}
	var found []string
	for _, files := range byDir {
		for _, f := range files {
			dialogPkg := importName(f, "fyne.io/fyne/v2/dialog")
			ast.Inspect(f, func(n ast.Node) bool {
				if c, ok := n.(*ast.CallExpr); ok && dialogPkg != "" {
					if pkg, name := callee(c); pkg == dialogPkg && frameDialogs[strings.Replace(name, "Show", "New", 1)] {
						found = append(found, fset.Position(c.Pos()).String()+": "+types.ExprString(c.Fun)+" (use frame."+strings.Replace(name, "Show", "New", 1)+")")
					}
				}
				return true
			})
		}
	}
	slices.Sort(found)
	if len(found) > 0 {
		t.Errorf("dialogs with Fyne's own buttons, which keep Escape after Tab:\n%s", strings.Join(found, "\n"))
	}
}

// keyWidgets are the constructors of Fyne's widgets that take the keyboard
// and have one of frame's in their place.
var keyWidgets = map[string]string{
	"NewButton": "frame.NewButton", "NewButtonWithIcon": "frame.NewButton", "Button": "frame.Button",
	"NewRadioGroup": "frame.NewRadio", "RadioGroup": "frame.Radio",
	"NewCheck": "frame.NewCheck", "Check": "frame.Check",
	"NewSelect": "frame.NewSelect", "Select": "frame.Select",
	"NewSelectEntry": "frame.NewSelectEntry", "SelectEntry": "frame.SelectEntry",
	"NewEntry": "frame.NewEntry", "NewMultiLineEntry": "frame.NewMultiLineEntry", "Entry": "frame.Entry",
}

// fyneKeyWidgetsInDialogs lists, by file and line, the widgets of
// Fyne's that take the keyboard made in the packages under root by a
// function that makes a dialog, or by one it calls in its package: a call
// of keyWidgets, a literal of one, a Label made Selectable.
func fyneKeyWidgetsInDialogs(root string) ([]string, error) {
	fset, byDir, err := appSources(root)
	if err != nil {
		return nil, err
	}
	var found []string
	for _, files := range byDir {
		funcs := map[string]*ast.FuncDecl{} // the package's functions and methods, by name
		var dialogs []*ast.FuncDecl
		for _, f := range files {
			dialogPkg := importName(f, "fyne.io/fyne/v2/dialog")
			framePkg := importName(f, "github.com/skein-news/skein/app/frame")
			for _, d := range f.Decls {
				fd, ok := d.(*ast.FuncDecl)
				if !ok || fd.Body == nil {
					continue
				}
				funcs[fd.Name.Name] = fd
				if calls(fd, func(pkg, name string) bool {
					return pkg != "" && (pkg == dialogPkg && strings.HasPrefix(name, "New") || pkg == framePkg && frameDialogs[name])
				}) {
					dialogs = append(dialogs, fd)
				}
			}
		}
		searched := map[*ast.FuncDecl]bool{}
		search := func(fd *ast.FuncDecl) {
			if searched[fd] {
				return
			}
			searched[fd] = true
			found = append(found, fyneKeyWidgets(fset, fd, fileOf(files, fset, fd))...)
		}
		for _, fd := range dialogs {
			search(fd)
			calls(fd, func(pkg, name string) bool {
				if callee := funcs[name]; callee != nil && pkg == "" {
					search(callee)
				}
				return false
			})
		}
	}
	slices.Sort(found)
	return found, nil
}

// appSources parses the Go files below root but tests, by folder, past
// frame (which shows the dialogs, and makes its widgets of Fyne's) and
// testdata.
func appSources(root string) (*token.FileSet, map[string][]*ast.File, error) {
	fset := token.NewFileSet()
	byDir := map[string][]*ast.File{}
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if filepath.Base(path) == "frame" || d.Name() == "testdata" {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		f, err := parser.ParseFile(fset, path, nil, 0)
		if err != nil {
			return err
		}
		byDir[filepath.Dir(path)] = append(byDir[filepath.Dir(path)], f)
		return nil
	})
	return fset, byDir, err
}

// importName is the name file f gives the package imported as path, ""
// when it imports it not.
func importName(f *ast.File, path string) string {
	for _, imp := range f.Imports {
		if p, _ := strconv.Unquote(imp.Path.Value); p == path {
			if imp.Name != nil {
				return imp.Name.Name
			}
			return filepath.Base(path)
		}
	}
	return ""
}

// fileOf is the file of files that holds fd.
func fileOf(files []*ast.File, fset *token.FileSet, fd *ast.FuncDecl) *ast.File {
	for _, f := range files {
		if fset.File(f.Pos()) == fset.File(fd.Pos()) {
			return f
		}
	}
	return nil
}

// calls reports whether fd calls a function match accepts: pkg is the
// package of a call pkg.Name(…), "" for name(…) or x.name(…) on a value.
func calls(fd *ast.FuncDecl, match func(pkg, name string) bool) bool {
	hit := false
	ast.Inspect(fd.Body, func(n ast.Node) bool {
		if c, ok := n.(*ast.CallExpr); ok && !hit {
			pkg, name := callee(c)
			hit = name != "" && match(pkg, name)
		}
		return !hit
	})
	return hit
}

// callee is the package and name of what c calls: pkg is "" but for
// pkg.Name(…) (an identifier the file declares not, so a package's).
func callee(c *ast.CallExpr) (pkg, name string) {
	switch fn := c.Fun.(type) {
	case *ast.Ident:
		return "", fn.Name
	case *ast.SelectorExpr:
		if id, ok := fn.X.(*ast.Ident); ok && id.Obj == nil {
			return id.Name, fn.Sel.Name
		}
		return "", fn.Sel.Name
	}
	return "", ""
}

// fyneKeyWidgets are the widgets of Fyne's that take the keyboard made in
// fd, of file f: calls and literals of keyWidgets, Labels made Selectable.
func fyneKeyWidgets(fset *token.FileSet, fd *ast.FuncDecl, f *ast.File) []string {
	w := importName(f, "fyne.io/fyne/v2/widget")
	if w == "" {
		return nil
	}
	var found []string
	say := func(n ast.Node, what, use string) {
		found = append(found, fmt.Sprintf("%s: %s (in %s; use %s)", fset.Position(n.Pos()), what, fd.Name.Name, use))
	}
	ast.Inspect(fd.Body, func(n ast.Node) bool {
		switch x := n.(type) {
		case *ast.CallExpr:
			if pkg, name := callee(x); pkg == w && keyWidgets[name] != "" {
				say(x, w+"."+name, keyWidgets[name])
			}
		case *ast.CompositeLit:
			if sel, ok := x.Type.(*ast.SelectorExpr); ok {
				if id, ok := sel.X.(*ast.Ident); ok && id.Name == w && keyWidgets[sel.Sel.Name] != "" {
					say(x, w+"."+sel.Sel.Name+"{…}", keyWidgets[sel.Sel.Name])
				}
			}
		case *ast.AssignStmt:
			for i, l := range x.Lhs {
				sel, ok := l.(*ast.SelectorExpr)
				if ok && sel.Sel.Name == "Selectable" && i < len(x.Rhs) && types.ExprString(x.Rhs[i]) != "false" {
					say(x, "a selectable Label", "frame.NewText")
				}
			}
		}
		return true
	})
	return found
}
