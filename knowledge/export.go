package knowledge

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// WriteDir copies every file of the knowledge base fsys (the built-in one,
// for `advisor kb init DIR`) into dir, creating dir and its folders as
// needed. It never overwrites: when any file to be written already exists,
// WriteDir writes nothing and returns an error naming that file and wrapping
// fs.ErrExist.
func WriteDir(fsys fs.FS, dir string) error {
	var files []string
	err := fs.WalkDir(fsys, ".", func(name string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() {
			files = append(files, name)
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("write KB to %s: %w", dir, err)
	}
	for _, name := range files {
		dst := filepath.Join(dir, filepath.FromSlash(name))
		if _, err := os.Lstat(dst); err == nil {
			return fmt.Errorf("write KB to %s: %s: %w; not overwriting it", dir, dst, fs.ErrExist)
		}
	}
	for _, name := range files {
		if err := copyFile(fsys, name, filepath.Join(dir, filepath.FromSlash(name))); err != nil {
			return fmt.Errorf("write KB to %s: %w", dir, err)
		}
	}
	return nil
}

// copyFile writes the file name of fsys to dst, which must not exist.
func copyFile(fsys fs.FS, name, dst string) error {
	data, err := fs.ReadFile(fsys, name)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
		return err
	}
	f, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return err
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
