package knowledge

import (
	"bytes"
	"embed"
	"encoding/csv"
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"
)

//go:embed data/china-division-2.7.0_provinces.csv data/china-division-2.7.0_cities.csv data/china-division-2.7.0_areas.csv
var divisionFiles embed.FS

// Tiers rank the divisions a name may mean; a higher tier is the more
// likely reading of a bare name.
const (
	tierProvince    = 50 // provinces and municipalities
	tierCity        = 40 // prefectures, municipal districts, province-administered cities
	tierCountyCity  = 32 // county-level cities (义乌市)
	tierCounty      = 30 // districts, counties, banners
	tierStatistical = 10 // development zones and other statistical units
)

// placeEntry is one division.
type placeEntry struct {
	region Region
	tier   int8
}

// placeCand is one reading of a name: the entry and its rank (tier, plus one
// when the name is the official full name).
type placeCand struct {
	entry int32
	rank  int16
}

// placeName is everything one name may mean.
type placeName struct {
	cands []placeCand // best first
	weak  bool        // also an everyday word: needs another place as context
	// products are what follows the name when it names a product, not a
	// place (茶 after 普洱).
	products []string
}

// The city-level rows of the division data that are not cities.
const (
	cityMunicipal    = "市辖区"
	cityMunicipalCty = "县" // 重庆's counties
)

// isProvinceAdministered reports whether a city-level row is the pseudo-city
// of the county-level cities a province administers directly.
func isProvinceAdministered(name string) bool {
	return name == "省直辖县级行政区划" || name == "自治区直辖县级行政区划"
}

// isStatistical reports whether a county code belongs to a development zone
// or other statistical-only unit (county part 71–79).
func isStatistical(code string) bool { return len(code) == 6 && code[4] == '7' }

// gazBuilder collects entries and names.
type gazBuilder struct {
	g   *Gazetteer
	ids map[string]int32
}

func buildGazetteer() (*Gazetteer, error) {
	b := &gazBuilder{g: &Gazetteer{lex: newLexicon()}, ids: make(map[string]int32)}
	provinces, err := readDivision("provinces", 2)
	if err != nil {
		return nil, err
	}
	cities, err := readDivision("cities", 3)
	if err != nil {
		return nil, err
	}
	areas, err := readDivision("areas", 4)
	if err != nil {
		return nil, err
	}
	provName := make(map[string]string, len(provinces))
	for _, p := range provinces {
		provName[p[0]] = p[1]
		r := Region{Province: p[1]}
		if strings.HasSuffix(p[1], "市") {
			r.City = p[1]
		}
		b.add(r, tierProvince, p[1], shortProvince(p[1]))
	}
	type cityRow struct{ name, province string }
	cityOf := make(map[string]cityRow, len(cities))
	for _, c := range cities {
		prov, ok := provName[c[2]]
		if !ok {
			return nil, fmt.Errorf("city %s: unknown province code %s", c[0], c[2])
		}
		cityOf[c[0]] = cityRow{c[1], prov}
		if c[1] == cityMunicipal || c[1] == cityMunicipalCty || isProvinceAdministered(c[1]) {
			continue
		}
		b.add(Region{Province: prov, City: c[1]}, tierCity, c[1], shortCity(c[1]))
	}
	for _, a := range areas {
		c, ok := cityOf[a[2]]
		if !ok {
			return nil, fmt.Errorf("area %s: unknown city code %s", a[0], a[2])
		}
		code, name := a[0], a[1]
		switch {
		case isStatistical(code):
			city := c.name
			if city == cityMunicipal || city == cityMunicipalCty {
				city = c.province
			}
			b.add(Region{Province: c.province, City: city, County: name}, tierStatistical, name, "")
		case c.name == cityMunicipal || c.name == cityMunicipalCty:
			b.add(Region{Province: c.province, City: c.province, County: name}, tierCity, name, shortCounty(name))
		case isProvinceAdministered(c.name):
			b.add(Region{Province: c.province, City: name}, tierCity, name, shortCounty(name))
		case name == c.name:
			// 东莞市 under 东莞市: the city itself.
		default:
			tier := int8(tierCounty)
			if strings.HasSuffix(name, "市") {
				tier = tierCountyCity
			}
			b.add(Region{Province: c.province, City: c.name, County: name}, tier, name, shortCounty(name))
		}
	}
	if err := b.addNicknames(); err != nil {
		return nil, err
	}
	for _, w := range weakPlaceNames {
		if id, ok := b.ids[w]; ok {
			b.g.names[id].weak = true
		}
	}
	for _, p := range placeProducts {
		id, ok := b.ids[p.name]
		if !ok {
			return nil, fmt.Errorf("product %s%s: unknown place name", p.name, p.after)
		}
		b.g.names[id].products = append(b.g.names[id].products, p.after)
	}
	for i := range b.g.names {
		slices.SortStableFunc(b.g.names[i].cands, func(x, y placeCand) int { return int(y.rank) - int(x.rank) })
	}
	return b.g, nil
}

// readDivision reads one of the embedded division CSVs, skipping the header
// and checking the number of columns.
func readDivision(kind string, columns int) ([][]string, error) {
	data, err := divisionFiles.ReadFile("data/china-division-2.7.0_" + kind + ".csv")
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", kind, err)
	}
	r := csv.NewReader(bytes.NewReader(data))
	r.FieldsPerRecord = columns
	rows, err := r.ReadAll()
	if err != nil {
		return nil, fmt.Errorf("parse %s: %w", kind, err)
	}
	if len(rows) < 2 {
		return nil, fmt.Errorf("parse %s: no rows", kind)
	}
	return rows[1:], nil
}

// add records a division under its full name and, when not empty, its short
// name.
func (b *gazBuilder) add(r Region, tier int8, full, short string) {
	id := int32(len(b.g.entries))
	b.g.entries = append(b.g.entries, placeEntry{region: r, tier: tier})
	b.name(full, placeCand{entry: id, rank: int16(tier)*2 + 1})
	if short != "" && short != full {
		b.name(short, placeCand{entry: id, rank: int16(tier) * 2})
	}
}

// name adds one reading of a name, keeping the better rank when the same
// entry is added twice.
func (b *gazBuilder) name(name string, c placeCand) {
	key := Fold(name)
	id, ok := b.ids[key]
	if !ok {
		id = int32(len(b.g.names))
		b.ids[key] = id
		b.g.names = append(b.g.names, placeName{})
		b.g.lex.add(key, id)
	}
	pn := &b.g.names[id]
	for k := range pn.cands {
		if pn.cands[k].entry == c.entry {
			pn.cands[k].rank = max(pn.cands[k].rank, c.rank)
			return
		}
	}
	pn.cands = append(pn.cands, c)
}

// addNicknames adds well-known other names of cities, each as a short name
// of a division that must exist.
func (b *gazBuilder) addNicknames() error {
	for _, nn := range placeNicknames {
		id, ok := b.ids[nn.of]
		if !ok {
			return fmt.Errorf("nickname %s: unknown division %s", nn.name, nn.of)
		}
		for _, c := range b.g.names[id].cands {
			if c.rank%2 == 1 { // the division whose full name this is
				b.name(nn.name, placeCand{entry: c.entry, rank: c.rank - 1})
			}
		}
	}
	return nil
}

// Suffixes of official names, longest first within each level.
var (
	provinceSuffixes = []string{"维吾尔自治区", "壮族自治区", "回族自治区", "自治区", "省", "市"}
	citySuffixes     = []string{"自治州", "地区", "盟", "市"}
	countySuffixes   = []string{"自治县", "自治旗", "新区", "林区", "市", "区", "县", "旗"}
)

func shortProvince(name string) string { return shortName(name, provinceSuffixes) }
func shortCity(name string) string     { return shortName(name, citySuffixes) }
func shortCounty(name string) string   { return shortName(name, countySuffixes) }

// shortName strips the first matching suffix and, for autonomous divisions,
// the ethnic designation (延边朝鲜族自治州 → 延边). It returns "" when the
// result would be shorter than two characters (东区, 和县).
func shortName(name string, suffixes []string) string {
	for _, suf := range suffixes {
		stem, ok := strings.CutSuffix(name, suf)
		if !ok {
			continue
		}
		if strings.Contains(suf, "自治") {
			stem = stripEthnic(stem)
		}
		if utf8.RuneCountInString(stem) < 2 {
			return ""
		}
		return stem
	}
	return ""
}

// stripEthnic cuts an autonomous division's stem before its first ethnic
// group name (恩施土家族苗族 → 恩施). When the division is named after the
// group itself (东乡族, 鄂伦春) the group's name is the short name.
func stripEthnic(stem string) string {
	cut := len(stem)
	for _, e := range ethnicGroups {
		for off := 0; off < cut; {
			k := strings.Index(stem[off:], e)
			if k < 0 {
				break
			}
			if pos := off + k; utf8.RuneCountInString(stem[:pos]) >= 2 {
				cut = min(cut, pos)
				break
			}
			off += k + len(e)
		}
	}
	if cut < len(stem) {
		return stem[:cut]
	}
	return strings.TrimSuffix(stem, "族")
}

// ethnicGroups are the names of China's ethnic groups as they appear in the
// names of autonomous divisions, plus 各 (龙胜各族自治县).
var ethnicGroups = strings.Fields("蒙古 回 藏 维吾尔 苗 彝 壮 布依 朝鲜 满 侗 瑶 白 土家 哈尼 哈萨克 傣 黎 傈僳 佤 畲 高山 拉祜 水 东乡 纳西 景颇 柯尔克孜 土 达斡尔 仫佬 羌 布朗 撒拉 毛南 仡佬 锡伯 阿昌 普米 塔吉克 怒 乌孜别克 俄罗斯 鄂温克 德昂 保安 裕固 京 塔塔尔 独龙 鄂伦春 赫哲 门巴 珞巴 基诺 各")

// placeNicknames are other names people use for a division: historical
// names, nicknames and clipped forms. of is the division's full name.
var placeNicknames = []struct{ name, of string }{
	{"内蒙", "内蒙古自治区"},
	{"襄樊", "襄阳市"},
	{"羊城", "广州市"},
	{"鹏城", "深圳市"},
	{"蓉城", "成都市"},
	{"泉城", "济南市"},
	{"冰城", "哈尔滨市"},
	{"春城", "昆明市"},
	{"鹭岛", "厦门市"},
	{"星城", "长沙市"},
	{"金陵", "南京市"},
	{"杭城", "杭州市"},
	{"魔都", "上海市"},
	{"帝都", "北京市"},
	{"苏州园区", "苏州工业园区"},
	{"苏州工业园", "苏州工业园区"},
	{"浦东区", "浦东新区"},
}

// placeProducts are products named after a place, mostly teas, which tea
// followers (茶艺师, 评茶师) mention without meaning the place: the name
// followed by after is not a place.
var placeProducts = []struct{ name, after string }{
	{"普洱", "茶"}, {"西湖", "龙井"}, {"安溪", "铁观音"}, {"黄山", "毛峰"}, {"信阳", "毛尖"},
	{"都匀", "毛尖"}, {"六安", "瓜片"}, {"祁门", "红茶"}, {"福鼎", "白茶"}, {"安吉", "白茶"},
	{"安化", "黑茶"}, {"君山", "银针"}, {"蒙山", "茶"}, {"大同", "小异"}, {"北京", "烤鸭"},
	{"云南", "白药"}, {"兰州", "拉面"}, {"沙县", "小吃"}, {"柳州", "螺蛳粉"}, {"景德镇", "瓷"},
}

// weakPlaceNames are names of divisions that are also everyday words, or
// occur inside them, in the questions followers ask (合作 is 合作市,
// 资源 is 资源县 and sits in 人力资源; 市中 is 市中区 and sits in 城市中心).
// They count as places only next to another place that contains them or
// that they contain.
var weakPlaceNames = strings.Fields(`
城区 郊区 矿区 东区 西区 和县 新县 南县 高县 市中 市中区 新市 新市区 新城 新城区 市北 市南 西市 城中 城东 城西 城北 城关
合作 资源 共和 公安 惠民 惠农 振兴 新建 通道 港口 长子 高明 平安 新兴 前进 复兴 和平 友好 友谊 同心 同仁 互助 大方 方正 解放
太平 江南 南部 中方 上街 小店 老城 站前 古城 光明 富民 富裕 爱民 开化 温泉 清水 龙门 红旗 工农 宏伟 桃源 凤凰 六合 博爱 安居 安定
民权 民乐 会同 长寿 长乐 长安 平和 平原 平房 满城 连城 灯塔 清新 清流 紫金 芙蓉 荷塘 钟楼 阳春 阳明 青山 前锋 和顺 新华 武功
弥勒 东方 东风 河口 滨海 龙井 天山 九龙 长白 黄龙 万全 万年 白云 向阳 天元 永安 新民 金山 西山 东山
阿里 兴业 江口 南关 北关 大观 名山 天心 团风 花山 太和 大通 大安 新安 石门 大东 中原 安平
`)
