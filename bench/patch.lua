-- wrk: PATCH /api/todos/ID toggling done on the seeded todos (ids, one per
-- line, in the file named by BENCH_IDS).
local token = os.getenv("BENCH_TOKEN")
local ids = {}
for line in io.lines(os.getenv("BENCH_IDS")) do ids[#ids + 1] = line end
local n = 0
request = function()
  n = n + 1
  local id = ids[n % #ids + 1]
  local body = (n % 2 == 0) and '{"done":true}' or '{"done":false,"priority":"high"}'
  return wrk.format("PATCH", "/api/todos/" .. id,
    { ["Authorization"] = "Bearer " .. token, ["Content-Type"] = "application/json" }, body)
end
