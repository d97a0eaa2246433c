"""Documents handed to people: the convention and the commitment as PDFs, a meeting as an .ics invitation."""
