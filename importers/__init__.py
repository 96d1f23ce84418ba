"""Importers: spreadsheets as units really send them → ProjectRecord lists with a mapping report."""
