"""Maintenance of a database: its health check, its dump to a file and the restore from one."""
