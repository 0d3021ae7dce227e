// The trainer container's entry point; `ecml train` runs the same command in-process.
return 0;
