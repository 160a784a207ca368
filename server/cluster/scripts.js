// Lua scripts run inside Redis, so that what must happen together does (one script is atomic).

/**
 * Appends a batch to the stream, once per idempotency key.
 * KEYS[1] stream, KEYS[2] idempotency key ('' for none)
 * ARGV[1] key TTL ms, ARGV[2] approximate max stream length, ARGV[3] state hash prefix,
 * ARGV[4] n entries, then per entry: topic, json, m state updates, then m times (table, key, json).
 * Returns {duplicate (0/1), "id1,id2,..."}. Keyed state (latest alert/agent per id) is written in
 * the same script, so a node that seeds from it never sees a state the stream does not have.
 */
export const APPEND = `
if KEYS[2] ~= '' then
  local prev = redis.call('GET', KEYS[2])
  if prev then return {1, prev} end
end
local ids = {}
local n = tonumber(ARGV[4])
local at = 5
for i = 1, n do
  local topic = ARGV[at]
  local json = ARGV[at + 1]
  local m = tonumber(ARGV[at + 2])
  at = at + 3
  local id = redis.call('XADD', KEYS[1], 'MAXLEN', '~', ARGV[2], '*', 't', topic, 'd', json)
  ids[#ids + 1] = id
  for j = 1, m do
    redis.call('HSET', ARGV[3] .. ARGV[at], ARGV[at + 1], id .. '\\n' .. ARGV[at + 2])
    at = at + 3
  end
end
local joined = table.concat(ids, ',')
if KEYS[2] ~= '' then redis.call('SET', KEYS[2], joined, 'PX', ARGV[1]) end
return {0, joined}
`;

/** KEYS[1] lease key, ARGV[1] node id, ARGV[2] ms: take or renew the lease; 1 when held. */
export const LEASE = `
local holder = redis.call('GET', KEYS[1])
if holder == false then
  redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
  return 1
end
if holder == ARGV[1] then
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
  return 1
end
return 0
`;
