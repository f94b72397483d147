-- Settings of the build that made the database (built_at, parser_version, synthetic …).
select key, value from src.build_info
