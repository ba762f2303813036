"""The tradewire command line."""
