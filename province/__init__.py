"""The province: the overseer's view of every agency, declarations of conformity and the yearly report."""
