//! HTTP tests of the `case notes` capability (issue 3), on both databases.
