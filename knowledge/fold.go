package knowledge

import (
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"
)

// Fold normalises text the way followers type it so that dictionary lookups
// compare equal: full-width ASCII becomes half-width (ＨＲ → hr, ？ → ?),
// ASCII letters become lower case, common traditional characters become
// simplified (義烏電工證 → 义乌电工证), runs of white space become one space,
// and white space next to a Chinese character or punctuation is dropped
// ("义乌 直播 带货" → "义乌直播带货"). The result is trimmed.
//
// Fold maps each kept rune to exactly one rune, so only dropped white space
// changes positions.
func Fold(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	pendingSpace := false
	var last rune
	for _, r := range s {
		if isBlank(r) {
			pendingSpace = pendingSpace || (b.Len() > 0 && unicode.IsSpace(r))
			continue
		}
		r = foldRune(r)
		if pendingSpace && isWordRune(last) && isWordRune(r) {
			b.WriteByte(' ')
		}
		pendingSpace = false
		b.WriteRune(r)
		last = r
	}
	return b.String()
}

// isBlank reports whether r is white space or an invisible formatting
// character that followers' keyboards insert.
func isBlank(r rune) bool {
	switch r {
	case '\u200b', '\u200c', '\u200d', '\u2060', '\ufeff':
		return true
	}
	return unicode.IsSpace(r)
}

// isWordRune reports whether r belongs to an ASCII-like word, between which a
// space is meaningful ("hello world").
func isWordRune(r rune) bool {
	return r < utf8.RuneSelf && (unicode.IsLetter(r) || unicode.IsDigit(r))
}

// foldRune maps one rune: width, case and traditional → simplified.
func foldRune(r rune) rune {
	switch {
	case r >= 0xFF01 && r <= 0xFF5E:
		r -= 0xFEE0
	case r == 0x3000:
		return ' '
	}
	if r < utf8.RuneSelf {
		if 'A' <= r && r <= 'Z' {
			r += 'a' - 'A'
		}
		return r
	}
	if s, ok := tradTable()[r]; ok {
		return s
	}
	return r
}

// tradPairs lists traditional characters, each followed by its simplified
// form. It covers the characters of place names, occupations and the words
// followers use in questions; characters that are also valid simplified
// characters with another meaning (乾, 干, 後…) are deliberately left out.
const tradPairs = "" +
	"義义烏乌華华東东廣广蘇苏鄭郑龍龙灣湾會会員员師师證证電电書书護护養养嬰婴營营銷销業业職职級级認认鑑鉴鑒鉴審审範范訓训練练學学機机構构協协們们裡里這这個个麼么樣样縣县區区鎮镇鄉乡廳厅處处門门問问關关係系聯联絡络話话號号碼码網网" +
	"雲云貴贵陝陕遼辽寧宁蘭兰陽阳陰阴漢汉滬沪閩闽贛赣魯鲁粵粤瓊琼隴陇甯宁臺台晉晋長长慶庆遠远濟济島岛連连瀋沈蕪芜紹绍興兴溫温麗丽盧卢蕭萧餘余錢钱濱滨寶宝鳳凤鶴鹤黃黄楊杨揚扬鹽盐陸陆澤泽滄沧鄲郸鄧邓衛卫張张懷怀齊齐爾尔綏绥雞鸡雙双鴨鸭樂乐廈厦巖岩鄒邹蓮莲欽钦賀贺來来賓宾嶺岭瀘泸綿绵內内濰潍煙烟臨临棗枣莊庄萊莱銅铜馬马隨随荊荆許许駐驻饒饶撫抚鷹鹰婁娄嶽岳" +
	"調调麵面點点藝艺評评務务廚厨縫缝紉纫維维車车駕驾駛驶裝装飾饰計计設设監监檢检驗验測测試试導导遊游顧顾諮咨詢询資资稱称補补貼贴報报預预約约轉转請请謝谢嗎吗說说還还沒没詳详細细該该應应對对與与為为從从將将進进選选擇择價价費费買买賣卖實实際际體体髮发發发鐘钟兒儿園园療疗醫医藥药壓压氣气濕湿熱热燈灯燒烧煉炼鋼钢鐵铁銲焊鉗钳鍛锻鑄铸開开閱阅題题歷历屆届參参歲岁齡龄險险災灾勞劳動动辦办聽听講讲課课隊队團团總总統统經经貨货帶带錄录編编輯辑攝摄劃划畫画結结禮礼儀仪寵宠訂订單单積积極极場场廠厂礦矿產产農农漁渔環环綠绿傳传線线腦脑軟软數数據据節节減减遞递騎骑專专頭头針针脈脉癒愈顏颜膚肤鬚须燙烫紋纹繡绣鑽钻飛飞無无輛辆鏟铲倉仓儲储運运輸输廢废舊旧鍋锅爐炉" +
	"亞亚倫伦岡冈涼凉吳吴壩坝壯壮崗岗峽峡銀银錫锡錦锦頂顶順顺頗颇鮮鲜貝贝貢贡轄辖達达遷迁肅肃蘆芦紅红納纳盤盘樹树畢毕瑪玛薩萨呂吕崑昆彥彦萬万叢丛絲丝兩两豐丰習习爭争於于侖仑偉伟傷伤偽伪兗兖黨党獸兽軍军衝冲決决凍冻淨净憑凭凱凯擊击鑿凿剛刚創创劍剑劇剧勸劝勝胜勻匀滷卤捲卷葉叶圍围國国圖图圓圆聖圣堅坚壇坛壘垒墾垦墊垫牆墙壺壶備备復复複复夾夹婦妇妝妆孫孙孿孪寬宽尋寻壽寿屬属層层嶼屿嵐岚崍崃鞏巩並并廬庐庫库彈弹強强歸归戲戏戰战執执擠挤揮挥損损換换擺摆攤摊暉晖顯显術术雜杂樓楼橫横殘残殯殡匯汇湯汤溝沟潔洁澆浇湞浈溮浉瀏浏渾浑潯浔塗涂漣涟渦涡滌涤潤润澗涧澱淀澠渑滲渗漬渍滿满濾滤灤滦灘滩靈灵愛爱牽牵獨独獅狮獻献猶犹琿珲甌瓯疇畴蓋盖確确磚砖硯砚碩硕禪禅祿禄離离種种競竞筆笔築筑簽签簡简糧粮緊紧纖纤紀纪緯纬純纯紗纱紙纸紡纺組组織织終终絨绒繪绘絳绛絕绝繼继績绩繩绳綜综纜缆緣缘縉缙縮缩繅缫羅罗聶聂腸肠腫肿膠胶臘腊騰腾輿舆艙舱薌芗蒼苍薦荐榮荣滎荥蔭荫獲获蘿萝薊蓟鎣蓥藺蔺蘄蕲蘊蕴蟲虫蝕蚀蠟蜡覽览觀观視视覺觉觸触訥讷診诊詞词詔诏譯译語语諸诸諾诺誼谊謀谋謨谟謙谦譙谯譜谱貞贞負负賢贤質质購购貸贷賈贾賃赁賚赉賠赔賽赛贊赞趙赵軋轧軌轨輪轮軸轴載载輔辅輝辉輻辐過过邁迈適适遜逊遺遗遙遥郵邮鄰邻鄆郓鄖郧鄴邺鬱郁醬酱釀酿釩钒鈣钙鈦钛鎢钨鉬钼鉭钽鉀钾鉛铅鉚铆鈮铌鋁铝銑铣銨铵鏈链鎖锁鋰锂鋒锋鍵键鍍镀鎂镁鏜镗鏡镜鑲镶閔闵閘闸聞闻閥阀閣阁閬阆閻阎陳陈陘陉韓韩頁页項项潁颍頻频額额風风飪饪飲饮餞饯飼饲館馆餾馏馴驯驛驿驊骅魚鱼鮁鲅鯉鲤鳩鸠鳴鸣麥麦齒齿鬥斗製制蠶蚕繭茧綢绸傢家劑剂訊讯聲声響响揀拣錶表漿浆橋桥氫氢氬氩噴喷變变檔档祕秘稅税櫃柜裏里繫系訴诉舉举夠够見见較较別别" +
	"優优難难議议識识讀读寫写記记錯错誤误虛虚騙骗領领獎奖勵励標标準准規规則则權权責责夥伙戶户幾几誰谁邊边塊块閒闲間间現现時时後后纔才給给讓让當当條条況况狀状態态續续"

// tradTable returns the traditional → simplified map built from tradPairs.
var tradTable = sync.OnceValue(func() map[rune]rune {
	m := make(map[rune]rune, len(tradPairs)/6)
	rs := []rune(tradPairs)
	for i := 0; i+1 < len(rs); i += 2 {
		if rs[i] != rs[i+1] {
			m[rs[i]] = rs[i+1]
		}
	}
	return m
})
