"""xxgk's command line: the one place that wires the ETL (`etl`) and the dashboard (`dashboard`)."""
