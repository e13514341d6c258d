-- wrk: POST /api/todos with a varied, realistic body for each request,
-- spread over 100 users (not the list benchmark's user).
local users = 100
local n = 0
local tags = { '["work"]', '["home"]', '["errands","weekend"]', '[]' }
local prios = { "none", "low", "medium", "high" }
request = function()
  n = n + 1
  local body = string.format(
    '{"title":"bench todo %d: call the plumber about the sink","notes":"created by wrk","priority":"%s","tags":%s,"due":"2026-12-%02dT17:00:00Z"}',
    n, prios[n % 4 + 1], tags[n % 4 + 1], n % 28 + 1)
  local token = string.format("benchcreate%04d-%s", n % users, os.getenv("BENCH_TOKEN"))
  return wrk.format("POST", "/api/todos",
    { ["Authorization"] = "Bearer " .. token, ["Content-Type"] = "application/json" }, body)
end
