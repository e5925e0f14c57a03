package bot

import "context"

// Fixed texts. They read well in WeChat: plain text, short lines.
const (
	textWelcome = "你好，欢迎关注！我是职鉴通，帮你弄清职业技能等级认定（考证）的门道：\n\n" +
		"1. 查机构：告诉我城市和职业，比如“义乌哪里能考电工证”，我列出当地人社部门公布的授权认定机构和联系方式。\n" +
		"2. 问政策：补贴条件、证书真假怎么查、职称和技能等级的区别、为什么不能直接找人社局报名。\n" +
		"3. 找老师：回复“预约”，整理好你的问题和背景，约顾问老师一对一咨询。\n\n" +
		"直接发文字或语音提问就行。"
	textWelcomeBack       = "欢迎回来！直接告诉我城市和想考的职业，比如“金华 育婴员”；需要一对一咨询请回复“预约”。"
	textVoiceUnrecognised = "抱歉，这条语音我没听清～请用文字发给我，比如“杭州哪里能考育婴员”。"
	textImage             = "图片我暂时看不了～请用文字告诉我你的问题，比如“成都哪里能考电工证”。如果想让老师看材料，可以回复“预约”一对一咨询。"
	textUnsupported       = "这类消息我暂时处理不了～请用文字提问，比如“义乌哪里能考电工证”，或回复“预约”找老师一对一咨询。"
	textEmpty             = "请用文字告诉我你的问题，比如“金华哪里可以考育婴员”。"
	textTryLater          = "系统有点忙，预约功能暂时用不了，请稍后再试。其他问题可以直接问我。"
	textRateLimited       = "你发得有点快，我跟不上啦～请稍等一分钟再问。"
	textMenuFind          = "请告诉我你所在的城市（最好到区县）和想考的职业，比如：\n“义乌 电工”\n“杭州萧山 中式烹调师 三级”\n我会列出当地公布的授权认定机构。"
	textMenuUnknown       = "这个菜单暂时没有内容，直接发文字问我就行，比如“义乌哪里能考电工证”。"
)

// Menu keys of the account's custom menu (CLICK events). Configure the menu
// in the Official Account platform with these keys; README lists them.
const (
	MenuFind    = "MENU_FIND"    // 查机构: how to ask for a city's authorized bodies
	MenuSubsidy = "MENU_SUBSIDY" // 补贴政策: the subsidy rule
	MenuPolicy  = "MENU_POLICY"  // 政策解读: why not the 人社局, how it works
	MenuVerify  = "MENU_VERIFY"  // 证书查询: how to check a certificate
	MenuBook    = "MENU_BOOK"    // 预约咨询: start the booking dialog
	MenuMine    = "MENU_MINE"    // 我的预约: show the follower's booking
	MenuEvents  = "MENU_EVENTS"  // 近期活动: upcoming events
	MenuHelp    = "MENU_HELP"    // 使用帮助: the welcome text
)

// menuQuestions maps menu keys that are really questions to the question.
var menuQuestions = map[string]string{
	MenuSubsidy: "考职业技能等级证书有补贴吗",
	MenuPolicy:  "为什么不能直接找人社局报名考证",
	MenuVerify:  "怎么查技能等级证书是不是真的",
}

// menu answers a CLICK on the custom menu.
func (b *Bot) menu(ctx context.Context, openID, key string) Answer {
	switch key {
	case MenuHelp:
		return fixed(textWelcome)
	case MenuFind:
		return fixed(textMenuFind)
	case MenuBook, MenuMine, MenuEvents:
		word := map[string]string{MenuBook: "预约", MenuMine: "我的预约", MenuEvents: "最近有什么活动"}[key]
		return b.respondText(ctx, openID, word)
	}
	if q, ok := menuQuestions[key]; ok {
		return b.respondText(ctx, openID, q)
	}
	return fixed(textMenuUnknown)
}
