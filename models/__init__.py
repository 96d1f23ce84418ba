"""Qt-free core of 重点项目台账: domain types, trade rules, validation and the SQLite store."""
