"""Core's HTTP edge: bearer tokens, request bodies (limits, slow senders, multipart uploads) and file
downloads."""
