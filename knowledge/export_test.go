package knowledge

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
)

func TestWriteDir(t *testing.T) {
	src := fstest.MapFS{
		"institutions/a.csv": {Data: []byte("城市,机构名称,机构类型,职业名称,认定等级\n金华,甲协会,行业协会,电工,三级\n")},
		"notes/n.md":         {Data: []byte("---\nid: n\ntitle: 笔记\n---\n正文\n")},
	}
	dir := filepath.Join(t.TempDir(), "kb")
	if err := WriteDir(src, dir); err != nil {
		t.Fatalf("WriteDir: %v", err)
	}
	for name, f := range src {
		got, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil || string(got) != string(f.Data) {
			t.Errorf("%s = %q, %v", name, got, err)
		}
	}
	b, err := load(os.DirFS(dir), dir, testPlaces{})
	if err != nil || len(b.Institutions) != 1 || len(b.Notes) != 1 {
		t.Errorf("written KB does not load back: %v, %v", b, err)
	}

	// A second run refuses to overwrite and writes nothing.
	src["events/e.md"] = &fstest.MapFile{Data: []byte("---\nid: e\ntitle: 活动\ndate: 2026-12-06\n---\n")}
	if err := os.WriteFile(filepath.Join(dir, "notes/n.md"), []byte("edited"), 0o644); err != nil {
		t.Fatal(err)
	}
	err = WriteDir(src, dir)
	if !errors.Is(err, fs.ErrExist) || !strings.Contains(err.Error(), filepath.Join(dir, "institutions", "a.csv")) {
		t.Errorf("WriteDir over an existing KB: %v", err)
	}
	if _, err := os.Stat(filepath.Join(dir, "events/e.md")); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("WriteDir wrote a file before refusing: %v", err)
	}
	if got, _ := os.ReadFile(filepath.Join(dir, "notes/n.md")); string(got) != "edited" {
		t.Errorf("existing file overwritten: %q", got)
	}
}
