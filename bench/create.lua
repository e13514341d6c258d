-- wrk: POST /api/todos with a varied, realistic body for each request.
local token = os.getenv("BENCH_TOKEN")
local n = 0
local tags = { '["work"]', '["home"]', '["errands","weekend"]', '[]' }
local prios = { "none", "low", "medium", "high" }
request = function()
  n = n + 1
  local body = string.format(
    '{"title":"bench todo %d: call the plumber about the sink","notes":"created by wrk","priority":"%s","tags":%s,"due":"2026-12-%02dT17:00:00Z"}',
    n, prios[n % 4 + 1], tags[n % 4 + 1], n % 28 + 1)
  return wrk.format("POST", "/api/todos",
    { ["Authorization"] = "Bearer " .. token, ["Content-Type"] = "application/json" }, body)
end
