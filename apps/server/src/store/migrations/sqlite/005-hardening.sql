-- Hardening (issue 12).

-- People search matches display names only. Keys were "name\nemail" (already folded by
-- the application); keep what precedes the last newline. rtrim(k, <k without newlines>)
-- strips the trailing run of non-newline characters, leaving "name\n".
UPDATE users
   SET search_key = substr(rtrim(search_key, replace(search_key, char(10), '')), 1,
                           length(rtrim(search_key, replace(search_key, char(10), ''))) - 1)
 WHERE instr(search_key, char(10)) > 0;
