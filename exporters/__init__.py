"""Exporters: the report object → files (月报 xlsx, project list, 文字分析 docx, 督办单). They never query the store."""
