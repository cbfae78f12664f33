-- Searches by a name prefix of two to four letters, as a worker at the front door would.
local cookie = os.getenv("COOKIE")
local csrf = os.getenv("CSRF")
local names = { "al", "bak", "ben", "bro", "car", "cla", "coo", "dav", "ell", "fis", "fos", "gra",
  "har", "hug", "jac", "kel", "law", "mar", "mit", "mur", "now", "pal", "pat", "rei", "sha",
  "sin", "sto", "tur", "wal", "wat", "you", "amel", "isla", "noah", "leo", "grace" }
request = function()
  local name = names[math.random(#names)]
  return wrk.format("POST", "/search", {
    ["Cookie"] = cookie,
    ["Content-Type"] = "application/x-www-form-urlencoded",
  }, "csrf_token=" .. csrf .. "&name=" .. name)
end
