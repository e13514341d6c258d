-- wrk: POST /api/chat cycling through everyday messages (reads and writes).
local token = os.getenv("BENCH_TOKEN")
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
  local body = string.format('{"message":"%s","timezone":"Europe/Berlin"}', msgs[n % #msgs + 1])
  return wrk.format("POST", "/api/chat",
    { ["Authorization"] = "Bearer " .. token, ["Content-Type"] = "application/json" }, body)
end
