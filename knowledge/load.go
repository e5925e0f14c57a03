package knowledge

import (
	"cmp"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"slices"
	"strings"
	"time"
)

// places resolves the place names of a KB. *Gazetteer is the one Load uses;
// tests may give their own.
type places interface {
	City(name string) (Region, bool)
	County(city, name string) []Region
}

// The folders of a KB (kb-format.md).
const (
	dirInstitutions = "institutions"
	dirNotes        = "notes"
	dirEvents       = "events"
)

// LoadDir loads the knowledge base in the directory dir, as Load does with
// os.DirFS(dir) and dir as the source. It fails when dir does not exist or is
// not a directory.
func LoadDir(dir string) (*Base, error) {
	info, err := os.Stat(dir)
	if err != nil {
		return nil, fmt.Errorf("load KB: %w", err)
	}
	if !info.IsDir() {
		return nil, fmt.Errorf("load KB: %s is not a directory", dir)
	}
	return Load(os.DirFS(dir), dir)
}

// Load reads, validates and assembles the knowledge base in fsys:
// institutions/*.csv and *.xlsx, notes/*.md and events/*.md, in any
// subfolder; other files, hidden files and spreadsheet lock files (~$x.xlsx)
// are ignored. source says where fsys comes from ("built-in", a directory)
// and is kept in Base.Source.
//
// When anything in the KB is wrong Load returns (nil, *ValidationError)
// listing every problem, so that a curator can fix them all in one pass; a KB
// with none of the three folders is such a problem too. A file that cannot be
// read at all is an I/O error, returned wrapped.
//
// Rows with the same 城市 and 机构名称 become one Institution; institutions
// are sorted by province, city, county and name, notes by id, events by date.
// City and county names are normalised with DefaultGazetteer.
func Load(fsys fs.FS, source string) (*Base, error) {
	return load(fsys, source, DefaultGazetteer())
}

// load is Load with the place resolver given.
func load(fsys fs.FS, source string, pl places) (*Base, error) {
	l := newLoader(pl)
	found := 0
	for _, d := range []struct {
		dir  string
		read func(name string, data []byte)
	}{
		{dirInstitutions, l.readInstitutionFile},
		{dirNotes, l.readNote},
		{dirEvents, l.readEvent},
	} {
		ok, err := walkKB(fsys, d.dir, d.read)
		if err != nil {
			return nil, fmt.Errorf("load KB %s: %w", source, err)
		}
		if ok {
			found++
		}
	}
	if found == 0 {
		l.ps.file("", "", 0, "no institutions, notes or events folder found in %s: is this a knowledge base?", source)
	}
	if err := l.ps.err(); err != nil {
		return nil, err
	}
	slices.SortFunc(l.notes, func(a, b Note) int { return strings.Compare(a.ID, b.ID) })
	slices.SortFunc(l.events, func(a, b Event) int {
		return cmp.Or(a.Date.Compare(b.Date), strings.Compare(a.ID, b.ID))
	})
	return &Base{
		Institutions: l.institutions(),
		Notes:        l.notes,
		Events:       l.events,
		Source:       source,
		LoadedAt:     time.Now(),
	}, nil
}

// walkKB calls read for every file under dir in fsys, in lexical order,
// skipping hidden files and folders and lock files. It reports whether dir
// exists; an error is a failure to read.
func walkKB(fsys fs.FS, dir string, read func(name string, data []byte)) (bool, error) {
	if _, err := fs.Stat(fsys, dir); errors.Is(err, fs.ErrNotExist) {
		return false, nil
	}
	err := fs.WalkDir(fsys, dir, func(name string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		base := d.Name()
		if name != dir && (strings.HasPrefix(base, ".") || strings.HasPrefix(base, "~$")) {
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if d.IsDir() {
			return nil
		}
		data, err := fs.ReadFile(fsys, name)
		if err != nil {
			return err
		}
		read(name, data)
		return nil
	})
	return true, err
}

// loader accumulates one load: the problems found so far, the institutions
// being grouped, and caches that keep 100,000 rows fast.
type loader struct {
	places places
	ps     problems

	groups   map[string]*group // by city + "\x00" + institution name
	cities   map[string]cityResult
	counties map[string]countyResult
	levels   map[string]levelResult
	ids      map[string]string // note and event ids → the file that defines them
	notes    []Note
	events   []Event
}

// group is an institution being assembled from its rows.
type group struct {
	inst      Institution
	kindFile  string // where the institution's kind was first given
	kindSheet string
	kindLine  int
	seen      map[string]bool // authorization keys, to drop exact duplicates
}

func newLoader(pl places) *loader {
	return &loader{
		places:   pl,
		groups:   make(map[string]*group),
		cities:   make(map[string]cityResult),
		counties: make(map[string]countyResult),
		levels:   make(map[string]levelResult),
		ids:      make(map[string]string),
	}
}

// readInstitutionFile reads one file of the institutions folder by its
// extension; files of other kinds are ignored.
func (l *loader) readInstitutionFile(name string, data []byte) {
	switch strings.ToLower(path.Ext(name)) {
	case ".csv":
		l.readCSV(name, data)
	case ".xlsx":
		l.readXLSX(name, data)
	case ".xls", ".et":
		l.ps.file(name, "", 0, "this old spreadsheet format cannot be read: save it as .xlsx or as CSV UTF-8 (另存为 .xlsx 或 CSV UTF-8)")
	}
}

// institutions returns the grouped institutions in a deterministic order.
func (l *loader) institutions() []Institution {
	out := make([]Institution, 0, len(l.groups))
	for _, g := range l.groups {
		out = append(out, g.inst)
	}
	slices.SortFunc(out, func(a, b Institution) int {
		return cmp.Or(
			strings.Compare(a.Province, b.Province),
			strings.Compare(a.City, b.City),
			strings.Compare(a.County, b.County),
			strings.Compare(a.Name, b.Name),
		)
	})
	return out
}

// institutionID derives an institution's stable id from its city and name.
func institutionID(city, name string) string {
	sum := sha256.Sum256([]byte(city + "\x00" + name))
	return "inst-" + hex.EncodeToString(sum[:6])
}
