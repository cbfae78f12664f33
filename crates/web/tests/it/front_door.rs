//! HTTP tests of the `front door` capability (issue 3), on both databases.
