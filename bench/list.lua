-- wrk: GET /api/todos as one user (token from BENCH_TOKEN).
wrk.method = "GET"
wrk.headers["Authorization"] = "Bearer " .. os.getenv("BENCH_TOKEN")
wrk.path = "/api/todos?status=all&limit=50"
