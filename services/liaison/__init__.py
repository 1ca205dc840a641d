"""委员联系界别群众: the liaison system for CPPCC committees."""
