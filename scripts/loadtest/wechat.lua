-- wrk script: signed plaintext-mode WeChat text messages, each with its own
-- MsgId and follower openid, asking questions the knowledge base answers.
--
-- In plaintext mode the signature covers only token, timestamp and nonce, so
-- one signed query string serves every request: pass it in the URL, e.g.
--
--   wrk -t2 -c32 -d10s --latency -s wechat.lua \
--     'http://127.0.0.1:8080/wechat?signature=...&timestamp=...&nonce=...'
--
-- A response counts as an error unless it is HTTP 200 with a passive text
-- reply (<xml>...<MsgType>text</MsgType>...<Content>, CDATA or not). "success"
-- is an error too: every question here has an answer. done() prints one
-- line, "wxload: requests=N errors=E non200=A notxml=B ...", for run.sh.

local questions = {
  "义乌哪里能考电工证",
  "金华 育婴员",
  "杭州美发师证在哪考",
}

local threads = {}
local next_thread_id = 0

-- setup runs in the main script state, once per thread, before the run.
function setup(thread)
  thread:set("thread_id", next_thread_id)
  -- A base that differs between runs a few seconds apart keeps MsgIds
  -- distinct across runs against the same server (de-duplication is keyed
  -- on them). Lua numbers are doubles: exact below 2^53 (about 9e15).
  thread:set("msgid_base", os.time() * 1000000 + next_thread_id * 10000000000)
  next_thread_id = next_thread_id + 1
  table.insert(threads, thread)
end

-- The rest runs in each thread's own Lua state.
local counter = 0
non200 = 0
notxml = 0

local body_format = "<xml><ToUserName><![CDATA[gh_loadtest0001]]></ToUserName>" ..
  "<FromUserName><![CDATA[oLoad%d_%d]]></FromUserName>" ..
  "<CreateTime>%d</CreateTime><MsgType><![CDATA[text]]></MsgType>" ..
  "<Content><![CDATA[%s]]></Content><MsgId>%.0f</MsgId></xml>"

local headers = { ["Content-Type"] = "text/xml" }

function request()
  counter = counter + 1
  local q = questions[counter % #questions + 1]
  local body = string.format(body_format, thread_id, counter, os.time(), q, msgid_base + counter)
  return wrk.format("POST", nil, headers, body)
end

-- is_text reports whether a reply's MsgType is text, in CDATA or not.
local function is_text(body)
  return body:find("<MsgType>text</MsgType>", 1, true)
    or body:find("<MsgType><![CDATA[text]]></MsgType>", 1, true)
end

function response(status, _, body)
  if status ~= 200 then
    non200 = non200 + 1
  elseif body:sub(1, 5) ~= "<xml>" or not is_text(body)
      or not body:find("<Content>", 1, true) then
    notxml = notxml + 1
  end
end

function done(summary, _, _)
  local bad_status, bad_body = 0, 0
  for _, t in ipairs(threads) do
    bad_status = bad_status + t:get("non200")
    bad_body = bad_body + t:get("notxml")
  end
  local e = summary.errors
  local socket = e.connect + e.read + e.write + e.timeout
  io.write(string.format(
    "wxload: requests=%d errors=%d non200=%d notxml=%d socket=%d timeouts=%d\n",
    summary.requests, bad_status + bad_body + socket, bad_status, bad_body, socket, e.timeout))
end
