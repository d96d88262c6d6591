"""Encrypted storage: SQLCipher file, key management, migrations, repositories, audit, backup."""
