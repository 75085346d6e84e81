"""The local devnet: `teal up` (`up`), its chain (`chain`), its child processes (`processes`)
and the record it leaves for other commands (`record`)."""
