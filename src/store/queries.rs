//! Reads for the screens: windows of rows and counts, from indexed queries.
