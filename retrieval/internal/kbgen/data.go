package kbgen

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
)

// ErrNoData is returned when a directory holds no division or occupation
// files.
var ErrNoData = errors.New("kbgen: reference data not found")

// LoadCities reads the prefecture-level cities and their counties from the
// china-division CSVs in dir (files named *provinces.csv, *cities.csv and
// *areas.csv, with columns code,name[,cityCode],provinceCode). A
// municipality's "市辖区" city becomes the municipality (上海市); the
// pseudo-cities of directly administered counties are skipped.
func LoadCities(dir string) ([]City, error) {
	provs, err := readTable(dir, "*provinces.csv")
	if err != nil {
		return nil, err
	}
	cities, err := readTable(dir, "*cities.csv")
	if err != nil {
		return nil, err
	}
	areas, err := readTable(dir, "*areas.csv")
	if err != nil {
		return nil, err
	}
	provName := make(map[string]string)
	for _, p := range provs {
		provName[p["code"]] = p["name"]
	}
	counties := make(map[string][]string)
	for _, a := range areas {
		counties[a["cityCode"]] = append(counties[a["cityCode"]], a["name"])
	}
	var out []City
	for _, c := range cities {
		prov, name := provName[c["provinceCode"]], c["name"]
		switch {
		case strings.Contains(name, "直辖县级行政区划"):
			continue
		case name == "市辖区":
			name = prov
		}
		out = append(out, City{Province: prov, Name: name, Counties: counties[c["code"]]})
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("%w: no cities in %s", ErrNoData, dir)
	}
	return out, nil
}

// LoadOccupations reads the name column of the occupation catalog CSV at
// path (occupations-2022.csv: code,name,...).
func LoadOccupations(path string) ([]string, error) {
	rows, err := readFile(path)
	if err != nil {
		return nil, err
	}
	var out []string
	for _, r := range rows {
		if n := r["name"]; n != "" {
			out = append(out, n)
		}
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("%w: no occupations in %s", ErrNoData, path)
	}
	return out, nil
}

// readTable reads the one file in dir matching pattern.
func readTable(dir, pattern string) ([]map[string]string, error) {
	files, err := filepath.Glob(filepath.Join(dir, pattern))
	if err != nil {
		return nil, err
	}
	if len(files) == 0 {
		return nil, fmt.Errorf("%w: no %s in %s", ErrNoData, pattern, dir)
	}
	return readFile(files[0])
}

// readFile reads a CSV with a header row into one map per row.
func readFile(path string) (rows []map[string]string, err error) {
	f, err := os.Open(path)
	if err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return nil, fmt.Errorf("%w: %v", ErrNoData, err)
		}
		return nil, err
	}
	defer f.Close()
	r := csv.NewReader(f)
	r.FieldsPerRecord = -1
	header, err := r.Read()
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", path, err)
	}
	for {
		rec, err := r.Read()
		if err == io.EOF {
			return rows, nil
		}
		if err != nil {
			return nil, fmt.Errorf("read %s: %w", path, err)
		}
		row := make(map[string]string, len(header))
		for i, h := range header {
			if i < len(rec) {
				row[strings.TrimPrefix(h, "\ufeff")] = rec[i]
			}
		}
		rows = append(rows, row)
	}
}
