-- wrk script: POST a new asset per request, each with a tag of its own.
-- Arguments after `--`: bearer token, run prefix (tags are <prefix>-<thread>-<n>).
local threads = {}
local next_id = 0

function setup(thread)
  next_id = next_id + 1
  thread:set("tid", next_id)
  table.insert(threads, thread)
end

function init(args)
  token = args[1] or ""
  prefix = args[2] or "w"
  n = 0
  wrk.method = "POST"
  wrk.headers["Content-Type"] = "application/json"
  if token ~= "" then wrk.headers["Authorization"] = "Bearer " .. token end
end

function request()
  n = n + 1
  local body = string.format(
    '{"tag":"%s-%d-%d","name":"bench laptop","category_code":"2010000",' ..
    '"building_id":"B001","room_id":"R101","purchase_value":"4999.00",' ..
    '"purchase_date":"2026-05-01","department_id":"D01"}', prefix, tid, n)
  return wrk.format(nil, "/assets", nil, body)
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'WRK_JSON {"requests":%d,"duration_us":%d,"status_errors":%d,"connect":%d,"read":%d,' ..
    '"write":%d,"timeout":%d,"p50_us":%d,"p99_us":%d}\n',
    summary.requests, summary.duration, e.status, e.connect, e.read, e.write, e.timeout,
    latency:percentile(50), latency:percentile(99)))
end
