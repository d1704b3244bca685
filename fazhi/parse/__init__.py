"""Taking one document apart: tracked text edits, normalisation, header, outline, deadlines, units."""
