"""What the command line and the MCP server share, below both: sessions and credentials, time specs, income and
transfer walking, wallet constants, and the presentation of exact values. Imports neither `cli` nor `mcp`."""
