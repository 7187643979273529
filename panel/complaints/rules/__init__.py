"""Rules of the complaint record: lifecycle, classification, numbering, deadlines."""
