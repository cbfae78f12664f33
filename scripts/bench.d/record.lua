-- Opens a random allocated child's record as the signed-in service manager.
dofile(os.getenv("CHILDREN"))
local cookie = os.getenv("COOKIE")
math.randomseed(os.time())
request = function()
  local id = children[math.random(#children)]
  return wrk.format("GET", "/children/" .. id, { ["Cookie"] = cookie })
end
