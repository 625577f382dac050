"""What a visitation file holds, as plain declarations (no storage, no Qt, no framework).

``records``: every kind of record, its fields and their types. The store derives its
tables and columns from it; it imports nothing of the app.
"""
