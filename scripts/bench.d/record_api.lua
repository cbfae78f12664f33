-- Opens a random allocated child's record through the JSON API: the foundation's read alone
-- (relationship check, record, access record), without the page's capability panels.
dofile(os.getenv("CHILDREN"))
local cookie = os.getenv("COOKIE")
request = function()
  local id = children[math.random(#children)]
  return wrk.format("GET", "/api/children/" .. id, { ["Cookie"] = cookie })
end
