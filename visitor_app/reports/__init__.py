"""Documents made from a visitation (printable PDFs, the DOCX report); no Qt here."""
