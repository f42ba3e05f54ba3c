"""Canteen (食堂): suppliers, receiving, the stock ledger (台帐), daily food safety (留样, 晨检)."""
