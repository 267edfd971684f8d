"""Public progress query (办件进度查询): with a receipt number and the applicant's name or the
last four digits of their mobile number, anyone sees where an application stands — its step
and dates, nothing personal. Throttled per client address and per receipt number. ADR 0023."""
