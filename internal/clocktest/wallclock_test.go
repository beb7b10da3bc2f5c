package clocktest

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"strings"
	"testing"
)

// wallClockAllowed are the files of internal/ that may read the wall clock
// themselves, and why.
var wallClockAllowed = map[string]string{
	"store/batch_postgres.go":         "a batch's deadline when no caller set one: a duration, not a stamp",
	"twilio/twiliotest/twiliotest.go": "the fake Twilio API stamps its messages as Twilio would",
}

// TestNoWallClock fails when code under internal/ calls time.Now,
// time.Since or time.Until: every component takes its clock from its
// caller (a Now func defaulting to time.Now is fine), so tests rule time.
func TestNoWallClock(t *testing.T) {
	t.Parallel()
	root := ".."
	fset := token.NewFileSet()
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return err
		}
		rel, _ := filepath.Rel(root, path)
		rel = filepath.ToSlash(rel)
		if strings.HasPrefix(rel, "clocktest/") || wallClockAllowed[rel] != "" {
			return nil
		}
		f, err := parser.ParseFile(fset, path, nil, 0)
		if err != nil {
			return err
		}
		ast.Inspect(f, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok {
				return true
			}
			sel, ok := call.Fun.(*ast.SelectorExpr)
			if !ok {
				return true
			}
			if pkg, ok := sel.X.(*ast.Ident); ok && pkg.Name == "time" {
				switch sel.Sel.Name {
				case "Now", "Since", "Until":
					t.Errorf("%s: time.%s() reads the wall clock; take the caller's clock", fset.Position(call.Pos()), sel.Sel.Name)
				}
			}
			return true
		})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
