"""Binance: spot, wallet, margin and USD-M futures REST, user data and market streams."""
