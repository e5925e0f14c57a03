package bot

import (
	"strings"
	"unicode/utf8"

	"github.com/zhijian/advisor/bot/store"
)

// What the booking dialogs say. Plain text for WeChat: short lines, no markdown.
const (
	// bookingAsks names what the consultation dialog asks, in its order;
	// every text that describes the booking uses it.
	bookingAsks      = "称呼、城市、学历、工作、想咨询的问题、方便的时间和联系方式（手机或微信）"
	textBookingIntro = "好的，帮你预约顾问老师一对一咨询（付费服务，费用和时间由老师联系你时确认）。我会问你" + bookingAsks + "，随时回复“取消”可退出。\n" +
		"可以一条消息说完，比如：我叫王芳，在金华，大专，做幼师，想问保育师怎么考，周六下午，手机138xxxxxxxx。\n"
	textBookingIntroShort = "好的，帮你预约顾问老师一对一咨询，随时回复“取消”可退出。"
	textGotIt             = "收到。"
	textNotUnderstood     = "抱歉，我没看明白～"
	textBadContact        = "这个联系方式好像不对：手机号是1开头的11位数字，微信号是6到20位、字母开头。请重新发一下手机号或微信号。"
	// textBookingAbout describes the booking to someone who has not started
	// it (for the answer to a booking question outside the dialog).
	textBookingAbout = "想找老师一对一咨询，回复“预约”就可以开始登记：我会问你" + bookingAsks +
		"，也可以一条消息说完。老师收到后会联系你确认时间和费用。"
	textConfirmHelp       = "确认无误请回复“确认”；要改哪项就回复“修改”加项目，比如“修改时间”；回复“取消”可退出。"
	textEventConfirmHelp  = "确认无误请回复“确认”；要改称呼或联系方式，回复“修改称呼”或“修改电话”；回复“取消”可退出。"
	textChooseField       = "想改哪一项？请回复：称呼、城市、学历、工作、问题、时间或联系方式。\n也可以直接说“时间改成周日上午”。"
	textEventChooseField  = "报名只需要称呼和联系方式，想改哪一项？请回复“称呼”或“联系方式”。\n也可以直接说“电话改成138xxxxxxxx”。"
	textUnknownCity       = "没找到“%s”这个地方～请再说一下你所在的城市，最好到区县，比如“金华义乌”“杭州萧山”。不在国内或想线上聊，回复“线上”也行。"
	textBadTime           = "没看懂这个时间～请说一个大概的时间，比如“周六下午”“工作日晚上7点后”；什么时候都行就回复“随时”。"
	textNothingToCancel   = "现在没有进行中的预约。\n需要一对一咨询请回复“预约”；查看已提交的预约或活动报名，回复“我的预约”或“我的报名”。"
	textDialogCancelled   = "好的，已取消这次预约，刚才填的信息没有保存。需要时再回复“预约”。"
	textSignUpCancelled   = "好的，已取消报名，刚才填的信息没有保存。"
	textDialogOngoing     = "你的预约还在填写中～"
	textBooked            = "预约成功！你的预约号是 %s。\n顾问老师会按你留的联系方式联系你，确认咨询时间和费用，请留意来电或微信好友申请。\n回复“我的预约”可以查看或取消。"
	textHasBooking        = "你已经有一个预约在等老师联系，暂时不能重复预约。"
	textNoBooking         = "你目前没有进行中的预约，也没有报名活动。需要一对一咨询，回复“预约”即可；看近期活动，回复“活动”。"
	textNoConsultation    = "你目前没有进行中的一对一预约。需要时回复“预约”即可。"
	textMineHint          = "老师会按你留的联系方式联系你。如需取消，回复“取消预约”。"
	textBookingCancelled  = "已取消预约 %s。需要时可以再回复“预约”。"
	textDialogExpired     = "你之前的预约超过30分钟没有继续，已自动取消，刚才填的信息没有保存。想预约请回复“预约”重新开始。"
	textDialogExpiredNote = "（你之前没填完的预约已超时取消，需要时回复“预约”重新开始）"
	textTryAgain          = "预约没有提交成功，请回复“预约”重新开始。"
	// textNotComplete answers 确认 sent while fields are missing; %s lists them.
	textNotComplete = "信息还没填完，暂时不能确认～还差：%s。"
)

// fieldPrompts ask for one field each.
var fieldPrompts = map[formField]string{
	fieldName:      "怎么称呼你？",
	fieldCity:      "你在哪个城市（最好到区县）？",
	fieldEducation: "你的最高学历是？（初中、高中、中专、大专、本科等）",
	fieldWork:      "目前做什么工作？（没有工作可以回复“暂无”）",
	fieldQuestions: "想请老师解答哪些问题？可以写清楚想考什么证、什么等级、遇到了什么困难。",
	fieldTime:      "你方便的咨询时间是？比如“周六下午”“工作日晚上”。",
	fieldContact:   "请留一个联系方式：手机号或微信号。",
}

// fieldNames name fields briefly, for reminders.
var fieldNames = map[formField]string{
	fieldName:      "怎么称呼你",
	fieldCity:      "所在城市",
	fieldEducation: "学历",
	fieldWork:      "目前的工作",
	fieldQuestions: "想咨询的问题",
	fieldTime:      "方便的咨询时间",
	fieldContact:   "联系方式（手机号或微信号）",
}

// fieldLabels name fields in a list of what is still missing.
var fieldLabels = map[formField]string{
	fieldName:      "称呼",
	fieldCity:      "城市",
	fieldEducation: "学历",
	fieldWork:      "目前的工作",
	fieldQuestions: "想咨询的问题",
	fieldTime:      "方便的时间",
	fieldContact:   "联系方式",
}

// reminder is the one line appended to an ordinary answer while a dialog
// waits.
func reminder(d *dialog) string {
	what := "预约"
	if d.Kind == store.KindEvent {
		what = "活动报名"
	}
	switch d.Stage {
	case stageConfirm:
		return "（你的" + what + "还没提交：回复“确认”提交；回复“取消”可退出）"
	case stageChoose:
		return "（你的" + what + "正在修改：请告诉我要改哪一项；回复“取消”可退出）"
	}
	var names []string
	for _, f := range d.asked() {
		names = append(names, fieldNames[f])
	}
	return "（你的" + what + "还没填完：请告诉我" + strings.Join(names, "和") + "；回复“取消”可退出）"
}

// summary shows the dialog's answers for confirmation. The follower sees
// their own full contact here so they can check it.
func dialogSummary(d *dialog) string {
	f := d.Form
	var b strings.Builder
	if d.Kind == store.KindEvent {
		b.WriteString("请核对报名信息：\n")
		addLine(&b, "活动", d.EventTitle)
		addLine(&b, "称呼", f.Name)
	} else {
		b.WriteString("请核对你的预约信息：\n")
		addLine(&b, "称呼", f.Name)
		addLine(&b, "城市", f.City)
		addLine(&b, "学历", f.Education)
		addLine(&b, "工作", f.Work)
		addLine(&b, "想咨询", f.Questions)
		addLine(&b, "方便时间", f.Time)
	}
	addLine(&b, "手机", f.Phone)
	addLine(&b, "微信号", f.WeChatID)
	b.WriteString(confirmHelp(d))
	return b.String()
}

// confirmHelp tells how to confirm or change the summary of d.
func confirmHelp(d *dialog) string {
	if d.Kind == store.KindEvent {
		return textEventConfirmHelp
	}
	return textConfirmHelp
}

// chooseFieldText asks which of d's fields to change.
func chooseFieldText(d *dialog) string {
	if d.Kind == store.KindEvent {
		return textEventChooseField
	}
	return textChooseField
}

func addLine(b *strings.Builder, label, value string) {
	if value != "" {
		b.WriteString(label + "：" + value + "\n")
	}
}

// statusNames say a booking's status to the follower and the consultant.
var statusNames = map[string]string{
	store.StatusNew:       "待老师联系",
	store.StatusContacted: "老师已联系",
	store.StatusDone:      "已完成",
	store.StatusCancelled: "已取消",
}

// mineText shows a follower their booking, with the contact masked.
func mineText(b store.Booking) string {
	var s strings.Builder
	s.WriteString("预约号：" + b.ID + "\n")
	addLine(&s, "状态", statusNames[b.Status])
	addLine(&s, "称呼", b.Name)
	addLine(&s, "城市", b.City)
	addLine(&s, "想咨询", cutRunes(b.Questions, 60))
	addLine(&s, "方便时间", b.PreferredTime)
	addLine(&s, "联系方式", maskContact(b))
	return strings.TrimSuffix(s.String(), "\n")
}

// maskContact shows a booking's contact masked: 138****5678 or wa***88.
func maskContact(b store.Booking) string {
	if b.Phone != "" {
		return maskPhone(b.Phone)
	}
	return maskWeChatID(b.WeChatID)
}

// maskPhone keeps the first three and last four digits of a mobile number.
func maskPhone(p string) string {
	if utf8.RuneCountInString(p) < 8 {
		return strings.Repeat("*", utf8.RuneCountInString(p))
	}
	return p[:3] + "****" + p[len(p)-4:]
}

// maskWeChatID keeps the first two and last two characters of an ID.
func maskWeChatID(id string) string {
	if id == "" {
		return ""
	}
	if len(id) <= 4 {
		return "***"
	}
	return id[:2] + "***" + id[len(id)-2:]
}
