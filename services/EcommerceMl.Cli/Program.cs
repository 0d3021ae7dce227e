// The `ecml` command.
return 0;
