"""The staff search over current issues: Vietnamese folding, the index kept equal to the current
issues, and the query.
"""
