-- One benchmark scenario for wrk: `wrk ... --script bench/scenario.lua URL -- REQUESTS_FILE`.
--
-- REQUESTS_FILE has one request per line, tab-separated: METHOD, PATH, TOKEN (a bearer token, or
-- `cookie:` and a Cookie header's value for the HTML pages). Each wrk thread
-- walks the list round-robin from its own starting point. A POST sends a text that no other
-- request sends (thread number and counter), so each creates a distinct post.
-- Responses outside 2xx are counted, and done() prints one JSON line that run.py parses.

local threads = {}
local thread_count = 0

function setup(thread)
  thread_count = thread_count + 1
  thread:set("number", thread_count)
  table.insert(threads, thread)
end

local entries = {}
local position = 0
local sent = 0
non2xx = 0
first_failure = ""

local function read_requests(path)
  local list = {}
  for line in io.lines(path) do
    local method, target, token = line:match("^(%u+)\t([^\t]+)\t(.*)$")
    if method then
      table.insert(list, { method = method, path = target, token = token })
    end
  end
  return list
end

function init(args)
  entries = read_requests(args[1])
  if #entries == 0 then
    error("no requests in " .. tostring(args[1]))
  end
  position = ((number or 1) * 7919) % #entries
end

function request()
  position = position % #entries + 1
  local entry = entries[position]
  local headers = {}
  if entry.token:sub(1, 7) == "cookie:" then
    headers["Cookie"] = entry.token:sub(8)  -- a web session, for the HTML pages
  else
    headers["Authorization"] = "Bearer " .. entry.token
  end
  if entry.method == "POST" then
    sent = sent + 1
    headers["Content-Type"] = "application/json"
    local body = string.format(
      '{"text": "Benchmark post %d-%d: load testing the collection endpoint #bench"}',
      number or 0, sent)
    return wrk.format("POST", entry.path, headers, body)
  end
  return wrk.format(entry.method, entry.path, headers)
end

function response(status, headers, body)
  if status < 200 or status > 299 then
    non2xx = non2xx + 1
    if first_failure == "" then
      first_failure = string.format("%d %s", status, string.sub(body or "", 1, 200))
    end
  end
end

local function json_string(text)
  return '"' .. text:gsub('[%c"\\]', function(c)
    return string.format("\\u%04x", string.byte(c))
  end) .. '"'
end

function done(summary, latency, requests)
  local failures, failure = 0, ""
  for _, thread in ipairs(threads) do
    failures = failures + (thread:get("non2xx") or 0)
    if failure == "" then
      failure = thread:get("first_failure") or ""
    end
  end
  local errors = summary.errors
  io.write(string.format(
    'WRK_RESULT {"requests": %d, "duration_us": %d, "non2xx": %d, "connect": %d, ' ..
    '"read": %d, "write": %d, "timeout": %d, "p50_us": %d, "p99_us": %d, ' ..
    '"first_failure": %s}\n',
    summary.requests, summary.duration, failures, errors.connect, errors.read, errors.write,
    errors.timeout, latency:percentile(50), latency:percentile(99), json_string(failure)))
end
