"""Public statistics and open data (ADR 0026). ``desk`` (intranet) counts each day's figures
per item and department from the cases and ratings, keeps them in its own table and publishes
them; ``portal`` (internet) keeps what was published and shows it. ``figures`` is shared."""
