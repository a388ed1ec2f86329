"""One module per group of commands: each opens the data folder, calls the apps' services and
prints what they return. Parsing, and checking what was typed, happen before, in the parser."""
