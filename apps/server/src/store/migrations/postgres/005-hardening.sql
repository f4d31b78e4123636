-- Hardening (issue 12).

-- People search matches display names only. Keys were "name\nemail" (already folded by
-- the application); keep what precedes the last newline.
UPDATE users SET search_key = regexp_replace(search_key, E'\n[^\n]*$', '')
 WHERE strpos(search_key, E'\n') > 0;
