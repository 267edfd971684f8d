"""Citizens' online applications: drafts, submission, attachments and each case's timeline (internet)."""
