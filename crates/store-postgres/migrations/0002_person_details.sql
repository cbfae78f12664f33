-- person details (issue 3): tables are added by this capability.
SELECT 1;
