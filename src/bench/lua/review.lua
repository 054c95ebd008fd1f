-- wrk script: POSTs one AdmissionReview body, with a fresh uid for every request, the way the
-- API server does. Usage: wrk ... -s src/bench/lua/review.lua <url> -- <body.json>
-- The body holds the uid 00000000-0000-0000-0000-000000000000, which each request replaces.

local thread_count = 0

function setup(thread)
  thread_count = thread_count + 1
  thread:set("thread_id", thread_count)
end

function init(args)
  local file = assert(io.open(args[1], "rb"))
  local template = file:read("*a")
  file:close()
  local first, last = template:find("00000000-0000-0000-0000-000000000000", 1, true)
  assert(first, "the body has no uid placeholder")
  prefix = template:sub(1, first - 1)
  suffix = template:sub(last + 1)
  counter = 0
  headers = { ["Content-Type"] = "application/json" }
end

function request()
  counter = counter + 1
  local uid = string.format("%08x-0000-4000-8000-%012x", thread_id or 0, counter)
  return wrk.format("POST", nil, headers, prefix .. uid .. suffix)
end
