"""GraphQL of venues (阵地): their rota, duties, records, feeds and roll-ups."""
