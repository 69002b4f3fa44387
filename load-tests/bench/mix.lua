-- wrk: a realistic mix for the workspace "bench", with the bearer token $BENCH_TOKEN. Out of every 20 events:
-- 12 messages, 3 missed incoming calls and 5 reactions. The reactions come from group chats, by 40 different
-- reactors, and target only 16 hot messages (uids hot-1..hot-16, ingested by bench.sh before the run), so many
-- reactions hit the same message: the worst case for per-message ordering.
local token = os.getenv("BENCH_TOKEN") or "x"
local headers = {["Content-Type"] = "application/json", ["Authorization"] = "Bearer " .. token}
local seed = tostring(math.random(1, 2^31))
local n = 0
local chat = '"chat":{"chat_id":%d,"full_name":"%s","chat_url":"https://app.timelines.ai/chat/%d/messages/",' ..
  '"chat_type":"%s","platform":"whatsapp","phone":"+123456789","responsible_name":"Agent Brown",' ..
  '"responsible_email":"agent.brown@example.com"},"whatsapp_account":{"whatsapp_account_wid":' ..
  '"15551234567@s.whatsapp.net","full_name":"Agent Brown","email":"agent.brown@example.com","phone":"+15551234567"}'
local emojis = {"👍", "❤️", "😂", "🙏"}
-- BENCH_MIX_CHANGING=1: a reactor's emoji on a message changes from one reaction to the next, so every reaction
-- changes its message's reaction state (by default a reactor sets the same emoji on a message every time).
local changing = os.getenv("BENCH_MIX_CHANGING") == "1"

local function message(uid)
  return '{"workspace_id":"bench","type":"message",' .. string.format(chat, 123456, "John Smith", 123456, "direct") ..
    ',"message":{"message_uid":"' .. uid .. '","direction":"received","origin":"WhatsApp",' ..
    '"timestamp":"2026-05-24T10:35:18+02:00","text":"Hello! A customer asking about an order and its delivery ' ..
    'date, and a follow-up question about returns.","sender":{"full_name":"John Smith","phone":"+123456789"},' ..
    '"recipient":{"full_name":"Agent Brown","phone":"+987654321"}}}'
end

local function call(uid)
  return '{"workspace_id":"bench","type":"call",' .. string.format(chat, 123456, "John Smith", 123456, "direct") ..
    ',"call":{"message_uid":"' .. uid .. '","direction":"incoming","status":"Missed","is_video":false,' ..
    '"timestamp":"2026-05-24T10:35:18+02:00","caller":{"full_name":"John Smith","phone":"+123456789"},' ..
    '"recipient":{"full_name":"Agent Brown","phone":"+987654321"}}}'
end

local function reaction(i)
  local target = "hot-" .. (i % 16 + 1)
  local reactor = i % 40
  local emoji = changing and emojis[math.floor(i / 7) % 4 + 1] or emojis[i % 4 + 1]
  return '{"workspace_id":"bench","type":"reaction",' .. string.format(chat, 777, "Team chat", 777, "group") ..
    ',"reaction":{"message_uid":"' .. target .. '","action":"set","emoji":"' .. emoji .. '",' ..
    '"reactor":{"full_name":"Reactor ' .. reactor .. '","phone":"+1555000' .. string.format("%04d", reactor) .. '"},' ..
    '"timestamp":"2026-05-24T12:00:00+02:00"}}'
end

request = function()
  n = n + 1
  local slot = n % 20
  local body
  if slot < 12 then body = message(seed .. "-m" .. n)
  elseif slot < 15 then body = call(seed .. "-c" .. n)
  else body = reaction(n) end
  return wrk.format("POST", nil, headers, body)
end
