"""The MCP server: an AI assistant reads the portfolio through the REST API's selectors, with its tokens.

Named ``assistant`` rather than ``mcp``: a top-level ``mcp`` package would shadow the SDK's own.
"""
