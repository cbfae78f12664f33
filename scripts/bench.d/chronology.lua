-- Reads the whole 500-entry chronology of one of the long-history children.
dofile(os.getenv("CHILDREN"))
local cookie = os.getenv("COOKIE")
request = function()
  local id = heavy[math.random(#heavy)]
  return wrk.format("GET", "/children/" .. id .. "/chronology", { ["Cookie"] = cookie })
end
