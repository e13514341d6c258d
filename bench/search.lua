-- wrk: GET /api/todos?q=BENCH_QUERY as one user (token from BENCH_TOKEN), a
-- search; run through a gateway without the list cache, so every request
-- reaches the store.
local q = os.getenv("BENCH_QUERY"):gsub("[^%w%-_.~]", function(c)
  return string.format("%%%02X", string.byte(c))
end)
wrk.method = "GET"
wrk.headers["Authorization"] = "Bearer " .. os.getenv("BENCH_TOKEN")
wrk.path = "/api/todos?status=all&limit=50&q=" .. q
