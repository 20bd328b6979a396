"""Wikimedia Commons: file titles from URLs and file metadata from the MediaWiki API.

Commons pages carry the authoritative license, author and restrictions of a file, which dataset
columns often lose; the commons check uses them in preference to the dataset's license column.
"""
