-- wrk: POST /api/chat cycling through everyday messages (reads and writes),
-- spread over 100 users (each request is the next user's turn), so each
-- user's list stays the size a person has rather than growing by thousands.
local users = 100
local msgs = {
  "what's on my list?",
  "remind me to call mum tomorrow at 6pm",
  "what's due this week?",
  "show my open todos",
  "add buy milk #errands",
  "hello",
}
local n = 0
request = function()
  n = n + 1
  local body = string.format('{"message":"%s","timezone":"Europe/Berlin"}', msgs[math.floor(n / users) % #msgs + 1])
  local token = string.format("benchchat%04d-%s", n % users, os.getenv("BENCH_TOKEN"))
  return wrk.format("POST", "/api/chat",
    { ["Authorization"] = "Bearer " .. token, ["Content-Type"] = "application/json" }, body)
end
