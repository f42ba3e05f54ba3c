"""Canteen (食堂): suppliers, receiving inspection, the stock ledger (台帐) and equipment faults."""
