"""Cases in the back office: workflow templates as data, one engine, queues, deadlines (intranet)."""
