-- wrk: the nginx ceiling, same path and header as list.lua.
wrk.method = "GET"
wrk.headers["Authorization"] = "Bearer " .. (os.getenv("BENCH_TOKEN") or "x")
wrk.path = "/api/todos"
