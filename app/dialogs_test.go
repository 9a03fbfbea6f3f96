package app

import (
	"go/ast"
	"go/parser"
	"go/token"
	"go/types"
	"io/fs"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// TestDialogsGoThroughFrame: every dialog the window and its features
// show goes through frame.ShowDialog, or Escape does nothing to it. A
// dialog made with Fyne's dialog package and shown by its own Show, or by
// one of the package's Show… functions, is named here by file and line.
func TestDialogsGoThroughFrame(t *testing.T) {
	fset := token.NewFileSet()
	var found []string
	err := filepath.WalkDir(".", func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if path == "frame" || d.Name() == "testdata" {
				return filepath.SkipDir // frame shows them
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
			return nil
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
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(found) > 0 {
		t.Errorf("dialogs shown past frame.ShowDialog, which Escape cannot close:\n%s", strings.Join(found, "\n"))
	}
}
