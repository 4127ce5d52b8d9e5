-- wrk script for `npm run bench`: POST /api/leads with unique numbers, a share of repeated
-- numbers and a share of invalid bodies. Every request carries its own submissionId, in the
-- body and in x-request-id (which the api echoes), and each thread logs what it sent ("S id
-- kind") and what came back ("R id status") to a file the bench reads into its ledger.
-- Arguments (after --): log dir, first number, duplicate share, invalid share, run nonce.

local threads = {}

function setup(thread)
  table.insert(threads, thread)
  thread:set("tid", #threads)
end

local INVALID = {
  '{"phone":"12345","consent":true,"submissionId":"%s"}',
  '{"phone":"0912abc4567","consent":true,"submissionId":"%s"}',
  '{"consent":true,"submissionId":"%s"}',
  '{"phone":"09121234567","consent":"yes","submissionId":"%s"}',
}

local log, start, duplicates, invalid, nonce, stride
local counter, unique = 0, 0
local recent = {}

function init(args)
  log = io.open(args[1] .. "/wrk-" .. tid .. ".log", "w")
  start = tonumber(args[2])
  duplicates = tonumber(args[3])
  invalid = tonumber(args[4])
  nonce = tonumber(args[5])
  stride = tonumber(args[6])
  math.randomseed(nonce + tid)
end

function request()
  counter = counter + 1
  local id = string.format("%08x-%04x-4000-8000-%012x", nonce, tid, counter)
  local roll = math.random()
  local kind, body
  if roll < invalid then
    kind = "invalid"
    body = string.format(INVALID[math.random(#INVALID)], id)
  else
    local phone
    if roll < invalid + duplicates and #recent > 0 then
      kind = "duplicate"
      phone = recent[math.random(#recent)]
    else
      kind = "unique"
      -- Threads interleave over one counter: thread t takes start + t - 1, + stride, ...
      phone = string.format("0912%07d", (start + unique * stride + tid - 1) % 10000000)
      unique = unique + 1
      if #recent < 1000 then table.insert(recent, phone) else recent[(unique % 1000) + 1] = phone end
    end
    body = string.format('{"phone":"%s","consent":true,"elapsedMs":4000,"submissionId":"%s"}', phone, id)
  end
  log:write("S ", id, " ", kind, "\n")
  return wrk.format("POST", "/api/leads", { ["content-type"] = "application/json", ["x-request-id"] = id }, body)
end

function response(status, headers, body)
  log:write("R ", headers["x-request-id"] or headers["X-Request-Id"] or "-", " ", status, "\n")
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    '\nWRK-JSON {"requests":%d,"durationUs":%d,"connect":%d,"read":%d,"write":%d,"status":%d,"timeout":%d,"p50":%d,"p95":%d,"p99":%d,"max":%d}\n',
    summary.requests, summary.duration, e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50), latency:percentile(95), latency:percentile(99), latency.max))
end
