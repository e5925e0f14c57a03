package knowledge

// CONTRACT STUB: the gazetteer helper replaces the bodies; signatures are fixed.

// Gazetteer resolves Chinese place names (provinces, prefecture-level cities,
// counties and districts, full or short) from the embedded administrative
// divisions.
type Gazetteer struct{}

// PlaceMatch is one place name found in a text.
type PlaceMatch struct {
	Text       string   // the words as typed, e.g. 义乌
	Start, End int      // byte offsets in the text
	Candidates []Region // more than one when the name is ambiguous (吉林, 朝阳, 鼓楼区)
}

// DefaultGazetteer returns the gazetteer built from the embedded division
// data. It is built once, on first use, and is safe for concurrent use.
func DefaultGazetteer() *Gazetteer { return &Gazetteer{} }

// City normalises a prefecture-level city name as curators and followers write
// it (金华, 金华市, 上海) to its Region with Province filled in.
func (g *Gazetteer) City(name string) (Region, bool) { return Region{}, false }

// County resolves a county or district name (义乌, 义乌市, 萧山区) within a
// city when city is not empty, else anywhere; more than one result means it
// is ambiguous.
func (g *Gazetteer) County(city, name string) []Region { return nil }

// Find returns every place name mentioned in text, longest match first at each
// position, in order of appearance.
func (g *Gazetteer) Find(text string) []PlaceMatch { return nil }
