package retrieval

import "strings"

// The kinds of small talk in Query.SmallTalk.
const (
	SmallTalkHello  = "hello"
	SmallTalkThanks = "thanks"
	SmallTalkBye    = "bye"
	SmallTalkAck    = "ack"
	SmallTalkWho    = "who"
)

// smallTalk lists, per kind, the words that make a message small talk, in
// the order they are tried: "好的谢谢" is thanks, not an acknowledgement.
// Words of whole-message kinds (ack) must be the whole message but for
// punctuation and particles; the others may be anywhere in it.
var smallTalk = []struct {
	kind  string
	whole bool
	words []string
}{
	{SmallTalkWho, false, strings.Fields(`你是谁 你是机器人 你是不是机器人 是机器人吗 你是ai 你是人工智能 你是chatgpt 你是gpt 你是真人 你叫什么 你们是谁 你们是什么 机器人吗`)},
	{SmallTalkThanks, false, strings.Fields(`谢谢 感谢 多谢 谢了 谢啦 辛苦了 辛苦啦 thanks thank thx 3q 麻烦你了`)},
	{SmallTalkBye, false, strings.Fields(`再见 拜拜 晚安 回头见 下次见 bye 88 先这样`)},
	{SmallTalkHello, false, strings.Fields(`你好 您好 老师好 老师您好 hi hello hey 在吗 在不在 哈喽 嗨 早上好 上午好 中午好 下午好 晚上好 早安 有人吗`)},
	{SmallTalkAck, true, strings.Fields(`好 好的 好滴 好吧 好嘞 嗯 嗯嗯 ok okay 明白 明白了 知道 知道了 收到 了解 了解了 懂了 行 可以 哦 哦哦 噢 👍 👌 🙏 ✌️ 对 是的 没问题`)},
}

// smallTalkKind returns the kind of small talk the folded text f is, or "".
// It is asked only when f has no cue for another intent.
func smallTalkKind(f string) string {
	whole := strings.TrimFunc(f, isPunct)
	for _, p := range []string{"啊", "呀", "哈", "啦", "了", "~", "的"} {
		whole = strings.TrimSuffix(whole, p)
	}
	for _, st := range smallTalk {
		for _, w := range st.words {
			if st.whole && (whole == w || strings.TrimFunc(f, isPunct) == w) || !st.whole && strings.Contains(f, w) {
				return st.kind
			}
		}
	}
	return ""
}

// goOnWords ask to go on; after a list they ask for more of it.
var goOnWords = strings.Fields(`继续 接着 然后呢 继续说 接着说 继续发 还有呢 往下 再来`)

// isGoOn reports whether the whole folded text f asks to go on.
func isGoOn(f string) bool {
	t := strings.TrimFunc(f, isPunct)
	for _, w := range goOnWords {
		if t == w {
			return true
		}
	}
	return false
}
