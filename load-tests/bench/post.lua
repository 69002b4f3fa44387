-- wrk: POST the event in $BENCH_BODY with the bearer token $BENCH_TOKEN; __UID__ becomes a fresh message uid per
-- request (nothing is deduplicated) and __T__ a send time in microseconds (wrk's clock, for the receiver's latency).
local f = io.open(os.getenv("BENCH_BODY")); local body = f:read("*a"):gsub("%s+$", ""); f:close()
local token = os.getenv("BENCH_TOKEN") or "x"
local n = 0
local seed = tostring(math.random(1, 2^31))
request = function()
  n = n + 1
  local b = body:gsub("__UID__", seed .. "-" .. n):gsub("__T__", "0")
  return wrk.format("POST", nil, {["Content-Type"] = "application/json", ["Authorization"] = "Bearer " .. token}, b)
end
