package knowledge

// CONTRACT STUB: the catalog helper replaces the bodies; signatures are fixed.

// Occupation is an occupation of the 职业分类大典.
type Occupation struct {
	Code string // 4-10-01-02
	Name string // 育婴员
	// Aliases are the words people use for it (月嫂 for 育婴员, 厨师 for 中式烹调师)
	// and former names (保育员 for 保育师).
	Aliases []string
}

// Catalog is the occupation catalog with the words followers use.
type Catalog struct{}

// OccupationMatch is one occupation word found in a text.
type OccupationMatch struct {
	Text       string // as typed: 月嫂
	Start, End int    // byte offsets
	Occupation Occupation
}

// DefaultCatalog returns the catalog built from the embedded occupation data
// and alias table. Built once on first use; safe for concurrent use.
func DefaultCatalog() *Catalog { return &Catalog{} }

// Lookup returns the occupation with this official name, former name or alias.
func (c *Catalog) Lookup(name string) (Occupation, bool) { return Occupation{}, false }

// Find returns the occupations mentioned in text, longest match first.
func (c *Catalog) Find(text string) []OccupationMatch { return nil }
