//! HTTP tests of the `families` capability (issue 3), on both databases.
