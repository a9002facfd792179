"""Exemplos do site: cada módulo aparece numa página, testado por `pytest snippets`."""
