"""The canteen's rules: receiving inspection (receiving.py) and the stock ledger (stock.py)."""
